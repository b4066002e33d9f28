"""Each addon uninstalls cleanly, in reverse dependency order, and installs again.

Uninstalling reloads Odoo's registry, which no TransactionCase survives, so
this runs Odoo's command line on a scratch copy of the test database.
"""

import os
import subprocess
from pathlib import Path

import pytest
from suite_shell import shell

ROOT = Path(__file__).resolve().parent.parent
ADDONS = os.environ.get("SALESPOL_ADDONS", "").split(",")
SOURCE_DB = os.environ.get("SALESPOL_SOURCE_DB")
SCRATCH_DB = f"salespol_scratch_{os.getpid()}"

pytestmark = pytest.mark.skipif(
    not SOURCE_DB or not os.environ.get("ODOO_CONF"),
    reason="run by bin/test's Odoo tier (needs ODOO_CONF and SALESPOL_SOURCE_DB)",
)


def odoo_shell(code):
    return subprocess.run(
        [
            "bash",
            "-c",
            (
                f'source "{ROOT}/bin/lib.sh"; odoo_cli shell -c "$ODOO_CONF" '
                f"-d {SCRATCH_DB} --no-http --log-level=warn"
            ),
        ],
        input=code + "\nenv.cr.commit()\n",
        capture_output=True,
        text=True,
        check=True,
    )


def sql(query):
    return shell(f'PGDATABASE={SCRATCH_DB} psql -tAc "{query}"')


@pytest.fixture(scope="module")
def scratch_db():
    shell(f"copy_db {SOURCE_DB} {SCRATCH_DB}")
    yield SCRATCH_DB
    shell(f"drop_own_db {SCRATCH_DB}")


def module_state(name):
    return sql(f"SELECT state FROM ir_module_module WHERE name = '{name}'")


@pytest.mark.parametrize("addon", list(reversed(ADDONS)))
def test_uninstall(scratch_db, addon):
    assert module_state(addon) == "installed"
    odoo_shell(
        f"env['ir.module.module'].search([('name', '=', '{addon}')])"
        ".button_immediate_uninstall()"
    )
    assert module_state(addon) == "uninstalled"
    leftovers = sql(f"SELECT count(*) FROM ir_model_data WHERE module = '{addon}'")
    assert leftovers == "0", f"{addon} left {leftovers} records behind"
    menus = sql(
        "SELECT count(*) FROM ir_ui_menu m JOIN ir_model_data d "
        f"ON d.res_id = m.id AND d.model = 'ir.ui.menu' WHERE d.module = '{addon}'"
    )
    assert menus == "0"


def test_reinstall_all(scratch_db):
    odoo_shell(
        "env['ir.module.module'].search([('name', 'in', %r)])"
        ".button_immediate_install()" % ADDONS
    )
    for addon in ADDONS:
        assert module_state(addon) == "installed"
