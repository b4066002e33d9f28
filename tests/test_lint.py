"""ruff and pylint-odoo (OCA's mandatory checks) on every addon."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("customer_tiering", "lead_allocation", "sales_discipline")


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.lint
def test_ruff_check():
    result = run("ruff", "check", "--no-fix", "addons", "tests", "bin", "integration")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.lint
def test_ruff_format():
    result = run("ruff", "format", "--check", "addons", "tests", "bin", "integration")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.lint
@pytest.mark.parametrize("addon", ADDONS)
def test_pylint_odoo_mandatory(addon):
    result = run(
        "pylint", "--rcfile=.pylintrc-mandatory", "--score=n", f"addons/{addon}"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_bulk_writer_reaches_the_raw_cursor():
    """One file bypasses the ORM's cursor (COPY): the others go through it."""
    writer = ROOT / "addons" / "customer_tiering" / "tools" / "bulk_writer.py"
    users = [
        path
        for path in (ROOT / "addons").rglob("*.py")
        if "cr._obj" in path.read_text(encoding="utf-8")
    ]
    assert users == [writer]
