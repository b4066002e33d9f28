from odoo.addons.customer_tiering.hooks import drop_own_activities


def uninstall_hook(env):
    """The breach and escalation reminders go with the addon (see
    customer_tiering's hooks)."""
    drop_own_activities(env, "sales_discipline")
