"""Odoo keeps an activity type while activities use it, so uninstalling an
addon whose scheduled actions filed reminders would leave its activity types
behind. The reminders belong to the addon's policy: they go with it."""


def drop_own_activities(env, module):
    type_ids = (
        env["ir.model.data"]
        .sudo()
        .search([("module", "=", module), ("model", "=", "mail.activity.type")])
        .mapped("res_id")
    )
    if type_ids:
        env["mail.activity"].sudo().with_context(active_test=False).search(
            [("activity_type_id", "in", type_ids)]
        ).unlink()


def uninstall_hook(env):
    drop_own_activities(env, "customer_tiering")
