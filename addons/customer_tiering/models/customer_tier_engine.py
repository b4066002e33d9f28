import functools
import json
import logging
from datetime import datetime, time, timedelta
from operator import itemgetter

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from ..services import scorecard, tiering
from ..tools import bulk_writer
from ..tools.collector import collector_paused
from .customer_tier_override import PARTNER_FIELD, SCHEMES

_logger = logging.getLogger(__name__)

RUN_PARAM = "customer_tiering.run_started_at"
DEFAULT_BATCH = 20000
METRIC_COLUMNS = (
    "tier_sales_amount",
    "tier_order_count",
    "tier_active_months",
    "tier_stability",
    "tier_growth",
    "tier_margin",
    "tier_margin_percent",
    "tier_share_percent",
    "tier_first_order_date",
    "tier_last_order_date",
    "tier_last_contact_date",
    "tier_visit_interval",
    "tier_score",
)
SCHEME_KEYS = tuple(scheme for scheme, _label in SCHEMES)
TIER_COLUMNS = tuple(PARTNER_FIELD[scheme] for scheme in SCHEME_KEYS)
TIERS_IN_ORDER = itemgetter(*SCHEME_KEYS)
COLUMN_TYPES = {
    "tier_value": "varchar",
    "tier_share": "varchar",
    "tier_pareto": "varchar",
    "tier_lifecycle": "varchar",
    "tier_score_grade": "varchar",
    "tier_score": "float",
    "tier_sales_amount": "numeric",
    "tier_order_count": "int",
    "tier_active_months": "int",
    "tier_stability": "float",
    "tier_growth": "float",
    "tier_margin": "numeric",
    "tier_margin_percent": "float",
    "tier_share_percent": "float",
    "tier_first_order_date": "date",
    "tier_last_order_date": "date",
    "tier_last_contact_date": "date",
    "tier_visit_interval": "int",
}


def _id_array(ids):
    """``ids`` as one ``int[]`` parameter. psycopg2 spells a list out as
    ``ARRAY[...]`` with one constant per id, which PostgreSQL parses one by
    one: a batch of 100,000 customers took longer to parse than to read."""
    return SQL("%s::int[]", "{" + ",".join(map(str, ids)) + "}")


