from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

MANAGER_GROUP = "sales_team.group_sale_manager"


class ResUsers(models.Model):
    _inherit = "res.users"

    def _handover_owned_counts(self):
        """``{user id: (open leads, customers)}`` the users still own, by the
        suite's one definition of each, in every company."""
        if not self:
            return {}
        facts = self.env["sales.policy.facts"]
        self.env["crm.lead"].flush_model(["user_id", "active", "probability"])
        self.env["res.partner"].flush_model(["user_id", "active", "parent_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT u.id,
                       (SELECT COUNT(*) FROM crm_lead l
                        WHERE l.user_id = u.id AND %(open)s),
                       (SELECT COUNT(*) FROM res_partner p
                        WHERE p.user_id = u.id AND %(customer)s)
                FROM res_users u WHERE u.id = ANY(%(ids)s)
                """,
                open=facts._open_lead_sql("l"),
                customer=facts._customer_sql("p"),
                ids=self.ids,
            )
        )
        return {
            uid: (leads, customers)
            for uid, leads, customers in self.env.cr.fetchall()
            if leads or customers
        }

    def _check_handover_done(self):
        """Archiving a salesperson who still owns open leads or customers
        would leave them to an archived user: refused, whoever asks."""
        owned = self._handover_owned_counts()
        if not owned:
            return
        user = self.browse(next(iter(owned)))
        leads, customers = owned[user.id]
        raise UserError(
            self.env._(
                "Archive: %(user)s still owns %(leads)s open leads and "
                "%(customers)s customers. Run the handover first (Hand Over "
                "button on the user), which hands them to colleagues or the "
                "pool and can archive the salesperson at the end.",
                user=user.name,
                leads=leads,
                customers=customers,
            )
        )

    def write(self, vals):
        if vals.get("active") is False and "active" in vals:
            self.filtered("active")._check_handover_done()
        return super().write(vals)

    def action_archive(self):
        """For a sales manager, archiving a salesperson who still owns
        records opens the handover instead of an error."""
        owned = self._handover_owned_counts()
        if (
            len(self) == 1
            and owned
            and self.env.user.has_group(MANAGER_GROUP)
            and not self.share
        ):
            return self.action_open_handover()
        return super().action_archive()

    def action_open_handover(self):
        self.ensure_one()
        self.env["crm.handover.wizard"]._check_handover_manager()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lead_allocation.crm_handover_wizard_action"
        )
        action["context"] = {
            "default_user_id": self.id,
            "dialog_size": "large",
        }
        return action
