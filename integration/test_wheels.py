"""The suite installs from its wheels, without the repository's addons.

Builds the three wheels (tests/test_wheels.py checks their metadata and
contents), installs them with ``pip install --no-deps --target`` into a
scratch folder, and installs the addons once from there on a copy of the
template database, with an addons path of that folder and Odoo's own addons
only.
"""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from suite_shell import addons_path, shell

ROOT = Path(__file__).resolve().parent.parent
ADDONS = os.environ.get("SALESPOL_ADDONS", "").split(",")
TEMPLATE_DB = os.environ.get("SALESPOL_TEMPLATE_DB")
WHEELS = ROOT / ".cache" / "wheels"
DB = f"salespol_wheel_{os.getpid()}"

pytestmark = pytest.mark.skipif(
    not TEMPLATE_DB or not os.environ.get("ODOO_CONF"),
    reason="run by bin/test's Odoo tier (needs ODOO_CONF and SALESPOL_TEMPLATE_DB)",
)

WHERE_FROM = """
import json, os, sys
import odoo.addons
from odoo.modules.module import get_module_path
names = %r
print("FROM " + json.dumps({
    "module_path": {name: get_module_path(name) for name in names},
    "imported_from": {
        name: os.path.dirname(sys.modules["odoo.addons." + name].__file__)
        for name in names
    },
    "addons_path": list(odoo.addons.__path__),
    "versions": dict(env.cr.execute(
        "SELECT name, latest_version FROM ir_module_module WHERE name IN %%s",
        [tuple(names)],
    ) or env.cr.fetchall()),
}))
"""


def odoo(addons_dir, *args, **kwargs):
    path = addons_path(addons_dir)
    return subprocess.run(
        [
            "bash",
            "-c",
            f'source "{ROOT}/bin/lib.sh"; odoo_cli {" ".join(args)} -c "$ODOO_CONF" '
            f"-d {DB} --addons-path={path} --no-http --log-level=warn",
        ],
        capture_output=True,
        text=True,
        check=False,
        **kwargs,
    )


@pytest.fixture(scope="module")
def wheel_addons():
    """The addons folder of the wheels installed with pip into a scratch target."""
    shell(f'build_wheels "{sys.executable}" "{WHEELS}"')
    wheels = sorted(WHEELS.glob("*.whl"))
    assert [path.name.split("-")[0] for path in wheels] == [
        f"odoo_addon_{addon}" for addon in sorted(ADDONS)
    ]
    target = WHEELS / "target"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--target",
            str(target),
            *map(str, wheels),
        ],
        check=True,
    )
    return target / "odoo" / "addons"


@pytest.fixture(scope="module")
def installed(wheel_addons):
    shell(f"copy_db {TEMPLATE_DB} {DB}")
    try:
        result = odoo(wheel_addons, "-i", ",".join(ADDONS), "--stop-after-init")
        log = WHEELS / "install.log"
        log.write_text(result.stdout + result.stderr, encoding="utf-8")
        yield result, log
    finally:
        shell(f"drop_own_db {DB}")


def test_wheels_install_into_a_target_folder(wheel_addons):
    for addon in ADDONS:
        assert (wheel_addons / addon / "__manifest__.py").is_file()
        assert (wheel_addons / addon / "i18n" / "zh_CN.po").is_file()
    assert sorted(path.name for path in wheel_addons.iterdir()) == sorted(ADDONS)


def test_install_from_the_wheels_is_clean(installed):
    result, log = installed
    assert result.returncode == 0, log.read_text(encoding="utf-8")[-5000:]
    clean = subprocess.run(
        ["bash", "-c", f'source "{ROOT}/bin/lib.sh"; install_log_clean "{log}"'],
        check=False,
    )
    assert clean.returncode == 0, log.read_text(encoding="utf-8")[-5000:]


def test_odoo_loaded_the_addons_from_the_wheels(installed, wheel_addons):
    states = shell(
        f"PGDATABASE={DB} psql -tAc \"SELECT name || '=' || state FROM "
        "ir_module_module WHERE name IN ('customer_tiering', 'lead_allocation', "
        "'sales_discipline') ORDER BY name\""
    ).split()
    assert states == [f"{addon}=installed" for addon in sorted(ADDONS)]
    out = odoo(wheel_addons, "shell", input=WHERE_FROM % ADDONS)
    assert out.returncode == 0, out.stderr
    line = next(line for line in out.stdout.splitlines() if line.startswith("FROM "))
    found = json.loads(line[len("FROM ") :])
    for addon in ADDONS:
        assert found["module_path"][addon] == str(wheel_addons / addon)
        assert found["imported_from"][addon] == str(wheel_addons / addon)
    assert str(ROOT / "addons") not in found["addons_path"]
    assert found["versions"] == {
        addon: ast.literal_eval(
            (ROOT / "addons" / addon / "__manifest__.py").read_text(encoding="utf-8")
        )["version"]
        for addon in ADDONS
    }
