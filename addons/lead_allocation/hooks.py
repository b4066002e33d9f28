"""Odoo's "Personal Leads" rule lets a salesperson open every unassigned
lead, contact details included; the pool policy shows him the pool through
``crm.pool.item`` only. The rule is Odoo's (noupdate), so the addon narrows it
at install and gives Odoo's domain back at uninstall."""

from odoo.addons.customer_tiering.hooks import drop_own_activities

from .models.crm_pool_engine import ODOO_ACTIVITY_DOMAIN

PERSONAL_LEAD_RULE = "crm.crm_rule_personal_lead"
ODOO_DOMAIN = "['|',('user_id','=',user.id),('user_id','=',False)]"
POOL_DOMAIN = (
    "['|', ('user_id', '=', user.id), "
    "'&', ('user_id', '=', False), ('registered_by_id', '=', user.id)]"
)


def _set_domain(env, domain):
    rule = env.ref(PERSONAL_LEAD_RULE, raise_if_not_found=False)
    if rule:
        rule.sudo().domain_force = domain


def post_init_hook(env):
    _set_domain(env, POOL_DOMAIN)


def uninstall_hook(env):
    _set_domain(env, ODOO_DOMAIN)
    env["crm.pool.engine"]._narrow_activity_report_rule(ODOO_ACTIVITY_DOMAIN)
    drop_own_activities(env, "lead_allocation")
