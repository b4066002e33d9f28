from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from odoo.addons.customer_tiering.tools import bulk_writer
from odoo.addons.customer_tiering.tools.retry import retry_on_conflict

from ..services import pool

DEFAULT_BATCH = 10000
REFRESH_PARAM = "lead_allocation.pool_forecast_date"
ACTIVITY_REPORT_RULE = "crm.crm_activity_report_rule_personal_activities"
ODOO_ACTIVITY_DOMAIN = "['|',('user_id','=',user.id),('user_id','=',False)]"
#: a salesperson analyses the activities of his own leads only: those of a
#: pool lead (its partner, the bodies of its messages) are the pool's
POOL_ACTIVITY_DOMAIN = "[('user_id', '=', user.id)]"
PERSONAL_LEAD_RULE = "crm.crm_rule_personal_lead"
ODOO_LEAD_DOMAIN = "['|',('user_id','=',user.id),('user_id','=',False)]"
#: his own leads, and those he registered for the pool and nobody owned
#: since; a lead released from him, or taken from him, is the pool's
POOL_LEAD_DOMAIN = (
    "['|', ('user_id', '=', user.id), "
    "'&', '&', ('user_id', '=', False), ('registered_by_id', '=', user.id), "
    "('pooled_date', '=', False)]"
)


