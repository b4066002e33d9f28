from datetime import datetime

from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import SQL

from odoo.addons.customer_tiering.tools import bulk_writer
from odoo.addons.customer_tiering.tools.guard import (
    check_guarded_write,
    strip_guarded_create,
)

from ..services import credit

CREDIT_BASES = [
    (credit.OWNER, "Owner"),
    (credit.FIRST_REGISTRANT, "First registrant"),
    (credit.DEPARTMENT, "Department"),
    (credit.TRANSFER, "Transfer"),
]
# Set by the confirmation's engine (as SQL) and the manager's correction
# wizard (as superuser after its group check) only.
CREDIT_FIELDS = (
    "credit_user_id",
    "credit_team_id",
    "credit_basis",
    "credit_amount",
    "credit_date",
)


def _moment(value):
    return datetime.fromisoformat(value) if value else None


class SaleOrder(models.Model):
    """Sales credit follows ownership: frozen on the order when it is
    confirmed, from the history of owners of its customer and opportunity.
    Re-confirming an order (cancelled, reset to draft, confirmed again)
    decides it again; until then a cancelled order keeps its last credit."""

    _inherit = "sale.order"

    credit_user_id = fields.Many2one(
        "res.users",
        string="Credited Salesperson",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Who the sale counts for; empty when it is credited to the team.",
    )
    credit_team_id = fields.Many2one(
        "crm.team",
        string="Credited Team",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        check_company=True,
    )
    credit_basis = fields.Selection(
        CREDIT_BASES,
        readonly=True,
        copy=False,
        tracking=True,
        help="Owner: the customer's owner sold it. First registrant: someone "
        "sold a customer nobody owns without registering it first; who "
        "registered it first is credited. Department: the salesperson is not "
        "the owner and no approved transfer or claim gave it to him (a private "
        "swap); the team is credited. Transfer: an approved transfer gave the "
        "customer or the opportunity to the salesperson.",
    )
    credit_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    credit_amount = fields.Monetary(
        string="Credited Amount",
        currency_field="credit_currency_id",
        readonly=True,
        copy=False,
        help="The untaxed amount at confirmation, in the company's currency.",
    )
    credit_date = fields.Datetime(
        string="Credited On",
        readonly=True,
        copy=False,
        help="When the credit was frozen; empty again when the order is reset "
        "to quotation, so that confirming it again decides it again.",
    )

    # ------------------------------------------------------------------
    # guard
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = strip_guarded_create(self, vals_list, CREDIT_FIELDS, group=None)
        return super().create(vals_list)

    def write(self, vals):
        check_guarded_write(self, vals, CREDIT_FIELDS, group=None)
        return super().write(vals)

    # ------------------------------------------------------------------
    # confirmation
    # ------------------------------------------------------------------
    def _action_confirm(self):
        res = super()._action_confirm()
        self._freeze_sales_credit()
        return res

    def action_draft(self):
        """A quotation again: its credit is decided anew when it is confirmed
        again, the last one stays visible until then."""
        orders = self.filtered(lambda order: order.state in ("cancel", "sent"))
        res = super().action_draft()
        frozen = orders.filtered("credit_date")
        if frozen:
            bulk_writer.update(
                self.env, "sale.order", ("credit_date",), [(o.id, None) for o in frozen]
            )
        return res

    def _freeze_sales_credit(self):
        """Credits the confirmed orders of ``self`` whose credit is not frozen
        yet: the evidence of the whole batch in one query, the pure rules of
        ``services/credit.py`` per order, one bulk write. A manager's
        correction is frozen too: running this again never overwrites it."""
        orders = self.filtered(
            lambda order: order.state == "sale" and not order.credit_date
        )
        if not orders:
            return
        rows = orders._sales_credit_evidence()
        now = fields.Datetime.now()
        values, swaps = [], []
        for row in rows:
            facts = self._sales_credit_facts(row)
            decided = credit.decide(facts)
            values.append(
                (
                    row["id"],
                    decided.user_id,
                    decided.team_id,
                    decided.basis,
                    row["amount"],
                    now,
                )
            )
            if decided.private_swap:
                swaps.append(row["id"])
        bulk_writer.update(self.env, "sale.order", CREDIT_FIELDS, values)
        if swaps:
            self.browse(swaps)._credit_private_swaps()
        # the credit says which team the business counts for: a referral
        # into that team is rewarded once the credit is frozen
        self.env["crm.referral.reward.line"].sudo()._create_for_orders(orders)

    def _action_cancel(self):
        """A cancelled order no longer rewards a referral, unless the reward
        of its month was proposed already (the proposal is the record)."""
        result = super()._action_cancel()
        self.env["crm.referral.reward.line"].sudo().search(
            [("order_id", "in", self.ids), ("reward_id", "=", False)]
        ).unlink()
        return result

    def _credit_private_swaps(self):
        """Hook: ``self`` are orders credited to the department because their
        salesperson sold another salesperson's customer without an approved
        transfer or claim. sales_discipline records the violation."""
        return None

    @api.model
    def _sales_credit_facts(self, row):
        def events(kind):
            return tuple(
                kind(**{**item, "date": _moment(item["date"])})
                for item in row[kind.__name__.lower() + "s"] or ()
            )

        return credit.OrderFacts(
            salesperson_id=row["user_id"],
            team_id=row["team_id"],
            customer_owner_id=row["customer_owner_id"],
            opportunity_owner_id=row["opportunity_owner_id"],
            registrations=events(credit.Registration),
            moves=events(credit.Move),
            releases=events(credit.Release),
            user_teams={
                int(user): team for user, team in (row["user_teams"] or {}).items()
            },
        )

    def _sales_credit_evidence(self):
        """One row per order: its salesperson and team, the owners and first
        registrations of its customer (the commercial partner) and
        opportunity, the approved transfers, claims, allocations and the
        releases of both, and the teams of the people involved in the
        order's company. One query for the whole batch."""
        for model in (
            "sale.order",
            "res.partner",
            "crm.lead",
            "crm.pool.transfer",
            "crm.pool.claim",
            "crm.pool.release",
            "crm.lead.allocation.log",
            "crm.team.member",
        ):
            self.env[model].flush_model()
        facts = self.env["sales.policy.facts"]
        query = SQL(
            """
            WITH orders AS (
                SELECT so.id, so.user_id, so.team_id, so.company_id,
                       so.opportunity_id,
                       %(amount)s AS amount,
                       cp.id AS customer_id,
                       cp.user_id AS customer_owner_id,
                       cp.registered_by_id AS customer_registrant_id,
                       cp.registered_date AS customer_registered,
                       l.user_id AS opportunity_owner_id,
                       l.registered_by_id AS opportunity_registrant_id,
                       l.registered_date AS opportunity_registered
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                  JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, p.id)
             LEFT JOIN crm_lead l ON l.id = so.opportunity_id
                 WHERE so.id = ANY(%(ids)s)
            )
            SELECT o.id, o.user_id, o.team_id, o.amount,
                   o.customer_owner_id, o.opportunity_owner_id,
                   (SELECT json_agg(json_build_object(
                               'record', r.record, 'user_id', r.user_id,
                               'date', r.date))
                      FROM (VALUES
                              ('customer', o.customer_registrant_id,
                               o.customer_registered),
                              ('opportunity', o.opportunity_registrant_id,
                               o.opportunity_registered)) AS r(record, user_id, date)
                      JOIN res_users u ON u.id = r.user_id
                     WHERE NOT u.share AND u.id != %(root)s
                   ) AS registrations,
                   (SELECT json_agg(json_build_object(
                               'record', m.record, 'user_id', m.user_id,
                               'kind', m.kind, 'date', m.date))
                      FROM (
                        SELECT CASE WHEN t.lead_id IS NULL THEN 'customer'
                                    ELSE 'opportunity' END AS record,
                               t.to_user_id AS user_id, 'transfer' AS kind,
                               COALESCE(t.decided_on, t.write_date) AS date
                          FROM crm_pool_transfer t
                         WHERE t.state = 'approved'
                           AND (t.partner_id = o.customer_id
                                OR t.lead_id = o.opportunity_id)
                        UNION ALL
                        SELECT CASE WHEN c.lead_id IS NULL THEN 'customer'
                                    ELSE 'opportunity' END,
                               c.user_id, 'claim',
                               COALESCE(c.decided_on, c.write_date)
                          FROM crm_pool_claim c
                         WHERE c.state = 'approved'
                           AND (c.partner_id = o.customer_id
                                OR c.lead_id = o.opportunity_id)
                        UNION ALL
                        SELECT 'opportunity', g.user_id, 'allocation', g.date
                          FROM crm_lead_allocation_log g
                         WHERE g.event = 'assigned'
                           AND g.lead_id = o.opportunity_id
                      ) AS m
                   ) AS moves,
                   (SELECT json_agg(json_build_object(
                               'record', CASE WHEN r.lead_id IS NULL THEN 'customer'
                                              ELSE 'opportunity' END,
                               'user_id', r.user_id, 'date', r.date))
                      FROM crm_pool_release r
                     WHERE r.partner_id = o.customer_id
                        OR r.lead_id = o.opportunity_id
                   ) AS releases,
                   (SELECT json_object_agg(u.id, %(team)s)
                      FROM res_users u
                     WHERE u.id IN (o.user_id, o.customer_owner_id,
                                    o.opportunity_owner_id,
                                    o.customer_registrant_id,
                                    o.opportunity_registrant_id)
                   ) AS user_teams
              FROM orders o
             ORDER BY o.id
            """,
            amount=facts._company_amount_sql(SQL.identifier("so", "amount_untaxed")),
            team=facts._salesperson_team_sql(
                SQL.identifier("u", "id"), SQL.identifier("o", "company_id")
            ),
            ids=list(self.ids),
            root=SUPERUSER_ID,
        )
        self.env.cr.execute(query)
        return self.env.cr.dictfetchall()
