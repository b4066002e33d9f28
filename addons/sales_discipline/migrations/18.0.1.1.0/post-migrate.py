"""The penalty ladder and the intake mismatch ladder were texts on the
company ("7,15,30", "1:3:skip:1;..."); they are rows now. The old columns
are still there when this runs (Odoo drops the columns of removed fields at
the very end of the upgrade): each company's text becomes its rows, a
company without text or with an unreadable one gets the default rows.
Companies that already have rows are left alone, so running it twice
changes nothing."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
from odoo.tools.sql import column_exists

from odoo.addons.sales_discipline.services import ladder, mismatch

_logger = logging.getLogger(__name__)


def _old_texts(cr, column):
    if not column_exists(cr, "res_company", column):
        return {}
    cr.execute(SQL("SELECT id, %s FROM res_company", SQL.identifier(column)))
    return dict(cr.fetchall())


def _parse(parser, text, defaults, company, setting):
    if not (text or "").strip():
        return defaults
    try:
        return parser(text)
    except ValueError as error:
        _logger.warning(
            "%s of company %s: %r unreadable (%s), default rows used",
            setting,
            company.id,
            text,
            error,
        )
        return defaults


def convert(env):
    """Rows from the old texts, for the companies that have none yet."""
    cr = env.cr
    penalty_texts = _old_texts(cr, "penalty_ladder_steps")
    intake_texts = _old_texts(cr, "intake_mismatch_steps")
    companies = env["res.company"].with_context(active_test=False).search([])
    Penalty = env["sales.penalty.step"].sudo()
    Intake = env["sales.intake.mismatch.step"].sudo()
    with_penalty = set(Penalty.search([]).company_id.ids)
    with_intake = set(Intake.search([]).company_id.ids)
    penalty_vals, intake_vals = [], []
    for company in companies:
        if company.id not in with_penalty:
            days = _parse(
                ladder.parse_steps,
                penalty_texts.get(company.id),
                ladder.DEFAULT_STEPS,
                company,
                "penalty_ladder_steps",
            )
            penalty_vals += [
                {"company_id": company.id, "sequence": rank * 10, "suspension_days": d}
                for rank, d in enumerate(days, start=1)
            ]
        if company.id not in with_intake:
            steps = _parse(
                mismatch.parse_steps,
                intake_texts.get(company.id),
                mismatch.DEFAULT_STEPS,
                company,
                "intake_mismatch_steps",
            )
            intake_vals += Intake._vals_from_service_steps(company, steps)
    Penalty.create(penalty_vals)
    Intake.create(intake_vals)


def migrate(cr, version):
    if not version:
        return
    convert(api.Environment(cr, SUPERUSER_ID, {}))