class CrmPoolEngine(models.AbstractModel):
    """Ownership cycles: when owned leads and customers go back to the pool.

    Every run first refreshes, for every owned record, the date and reason
    it will go back (what the "Due for Recycling" view shows: a dry run),
    then releases the records due, one batch per call. Released records have
    no owner any more, so a re-run never recycles or logs them twice.
    """

    _name = "crm.pool.engine"
    _description = "Public Pool Engine"

    # ------------------------------------------------------------------
    # entry points
    # ------------------------------------------------------------------
    @api.model
    @retry_on_conflict
    def _cron_recycle(self, batch_size=DEFAULT_BATCH):
        today = fields.Date.context_today(self)
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param(REFRESH_PARAM) != str(today):
            # Once a day: the later batches of the same run reuse the forecast.
            self._refresh_due_dates(today)
            self._send_reminders(today)
            params.set_param(REFRESH_PARAM, str(today))
        remaining = 0
        done = 0
        for model in ("crm.lead", "res.partner"):
            # What was won, lost, archived or became a contact person since
            # the forecast is no longer recycled: the definitions are checked
            # again now, not trusted from the stored due date. Between two
            # daily forecasts, only the records due by now are looked at.
            self._clear_stale_due_dates(model, due_by=today)
            due = self.env[model].browse(self._due_ids(model, today))
            batch = due[: max(batch_size - done, 0)]
            self._release(batch)
            done += len(batch)
            remaining += len(due) - len(batch)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return remaining

    @api.model
    def action_refresh_due_dates(self):
        """The dry run: who would go back to the pool, and why, with nothing
        released. It rewrites the forecast of every owned record of every
        company: a sales manager's button."""
        self._check_pool_manager()
        self.sudo()._refresh_due_dates(fields.Date.context_today(self))
        return True

    def _check_pool_manager(self):
        if self.env.su or self.env.user.has_group("sales_team.group_sale_manager"):
            return
        raise AccessError(
            self.env._(
                "Public Pool: only sales managers may refresh the recycling "
                "forecast; ask your sales manager."
            )
        )

    @api.model
    def _narrow_odoo_rules(
        self, lead_domain=POOL_LEAD_DOMAIN, activity_domain=POOL_ACTIVITY_DOMAIN
    ):
        """Odoo's "Personal Leads" and "Personal Activities" rules are
        noupdate: narrowed to the pool policy on every install and upgrade,
        given back at uninstall."""
        for xmlid, domain in (
            (PERSONAL_LEAD_RULE, lead_domain),
            (ACTIVITY_REPORT_RULE, activity_domain),
        ):
            rule = self.env.ref(xmlid, raise_if_not_found=False)
            if rule and rule.domain_force != domain:
                rule.sudo().domain_force = domain

    # ------------------------------------------------------------------
    # the definitions: owned, still open leads and customers
    # ------------------------------------------------------------------
    def _owned_sql(self, model, alias="r"):
        """Records that an ownership cycle applies to: owned open leads and
        owned customers, by the suite's one definition of each."""
        facts = self.env["sales.policy.facts"]
        record = SQL.identifier(alias)
        fact = (
            facts._open_lead_sql(alias)
            if model == "crm.lead"
            else facts._customer_sql(alias)
        )
        return SQL("(%s.user_id IS NOT NULL AND %s)", record, fact)

    def _due_ids(self, model, today):
        Model = self.env[model]
        Model.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT r.id FROM %(table)s r
                WHERE r.pool_due_date <= %(today)s AND %(owned)s
                ORDER BY r.pool_due_date, r.id
                """,
                table=SQL.identifier(Model._table),
                today=today,
                owned=self._owned_sql(model),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _clear_stale_due_dates(self, model, due_by=None):
        """A won lead, a lost one, a customer that became a contact person or
        lost its owner keeps no due date: nothing recycles or reminds it.
        With ``due_by``, only the records due by that day are looked at
        (through the due date's index), not the whole table."""
        Model = self.env[model]
        Model.flush_model()
        scope = (
            SQL("r.pool_due_date <= %s", due_by)
            if due_by
            else SQL("(r.pool_due_date IS NOT NULL OR r.pool_due_reason IS NOT NULL)")
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE %(table)s r SET pool_due_date = NULL, pool_due_reason = NULL
                WHERE %(scope)s AND NOT %(owned)s
                """,
                table=SQL.identifier(Model._table),
                scope=scope,
                owned=self._owned_sql(model),
            )
        )
        Model.invalidate_model(["pool_due_date", "pool_due_reason"])

    # ------------------------------------------------------------------
    # rules
    # ------------------------------------------------------------------
    def _rules(self, company, kind):
        overrides = (
            self.env["crm.pool.cycle.rule"]
            .sudo()
            .search([("kind", "=", kind), ("company_id", "in", (company.id, False))])
        )
        by_key = {"idle": {}, "cycle": {}, "no_order": {}}
        for rule in overrides.sorted(lambda r: bool(r.company_id)):
            by_key["idle"][rule.key] = rule.idle_days or None
            by_key["cycle"][rule.key] = rule.cycle_days or None
            by_key["no_order"][rule.key] = rule.no_order_days or None
        return pool.CycleRules(
            idle_days=company.pool_idle_days or None,
            cycle_days=company.pool_cycle_days or None,
            no_order_days=company.pool_no_order_days or None,
            idle_days_by_key=by_key["idle"],
            cycle_days_by_key=by_key["cycle"],
            no_order_days_by_key=by_key["no_order"],
        )

    # ------------------------------------------------------------------
    # data gathering
    # ------------------------------------------------------------------
    def _sales_action_sources(self, model):
        """Dated sales actions as ``(record id, user id, day)`` rows; other
        addons (visit reports) add their own sources."""
        sources = [self.env["sales.policy.facts"]._sales_contact_message_sql(model)]
        if model == "crm.lead":
            sources.append(
                SQL(
                    "SELECT opportunity_id, user_id, create_date::date FROM sale_order "
                    "WHERE opportunity_id IS NOT NULL"
                )
            )
        else:
            sources.append(
                SQL(
                    """
                    SELECT p.commercial_partner_id, so.user_id, so.create_date::date
                    FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                    """
                )
            )
        return sources

    def _fetch_owned(self, model):
        """Owned records with their assignment, class or tier, last sales
        action of the owner, (customers) last confirmed order, and the
        forecast stored the day before."""
        Model = self.env[model]
        Model.flush_model()
        actions = SQL(" UNION ALL ").join(self._sales_action_sources(model))
        if model == "crm.lead":
            query = SQL(
                """
                SELECT r.id, r.company_id, r.user_id,
                       COALESCE(r.date_open, r.create_date), r.allocation_class,
                       a.day, NULL::date,
                       r.pool_due_date, r.pool_due_reason, r.last_sales_action_date
                FROM crm_lead r
                LEFT JOIN (
                    SELECT s.rid, s.uid, MAX(s.day) AS day FROM (%s) AS s(rid, uid, day)
                    GROUP BY 1, 2
                ) a ON a.rid = r.id AND a.uid = r.user_id
                WHERE %s
                """,
                actions,
                self._owned_sql(model),
            )
        else:
            query = SQL(
                """
                SELECT r.id, r.company_id, r.user_id,
                       COALESCE(r.owner_since, r.create_date), r.tier_share, a.day,
                       o.day,
                       r.pool_due_date, r.pool_due_reason, r.last_sales_action_date
                FROM res_partner r
                LEFT JOIN (
                    SELECT s.rid, s.uid, MAX(s.day) AS day FROM (%s) AS s(rid, uid, day)
                    GROUP BY 1, 2
                ) a ON a.rid = r.id AND a.uid = r.user_id
                LEFT JOIN (
                    SELECT p.commercial_partner_id AS rid,
                           MAX(so.date_order)::date AS day
                    FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                    WHERE %s GROUP BY 1
                ) o ON o.rid = r.id
                WHERE %s
                """,
                actions,
                self.env["sales.policy.facts"]._confirmed_order_sql(),
                self._owned_sql(model),
            )
        self.env.cr.execute(query)
        return self.env.cr.fetchall()

    # ------------------------------------------------------------------
    # due dates (dry run), reminders, release
    # ------------------------------------------------------------------
    def _refresh_due_dates(self, today):
        for model, kind in (("crm.lead", pool.LEAD), ("res.partner", pool.CUSTOMER)):
            self._clear_stale_due_dates(model)
            rules_by_company = {}
            rows = []
            for (
                rid,
                company_id,
                user_id,
                assigned,
                key,
                action,
                order,
                *stored,
            ) in self._fetch_owned(model):
                if company_id not in rules_by_company:
                    company = self.env["res.company"].browse(
                        company_id or self.env.company.id
                    )
                    rules_by_company[company_id] = self._rules(company, kind)
                record = pool.PoolRecord(
                    kind=kind,
                    owner_id=user_id,
                    assigned_date=assigned,
                    last_sales_action_date=action,
                    last_order_date=order,
                    class_key=key,
                )
                row = (
                    *pool.forecast(record, today, rules_by_company[company_id]),
                    action,
                )
                # most forecasts are yesterday's: only the others are written
                if row != tuple(stored):
                    rows.append((rid, *row))
            self._write_due_dates(model, rows)

    def _write_due_dates(self, model, rows):
        """One UPDATE for the owned records whose forecast changed, through
        the bulk writer."""
        bulk_writer.update(
            self.env,
            model,
            ("pool_due_date", "pool_due_reason", "last_sales_action_date"),
            rows,
            only_changed=True,
        )

    def _send_reminders(self, today):
        activity_type = self.env.ref("lead_allocation.mail_activity_type_pool_reminder")
        longest = max(
            self.env["res.company"].sudo().search([]).mapped("pool_reminder_days")
            or [0]
        )
        for model in ("crm.lead", "res.partner"):
            # Each record is reminded by its own company's setting.
            candidates = self.env[model].search(
                [
                    ("user_id", "!=", False),
                    ("pool_due_date", ">", today),
                    ("pool_due_date", "<=", fields.Date.add(today, days=longest)),
                ]
            )
            records = candidates.filtered(
                lambda r: (
                    r.pool_due_date
                    <= fields.Date.add(
                        today,
                        days=(r.company_id or self.env.company).pool_reminder_days,
                    )
                )
            )
            if not records:
                continue
            open_ids = set(
                self.env["mail.activity"]
                .sudo()
                .search(
                    [
                        ("res_model", "=", model),
                        ("res_id", "in", records.ids),
                        ("activity_type_id", "=", activity_type.id),
                    ]
                )
                .mapped("res_id")
            )
            model_id = self.env["ir.model"]._get_id(model)
            self.env["mail.activity"].sudo().create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": record.id,
                        "activity_type_id": activity_type.id,
                        "user_id": record.user_id.id,
                        "date_deadline": record.pool_due_date,
                        "summary": self.env._(
                            "Goes back to the public pool on %(date)s",
                            date=record.pool_due_date,
                        ),
                    }
                    for record in records
                    if record.id not in open_ids
                ]
            )

    def _release(self, records):
        if not records:
            return
        now = fields.Datetime.now()
        lead = records._name == "crm.lead"
        # The release rows are history that nothing computes from: written in
        # bulk, with the company of the released record as the model's create
        # derives it.
        bulk_writer.insert(
            self.env,
            "crm.pool.release",
            ("lead_id", "partner_id", "user_id", "reason", "date", "company_id"),
            [
                (
                    record.id if lead else None,
                    None if lead else record.id,
                    record.user_id.id,
                    record.pool_due_reason,
                    now,
                    record.company_id.id or None,
                )
                for record in records
            ],
        )
        self._log_releases(records, now)
        self._unsubscribe_former_owners(records)
        for reason in set(records.mapped("pool_due_reason")):
            batch = records.filtered(
                lambda r, reason=reason: r.pool_due_reason == reason
            )
            # The release log is the record of the recycling: no per-record
            # tracking message.
            batch.sudo().with_context(tracking_disable=True).write(
                {
                    "user_id": False,
                    "pool_reason": reason,
                    "pooled_date": now,
                    "pool_due_date": False,
                    "pool_due_reason": False,
                }
            )

    def _unsubscribe_former_owners(self, records):
        """A released record is the pool's: its former owner stops following
        it, so its messages no longer reach him. Deleted in bulk, as the
        release note is written."""
        pairs = [
            (record._name, record.id, record.user_id.partner_id.id)
            for record in records
            if record.user_id.partner_id
        ]
        if not pairs:
            return
        bulk_writer.delete(
            self.env, "mail.followers", ("res_model", "res_id", "partner_id"), pairs
        )
        records.invalidate_recordset(["message_follower_ids", "message_partner_ids"])

    def _log_releases(self, records, now):
        """A note in each released record's chatter, written by the bulk
        writer: the ORM's message creation costs a dozen queries a record, too
        much for a run that releases tens of thousands."""
        reasons = dict(
            self.env["crm.lead"]._fields["pool_reason"]._description_selection(self.env)
        )
        bulk_writer.log_notes(
            self.env,
            [
                (
                    record._name,
                    record.id,
                    self.env._(
                        "Back to the pool: %(reason)s (owner was %(owner)s).",
                        reason=reasons.get(record.pool_due_reason, ""),
                        owner=record.user_id.name or "",
                    ),
                )
                for record in records
            ],
            date=now,
        )
        records.invalidate_recordset(["message_ids"])
