from odoo import fields, models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def _check_may_judge(self):
        super()._check_may_judge()
        until = self.env.user.intake_off_duty_until
        if (
            not self.env.su
            and until
            and fields.Date.context_today(self) < until
            and not self.env.user.has_group("sales_team.group_sale_manager")
        ):
            raise UserError(
                self.env._(
                    "Judged Class: you are off intake duty until %(date)s (intake "
                    "mismatch ladder); leave the class empty or ask another "
                    "intake agent.",
                    date=until,
                )
            )
