from odoo.addons.customer_tiering.hooks import drop_own_activities


def post_init_hook(env):
    """Existing companies get today's default ladders as rows (companies
    created later get them from ``res.company.create``); then, with the demo
    data only, the demo database's story (demo/story.py): a database installed
    without demo data never sees it."""
    env["res.company"].with_context(active_test=False).search(
        []
    )._create_default_discipline_steps()
    if env.ref("base.module_sales_discipline").demo:
        from .demo.story import load_story  # noqa: PLC0415

        load_story(env)


def uninstall_hook(env):
    """The breach and escalation reminders go with the addon (see
    customer_tiering's hooks)."""
    drop_own_activities(env, "sales_discipline")
