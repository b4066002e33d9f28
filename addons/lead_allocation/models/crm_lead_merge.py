from odoo import models
from odoo.exceptions import AccessError

from .res_partner import takes_own_registration


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def merge_opportunity(self, user_id=False, team_id=False, auto_unlink=True):
        """Merging deletes all but one lead and moves their data into it: a
        salesperson merges his own leads only (and the pool leads he registered
        himself and could still take, as Odoo's convert wizard does), never
        another pool lead nor a colleague's; a sales manager merges any."""
        if not (
            self.env.su or self.env.user.has_group("sales_team.group_sale_manager")
        ):
            uid = self.env.uid
            foreign = self.sudo().filtered(
                lambda lead: (
                    lead.user_id.id != uid and not takes_own_registration(lead, uid)
                )
            )
            if foreign:
                raise AccessError(
                    self.env._(
                        "Merge: %(leads)s is not yours (a pool lead or a colleague's "
                        "lead); merge your own leads only, or ask your sales "
                        "manager.",
                        leads=", ".join(foreign[:3].mapped("display_name")),
                    )
                )
        return super().merge_opportunity(
            user_id=user_id, team_id=team_id, auto_unlink=auto_unlink
        )
