"""The eligibility matrix and the member capacities as rows: each row
refuses a bad value naming its field, the allocation follows the rows, a
company's rows are its own, and the upgrade turns the old text and columns
into rows."""

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.modules.migration import load_script
from odoo.modules.module import get_module_path
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common import AllocationCase


def _post_migrate():
    path = f"{get_module_path('lead_allocation')}/migrations/18.0.1.1.0/post-migrate.py"
    return load_script(path, "lead_allocation_post_migrate_18_0_1_1_0")


@tagged("post_install", "-at_install")
class TestRuleRows(AllocationCase):
    def _eligibility(self, company=None):
        return self.env["crm.allocation.eligibility"].search(
            [("company_id", "=", (company or self.company).id)]
        )

    def _codes(self):
        return {
            row.lead_class: sorted(row.level_ids.mapped("code"))
            for row in self._eligibility()
        }

    def test_new_company_gets_the_default_matrix(self):
        self.assertEqual(
            self._codes(),
            {
                "A": ["senior"],
                "B": ["intermediate", "senior"],
                "C": ["intermediate", "junior"],
                "D": ["junior"],
            },
        )

    def test_bad_rows_are_refused_naming_the_field(self):
        row_a = self._eligibility().filtered(lambda row: row.lead_class == "A")
        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            row_a.with_user(self.manager).level_ids = [Command.clear()]
        self.assertIn("Eligible Levels", str(caught.exception))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env["crm.allocation.eligibility"].with_user(self.manager).create(
                    {
                        "company_id": self.company.id,
                        "lead_class": "B",
                        "level_ids": [Command.set(self.level_junior.ids)],
                    }
                )
        member = self._membership(self.junior)
        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            member.with_user(self.manager).capacity_ids = [
                Command.create({"lead_class": "D", "capacity": -2})
            ]
        self.assertIn("Max Leads", str(caught.exception))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                member.with_user(self.manager).capacity_ids = [
                    Command.create({"lead_class": "D", "capacity": 2}),
                    Command.create({"lead_class": "D", "capacity": 3}),
                ]
        self.env.invalidate_all()
        self.assertEqual(self._codes()["A"], ["senior"])
        self.assertFalse(member.capacity_ids)

    def test_allocation_follows_the_matrix_rows(self):
        leads = self._leads("A", 2)
        self._allocate()
        self.assertEqual(set(leads.user_id), {self.senior})
        row_a = self._eligibility().filtered(lambda row: row.lead_class == "A")
        row_a.with_user(self.manager).level_ids = [Command.set(self.level_junior.ids)]
        leads = self._leads("A", 2)
        self._allocate()
        self.assertEqual(set(leads.user_id), {self.junior})

    def test_allocation_follows_the_capacity_rows(self):
        member = self._membership(self.junior)
        member.with_user(self.manager).capacity_ids = [
            Command.create({"lead_class": "D", "capacity": 1})
        ]
        leads = self._leads("D", 2)
        self._allocate()
        self.assertEqual(len(leads.filtered("user_id")), 1)
        member.capacity_ids.with_user(self.manager).capacity = 3
        self._allocate()
        self.assertEqual(len(leads.filtered("user_id")), 2)

    def test_migration_turns_old_values_into_rows(self):
        cr = self.env.cr
        cr.execute(
            "ALTER TABLE res_company ADD COLUMN IF NOT EXISTS "
            "lead_allocation_eligibility varchar"
        )
        for lead_class in "abcd":
            cr.execute(
                SQL(
                    "ALTER TABLE crm_team_member ADD COLUMN IF NOT EXISTS %s int4",
                    SQL.identifier(f"class_capacity_{lead_class}"),
                )
            )
        member = self._membership(self.junior)
        cr.execute(
            SQL(
                "UPDATE res_company SET lead_allocation_eligibility = %s WHERE id = %s",
                "A:senior,intermediate;B:senior;C:junior;D:intermediate,junior",
                self.company.id,
            )
        )
        cr.execute(
            SQL(
                "UPDATE crm_team_member SET class_capacity_b = 0, "
                "class_capacity_c = 4, class_capacity_d = 2 WHERE id = %s",
                member.id,
            )
        )
        self._eligibility().unlink()
        migration = _post_migrate()
        migration.migrate(cr, "18.0.1.0.0")
        migration.migrate(cr, "18.0.1.0.0")  # idempotent
        self.env.invalidate_all()
        self.assertEqual(
            self._codes(),
            {
                "A": ["intermediate", "senior"],
                "B": ["senior"],
                "C": ["junior"],
                "D": ["intermediate", "junior"],
            },
        )
        self.assertEqual(
            [(row.lead_class, row.capacity) for row in member.capacity_ids],
            [("C", 4), ("D", 2)],
        )
        self.assertEqual(member._class_capacities(), {"C": 4, "D": 2})
        # an unreadable text gives the default matrix
        cr.execute(
            SQL(
                "UPDATE res_company SET lead_allocation_eligibility = 'A:boss' "
                "WHERE id = %s",
                self.company.id,
            )
        )
        self._eligibility().unlink()
        with mute_logger("lead_allocation_post_migrate_18_0_1_1_0"):
            migration.migrate(cr, "18.0.1.0.0")
        self.assertEqual(self._codes()["A"], ["senior"])


