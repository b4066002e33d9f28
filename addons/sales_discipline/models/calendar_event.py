from odoo import api, models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    @api.model_create_multi
    def create(self, vals_list):
        """A meeting scheduled on a lead by its owner is a first contact."""
        events = super().create(vals_list)
        for event in events.filtered("opportunity_id"):
            event.opportunity_id._record_first_contact(event.user_id.partner_id)
        return events
