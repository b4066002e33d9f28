"""What the integration tests share: bin/lib.sh's helpers, and the addons path
that puts one folder of the suite's addons before Odoo's own."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shell(script, **kwargs):
    """Runs a bin/lib.sh snippet and returns its output."""
    return subprocess.run(
        ["bash", "-c", f'source "{ROOT}/bin/lib.sh"; export_pg_env; {script}'],
        capture_output=True,
        text=True,
        check=True,
        **kwargs,
    ).stdout.strip()


def addons_path(addons_dir):
    odoo = os.environ["ODOO_PATH"]
    return ",".join([str(addons_dir), f"{odoo}/addons", f"{odoo}/odoo/addons"])