class CustomerTierEngine(models.AbstractModel):
    """Batch recomputation of customer tiers.

    Gathers sales in a fixed number of SQL queries per batch of customers,
    lets the pure rules of ``services/tiering.py`` decide, and writes the
    results back in bulk: the volumes (100,000 customers, a million order
    lines) rule out a query or an ORM write per customer.
    """

    _name = "customer.tier.engine"
    _description = "Customer Tier Engine"

    # ------------------------------------------------------------------
    # entry points
    # ------------------------------------------------------------------
    @api.model
    def _cron_recompute(self, batch_size=None):
        """One batch per call; ir.cron calls again while work remains.

        A run walks the customers by id; its start time and the last id done
        are saved with each batch, in the batch's own transaction, so an
        interrupted run resumes after the last committed batch and never
        processes, or logs, a customer twice.
        """
        batch_size = batch_size or DEFAULT_BATCH
        params = self.env["ir.config_parameter"].sudo()
        state = json.loads(params.get_param(RUN_PARAM) or "{}")
        if not state:
            now = fields.Datetime.now().replace(microsecond=0)
            state = {"start": fields.Datetime.to_string(now), "last_id": 0}
        run_start = fields.Datetime.to_datetime(state["start"])
        pending = self._pending_partner_ids(state["last_id"])
        batch = pending[:batch_size]
        if batch:
            self._recompute_partners(
                self.env["res.partner"].browse(batch), source="cron", now=run_start
            )
        remaining = len(pending) - len(batch)
        if remaining:
            state["last_id"] = batch[-1]
            params.set_param(RUN_PARAM, json.dumps(state))
        else:
            params.set_param(RUN_PARAM, False)
        done = self._count_eligible() - remaining
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return remaining

    def _recompute_all(self, source="manual"):
        """Synchronous full run in one transaction, for tests and benchmarks."""
        pending = self._pending_partner_ids(0)
        self._recompute_partners(self.env["res.partner"].browse(pending), source=source)
        return len(pending)

    # ------------------------------------------------------------------
    # selection of the customers
    # ------------------------------------------------------------------
    def _pending_partner_ids(self, after_id):
        self.env["res.partner"].flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT p.id FROM res_partner p WHERE %s AND p.id > %s ORDER BY p.id",
                self.env["sales.policy.facts"]._customer_sql("p"),
                after_id,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _count_eligible(self):
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM res_partner p WHERE %s",
                self.env["sales.policy.facts"]._customer_sql("p"),
            )
        )
        return self.env.cr.fetchone()[0]

    # ------------------------------------------------------------------
    # data gathering: a fixed number of queries per batch
    # ------------------------------------------------------------------
    def _window(self, company, today):
        end = datetime.combine(today + timedelta(days=1), time.min)
        start = end - timedelta(days=company.tier_lookback_days)
        previous_start = start - timedelta(days=company.tier_lookback_days)
        return previous_start, start, end

    def _fetch_stats(self, company, previous_start, start, end):
        """Sales of every customer of the company, reduced per customer.

        One scan of the confirmed orders (their stored untaxed amount and
        margin, converted by ``currency_rate``, which converts company currency
        to order currency) gives the sums the pure rules need, for *all*
        customers: shares and Pareto grades are relative to all of them.

        The orders are summed per customer and period (one of the window,
        ``-1`` for the previous window, ``-2`` before it), then per customer,
        in a single pass: the months with orders are a bit string with one
        bit per calendar month of the window (the last month leftmost),
        or-ed together and counted, rather than a second aggregate of the
        orders with ``COUNT(DISTINCT month)``. The sums are exact numerics
        converted to float8 by PostgreSQL, in the order of
        ``tiering.PartnerStats``: converting each through ``Decimal`` in
        Python gives the same floats, slower.
        """
        self.env["sale.order"].flush_model(
            [
                "state",
                "company_id",
                "date_order",
                "amount_untaxed",
                "margin",
                "partner_id",
            ]
        )
        facts = self.env["sales.policy.facts"]
        last_day = end.date() - timedelta(days=1)
        last_month = last_day.year * 12 + last_day.month
        months = last_month - (start.year * 12 + start.month) + 1
        self.env.cr.execute(
            SQL(
                """
                SELECT partner,
                       COALESCE(SUM(amount) FILTER (WHERE period >= 0), 0)::float8,
                       COALESCE(SUM(amount * amount) FILTER (WHERE period >= 0), 0)
                           ::float8,
                       COALESCE(length(replace(bit_or(months)::text, '0', '')), 0),
                       COALESCE(SUM(orders) FILTER (WHERE period >= 0), 0)::int,
                       COALESCE(SUM(margin) FILTER (WHERE period >= 0), 0)::float8,
                       COALESCE(SUM(amount) FILTER (WHERE period = -1), 0)::float8,
                       MIN(first)::date, MAX(last)::date
                FROM (
                    SELECT p.commercial_partner_id AS partner,
                           CASE
                               WHEN so.date_order >= %(start)s THEN LEAST(
                                   floor(
                                       (%(end)s::date - so.date_order::date)
                                       * %(periods)s / %(days)s::float
                                   ),
                                   %(periods)s - 1
                               )
                               WHEN so.date_order >= %(previous_start)s THEN -1
                               ELSE -2
                           END AS period,
                           SUM(%(amount)s) AS amount,
                           SUM(%(margin)s) AS margin,
                           COUNT(*) AS orders,
                           bit_or(
                               %(last_month_bit)s::varbit >> (
                                   %(last_month)s
                                   - date_part('year', so.date_order) * 12
                                   - date_part('month', so.date_order)
                               )::int
                           ) FILTER (WHERE so.date_order >= %(start)s) AS months,
                           MIN(so.date_order) AS first, MAX(so.date_order) AS last
                    FROM sale_order so
                    JOIN res_partner p ON p.id = so.partner_id
                    WHERE %(confirmed)s AND so.company_id = %(company)s
                      AND so.date_order < %(end)s
                    GROUP BY 1, 2
                ) periods
                GROUP BY 1
                """,
                amount=facts._company_amount_sql(SQL("so.amount_untaxed")),
                margin=facts._company_amount_sql(SQL("COALESCE(so.margin, 0)")),
                confirmed=facts._confirmed_order_sql(),
                company=company.id,
                end=end,
                start=start,
                previous_start=previous_start,
                periods=tiering.period_count(company.tier_lookback_days),
                days=company.tier_lookback_days,
                last_month=last_month,
                last_month_bit="1" + "0" * (months - 1),
            )
        )
        PartnerStats = tiering.PartnerStats
        return {row[0]: PartnerStats(*row[1:]) for row in self.env.cr.fetchall()}

    def _fetch_last_contacts(self, partner_ids):
        """Last sent message, email or done activity on the customer or its
        contacts; visit reports write tier_last_contact_date directly."""
        self.env.cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id, MAX(m.date)::date
                FROM mail_message m
                JOIN res_partner p ON p.id = m.res_id
                WHERE m.model = 'res.partner'
                  AND p.commercial_partner_id = ANY(%s)
                  AND (
                    m.message_type IN ('email', 'email_outgoing')
                    OR m.mail_activity_type_id IS NOT NULL
                    OR (m.message_type = 'comment' AND m.subtype_id = %s)
                  )
                GROUP BY 1
                """,
                _id_array(partner_ids),
                self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment"),
            )
        )
        return dict(self.env.cr.fetchall())

    def _fetch_current(self, partner_ids):
        """Stored tiers and figures, numerics as float8: the values Python
        would get through ``Decimal``, without it."""
        self.env.cr.execute(
            SQL(
                "SELECT id, company_id, %s, %s FROM res_partner WHERE id = ANY(%s)",
                SQL(", ").join(SQL.identifier(name) for name in TIER_COLUMNS),
                SQL(", ").join(
                    SQL("%s::float8", SQL.identifier(name))
                    if COLUMN_TYPES[name] in ("numeric", "float")
                    else SQL.identifier(name)
                    for name in METRIC_COLUMNS
                ),
                _id_array(partner_ids),
            )
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _fetch_overrides(self, partner_ids, today):
        overrides = (
            self.env["customer.tier.override"]
            .sudo()
            .search_read(
                [
                    ("partner_id", "in", list(partner_ids)),
                    ("active", "=", True),
                ],
                ["partner_id", "scheme", "value", "expiry_date"],
            )
        )
        result = {}
        for override in overrides:
            result.setdefault(override["partner_id"][0], {})[override["scheme"]] = (
                override["value"],
                override["expiry_date"] or None,
            )
        return result

    def _service_intervals(self, company):
        standards = (
            self.env["customer.tier.service.standard"]
            .sudo()
            .search_read(
                [("company_id", "in", (company.id, False))],
                ["scheme", "tier", "visit_interval_days", "company_id"],
            )
        )
        intervals = {"share": {}, "value": {}}
        # Shared standards first, so that the company's own ones win.
        for standard in sorted(standards, key=lambda row: bool(row["company_id"])):
            intervals[standard["scheme"]][standard["tier"]] = standard[
                "visit_interval_days"
            ]
        return intervals

    # ------------------------------------------------------------------
    # recomputation
    # ------------------------------------------------------------------
    def _recompute_partners(self, partners, source="manual", now=None):
        now = now or fields.Datetime.now().replace(microsecond=0)
        today = fields.Date.context_today(self, now)
        self.env.flush_all()
        with collector_paused():
            current = self._fetch_current(partners.ids)
            shared = [partner_id for partner_id, row in current.items() if not row[0]]
            tiering_company = self._shared_partner_companies(shared)
            by_company = {}
            for partner_id, row in current.items():
                company = row[0] or tiering_company[partner_id]
                by_company.setdefault(company, []).append(partner_id)
            for company_id, ids in by_company.items():
                company = self.env["res.company"].browse(company_id)
                self._recompute_company_batch(company, ids, current, source, now, today)

    def _shared_partner_companies(self, partner_ids):
        """The company whose sales tier each partner shared by all companies.

        A partner has one set of tier fields; a partner of one company is
        tiered on that company's sales. A shared partner (no company) is
        tiered on the sales of the company that confirmed its latest order,
        else of its salesperson's company, else of the first company: never on
        the company the person or scheduled action running the engine happens
        to have active, so that the result is the same whoever runs it.
        """
        if not partner_ids:
            return {}
        self.env["sale.order"].flush_model(["state", "company_id", "date_order"])
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT ON (p.commercial_partner_id)
                       p.commercial_partner_id, so.company_id
                FROM sale_order so
                JOIN res_partner p ON p.id = so.partner_id
                WHERE %s AND p.commercial_partner_id = ANY(%s)
                ORDER BY p.commercial_partner_id, so.date_order DESC, so.id DESC
                """,
                self.env["sales.policy.facts"]._confirmed_order_sql(),
                list(partner_ids),
            )
        )
        result = dict(self.env.cr.fetchall())
        missing = [partner_id for partner_id in partner_ids if partner_id not in result]
        if missing:
            first_company = self.env["res.company"].sudo().search([], limit=1).id
            for partner in self.env["res.partner"].sudo().browse(missing):
                result[partner.id] = partner.user_id.company_id.id or first_company
        return result

    def _recompute_company_batch(
        self, company, partner_ids, current, source, now, today
    ):
        settings = company._tier_settings()
        previous_start, start, end = self._window(company, today)
        stats = self._fetch_stats(company, previous_start, start, end)
        contacts = self._fetch_last_contacts(partner_ids)
        overrides = self._fetch_overrides(partner_ids, today)
        intervals = self._service_intervals(company)
        # 15 tier pairs at most: resolved once each, not once per customer
        interval_of = functools.cache(
            functools.partial(
                tiering.resolve_interval,
                share_intervals=intervals["share"],
                value_intervals=intervals["value"],
            )
        )
        results = tiering.classify_batch(
            partner_ids, stats, (start.date(), end.date()), today, settings
        )
        scores = self._score_batch(
            company, partner_ids, stats, start, end, results=results, breakdown=False
        )
        changed_rows, history, changes_by_partner = [], [], {}
        contact_index = (
            1 + len(TIER_COLUMNS) + METRIC_COLUMNS.index("tier_last_contact_date")
        )
        tier_slice = slice(1, 1 + len(SCHEME_KEYS))
        for partner_id in partner_ids:
            result = results[partner_id]
            stored = current[partner_id]
            score = scores[partner_id]
            new = {**result.tiers, "scorecard": score.grade}
            if partner_id in overrides:
                new = {
                    scheme: tiering.effective_value(
                        new[scheme],
                        *overrides[partner_id].get(scheme, (None, None)),
                        today,
                    )
                    for scheme in SCHEME_KEYS
                }
            last_contact = max(
                filter(None, (stored[contact_index], contacts.get(partner_id))),
                default=None,
            )
            row = self._prepare_partner_row(
                result, new, last_contact, interval_of, score.score
            )
            if row == stored[1:]:
                continue
            changed_rows.append((partner_id, *row))
            if row[: len(SCHEME_KEYS)] == stored[tier_slice]:
                continue
            old = dict(zip(SCHEME_KEYS, stored[tier_slice], strict=True))
            changes = tiering.diff_tiers(old, new)
            history.extend(
                self._prepare_history_row(
                    partner_id, change, result, source, company, now, score.score
                )
                for change in changes
            )
            changes_by_partner[partner_id] = changes
        self._write_results(changed_rows, company, now)
        self._write_history(history, now)
        self._log_changes(changes_by_partner, now)

    def _prepare_partner_row(self, result, tiers, last_contact, interval_of, score):
        """Values in the order of TIER_COLUMNS + METRIC_COLUMNS;
        ``interval_of(share, value)`` is ``tiering.resolve_interval`` with the
        company's service standards."""
        metrics = result.metrics
        interval = interval_of(tiers["share"], tiers["value"])
        # Rounded as stored, so that an unchanged customer compares equal.
        return (
            *TIERS_IN_ORDER(tiers),
            round(metrics.amount, 2),
            metrics.order_count,
            metrics.active_months,
            round(metrics.stability, 4),
            round(metrics.growth * 100.0, 2) if metrics.growth is not None else 0.0,
            round(metrics.margin, 2),
            round(metrics.margin_percent, 2),
            round(result.share * 100.0, 4),
            metrics.first_order_date,
            metrics.last_order_date,
            last_contact,
            interval or 0,
            score,
        )

    def _prepare_history_row(
        self, partner_id, change, result, source, company, now, score
    ):
        scheme, old_value, new_value = change
        metrics = result.metrics
        return (
            partner_id,
            now,
            scheme,
            old_value,
            new_value,
            source,
            self.env.uid,
            company.id,
            metrics.amount,
            metrics.order_count,
            metrics.active_months,
            metrics.stability,
            (metrics.growth * 100.0) if metrics.growth is not None else 0.0,
            metrics.margin,
            result.share * 100.0,
            score,
        )

    def _write_results(self, rows, company, now):
        """Bulk UPDATE of the customers whose tiers or figures changed."""
        bulk_writer.update(
            self.env,
            "res.partner",
            TIER_COLUMNS + METRIC_COLUMNS,
            rows,
            values={"tier_company_id": company.id, "tier_computed_at": now},
        )

    def _write_history(self, rows, now):
        bulk_writer.insert(
            self.env,
            "customer.tier.history",
            (
                "partner_id",
                "date",
                "scheme",
                "old_value",
                "new_value",
                "source",
                "user_id",
                "company_id",
                "sales_amount",
                "order_count",
                "active_months",
                "stability",
                "growth",
                "margin",
                "share",
                "score",
            ),
            rows,
        )

    def _log_changes(self, changes_by_partner, now):
        """Notes in the customers' chatter, for real changes only.

        A customer's first classification (no previous tier) is in the history
        but not in the chatter. The notes are written by the bulk writer
        rather than through ``_message_log_batch``: sanitising our own
        generated HTML one message at a time would cost more than the whole
        recomputation.
        """
        changes_by_partner = {
            partner_id: changes
            for partner_id, changes in changes_by_partner.items()
            if any(old for _scheme, old, _new in changes)
        }
        if not changes_by_partner:
            return
        History = self.env["customer.tier.history"]
        schemes = dict(History._fields["scheme"]._description_selection(self.env))
        labels = dict(History._fields["new_value"]._description_selection(self.env))
        title = self.env._("Customer tiers changed")
        notes = []
        for partner_id, changes in changes_by_partner.items():
            items = Markup("").join(
                Markup("<li>%s: %s → %s</li>")
                % (
                    schemes[scheme],
                    labels.get(old, "—") if old else "—",
                    labels.get(new, "—") if new else "—",
                )
                for scheme, old, new in changes
            )
            notes.append(
                (
                    "res.partner",
                    partner_id,
                    Markup("<p>%s</p><ul>%s</ul>") % (title, items),
                )
            )
        bulk_writer.log_notes(self.env, notes, date=now)

    # ------------------------------------------------------------------
    # value scorecard
    # ------------------------------------------------------------------
    def _score_batch(
        self, company, partner_ids, stats, start, end, results=None, breakdown=True
    ):
        """Scores and grades of a batch, ranked against every customer of the
        company with sales (``stats`` covers them all).

        ``results`` are the batch's ``tiering.classify_batch`` results, whose
        metrics are reused rather than computed a second time; the nightly
        run asks for no ``breakdown`` (see ``scorecard.score_batch``)."""
        indicators = (
            self.env["customer.score.indicator"]
            .sudo()
            .search([("company_id", "=", company.id)])
        )
        bands = (
            self.env["customer.score.band"]
            .sudo()
            .search_read([("company_id", "=", company.id)], ["score_from", "grade"])
        )
        values = self._score_values(company, indicators, stats, start, end, results)
        return scorecard.score_batch(
            partner_ids,
            indicators._to_service(),
            values,
            [(band["score_from"], band["grade"]) for band in bands]
            or scorecard.DEFAULT_BANDS,
            breakdown=breakdown,
        )

    def _score_values(self, company, indicators, stats, start, end, results=None):
        """``{indicator: {partner: value}}`` over the company's population,
        partners without a value left out, in one pass over ``stats``."""
        results = results or {}
        count = tiering.period_count((end - start).days)
        total = tiering.positive_total(item.amount for item in stats.values())
        columns = {
            indicator.source: {}
            for indicator in indicators
            if indicator.source != scorecard.MANUAL
        }
        if columns:
            for partner_id, item in stats.items():
                result = results.get(partner_id)
                if result:
                    partner_metrics, share = result.metrics, result.share
                else:
                    partner_metrics = tiering.metrics_from_stats(item, count)
                    share = (
                        partner_metrics.amount / total
                        if total > 0 and partner_metrics.amount > 0
                        else 0.0
                    )
                partner_values = scorecard.metric_values(partner_metrics, share)
                for source, column in columns.items():
                    value = partner_values[source]
                    if value is not None:
                        column[partner_id] = value
        manual_values = self._manual_score_values(
            indicators.filtered(lambda indicator: indicator.source == scorecard.MANUAL)
        )
        return {
            indicator.id: manual_values[indicator.id]
            if indicator.source == scorecard.MANUAL
            else columns[indicator.source]
            for indicator in indicators
        }

    def _manual_score_values(self, indicators):
        """``{indicator: {partner: value}}`` in one query: reading them
        through the ORM would also compute the display name of every
        customer with a value."""
        result = {indicator.id: {} for indicator in indicators}
        if not indicators:
            return result
        ManualValue = self.env["customer.score.manual.value"]
        ManualValue.flush_model(["indicator_id", "partner_id", "value"])
        self.env.cr.execute(
            SQL(
                "SELECT indicator_id, partner_id, value::float FROM %s "
                "WHERE indicator_id = ANY(%s)",
                SQL.identifier(ManualValue._table),
                indicators.ids,
            )
        )
        for indicator_id, partner_id, value in self.env.cr.fetchall():
            result[indicator_id][partner_id] = value
        return result

    def _score_breakdown(self, partner):
        """The scorecard rows of one customer, computed now as the engine
        would: ``(indicator, value, normalised, weight, contribution)``."""
        company = partner.tier_company_id
        if not partner.id or not company:
            return None
        today = fields.Date.context_today(self)
        previous_start, start, end = self._window(company, today)
        stats = self._fetch_stats(company, previous_start, start, end)
        return self._score_batch(company, [partner.id], stats, start, end)[partner.id]

    def _score_breakdown_html(self, partner):
        result = self._score_breakdown(partner)
        if result is None or not result.rows:
            return False
        head = Markup("").join(
            Markup("<th>%s</th>") % label
            for label in (
                self.env._("Indicator"),
                self.env._("Value"),
                self.env._("Normalised Score"),
                self.env._("Weight"),
                self.env._("Contribution"),
            )
        )
        body = Markup("").join(
            Markup(
                "<tr><td>%s</td><td class='text-end'>%s</td>"
                "<td class='text-end'>%s</td><td class='text-end'>%s</td>"
                "<td class='text-end'>%s</td></tr>"
            )
            % (
                row.indicator,
                "—" if row.value is None else f"{row.value:,.2f}",
                f"{row.normalised:.2f}",
                f"{row.weight:.2f}",
                f"{row.contribution:.2f}",
            )
            for row in result.rows
        )
        foot = Markup(
            "<tr class='fw-bold'><td colspan='4'>%s</td>"
            "<td class='text-end'>%s (%s)</td></tr>"
        ) % (self.env._("Score"), f"{result.score:.2f}", result.grade)
        return Markup(
            "<table class='table table-sm o_tier_score_breakdown'>"
            "<thead><tr>%s</tr></thead><tbody>%s%s</tbody></table>"
        ) % (head, body, foot)

    # ------------------------------------------------------------------
    # service standards
    # ------------------------------------------------------------------
    @api.model
    def _cron_visit_due(self):
        """One open 'Visit due' activity per overdue customer, never two."""
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("customer_tiering.mail_activity_type_visit_due")
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, p.user_id FROM res_partner p
                WHERE %s AND p.user_id IS NOT NULL AND p.tier_visit_interval > 0
                  AND (p.tier_last_contact_date IS NULL
                       OR p.tier_last_contact_date + p.tier_visit_interval < %s)
                  AND NOT EXISTS (
                      SELECT 1 FROM mail_activity a
                      WHERE a.res_model = 'res.partner' AND a.res_id = p.id
                        AND a.activity_type_id = %s AND a.active
                  )
                """,
                self.env["sales.policy.facts"]._customer_sql("p"),
                today,
                activity_type.id,
            )
        )
        rows = self.env.cr.fetchall()
        if not rows:
            return 0
        model_id = self.env["ir.model"]._get_id("res.partner")
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": partner_id,
                    "activity_type_id": activity_type.id,
                    "user_id": user_id,
                    "date_deadline": today,
                    "summary": self.env._("Visit due under the service standard"),
                }
                for partner_id, user_id in rows
            ]
        )
        return len(rows)
