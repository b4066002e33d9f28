from odoo import api, fields, models
from odoo.exceptions import ValidationError

LEAD_KEYS = ["A", "B", "C", "D"]
CUSTOMER_KEYS = ["vip", "senior", "regular", "ordinary", "potential"]


class CrmPoolCycleRule(models.Model):
    """Ownership-cycle days of one lead class or one customer share tier,
    replacing the company's defaults."""

    _name = "crm.pool.cycle.rule"
    _description = "Ownership Cycle Rule"
    _order = "kind, key"
    _check_company_auto = True

    kind = fields.Selection(
        [("lead", "Leads"), ("customer", "Customers")], required=True, default="lead"
    )
    key = fields.Selection(
        [(key, key) for key in LEAD_KEYS]
        + [
            ("vip", "VIP"),
            ("senior", "Senior"),
            ("regular", "Regular"),
            ("ordinary", "Ordinary"),
            ("potential", "Potential"),
        ],
        string="Class or Tier",
        required=True,
    )
    idle_days = fields.Integer(
        string="No Sales Action For (days)", help="0 keeps the company's default."
    )
    cycle_days = fields.Integer(
        string="Not Won Within (days)", help="Leads only; 0 keeps the default."
    )
    no_order_days = fields.Integer(
        string="No Order For (days)", help="Customers only; 0 keeps the default."
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    @api.constrains("kind", "key", "idle_days", "cycle_days", "no_order_days")
    def _check_rule(self):
        for rule in self:
            allowed = LEAD_KEYS if rule.kind == "lead" else CUSTOMER_KEYS
            if rule.key not in allowed:
                raise ValidationError(
                    self.env._(
                        "Class or Tier: choose one of %(keys)s for this kind of "
                        "record.",
                        keys=", ".join(allowed),
                    )
                )
            for name in ("idle_days", "cycle_days", "no_order_days"):
                if rule[name] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s: enter 0 (the default) or a positive number "
                            "of days.",
                            field=self._fields[name].get_description(self.env)[
                                "string"
                            ],
                        )
                    )
