from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

SUITE = ("customer_tiering", "lead_allocation", "sales_discipline")
# Records that carry a company and point at Odoo's multi-company records.
COMPANY_RECORDS = ("crm.lead", "crm.team", "res.partner")
# The pool's list is a read-only SQL view of leads and customers of every
# company, filtered by its own rule: nothing is ever written through it.
VIEWS = ("crm.pool.item",)


@tagged("post_install", "-at_install")
class TestMultiCompany(TransactionCase):
    """Every record of the suite that belongs to a company checks, on the
    server, that what it points at is of the same company, and is read only
    in the companies the user works in: whatever the client sends."""

    def _suite_models(self):
        for name, model in self.env.registry.items():
            if (
                model._original_module in SUITE
                and not model._abstract
                and not model._transient
                and model._auto
                and "company_id" in model._fields
                and model._fields["company_id"].store
            ):
                yield name, model

    def test_every_company_model_is_checked(self):
        names = []
        for name, model in self._suite_models():
            names.append(name)
            with self.subTest(model=name):
                self.assertTrue(
                    model._check_company_auto,
                    f"{name} has a company but no _check_company_auto",
                )
        self.assertIn("crm.lead.allocation.log", names)
        self.assertIn("sales.violation", names)

    def test_every_company_model_has_a_company_rule(self):
        Rule = self.env["ir.rule"].sudo()
        for name, _model in self._suite_models():
            with self.subTest(model=name):
                rules = Rule.search(
                    [("model_id.model", "=", name), ("global", "=", True)]
                )
                self.assertTrue(
                    any("company_ids" in (rule.domain_force or "") for rule in rules),
                    f"{name} has no multi-company record rule",
                )

    def test_relations_to_company_records_are_checked(self):
        for name, model in self._suite_models():
            if name in VIEWS:
                continue
            for field in model._fields.values():
                if (
                    field.type == "many2one"
                    and field.store
                    and field.comodel_name in COMPANY_RECORDS
                    and field.name != "company_id"
                    and not field.related
                ):
                    with self.subTest(model=name, field=field.name):
                        self.assertTrue(
                            field.check_company,
                            f"{name}.{field.name} does not check its company",
                        )

    def test_company_team_settings_take_a_team_of_the_company(self):
        """Every setting of a company that names a sales team refuses a team
        of another company, naming the setting."""
        company = self.env.company
        other = self.env["res.company"].create({"name": "Other Settings Co"})
        foreign = self.env["crm.team"].create(
            {"name": "Foreign", "company_id": other.id}
        )
        shared = self.env["crm.team"].create({"name": "Shared", "company_id": False})
        for fname in ("special_team_id", "territory_default_team_id"):
            with self.subTest(setting=fname):
                with self.assertRaises(ValidationError) as caught:
                    company[fname] = foreign
                label = company._fields[fname].string
                self.assertIn(label, str(caught.exception))
                company[fname] = shared
                self.assertEqual(company[fname], shared)
