from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools.derived import (
    check_derived_write,
    strip_derived_create,
    without_defaults,
)
from ..tools.guard import check_guarded_write

DECISION_ROLES = [
    ("decision_maker", "Decision Maker"),
    ("approver", "Approver"),
    ("financial_buyer", "Financial Buyer"),
    ("technical_evaluator", "Technical Evaluator"),
    ("influencer", "Influencer"),
    ("user", "User"),
    ("gatekeeper", "Gatekeeper"),
]
RELATIONSHIP_STATUSES = [
    ("positive", "Positive"),
    ("neutral", "Neutral"),
    ("negative", "Negative"),
    ("not_established", "Not Established"),
]
STATUS_COLORS = {"positive": 10, "neutral": 3, "negative": 1, "not_established": 0}
#: derived from the customer
DERIVED_FIELDS = ("salesperson_id", "company_id")
#: moving a key person to another customer is a manager's decision
MANAGER_FIELDS = ("partner_id",)


class CustomerKeyPerson(models.Model):
    """A person who weighs on the customer's buying decisions.

    Preferences and concerns are personal: they live in fields only sales
    managers can read, and are shown to the employees who hold the
    relationship through computed fields that check who is asking.
    """

    _name = "customer.key.person"
    _description = "Customer Key Person"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "partner_id, sequence, id"
    _rec_name = "contact_id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_company", "=", True)],
        tracking=True,
        check_company=True,
    )
    salesperson_id = fields.Many2one(related="partner_id.user_id", store=True)
    company_id = fields.Many2one(
        related="partner_id.company_id", store=True, index=True
    )
    contact_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('parent_id', '=', partner_id)]",
        tracking=True,
        check_company=True,
    )
    position = fields.Char(
        compute="_compute_position", store=True, readonly=False, tracking=True
    )
    email = fields.Char(related="contact_id.email")
    phone = fields.Char(related="contact_id.phone")
    decision_role = fields.Selection(DECISION_ROLES, required=True, tracking=True)
    relationship_status = fields.Selection(
        RELATIONSHIP_STATUSES,
        required=True,
        default="not_established",
        tracking=True,
    )
    influence = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")],
        default="medium",
        required=True,
        tracking=True,
    )
    holder_ids = fields.One2many(
        "customer.key.person.holder", "key_person_id", string="Relationship Holders"
    )
    holder_user_ids = fields.Many2many(
        "res.users",
        string="Held By",
        compute="_compute_holder_user_ids",
        search="_search_holder_user_ids",
    )
    last_contact_date = fields.Date(string="Last Contact", tracking=True)
    private_preferences = fields.Text(groups="sales_team.group_sale_manager")
    private_concerns = fields.Text(groups="sales_team.group_sale_manager")
    can_see_private = fields.Boolean(compute="_compute_can_see_private")
    preferences = fields.Text(
        string="Personal Preferences",
        compute="_compute_private_notes",
        inverse="_inverse_preferences",
        help="Visible only to the employees who hold the relationship and to "
        "sales managers.",
    )
    concerns = fields.Text(
        compute="_compute_private_notes",
        inverse="_inverse_concerns",
        help="Visible only to the employees who hold the relationship and to "
        "sales managers.",
    )
    color = fields.Integer(compute="_compute_color")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "contact_unique",
            "unique(contact_id)",
            "A contact can only be recorded once as a key person.",
        )
    ]

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = strip_derived_create(self, vals_list, DERIVED_FIELDS)
        self = without_defaults(self, DERIVED_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        check_derived_write(self, vals, DERIVED_FIELDS)
        check_guarded_write(self, vals, MANAGER_FIELDS)
        return super().write(vals)

    @api.depends("contact_id")
    def _compute_position(self):
        for person in self:
            if person.contact_id.function and not person.position:
                person.position = person.contact_id.function

    @api.depends("holder_ids.user_id")
    def _compute_holder_user_ids(self):
        for person in self:
            person.holder_user_ids = person.holder_ids.user_id

    def _search_holder_user_ids(self, operator, value):
        return [("holder_ids.user_id", operator, value)]

    @api.depends("relationship_status")
    def _compute_color(self):
        for person in self:
            person.color = STATUS_COLORS.get(person.relationship_status, 0)

    @api.depends_context("uid")
    @api.depends("holder_ids.user_id")
    def _compute_can_see_private(self):
        is_manager = self.env.user.has_group("sales_team.group_sale_manager")
        for person in self:
            person.can_see_private = (
                is_manager or self.env.user in person.sudo().holder_ids.user_id
            )

    @api.depends_context("uid")
    @api.depends("holder_ids.user_id")
    def _compute_private_notes(self):
        for person in self:
            if person.can_see_private:
                private = person.sudo()
                person.preferences = private.private_preferences
                person.concerns = private.private_concerns
            else:
                person.preferences = False
                person.concerns = False

    def _write_private(self, field_name, value_field):
        for person in self:
            if not person.can_see_private:
                raise AccessError(
                    self.env._(
                        "%(field)s: only the holders of the relationship with "
                        "%(person)s and sales managers may edit it.",
                        field=self._fields[value_field].get_description(self.env)[
                            "string"
                        ],
                        person=person.contact_id.display_name,
                    )
                )
            person.sudo()[field_name] = person[value_field]

    def _inverse_preferences(self):
        self._write_private("private_preferences", "preferences")

    def _inverse_concerns(self):
        self._write_private("private_concerns", "concerns")

    @api.constrains("partner_id", "contact_id")
    def _check_contact_belongs_to_customer(self):
        for person in self:
            if person.contact_id.commercial_partner_id != person.partner_id:
                raise ValidationError(
                    self.env._(
                        "Contact: %(contact)s does not work for %(customer)s; "
                        "choose one of the customer's contacts.",
                        contact=person.contact_id.display_name,
                        customer=person.partner_id.display_name,
                    )
                )
            if not person.partner_id.is_company:
                raise ValidationError(
                    self.env._(
                        "Customer: %(customer)s is not a company; key persons are "
                        "recorded on customer companies.",
                        customer=person.partner_id.display_name,
                    )
                )

    def _notify_handover(self, archived_users):
        """One 'Hand over relationship' activity per recipient and key person,
        never two while one is open."""
        activity_type = self.env.ref("customer_tiering.mail_activity_type_handover")
        managers = (
            self.env.ref("sales_team.group_sale_manager")
            .sudo()
            .users.filtered(lambda user: user.active and not user.share)
        )
        existing = (
            self.env["mail.activity"]
            .sudo()
            .search_read(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id", "user_id"],
            )
        )
        open_pairs = {
            (row["res_id"], row["user_id"][0]) for row in existing if row["user_id"]
        }
        model_id = self.env["ir.model"]._get_id(self._name)
        values = []
        for person in self.sudo():
            leavers = person.holder_ids.user_id & archived_users
            recipients = (person.partner_id.user_id | managers) - archived_users
            for user in recipients:
                if (person.id, user.id) in open_pairs:
                    continue
                open_pairs.add((person.id, user.id))
                values.append(
                    {
                        "res_model_id": model_id,
                        "res_id": person.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "summary": self.env._(
                            "Hand over the relationship with %(contact)s: "
                            "%(users)s left",
                            contact=person.contact_id.display_name,
                            users=", ".join(leavers.mapped("name")),
                        ),
                    }
                )
        return self.env["mail.activity"].sudo().create(values)
