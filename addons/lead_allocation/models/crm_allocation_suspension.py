from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from odoo.addons.customer_tiering.tools.guard import (
    check_guarded_write,
    strip_guarded_create,
)

# The allocation consumes the turns; the one who sets skip_turns does not.
ENGINE_FIELDS = ("remaining_turns",)

KINDS = [("period", "Period"), ("turns", "Skipped Turns")]
STATES = [
    ("planned", "Planned"),
    ("active", "Active"),
    ("expired", "Expired"),
    ("lifted", "Lifted"),
]


class CrmAllocationSuspension(models.Model):
    """Keeps a salesperson out of the fair allocation, either for a period
    (``[date_from, date_to)``, open-ended without ``date_to``) or for a number
    of allocation turns, which the allocation consumes one by one."""

    _name = "crm.allocation.suspension"
    _description = "Allocation Suspension"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('share', '=', False)]",
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    kind = fields.Selection(
        KINDS,
        required=True,
        default="period",
        tracking=True,
        help="Period: no lead between the two dates. Skipped Turns: the "
        "salesperson's next allocation turns go to the others.",
    )
    date_from = fields.Datetime(string="From", tracking=True)
    date_to = fields.Datetime(
        string="Until",
        tracking=True,
        help="First moment the salesperson receives leads again; empty means "
        "until lifted.",
    )
    skip_turns = fields.Integer(string="Turns to Skip", tracking=True)
    remaining_turns = fields.Integer(string="Turns Left", readonly=True)
    reason = fields.Text(required=True, tracking=True)
    source_ref = fields.Reference(
        selection="_selection_source_model",
        string="Source Document",
        help="The record that caused the suspension, e.g. a violation.",
    )
    active = fields.Boolean(default=True, tracking=True)
    state = fields.Selection(STATES, compute="_compute_state", search="_search_state")

    @api.model
    def _selection_source_model(self):
        return [
            (model.model, model.name)
            for model in self.env["ir.model"].sudo().search([("transient", "=", False)])
        ]

    @api.depends("user_id", "kind", "date_from", "date_to", "skip_turns")
    def _compute_display_name(self):
        for suspension in self:
            suspension.display_name = suspension.user_id.name or ""

    @api.depends("active", "kind", "date_from", "date_to", "remaining_turns")
    def _compute_state(self):
        now = fields.Datetime.now()
        for suspension in self:
            if not suspension.active:
                suspension.state = "lifted"
            elif suspension.kind == "turns":
                suspension.state = (
                    "active" if suspension.remaining_turns > 0 else "expired"
                )
            elif suspension.date_to and suspension.date_to <= now:
                suspension.state = "expired"
            elif suspension.date_from and suspension.date_from > now:
                suspension.state = "planned"
            else:
                suspension.state = "active"

    @api.model
    def _state_domain(self, state, now):
        return {
            "lifted": [("active", "=", False)],
            "planned": [
                ("active", "=", True),
                ("kind", "=", "period"),
                ("date_from", ">", now),
            ],
            "active": [
                ("active", "=", True),
                "|",
                "&",
                ("kind", "=", "turns"),
                ("remaining_turns", ">", 0),
                "&",
                "&",
                ("kind", "=", "period"),
                ("date_from", "<=", now),
                "|",
                ("date_to", "=", False),
                ("date_to", ">", now),
            ],
            "expired": [
                ("active", "=", True),
                "|",
                "&",
                ("kind", "=", "turns"),
                ("remaining_turns", "<=", 0),
                "&",
                ("kind", "=", "period"),
                ("date_to", "<=", now),
            ],
        }[state]

    def _search_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise NotImplementedError(operator)
        states = [value] if isinstance(value, str) else list(value or [])
        now = fields.Datetime.now()
        domain = expression.OR(
            [self._state_domain(state, now) for state in states]
        ) or [expression.FALSE_LEAF]
        if operator in ("!=", "not in"):
            domain = ["!", *domain]
        # lifted suspensions are archived: search them too
        return expression.AND([[("active", "in", (True, False))], domain])

    @api.constrains("kind", "date_from", "date_to", "skip_turns")
    def _check_one_kind(self):
        for suspension in self:
            if suspension.kind == "period":
                if not suspension.date_from:
                    raise ValidationError(
                        self.env._(
                            "From: enter when the suspension of %(user)s starts.",
                            user=suspension.user_id.name,
                        )
                    )
                if suspension.date_to and suspension.date_to <= suspension.date_from:
                    raise ValidationError(
                        self.env._("Until: enter a moment after the From date.")
                    )
                if suspension.skip_turns:
                    raise ValidationError(
                        self.env._(
                            "Turns to Skip: a period suspension skips no turn; "
                            "set it to 0 or choose the kind Skipped Turns."
                        )
                    )
            else:
                if suspension.skip_turns <= 0:
                    raise ValidationError(
                        self.env._(
                            "Turns to Skip: enter a number of turns greater than 0."
                        )
                    )
                if suspension.date_from or suspension.date_to:
                    raise ValidationError(
                        self.env._(
                            "From: a suspension of skipped turns has no dates; "
                            "clear them or choose the kind Period."
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = strip_guarded_create(self, vals_list, ENGINE_FIELDS, group=None)
        for vals in vals_list:
            vals.setdefault("remaining_turns", vals.get("skip_turns") or 0)
        return super().create(vals_list)

    def write(self, vals):
        check_guarded_write(self, vals, ENGINE_FIELDS)
        if "skip_turns" not in vals or "remaining_turns" in vals:
            return super().write(vals)
        # more or fewer turns to skip: the turns already skipped stay skipped
        for suspension in self:
            used = suspension.skip_turns - suspension.remaining_turns
            super(CrmAllocationSuspension, suspension).write(
                dict(vals, remaining_turns=max((vals["skip_turns"] or 0) - used, 0))
            )
        return True

    def action_lift(self):
        self.active = False

    def action_restore(self):
        self.active = True

    @api.model
    def _in_force(self, user_ids, now):
        """Suspensions that keep these users out of the allocation now."""
        return self.search_fetch(
            [("user_id", "in", list(user_ids))] + self._state_domain("active", now),
            ["user_id", "company_id", "kind", "remaining_turns", "date_to"],
            order="id",
        )
