from odoo import api, models
from odoo.tools import SQL

from ..services import facts


class SalesPolicyFacts(models.AbstractModel):
    """The business facts of ``services/facts.py`` as the engines use them: an
    ORM domain for searches and record rules, an SQL condition for the bulk
    engines. Each is written once here; an engine that needs "an open lead"
    calls ``_open_lead_sql`` instead of spelling out its own condition."""

    _name = "sales.policy.facts"
    _description = "Sales Policy Business Facts"

    # ------------------------------------------------------------------
    # an open lead
    # ------------------------------------------------------------------
    @api.model
    def _open_lead_domain(self):
        return [
            ("active", "=", True),
            "|",
            ("probability", "=", False),
            ("probability", "<", facts.WON_PROBABILITY),
            "|",
            ("stage_id", "=", False),
            ("stage_id.is_won", "=", False),
        ]

    @api.model
    def _open_lead_sql(self, alias="l"):
        lead = SQL.identifier(alias)
        return SQL(
            """(%(lead)s.active
                AND COALESCE(%(lead)s.probability, 0) < %(won)s
                AND NOT EXISTS (
                    SELECT 1 FROM crm_stage won_stage
                    WHERE won_stage.id = %(lead)s.stage_id AND won_stage.is_won
                ))""",
            lead=lead,
            won=facts.WON_PROBABILITY,
        )

    @api.model
    def _is_open_lead(self, lead):
        return facts.is_open_lead(lead.active, lead.probability, lead.stage_id.is_won)

    # ------------------------------------------------------------------
    # a customer
    # ------------------------------------------------------------------
    @api.model
    def _confirmed_order_sql(self, alias="so"):
        """A confirmed sale: the order Odoo has confirmed (``sale``); quotations,
        sent ones and cancelled orders are no sales."""
        return SQL("%s = 'sale'", SQL.identifier(alias, "state"))

    @api.model
    def _company_amount_sql(self, amount, alias="so"):
        """``amount`` (an SQL expression on the order) in the company's
        currency: ``currency_rate`` converts company currency to the order's,
        and is 1 when unset."""
        return SQL(
            "%s / COALESCE(NULLIF(%s, 0), 1)",
            amount,
            SQL.identifier(alias, "currency_rate"),
        )

    @api.model
    def _customer_sql(self, alias="p"):
        partner = SQL.identifier(alias)
        return SQL(
            """(%(p)s.active
                AND %(p)s.parent_id IS NULL
                AND NOT EXISTS (
                    SELECT 1 FROM res_company own WHERE own.partner_id = %(p)s.id
                )
                AND NOT EXISTS (
                    SELECT 1 FROM res_users employee
                    WHERE employee.partner_id = %(p)s.id AND NOT employee.share
                ))""",
            p=partner,
        )

    @api.model
    def _is_customer(self, partner):
        partner = partner.sudo()
        return facts.is_customer(
            partner.active,
            not partner.parent_id,
            bool(
                self.env["res.company"]
                .sudo()
                .with_context(active_test=False)
                .search_count([("partner_id", "=", partner.id)], limit=1)
            ),
            any(
                not user.share
                for user in partner.with_context(active_test=False).user_ids
            ),
        )

    # ------------------------------------------------------------------
    # a sales contact
    # ------------------------------------------------------------------
    @api.model
    def _contact_activity_type_ids(self):
        email = self.env.ref("mail.mail_activity_data_email", raise_if_not_found=False)
        types = self.env["mail.activity.type"].sudo().with_context(active_test=False)
        domain = [("category", "in", tuple(facts.CONTACT_ACTIVITY_CATEGORIES))]
        if email:
            domain = ["|", ("id", "=", email.id)] + domain
        return tuple(types.search(domain).ids) or (0,)

    @api.model
    def _sales_contact_message_sql(self, model):
        """``(res_id, user_id, day)`` rows: every sales contact on records of
        ``model``, with the internal user who made it."""
        tracked = [
            self.env["ir.model.fields"]._get(model, name).id
            for name in ("stage_id",)
            if name in self.env[model]._fields
        ]
        return SQL(
            """
            SELECT m.res_id, u.id, m.date::date
            FROM mail_message m JOIN res_users u ON u.partner_id = m.author_id
            WHERE m.model = %(model)s AND (
                m.message_type IN %(types)s
                OR m.mail_activity_type_id IN %(activities)s
                OR (m.message_type = 'comment' AND m.mail_activity_type_id IS NULL
                    AND m.subtype_id = %(comment)s)
                OR EXISTS (
                    SELECT 1 FROM mail_tracking_value t
                    WHERE t.mail_message_id = m.id AND t.field_id IN %(tracked)s
                )
            )
            """,
            model=model,
            types=tuple(facts.CONTACT_MESSAGE_TYPES),
            activities=self._contact_activity_type_ids(),
            comment=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment"),
            tracked=tuple(tracked) or (0,),
        )

    @api.model
    def _is_sales_contact_message(self, message):
        if not message:
            return False
        # Ids from the cached xmlid table: env.ref would query each record's
        # existence for every message posted.
        xmlid_to_res_id = self.env["ir.model.data"]._xmlid_to_res_id
        activity = message.sudo().mail_activity_type_id
        email_id = xmlid_to_res_id(
            "mail.mail_activity_data_email", raise_if_not_found=False
        )
        return facts.is_sales_contact(
            message.message_type,
            message.subtype_id.id == xmlid_to_res_id("mail.mt_comment"),
            activity_category=activity.category if activity else None,
            is_email_activity=bool(activity and activity.id == email_id),
        )
