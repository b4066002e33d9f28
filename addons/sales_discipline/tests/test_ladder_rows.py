"""The penalty and intake mismatch ladders as rows: each row refuses a bad
value naming its field, the ladders follow the rows, a company's rows are its
own, and the upgrade turns the old texts into rows."""

from datetime import date

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.modules.migration import load_script
from odoo.modules.module import get_module_path
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.lead_allocation.tests.common import AllocationCase


def _post_migrate():
    path = (
        f"{get_module_path('sales_discipline')}/migrations/18.0.1.1.0/post-migrate.py"
    )
    return load_script(path, "sales_discipline_post_migrate_18_0_1_1_0")


@tagged("post_install", "-at_install")
class TestLadderRows(AllocationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Step = cls.env["sales.penalty.step"]
        cls.MismatchStep = cls.env["sales.intake.mismatch.step"]
        cls.late = cls.env.ref("sales_discipline.violation_type_late_entry")

    def _rows(self, company=None):
        company = company or self.company
        return (
            self.Step.search([("company_id", "=", company.id)]),
            self.MismatchStep.search([("company_id", "=", company.id)]),
        )

    def _confirmed_violation(self, user):
        violation = (
            self.env["sales.violation"]
            .with_user(self.manager)
            .create(
                {
                    "user_id": user.id,
                    "type_id": self.late.id,
                    "date": fields.Date.today(),
                    "company_id": self.company.id,
                }
            )
        )
        violation.action_confirm()
        return violation

    def _days(self, violation):
        suspension = violation.suspension_ids
        return (suspension.date_to - suspension.date_from).days

    def test_new_company_gets_the_default_rows(self):
        steps, mismatch_steps = self._rows()
        self.assertEqual(steps.mapped("suspension_days"), [7, 15, 30])
        self.assertEqual(
            [
                (s.months, s.threshold, s.action, s.skip_turns, s.suspension_days)
                for s in mismatch_steps
            ],
            [(1, 3, "skip", 1, 7), (2, 6, "skip", 3, 7), (3, 10, "suspend", 1, 7)],
        )

    def test_bad_penalty_step_is_refused_and_nothing_written(self):
        steps, _mismatch = self._rows()
        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            steps[1].with_user(self.manager).suspension_days = 0
        self.assertIn("Suspension Days", str(caught.exception))
        self.assertIn("step 2", str(caught.exception))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.Step.with_user(self.manager).create(
                {"company_id": self.company.id, "suspension_days": -3}
            )
        self.env.invalidate_all()
        self.assertEqual(self._rows()[0].mapped("suspension_days"), [7, 15, 30])

    def test_bad_mismatch_step_is_refused_naming_the_field(self):
        cases = [
            ({"months": 0}, "Consecutive Months"),
            ({"threshold": 0}, "Mismatches"),
            ({"action": "skip", "skip_turns": 0}, "Turns to Skip"),
            ({"action": "suspend", "suspension_days": 0}, "Days Suspended"),
            ({"action": "suspend", "off_duty_months": 0}, "Months off Intake"),
        ]
        for values, text in cases:
            with self.subTest(values=values):
                with self.assertRaises(ValidationError) as caught:
                    with self.env.cr.savepoint():
                        self.MismatchStep.with_user(self.manager).create(
                            dict({"company_id": self.company.id, "months": 4}, **values)
                        )
                self.assertIn(text, str(caught.exception))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.MismatchStep.with_user(self.manager).create(
                    {"company_id": self.company.id, "months": 2}
                )
        self.assertEqual(len(self._rows()[1]), 3)

    def test_violation_ladder_follows_the_rows(self):
        steps, _mismatch = self._rows()
        steps[0].with_user(self.manager).suspension_days = 4
        self.assertEqual(self._days(self._confirmed_violation(self.junior)), 4)
        steps[1].with_user(self.manager).suspension_days = 9
        steps[2].with_user(self.manager).unlink()
        self.assertEqual(self._days(self._confirmed_violation(self.junior)), 9)
        # the last step repeats
        self.assertEqual(self._days(self._confirmed_violation(self.junior)), 9)

    def test_mismatch_ladder_follows_the_rows(self):
        _steps, mismatch_steps = self._rows()
        one_month = mismatch_steps.filtered(lambda s: s.months == 1)
        one_month.with_user(self.manager).write({"threshold": 2, "skip_turns": 4})
        self.env["crm.intake.mismatch"].sudo().create(
            [
                {
                    "user_id": self.intake.id,
                    "date": date(2026, 3, 5),
                    "company_id": self.company.id,
                    "judged_class": "A",
                    "actual_class": "C",
                }
                for _index in range(2)
            ]
        )
        firing = self.env["sales.intake.mismatch.firing"].search(
            [("user_id", "=", self.intake.id)]
        )
        self.assertEqual((firing.step, firing.count, firing.amount), (1, 2, 4))

    def test_migration_turns_old_texts_into_rows(self):
        cr = self.env.cr
        for column in ("penalty_ladder_steps", "intake_mismatch_steps"):
            cr.execute(
                SQL(
                    "ALTER TABLE res_company ADD COLUMN IF NOT EXISTS %s varchar",
                    SQL.identifier(column),
                )
            )
        cr.execute(
            SQL(
                "UPDATE res_company SET penalty_ladder_steps = %s, "
                "intake_mismatch_steps = %s WHERE id = %s",
                "5,10",
                "2:4:skip:2;4:8:suspend:10:2",
                self.company.id,
            )
        )
        steps, mismatch_steps = self._rows()
        steps.unlink()
        mismatch_steps.unlink()
        migration = _post_migrate()
        migration.migrate(cr, "18.0.1.0.0")
        migration.migrate(cr, "18.0.1.0.0")  # idempotent
        steps, mismatch_steps = self._rows()
        self.assertEqual(steps.mapped("suspension_days"), [5, 10])
        self.assertEqual(
            [
                (s.months, s.threshold, s.action, s.skip_turns, s.suspension_days)
                for s in mismatch_steps
            ],
            [(2, 4, "skip", 2, 7), (4, 8, "suspend", 1, 10)],
        )
        self.assertEqual(mismatch_steps[1].off_duty_months, 2)
        self.assertEqual(self.company._penalty_steps(), (5, 10))
        # an unreadable text falls back to the defaults
        cr.execute(
            SQL(
                "UPDATE res_company SET penalty_ladder_steps = 'x' WHERE id = %s",
                self.company.id,
            )
        )
        self._rows()[0].unlink()
        with mute_logger("sales_discipline_post_migrate_18_0_1_1_0"):
            migration.migrate(cr, "18.0.1.0.0")
        self.assertEqual(self._rows()[0].mapped("suspension_days"), [7, 15, 30])


@tagged("post_install", "-at_install")
class TestLadderRowsTwoCompanies(AllocationCase):
    """A salesperson or manager of company B neither reads nor writes company
    A's ladders; a salesperson writes none at all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Ladder Company B"})
        cls.manager_b = new_test_user(
            cls.env,
            login="sd_rows_manager_b",
            groups="sales_team.group_sale_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.seller_b = new_test_user(
            cls.env,
            login="sd_rows_seller_b",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_company_b_cannot_see_or_change_company_a_rows(self):
        for model in ("sales.penalty.step", "sales.intake.mismatch.step"):
            rows_a = self.env[model].search([("company_id", "=", self.company.id)])
            self.assertTrue(rows_a)
            for user in (self.manager_b, self.seller_b):
                with self.subTest(model=model, user=user.login):
                    self.assertFalse(
                        self.env[model]
                        .with_user(user)
                        .with_context(allowed_company_ids=self.company_b.ids)
                        .search([])
                        & rows_a
                    )
                    with self.assertRaises(AccessError):
                        rows_a.with_user(user).with_context(
                            allowed_company_ids=self.company_b.ids
                        ).read(["company_id"])
                    with self.assertRaises(AccessError):
                        rows_a[0].with_user(user).with_context(
                            allowed_company_ids=self.company_b.ids
                        ).write({"sequence": 99})
                    with self.assertRaises(AccessError):
                        rows_a.with_user(user).with_context(
                            allowed_company_ids=self.company_b.ids
                        ).unlink()
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.manager_b).with_context(
                    allowed_company_ids=self.company_b.ids
                ).create(
                    {"company_id": self.company.id}
                    | ({"months": 9} if "months" in self.env[model] else {})
                )

    @mute_logger("odoo.models")
    def test_salesperson_cannot_write_his_own_company_rows(self):
        for model, values in (
            ("sales.penalty.step", {"suspension_days": 1}),
            ("sales.intake.mismatch.step", {"threshold": 100}),
        ):
            rows = self.env[model].search([("company_id", "=", self.company.id)])
            before = rows.read(list(values))
            seller = self.senior.with_context(active_test=False)
            self.assertEqual(
                len(self.env[model].with_user(seller).search([])), len(rows)
            )
            with self.assertRaises(AccessError):
                rows[0].with_user(seller).write(values)
            with self.assertRaises(AccessError):
                rows.with_user(seller).unlink()
            with self.assertRaises(AccessError):
                self.env[model].with_user(seller).create(
                    dict(values, company_id=self.company.id, months=9)
                    if model == "sales.intake.mismatch.step"
                    else dict(values, company_id=self.company.id)
                )
            rows.invalidate_recordset()
            self.assertEqual(rows.read(list(values)), before)
