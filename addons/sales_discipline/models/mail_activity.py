from odoo import models

CALL_MODELS = ("crm.lead", "res.partner")


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """A "Call" activity done on a lead or a customer is an outbound
        call of whoever marked it done: logged before the activity goes."""
        call_type = self.env.ref(
            "mail.mail_activity_data_call", raise_if_not_found=False
        )
        calls = self.filtered(
            lambda activity: (
                call_type
                and activity.activity_type_id == call_type
                and activity.res_model in CALL_MODELS
                and activity.res_id
            )
        )
        if calls:
            records_by_model = {}
            for model in CALL_MODELS:
                ids = calls.filtered(
                    lambda a, model=model: a.res_model == model
                ).mapped("res_id")
                if ids:
                    records_by_model[model] = (
                        self.env[model].sudo().browse(ids).exists()
                    )
            self.env["sales.call.log"]._log_done_calls(records_by_model, self.env.user)
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
