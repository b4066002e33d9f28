from odoo import fields, models

KINDS = [("lead", "Lead"), ("opportunity", "Opportunity"), ("customer", "Customer")]
DESTINATIONS = [
    ("pool", "Pool"),
    ("colleague", "Colleague"),
    ("rotation", "Fair rotation"),
]


class CrmHandoverLine(models.Model):
    """One record of a handover and where it went; written by the handover
    engine only (read-only access rights for everyone)."""

    _name = "crm.handover.line"
    _description = "Salesperson Handover Line"
    _order = "handover_id, kind, id"
    _check_company_auto = True

    handover_id = fields.Many2one(
        "crm.handover", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="handover_id.company_id", store=True)
    kind = fields.Selection(KINDS, required=True)
    lead_id = fields.Many2one(
        "crm.lead", index=True, ondelete="set null", check_company=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        ondelete="set null",
        check_company=True,
    )
    destination = fields.Selection(DESTINATIONS, required=True)
    to_user_id = fields.Many2one(
        "res.users",
        string="New Owner",
        help="Empty: the record is in the pool (the rotation found nobody, "
        "or it was sent there).",
    )
    activities_moved = fields.Integer()
    activities_cancelled = fields.Integer()
    holdings_moved = fields.Integer(string="Key-Person Holdings Moved")
    holdings_removed = fields.Integer(string="Key-Person Holdings Removed")