@tagged("post_install", "-at_install")
class TestRuleRowsTwoCompanies(AllocationCase):
    """A salesperson or manager of company B neither reads nor writes company
    A's matrix or capacities; a salesperson writes none at all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Rows Company B"})
        cls.manager_b = new_test_user(
            cls.env,
            login="la_rows_manager_b",
            groups="sales_team.group_sale_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.seller_b = new_test_user(
            cls.env,
            login="la_rows_seller_b",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        member = cls.env["crm.team.member"].search(
            [("user_id", "=", cls.junior.id), ("crm_team_id", "=", cls.team.id)]
        )
        member.capacity_ids = [Command.create({"lead_class": "D", "capacity": 5})]
        cls.capacity = member.capacity_ids

    def _rows_a(self):
        return self.env["crm.allocation.eligibility"].search(
            [("company_id", "=", self.company.id)]
        )

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_company_b_cannot_see_or_change_company_a_rows(self):
        self.assertEqual(self.capacity.company_id, self.company)
        for rows in (self._rows_a(), self.capacity):
            for user in (self.manager_b, self.seller_b):
                with self.subTest(model=rows._name, user=user.login):
                    self.assertFalse(
                        rows.with_user(user)
                        .with_context(allowed_company_ids=self.company_b.ids)
                        .search([])
                        & rows
                    )
                    with self.assertRaises(AccessError):
                        rows.with_user(user).with_context(
                            allowed_company_ids=self.company_b.ids
                        ).read(["company_id"])
                    with self.assertRaises(AccessError):
                        rows[0].with_user(user).with_context(
                            allowed_company_ids=self.company_b.ids
                        ).write({"lead_class": "C"})
                    with self.assertRaises(AccessError):
                        rows.with_user(user).with_context(
                            allowed_company_ids=self.company_b.ids
                        ).unlink()
        # a free class, so that only the access rules can refuse the row
        self._rows_a().filtered(lambda row: row.lead_class == "A").unlink()
        with self.assertRaises(AccessError):
            self.env["crm.allocation.eligibility"].with_user(
                self.manager_b
            ).with_context(allowed_company_ids=self.company_b.ids).create(
                {
                    "company_id": self.company.id,
                    "lead_class": "A",
                    "level_ids": [Command.set(self.level_junior.ids)],
                }
            )
        self.env.invalidate_all()
        self.assertEqual(self.capacity.capacity, 5)
        self.assertEqual(len(self._rows_a()), 3)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_salesperson_cannot_write_his_own_company_rows(self):
        rows = self._rows_a()
        seller = self.senior
        self.assertEqual(
            self.env["crm.allocation.eligibility"].with_user(seller).search([]), rows
        )
        with self.assertRaises(AccessError):
            rows[0].with_user(seller).write(
                {"level_ids": [Command.set(self.level_junior.ids)]}
            )
        with self.assertRaises(AccessError):
            rows.with_user(seller).unlink()
        with self.assertRaises(AccessError):
            self.capacity.with_user(seller).capacity = 99
        with self.assertRaises(AccessError):
            self.env["crm.team.member.capacity"].with_user(seller).create(
                {
                    "member_id": self._membership(seller).id,
                    "lead_class": "A",
                    "capacity": 99,
                }
            )
        self.env.invalidate_all()
        self.assertEqual(self.capacity.capacity, 5)
        self.assertEqual(
            sorted(rows[0].level_ids.mapped("code")),
            ["senior"],
        )
