import csv

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

SUITE = ("customer_tiering", "lead_allocation", "sales_discipline")


@tagged("post_install", "-at_install")
class TestAccessCsv(TransactionCase):
    """An access right names its model twice: by the ir.model record it
    grants on and, for the reader, in its name. Both must be a model of the
    registry, the same one."""

    def test_access_csv_names_existing_models(self):
        installed = self.env["ir.module.module"].search(
            [("name", "in", SUITE), ("state", "=", "installed")]
        )
        self.assertIn("customer_tiering", installed.mapped("name"))
        for module in installed.mapped("name"):
            path = f"{get_module_path(module)}/security/ir.model.access.csv"
            with open(path, encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
            self.assertTrue(rows, f"{module}: empty ir.model.access.csv")
            for row in rows:
                xmlid = row["model_id:id"]
                model = self.env.ref(xmlid if "." in xmlid else f"{module}.{xmlid}")
                with self.subTest(module=module, access=row["id"]):
                    self.assertEqual(model._name, "ir.model")
                    self.assertIn(model.model, self.env.registry)
                    self.assertEqual(row["name"].split()[0], model.model)
