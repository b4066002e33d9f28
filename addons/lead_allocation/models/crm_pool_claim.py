from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.customer_tiering.tools.guard import check_guarded_write

from ..services import claims

MANAGER_GROUP = "sales_team.group_sale_manager"


def record_company(record, env):
    """The company a claim or a transfer of ``record`` belongs to: the
    record's own, or for a record shared by all companies the user's
    current one."""
    return record.sudo().company_id or env.company


class CrmPoolClaim(models.Model):
    """A salesperson's request to take a lead or a customer from the pool."""

    _name = "crm.pool.claim"
    _description = "Pool Claim"
    _inherit = ["sales.policy.approval.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True
    _approval_requester_fields = ("reason",)

    name = fields.Char(compute="_compute_name", store=True)
    lead_id = fields.Many2one(
        "crm.lead",
        index=True,
        ondelete="cascade",
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        ondelete="cascade",
        tracking=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Claimant",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    reason = fields.Text(required=True)
    state = fields.Selection(
        [
            ("requested", "Requested"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="requested",
        required=True,
        tracking=True,
        index=True,
    )
    decision_note = fields.Text()
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
        help="The claimed record's company: its limits, cool-down and approval apply.",
    )

    @api.depends("lead_id", "partner_id", "user_id")
    def _compute_name(self):
        for claim in self:
            # the claimant sees a pool lead only through the pool
            record = claim.sudo().lead_id or claim.sudo().partner_id
            claim.name = self.env._(
                "%(user)s claims %(record)s",
                user=claim.user_id.name or "",
                record=record.display_name or "",
            )

    @api.constrains("lead_id", "partner_id")
    def _check_one_record(self):
        for claim in self:
            if bool(claim.lead_id) == bool(claim.partner_id):
                raise ValidationError(
                    self.env._(
                        "Lead / Customer: a claim is for one lead or one customer."
                    )
                )

    def write(self, vals):
        check_guarded_write(self, vals, ("company_id",), group=None)
        return super().write(vals)

    def _record(self):
        """The claimed record, readable whatever the claimant may open: a pool
        lead shows no contact details to a plain salesperson."""
        self.ensure_one()
        return self.sudo().lead_id or self.sudo().partner_id

    # ------------------------------------------------------------------
    # request
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._prepare_claim_vals(vals) for vals in vals_list]
        claims_ = super().create(vals_list)
        for claim in claims_:
            claim._check_claimable()
        # Auto-approval is the claimed record's company's setting, read on
        # the server: the claim is then decided as a manager would. A key
        # lead is the sales manager's to allocate: its claim always waits.
        for claim in claims_.filtered(
            lambda c: (
                c.company_id.pool_claim_auto_approve
                and not c.sudo().lead_id.allocation_key
            )
        ):
            claim.sudo()._approval_approve()
        return claims_

    @api.model
    def _prepare_claim_vals(self, vals):
        """A salesperson claims for himself; the company is the claimed
        record's, never the client's."""
        vals = dict(vals)
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            vals["user_id"] = self.env.uid
        record = self.env["crm.lead"].browse(vals.get("lead_id")) or self.env[
            "res.partner"
        ].browse(vals.get("partner_id"))
        vals["company_id"] = record_company(record, self.env).id
        return vals

    def _check_claimable(self):
        self.ensure_one()
        record = self._record()
        facts = self.env["sales.policy.facts"]
        if record.user_id:
            raise UserError(
                self.env._(
                    "%(record)s is not in the pool: it belongs to a salesperson. "
                    "Ask for a transfer instead.",
                    record=record.display_name,
                )
            )
        in_pool = (
            facts._is_pool_lead(record)
            if record._name == "crm.lead"
            else facts._is_pool_customer(record)
        )
        if not in_pool:
            raise UserError(
                self.env._(
                    "%(record)s is not in the public pool (closed, archived, a "
                    "contact of another customer or waiting for a manager's "
                    "decision); it cannot be claimed.",
                    record=record.display_name,
                )
            )
        company = self.company_id
        if record.company_id and record.company_id not in self.user_id.company_ids:
            raise AccessError(
                self.env._(
                    "%(record)s belongs to %(company)s, a company %(user)s does not "
                    "work for; it cannot be claimed.",
                    record=record.display_name,
                    company=record.company_id.name,
                    user=self.user_id.name,
                )
            )
        today = fields.Date.context_today(self)
        problems = claims.check_claim(
            today=today,
            open_leads=self.env["crm.lead"]
            .sudo()
            .search_count(
                [
                    ("user_id", "=", self.user_id.id),
                    *facts._open_lead_domain(),
                ]
            ),
            max_open_leads=company.pool_max_open_leads,
            claims_today=self.sudo().search_count(
                [
                    ("user_id", "=", self.user_id.id),
                    ("id", "!=", self.id),
                    ("create_date", ">=", fields.Datetime.to_datetime(today)),
                ]
            ),
            max_claims_per_day=company.pool_max_claims_per_day,
            released_on=self._last_release_date(),
            cooldown_days=company.pool_claim_cooldown_days,
        )
        if problems:
            raise UserError(
                "\n".join(
                    self.env._(problem.message, **problem.params)  # pylint: disable=translation-required
                    for problem in problems
                )
            )

    def _last_release_date(self):
        release = (
            self.env["crm.pool.release"]
            .sudo()
            .search(
                [
                    ("user_id", "=", self.user_id.id),
                    (
                        "lead_id" if self.lead_id else "partner_id",
                        "=",
                        self._record().id,
                    ),
                ],
                limit=1,
            )
        )
        return release.date.date() if release else None

    # ------------------------------------------------------------------
    # decision
    # ------------------------------------------------------------------
    def _approval_error(self, kind):
        if kind == "decider":
            return self.env._("Only a sales manager can decide on a claim.")
        if kind == "cancel":
            return self.env._("Only the claimant can cancel a requested claim.")
        return super()._approval_error(kind)

    def _approval_lock_targets(self):
        """Row lock on the claimed record: of two simultaneous approvals of the
        same record, the second fails at once with a clear message. NO KEY
        UPDATE, not UPDATE: the claim's own insert holds a key share lock on
        the record through its foreign key, and so does a simultaneous
        claim's; only the approvals must exclude each other."""
        record = self._record()
        owner_id = self._approval_lock_row(
            record,
            column="user_id",
            mode="NO KEY UPDATE",
            busy=self.env._(
                "%(record)s is being given to someone else right now; "
                "refresh and try again.",
                record=record.display_name,
            ),
        )
        if owner_id:
            owner = self.env["res.users"].sudo().browse(owner_id)
            raise UserError(
                self.env._(
                    "%(record)s was already taken by %(owner)s.",
                    record=record.display_name,
                    owner=owner.name,
                )
            )

    def _approval_apply(self):
        """Gives the claimed record to the claimant; the other claims on it
        are turned down."""
        record = self._record()
        record.sudo().write(self._prepare_owner_vals())
        record._referral_record()
        others = self.sudo().search(
            [
                ("id", "!=", self.id),
                ("state", "=", "requested"),
                ("lead_id" if self.lead_id else "partner_id", "=", record.id),
            ]
        )
        others.write(
            {
                "state": "rejected",
                "decided_by_id": self.env.uid,
                "decided_on": fields.Datetime.now(),
                "decision_note": self.env._("Taken by another claim."),
            }
        )

    def _prepare_owner_vals(self):
        """Hook: values written on the claimed record."""
        self.ensure_one()
        return {"user_id": self.user_id.id}

    def _approval_after(self):
        """Logs the allocation of an approved lead claim."""
        if self.lead_id:
            self.env["crm.lead.allocation.log"].sudo().create(
                {
                    "lead_id": self.lead_id.id,
                    "user_id": self.user_id.id,
                    "team_id": self.lead_id.team_id.id,
                    "company_id": self.company_id.id,
                    "actor": "claim",
                    "lead_class": self.lead_id.allocation_class,
                    "reason": self.env._(
                        "Claim approved: %(reason)s", reason=self.reason
                    ),
                }
            )

    def action_approve(self):
        return self._approval_approve()

    def action_reject(self):
        return self._approval_reject()

    def action_cancel(self):
        return self._approval_cancel()
