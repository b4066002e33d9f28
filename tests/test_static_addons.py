"""Static checks that keep the addons on Odoo 18 and OCA conventions."""

import ast
import csv
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("customer_tiering", "lead_allocation", "sales_discipline")
EXPECTED_DEPENDS = {
    "customer_tiering": {"sale_management", "sale_margin", "crm", "contacts"},
    "lead_allocation": {"customer_tiering", "sale_crm"},
    "sales_discipline": {"lead_allocation", "calendar", "resource"},
}


def manifest(addon):
    return ast.literal_eval((ROOT / "addons" / addon / "__manifest__.py").read_text())


def xml_files(addon):
    return sorted((ROOT / "addons" / addon).rglob("*.xml"))


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_metadata(addon):
    data = manifest(addon)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", data["version"])
    assert data["license"] == "LGPL-3"
    assert data["author"] and data["website"].startswith("https://")
    assert data["category"]
    assert set(data["depends"]) == EXPECTED_DEPENDS[addon]
    assert data.get("installable", True)


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_files_exist_and_are_all_declared(addon):
    data = manifest(addon)
    base = ROOT / "addons" / addon
    declared = data.get("data", []) + data.get("demo", [])
    for name in declared:
        assert (base / name).is_file(), f"{addon}: {name} is declared but missing"
    loadable = {
        str(path.relative_to(base))
        for folder in ("views", "security", "data", "demo", "wizards")
        for path in (base / folder).glob("*")
        if path.suffix in (".xml", ".csv")
    }
    assert loadable <= set(declared), (
        f"{addon}: not in manifest: {loadable - set(declared)}"
    )


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_fragments(addon):
    for name in ("DESCRIPTION.md", "CONFIGURE.md", "USAGE.md"):
        text = (ROOT / "addons" / addon / "readme" / name).read_text()
        assert len(text.strip()) > 40, f"{addon}/readme/{name} is too thin"


@pytest.mark.parametrize("addon", ADDONS)
def test_xml_is_odoo18_syntax(addon):
    for path in xml_files(addon):
        root = ET.parse(path).getroot()
        where = path.relative_to(ROOT)
        for node in root.iter():
            assert node.tag != "tree", f"{where}: use <list>, not <tree>"
            assert "attrs" not in node.attrib, f"{where}: attrs is gone in Odoo 18"
            assert "states" not in node.attrib, f"{where}: states is gone in Odoo 18"
            if node.tag == "field":
                assert node.get("name") not in ("numbercall", "doall"), where
            if node.tag in ("record", "menuitem", "template") and node.get("id"):
                xmlid = node.get("id")
                assert not xmlid.startswith((addon + ".", addon + "_")), (
                    f"{where}: {xmlid} is prefixed with the module name"
                )


@pytest.mark.parametrize("addon", ADDONS)
def test_every_test_module_is_imported(addon):
    """Odoo's test runner (and OCA's CI with it) runs only the test modules
    that ``tests/__init__.py`` imports; pytest-odoo collects files, so a
    module left out passed here and never ran there."""
    tests = ROOT / "addons" / addon / "tests"
    imported = {
        alias.name
        for node in ast.parse((tests / "__init__.py").read_text()).body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    files = {path.stem for path in tests.glob("test_*.py")}
    assert files - imported == set()


@pytest.mark.parametrize("addon", ADDONS)
def test_access_csv_ids_are_unique(addon):
    """That the models exist is checked against the registry, in the Odoo tier."""
    path = ROOT / "addons" / addon / "security" / "ir.model.access.csv"
    if not path.exists():
        pytest.skip(f"{addon} defines no model yet")
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    assert rows, f"{addon}: empty ir.model.access.csv"
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))


SHARED_SERVICES = tuple(f"odoo.addons.{addon}.services." for addon in ADDONS)


@pytest.mark.parametrize("addon", ADDONS)
def test_services_import_nothing_from_odoo(addon):
    for path in (ROOT / "addons" / addon / "services").glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                # only the suite's own pure rules, e.g. the shared messages
                shared = name.startswith(SHARED_SERVICES)
                assert shared or name.split(".")[0] != "odoo", f"{path}: imports {name}"


def test_readme_rst_generated_from_fragments():
    sys.path.insert(0, str(ROOT / "bin"))
    try:
        import gen_readme
    finally:
        sys.path.pop(0)
    assert gen_readme.main(check=True) == [], "run python bin/gen_readme.py"
