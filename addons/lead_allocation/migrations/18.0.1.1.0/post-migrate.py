"""The eligibility matrix was a text on the company ("A:senior;B:...") and
the capacities per class four columns of the team member; they are rows now.
The old columns are still there when this runs (Odoo drops the columns of
removed fields at the very end of the upgrade): each company's text becomes
its rows, each capacity above 0 a row of its member. What already has rows
is left alone, so running it twice changes nothing."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
from odoo.tools.sql import column_exists

from odoo.addons.lead_allocation.services import classing

_logger = logging.getLogger(__name__)

CAPACITY_COLUMNS = {
    lead_class: f"class_capacity_{lead_class.lower()}"
    for lead_class in classing.CLASSES
}


def _eligibility_texts(cr):
    if not column_exists(cr, "res_company", "lead_allocation_eligibility"):
        return {}
    cr.execute(SQL("SELECT id, lead_allocation_eligibility FROM res_company"))
    return dict(cr.fetchall())


def _matrix(text, codes, company):
    if not (text or "").strip():
        return classing.DEFAULT_ELIGIBILITY
    try:
        matrix = classing.parse_eligibility(text, levels=codes)
    except ValueError as error:
        _logger.warning(
            "lead_allocation_eligibility of company %s: %r unreadable (%s), "
            "default rows used",
            company.id,
            text,
            error,
        )
        return classing.DEFAULT_ELIGIBILITY
    # a class nobody could receive cannot be a row: keep its default levels
    return {
        lead_class: levels or classing.DEFAULT_ELIGIBILITY[lead_class]
        for lead_class, levels in matrix.items()
    }


def convert_eligibility(env):
    Eligibility = env["crm.allocation.eligibility"].sudo()
    codes = tuple(
        env["crm.salesperson.level"]
        .with_context(active_test=False)
        .search([])
        .mapped("code")
    )
    texts = _eligibility_texts(env.cr)
    existing = {(row.company_id.id, row.lead_class) for row in Eligibility.search([])}
    vals_list = []
    for company in env["res.company"].with_context(active_test=False).search([]):
        matrix = _matrix(texts.get(company.id), codes, company)
        vals_list += [
            vals
            for vals in Eligibility._vals_from_matrix(company, matrix)
            if (company.id, vals["lead_class"]) not in existing
        ]
    Eligibility.create(vals_list)


def convert_capacities(env):
    cr = env.cr
    columns = {
        lead_class: column
        for lead_class, column in CAPACITY_COLUMNS.items()
        if column_exists(cr, "crm_team_member", column)
    }
    if not columns:
        return
    Capacity = env["crm.team.member.capacity"].sudo()
    existing = {(row.member_id.id, row.lead_class) for row in Capacity.search([])}
    cr.execute(
        SQL(
            "SELECT id, %s FROM crm_team_member",
            SQL(", ").join(SQL.identifier(column) for column in columns.values()),
        )
    )
    vals_list = []
    for member_id, *capacities in cr.fetchall():
        for lead_class, capacity in zip(columns, capacities, strict=True):
            if capacity and capacity > 0 and (member_id, lead_class) not in existing:
                vals_list.append(
                    {
                        "member_id": member_id,
                        "lead_class": lead_class,
                        "capacity": capacity,
                    }
                )
    Capacity.create(vals_list)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    convert_eligibility(env)
    convert_capacities(env)
