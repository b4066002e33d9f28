import logging
from datetime import timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import SQL

from ..services import credit
from ..tools import run_lock
from .customer_credit_policy import TRUST
from .customer_tier_override import PARTNER_FIELD, SCHEMES, TIER_VALUES

_logger = logging.getLogger(__name__)

STATES = [
    ("proposed", "To Decide"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("superseded", "Superseded"),
]
#: what the nightly proposal sets; nobody else writes it
PROPOSAL_FIELDS = (
    "partner_id",
    "company_id",
    "user_id",
    "policy_id",
    "sales_amount",
    "current_limit",
    "current_use_limit",
    "current_rating",
    "current_term_id",
    "current_trust",
    "proposed_limit",
    "proposed_rating",
    "proposed_term_id",
    "proposed_trust",
    "reason",
)
#: the current and proposed values: a rejected proposal is not made again for them
COMPARED_FIELDS = tuple(
    name for name in PROPOSAL_FIELDS if name.startswith(("current_", "proposed_"))
)
#: one run at a time: a second, simultaneous run leaves at once
CRON_LOCK = "customer_credit_proposal"
SALES_DAYS = 365


class CustomerCreditProposal(models.Model):
    """A change of a customer's credit limit, rating, payment terms and trust
    that its credit policy calls for, waiting for Finance.

    The nightly run proposes (at most one open proposal per customer and
    company); approving writes Odoo's own credit fields on the customer, the
    ones the company's "Sales Credit Limit" warning on quotations reads."""

    _name = "customer.credit.proposal"
    _description = "Credit Proposal"
    _inherit = ["sales.policy.approval.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    _approval_pending_states = ("proposed",)
    _approval_approved_state = "approved"
    _approval_rejected_state = "rejected"
    _approval_cancelled_state = None
    _approval_decider_groups = ("account.group_account_manager",)
    _approval_requester_field = "partner_id"
    _approval_reason_field = "decision_note"
    _approval_workflow_fields = PROPOSAL_FIELDS

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    policy_id = fields.Many2one(
        "customer.credit.policy",
        string="Credit Policy",
        readonly=True,
        ondelete="set null",
        check_company=True,
    )
    user_id = fields.Many2one(
        related="partner_id.user_id", string="Salesperson", store=True, index=True
    )
    sales_amount = fields.Monetary(
        string="Sales (12 Months)",
        readonly=True,
        help="Confirmed sales of the last 12 months when the proposal was made.",
    )
    current_limit = fields.Monetary(readonly=True)
    current_use_limit = fields.Boolean(string="Own Limit in Use", readonly=True)
    current_rating = fields.Char(readonly=True)
    current_term_id = fields.Many2one(
        "account.payment.term", string="Current Payment Terms", readonly=True
    )
    current_trust = fields.Selection(TRUST, readonly=True)
    proposed_limit = fields.Monetary(readonly=True)
    proposed_rating = fields.Char(readonly=True)
    proposed_term_id = fields.Many2one(
        "account.payment.term", string="Proposed Payment Terms", readonly=True
    )
    proposed_trust = fields.Selection(TRUST, readonly=True)
    reason = fields.Text(readonly=True)
    decision_note = fields.Text(
        string="Finance Note",
        copy=False,
        help="Why the proposal is rejected (required to reject it), or a comment.",
    )
    state = fields.Selection(
        STATES, default="proposed", required=True, readonly=True, tracking=True
    )

    def _auto_init(self):
        """At most one open proposal per customer and company, whoever
        inserts it."""
        result = super()._auto_init()
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS customer_credit_proposal_open_uniq "
                "ON customer_credit_proposal (partner_id, company_id) "
                "WHERE state = 'proposed'"
            )
        )
        return result

    @api.depends("partner_id", "proposed_rating")
    def _compute_display_name(self):
        for proposal in self:
            proposal.display_name = "%s: %s" % (
                proposal.partner_id.display_name or "",
                proposal.proposed_rating or "",
            )

    # ------------------------------------------------------------------
    # decisions
    # ------------------------------------------------------------------
    def action_approve(self):
        """Finance approves one or many proposals at once: each under its row
        lock and its customer's; one refusal and none is approved. The
        record rules apply first: Finance decides its own companies'."""
        self.check_access("write")
        return self._approval_approve()

    def action_reject(self):
        self.check_access("write")
        return self._approval_reject()

    def _approval_lock_targets(self):
        self._approval_lock_row(self.partner_id)

    def _approval_apply(self):
        partner = self.partner_id.with_company(self.company_id).sudo()
        partner.write(
            {
                "credit_limit": self.proposed_limit,
                "use_partner_credit_limit": True,
                "property_payment_term_id": self.proposed_term_id.id,
                "trust": self.proposed_trust,
                "credit_rating": self.proposed_rating,
            }
        )

    def _approval_after(self):
        env = self.env
        note = Markup("%s<br/>%s") % (
            env._(
                "Credit proposal approved: credit limit %(limit)s, rating "
                "%(rating)s, payment terms %(term)s, trust %(trust)s.",
                limit=self.proposed_limit,
                rating=self.proposed_rating,
                term=self.proposed_term_id.name or env._("unchanged"),
                trust=dict(
                    self._fields["proposed_trust"]._description_selection(env)
                ).get(self.proposed_trust, ""),
            ),
            Markup("<br/>").join(
                escape(line) for line in (self.reason or "").split("\n")
            ),
        )
        self.partner_id.message_post(body=note, subtype_xmlid="mail.mt_note")
        self.message_post(body=note, subtype_xmlid="mail.mt_note")

    # ------------------------------------------------------------------
    # the nightly proposals
    # ------------------------------------------------------------------
    @api.model
    def _cron_propose(self):
        """Proposes, for every customer whose credit policy calls for another
        limit, rating, term or trust, one open proposal; re-running changes
        nothing, an open proposal no longer called for is superseded. A run
        holds a transaction lock: a second run at the same time leaves."""
        self = self.sudo()
        if not run_lock.try_lock(self.env.cr, CRON_LOCK):
            _logger.info("Credit proposals: another run is in progress")
            return 0
        policies = self.env["customer.credit.policy"].search([])
        created = 0
        for company in policies.company_id:
            created += self.with_company(company)._propose_company(
                company, policies.filtered(lambda p, c=company: p.company_id == c)
            )
        return created

    def _propose_company(self, company, policies):
        env = self.env(context=dict(self.env.context, lang=company.partner_id.lang))
        self = self.with_env(env)
        partner_ids = self._credit_customers(company)
        partners = env["res.partner"].browse(partner_ids).with_company(company)
        sales = self._credit_sales(company, partner_ids)
        open_proposals = {
            proposal.partner_id.id: proposal
            for proposal in self.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "proposed"),
                ]
            )
        }
        rejected = {}
        for row in self.search_read(
            [
                ("company_id", "=", company.id),
                ("state", "=", "rejected"),
                ("partner_id", "in", partner_ids),
            ],
            ["partner_id", *COMPARED_FIELDS],
        ):
            rejected.setdefault(row["partner_id"][0], []).append(row)
        rows = policies._credit_rows()
        labels = self._credit_labels(company)
        digits = company.currency_id.decimal_places
        to_create, to_supersede = [], self.browse()
        # Odoo's own definition of a partner limit in use, read afresh
        fallback = partners._fields["credit_limit"].get_company_dependent_fallback(
            partners
        )
        for partner in partners:
            facts = {
                "tiers": {
                    scheme: partner[PARTNER_FIELD[scheme]] or None
                    for scheme, __ in SCHEMES
                },
                "sales": sales.get(partner.id, 0.0),
                "credit_limit": partner.credit_limit,
                "use_limit": partner.credit_limit != fallback,
                "payment_term_id": partner.property_payment_term_id.id or None,
                "trust": partner.trust or "normal",
                "rating": partner.credit_rating or "",
            }
            current = (
                round(facts["credit_limit"], digits),
                facts["use_limit"],
                facts["rating"],
                facts["payment_term_id"],
                facts["trust"],
            )
            refused = [
                (
                    row["proposed_limit"],
                    row["proposed_rating"] or "",
                    row["proposed_term_id"] and row["proposed_term_id"][0] or None,
                    row["proposed_trust"],
                )
                for row in rejected.get(partner.id, [])
                if (
                    round(row["current_limit"], digits),
                    row["current_use_limit"],
                    row["current_rating"] or "",
                    row["current_term_id"] and row["current_term_id"][0] or None,
                    row["current_trust"] or "normal",
                )
                == current
            ]
            result = credit.propose(
                facts, rows, labels=labels, rejected=refused, digits=digits
            )
            existing = open_proposals.get(partner.id)
            if result is None:
                to_supersede |= existing or self.browse()
                continue
            if existing and existing._credit_key(digits) == (
                result.policy_id,
                result.key(),
                current,
                round(facts["sales"], digits),
            ):
                continue
            to_supersede |= existing or self.browse()
            to_create.append(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "policy_id": result.policy_id,
                    "sales_amount": round(facts["sales"], digits),
                    "current_limit": facts["credit_limit"],
                    "current_use_limit": facts["use_limit"],
                    "current_rating": facts["rating"],
                    "current_term_id": facts["payment_term_id"] or False,
                    "current_trust": facts["trust"],
                    "proposed_limit": result.credit_limit,
                    "proposed_rating": result.rating,
                    "proposed_term_id": result.payment_term_id or False,
                    "proposed_trust": result.trust,
                    "reason": "\n".join(
                        self._credit_render(problem) for problem in result.reasons
                    ),
                }
            )
        if to_supersede:
            to_supersede.write({"state": "superseded"})
            to_supersede.flush_recordset()
        self.create(to_create)
        return len(to_create)

    def _credit_key(self, digits):
        return (
            self.policy_id.id,
            (
                self.proposed_limit,
                self.proposed_rating or "",
                self.proposed_term_id.id or None,
                self.proposed_trust,
            ),
            (
                round(self.current_limit, digits),
                self.current_use_limit,
                self.current_rating or "",
                self.current_term_id.id or None,
                self.current_trust or "normal",
            ),
            round(self.sales_amount, digits),
        )

    def _credit_render(self, problem):
        params = {
            key: self.env._(value) if value == credit.MSG_NONE else value  # pylint: disable=translation-required
            for key, value in problem.params.items()
        }
        return self.env._(problem.message, **params)  # pylint: disable=translation-required

    def _credit_labels(self, company):
        env = self.env
        terms = env["account.payment.term"].search(
            [("company_id", "in", (company.id, False))]
        )
        return {
            "schemes": dict(
                env["customer.credit.policy"]
                ._fields["scheme"]
                ._description_selection(env)
            ),
            "tiers": dict(TIER_VALUES),
            "terms": {term.id: term.name for term in terms},
            "trust": dict(self._fields["proposed_trust"]._description_selection(env)),
        }

    def _credit_customers(self, company):
        """The company's customers as the tier engine tiers them: the
        policies read their tiers."""
        env = self.env
        env["res.partner"].flush_model(["tier_company_id"])
        env.cr.execute(
            SQL(
                "SELECT p.id FROM res_partner p WHERE %s AND p.tier_company_id = %s "
                "ORDER BY p.id",
                env["sales.policy.facts"]._customer_sql("p"),
                company.id,
            )
        )
        return [row[0] for row in env.cr.fetchall()]

    def _credit_sales(self, company, partner_ids):
        """Confirmed sales of the last 12 months per customer, in the
        company's currency, in one query."""
        if not partner_ids:
            return {}
        env = self.env
        env["sale.order"].flush_model(
            ["state", "company_id", "date_order", "amount_untaxed", "currency_rate"]
        )
        facts = env["sales.policy.facts"]
        env["res.partner"].flush_model(["commercial_partner_id"])
        start = fields.Datetime.now() - timedelta(days=SALES_DAYS)
        env.cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id, SUM(%s)::float
                FROM sale_order so
                JOIN res_partner p ON p.id = so.partner_id
                WHERE %s AND so.company_id = %s
                  AND so.date_order >= %s
                  AND p.commercial_partner_id = ANY(%s)
                GROUP BY 1
                """,
                facts._company_amount_sql(SQL("so.amount_untaxed")),
                facts._confirmed_order_sql(),
                company.id,
                start,
                list(partner_ids),
            )
        )
        return dict(env.cr.fetchall())
