import logging

from odoo import SUPERUSER_ID, api, fields, models, tools
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from odoo.addons.customer_tiering.tools import run_lock
from odoo.addons.customer_tiering.tools.retry import retry_on_conflict

from ..services import special_customers

_logger = logging.getLogger(__name__)
#: one nightly run at a time, across workers and servers
CRON_LOCK = "sales_special_flag"

MANAGER_GROUP = "sales_team.group_sale_manager"
KINDS = [
    (special_customers.HIGH_FREQUENCY, "High Frequency"),
    (special_customers.HARASSMENT, "Harassment"),
    (special_customers.UNREASONABLE_CLAIMS, "Unreasonable Claims"),
]
# who, what and by whom: a flag is replaced, never turned into another one
FIXED_FIELDS = ("partner_id", "kind", "company_id", "set_by_id")


class SalesSpecialFlag(models.Model):
    """Why a customer is a special customer, until when.

    High-frequency flags come from the nightly count of answered inbound
    calls only; harassment and unreasonable claims from a sales manager, with
    a reason and an expiry. One active flag per customer, kind and company
    (a partial unique index), so that two runs of the count at once cannot
    flag a customer twice.
    """

    _name = "sales.special.flag"
    _description = "Special Customer Flag"
    _order = "active desc, expiry_date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    kind = fields.Selection(KINDS, required=True, default="harassment", index=True)
    reason = fields.Text(required=True)
    expiry_date = fields.Date(string="Expires On", required=True, index=True)
    active = fields.Boolean(default=True)
    set_by_id = fields.Many2one("res.users", readonly=True)
    cleared_by_id = fields.Many2one("res.users", readonly=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )

    def init(self):
        if not tools.index_exists(self.env.cr, "sales_special_flag_active_unique"):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX sales_special_flag_active_unique ON %s "
                    "(partner_id, company_id, kind) WHERE active",
                    SQL.identifier(self._table),
                )
            )

    @api.depends("partner_id", "kind")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for flag in self:
            flag.display_name = self.env._(
                "%(customer)s: %(kind)s",
                customer=flag.partner_id.display_name or "",
                kind=labels.get(flag.kind, ""),
            )

    # ------------------------------------------------------------------
    # who may do what
    # ------------------------------------------------------------------
    def _check_flag_manager(self):
        """The scheduled action runs as the system user (``__system__``)."""
        if not (
            self.env.su
            or self.env.uid == SUPERUSER_ID
            or self.env.user.has_group(MANAGER_GROUP)
        ):
            raise AccessError(
                self.env._(
                    "Only a sales manager sets or clears special-customer flags."
                )
            )

    def _raise_problems(self, problems):
        if problems:
            raise ValidationError(
                "\n".join(self.env._(p.message, **p.params) for p in problems)  # pylint: disable=translation-required
            )

    @api.model_create_multi
    def create(self, vals_list):
        """Managers flag by hand, with a reason and an expiry, for harassment
        or unreasonable claims; high frequency comes from the count only.
        The customer is the commercial entity, the company its company."""
        self._check_flag_manager()
        today = fields.Date.context_today(self)
        Partner = self.env["res.partner"]
        # one read for the batch (the nightly run creates hundreds at once)
        Partner.browse(
            {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        ).sudo().fetch(["commercial_partner_id", "company_id"])
        prepared = []
        for vals in vals_list:
            company_id = self.env.su and vals.get("company_id")
            vals = self._add_missing_default_values(dict(vals))
            partner = Partner.browse(vals.get("partner_id") or []).commercial_partner_id
            vals["company_id"] = (
                company_id or (partner.sudo().company_id or self.env.company).id
            )
            if not self.env.su:
                self._raise_problems(
                    special_customers.check_manual_flag(
                        vals.get("kind"),
                        vals.get("reason"),
                        fields.Date.to_date(vals.get("expiry_date")),
                        today,
                    )
                )
                vals["set_by_id"] = self.env.uid
                vals["active"] = True
            vals.pop("cleared_by_id", None)
            if partner:
                vals["partner_id"] = partner.id
            prepared.append(vals)
        if not self.env.su:
            self._check_no_active_twin(
                [(v["partner_id"], v["company_id"], v["kind"]) for v in prepared]
            )
        return super().create(prepared)

    def _check_no_active_twin(self, keys):
        """A manager flagging a customer again for the same reason changes
        the flag in force (its reason, its expiry) instead."""
        for partner_id, company_id, kind in keys:
            twin = self.sudo().search(
                [
                    ("partner_id", "=", partner_id),
                    ("company_id", "=", company_id),
                    ("kind", "=", kind),
                    ("active", "=", True),
                    ("id", "not in", self.ids),
                ],
                limit=1,
            )
            if twin:
                raise ValidationError(
                    self.env._(
                        "Kind: %(flag)s is already in force until %(date)s; change "
                        "its reason or expiry date instead.",
                        flag=twin.display_name,
                        date=twin.expiry_date,
                    )
                )

    def write(self, vals):
        self._check_flag_manager()
        if not self.env.su:
            fixed = [name for name in FIXED_FIELDS + ("cleared_by_id",) if name in vals]
            if fixed:
                raise AccessError(
                    self.env._(
                        "%(fields)s: a flag's customer, kind and author never "
                        "change; clear it and set a new one.",
                        fields=", ".join(
                            self._fields[name].get_description(self.env)["string"]
                            for name in fixed
                        ),
                    )
                )
            if "expiry_date" in vals or "reason" in vals:
                today = fields.Date.context_today(self)
                for flag in self:
                    problems = special_customers.check_manual_flag(
                        flag.kind
                        if flag.kind != special_customers.HIGH_FREQUENCY
                        else special_customers.HARASSMENT,
                        vals.get("reason", flag.reason),
                        fields.Date.to_date(vals.get("expiry_date", flag.expiry_date)),
                        today,
                    )
                    self._raise_problems(problems)
            if vals.get("active") is False:
                vals = dict(vals, cleared_by_id=self.env.uid)
            elif vals.get("active"):
                vals = dict(vals, cleared_by_id=False)
                for flag in self:
                    flag._check_no_active_twin(
                        [(flag.partner_id.id, flag.company_id.id, flag.kind)]
                    )
        return super().write(vals)

    def action_clear(self):
        """A manager ends the flags now."""
        self._check_flag_manager()
        self.filtered("active").write({"active": False})
        return True

    # ------------------------------------------------------------------
    # the nightly count
    # ------------------------------------------------------------------
    @api.model
    @retry_on_conflict
    def _cron_flag_special_customers(self, now=None):
        """Archives the expired flags, then flags the high-frequency callers
        found by one grouped query over the call logs. A second run at the
        same time waits for nothing: it finds the lock taken and stops; a
        re-run finds the flags and only moves their expiry."""
        self._check_flag_manager()
        flags = self.sudo()
        if not run_lock.try_lock(self.env.cr, CRON_LOCK):
            _logger.info("Special customers: another run is under way, skipped.")
            return 0
        now = (now or fields.Datetime.now()).replace(microsecond=0)
        today = fields.Date.context_today(flags, now)
        flags.search([("active", "=", True), ("expiry_date", "<=", today)]).write(
            {"active": False}
        )
        hits = flags._high_frequency_hits(now)
        active = {
            (flag.company_id.id, flag.partner_id.id): flag.id
            for flag in flags.search(
                [
                    ("active", "=", True),
                    ("kind", "=", special_customers.HIGH_FREQUENCY),
                    ("company_id", "in", list({key[0] for key in hits})),
                ]
            )
        }
        create, extend = special_customers.plan_high_frequency(hits, active, today)
        expiry = special_customers.high_frequency_expiry(today)
        flags.browse(extend).write({"expiry_date": expiry})
        flags.create(
            [
                {
                    "partner_id": partner_id,
                    "company_id": company_id,
                    "kind": special_customers.HIGH_FREQUENCY,
                    "reason": self.env._(
                        hits[company_id, partner_id].message,  # pylint: disable=translation-required
                        **hits[company_id, partner_id].params,
                    ),
                    "expiry_date": expiry,
                }
                for company_id, partner_id in create
            ]
        )
        return len(create)

    @api.model
    def _high_frequency_hits(self, now):
        """``{(company id, partner id): reason}``: one grouped query counts
        each customer's answered inbound calls of the window, and its busiest
        day in the company's time zone, against the company's thresholds."""
        self.env["sales.call.log"].flush_model(
            ["direction", "outcome", "partner_id", "company_id", "call_date"]
        )
        self.env["res.company"].flush_model(
            ["special_monthly_calls", "special_daily_calls"]
        )
        since = fields.Datetime.to_datetime(special_customers.window_start(now.date()))
        self.env.cr.execute(
            SQL(
                """
                WITH daily AS (
                    SELECT call.company_id, call.partner_id,
                           (call.call_date AT TIME ZONE 'UTC'
                            AT TIME ZONE COALESCE(owner.tz, 'UTC'))::date AS day,
                           COUNT(*) AS calls
                      FROM sales_call_log call
                      JOIN res_company company ON company.id = call.company_id
                      JOIN res_partner owner ON owner.id = company.partner_id
                     WHERE call.direction = 'inbound'
                       AND call.outcome = 'answered'
                       AND call.partner_id IS NOT NULL
                       AND call.call_date >= %(since)s
                       AND call.call_date <= %(now)s
                  GROUP BY 1, 2, 3
                )
                SELECT daily.company_id, daily.partner_id,
                       company.special_monthly_calls, company.special_daily_calls,
                       SUM(daily.calls)::int,
                       (ARRAY_AGG(daily.day ORDER BY daily.calls DESC, daily.day))[1],
                       MAX(daily.calls)::int
                  FROM daily
                  JOIN res_company company ON company.id = daily.company_id
              GROUP BY daily.company_id, daily.partner_id,
                       company.special_monthly_calls, company.special_daily_calls
                HAVING SUM(daily.calls) >= company.special_monthly_calls
                    OR MAX(daily.calls) >= company.special_daily_calls
                """,
                since=since,
                now=now,
            )
        )
        hits = {}
        for row in self.env.cr.fetchall():
            company_id, partner_id, monthly, daily, calls, day, busiest = row
            reason = special_customers.high_frequency_reason(
                calls, day, busiest, monthly, daily
            )
            if reason:
                hits[company_id, partner_id] = reason
        return hits
