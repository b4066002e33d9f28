"""Odoo's "Personal Leads" rule lets a salesperson open every unassigned
lead, contact details included; the pool policy shows him the pool through
``crm.pool.item`` only. The rule is Odoo's (noupdate), so the addon narrows it
at install and gives Odoo's domain back at uninstall."""

from odoo.tools import SQL

from odoo.addons.customer_tiering.hooks import drop_own_activities

from .models.crm_pool_engine import ODOO_ACTIVITY_DOMAIN, ODOO_LEAD_DOMAIN


def post_init_hook(env):
    env["crm.pool.engine"]._narrow_odoo_rules()
    # existing companies get the default eligibility matrix as rows; companies
    # created later get it from res.company.create
    env["res.company"].with_context(active_test=False).search(
        []
    )._create_default_eligibility()


def uninstall_hook(env):
    env["crm.pool.engine"]._narrow_odoo_rules(ODOO_LEAD_DOMAIN, ODOO_ACTIVITY_DOMAIN)
    drop_own_activities(env, "lead_allocation")
    # The handover reports and the releases name users (required): they go
    # with their tables, but first, so that the demo's departed salesperson
    # they name is removed with the module's data.
    env.flush_all()
    for table in ("crm_handover_line", "crm_handover", "crm_pool_release"):
        env.cr.execute(SQL("DELETE FROM %s", SQL.identifier(table)))
    env.invalidate_all()
