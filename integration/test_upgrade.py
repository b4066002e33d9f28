"""An existing database keeps its settings through the upgrade that turned
the text settings and the member capacity columns into rows.

Installs the addons as they were in the last commit before the change (its
lead_allocation manifest still says 18.0.1.0.0), sets non-default values the
old way, upgrades with ``-u`` using the current addons and reads the rows.
Runs Odoo's command line on a scratch copy of the template database, since
the addons change under the registry.
"""

import ast
import json
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

import pytest
from suite_shell import addons_path, shell

ROOT = Path(__file__).resolve().parent.parent
ADDONS = os.environ.get("SALESPOL_ADDONS", "")
TEMPLATE_DB = os.environ.get("SALESPOL_TEMPLATE_DB")
UPGRADE_DB = f"salespol_upgrade_{os.getpid()}"
OLD_VERSION = "18.0.1.0.0"
MANIFEST = "addons/lead_allocation/__manifest__.py"

pytestmark = pytest.mark.skipif(
    not TEMPLATE_DB or not os.environ.get("ODOO_CONF"),
    reason="run by bin/test's Odoo tier (needs ODOO_CONF and SALESPOL_TEMPLATE_DB)",
)

SET_OLD_VALUES = """
company = env.ref("base.main_company")
company.write({
    "penalty_ladder_steps": "5,10",
    "intake_mismatch_steps": "1:2:skip:2;4:8:suspend:10:2",
    "lead_allocation_eligibility": "A:senior,intermediate;B:senior;C:junior;"
    "D:intermediate,junior",
})
team = env["crm.team"].create({"name": "Upgrade Team", "company_id": company.id})
user = env["res.users"].create({"name": "Upgrade Seller", "login": "upgrade.seller"})
member = env["crm.team.member"].create({
    "crm_team_id": team.id,
    "user_id": user.id,
    "class_capacity_a": 1,
    "class_capacity_c": 4,
})
print("MEMBER", member.id)
"""

READ_ROWS = """
import json
company = env.ref("base.main_company")
member = env["crm.team.member"].search([("user_id.login", "=", "upgrade.seller")])
print("ROWS " + json.dumps({
    "penalty": company.penalty_step_ids.mapped("suspension_days"),
    "intake": [
        [s.months, s.threshold, s.action, s.skip_turns, s.suspension_days,
         s.off_duty_months]
        for s in company.intake_mismatch_step_ids
    ],
    "eligibility": {
        row.lead_class: sorted(row.level_ids.mapped("code"))
        for row in company.eligibility_ids
    },
    "capacity": {row.lead_class: row.capacity for row in member.capacity_ids},
    "columns": env.cr.execute(
        "SELECT count(*) FROM information_schema.columns WHERE column_name IN "
        "('penalty_ladder_steps', 'intake_mismatch_steps', "
        "'lead_allocation_eligibility', 'class_capacity_a')"
    ) or env.cr.fetchone()[0],
}))
"""


def odoo(addons_dir, *args, stdin=None):
    return shell(
        f'odoo_cli {" ".join(args)} -c "$ODOO_CONF" -d {UPGRADE_DB} '
        f"--addons-path={addons_path(addons_dir)} --no-http --log-level=warn",
        input=stdin,
    )


def old_commit():
    """The most recent commit whose lead_allocation is still 18.0.1.0.0."""
    commits = subprocess.run(
        ["git", "-C", str(ROOT), "rev-list", "HEAD", "--", MANIFEST],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for commit in commits:
        manifest = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{commit}:{MANIFEST}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if ast.literal_eval(manifest)["version"] == OLD_VERSION:
            return commit
    pytest.skip(f"no commit with lead_allocation {OLD_VERSION}")


@pytest.fixture(scope="module")
def old_addons():
    with tempfile.TemporaryDirectory(prefix="salespol_old_") as tmp:
        archive = Path(tmp) / "old.tar"
        subprocess.run(
            [
                "git",
                "-C",
                str(ROOT),
                "archive",
                "-o",
                str(archive),
                old_commit(),
                "addons",
            ],
            check=True,
        )
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        yield Path(tmp) / "addons"


@pytest.fixture(scope="module")
def upgraded_db(old_addons):
    shell(f"copy_db {TEMPLATE_DB} {UPGRADE_DB}")
    try:
        odoo(old_addons, "-i", ADDONS, "--stop-after-init")
        odoo(
            old_addons,
            "shell",
            stdin=SET_OLD_VALUES + "\nenv.cr.commit()\n",
        )
        odoo(ROOT / "addons", "-u", ADDONS, "--stop-after-init")
        yield UPGRADE_DB
    finally:
        shell(f"drop_own_db {UPGRADE_DB}")


def test_upgrade_keeps_every_setting_as_rows(upgraded_db):
    out = odoo(ROOT / "addons", "shell", stdin=READ_ROWS)
    line = next(line for line in out.splitlines() if line.startswith("ROWS "))
    rows = json.loads(line[len("ROWS ") :])
    assert rows["penalty"] == [5, 10]
    assert rows["intake"] == [
        [1, 2, "skip", 2, 7, 1],
        [4, 8, "suspend", 1, 10, 2],
    ]
    assert rows["eligibility"] == {
        "A": ["intermediate", "senior"],
        "B": ["senior"],
        "C": ["junior"],
        "D": ["intermediate", "junior"],
    }
    assert rows["capacity"] == {"A": 1, "C": 4}
    # the old columns are gone once the upgrade is over
    assert rows["columns"] == 0
