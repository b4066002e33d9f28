"""OCA's checks (.pre-commit-config.yaml) over every file of the repository.

Each hook runs in a scratch git repository holding a copy of the work tree
(tracked files and new ones git does not ignore), so that a fixer that fails
(prettier, ruff, the whitespace fixers, the README generator) never rewrites
the developer's files: the test fails with the hook's output and its diff.
The tools are the project's: the test environment's and node_modules/ (bin/test
and bin/lint install both).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
NODE_BIN = ROOT / "node_modules" / ".bin"
# shows OCA's optional checks and exits 0 whatever it finds (--exit-zero):
# bin/lint runs it, tier 1 does not spend two minutes on a check that never fails
NEVER_FAILS = {"pylint_odoo-optional"}


def hook_ids():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    return [hook["id"] for repo in config["repos"] for hook in repo["hooks"]]


def git(cwd, *args):
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def lint_env(home):
    env = dict(os.environ)
    # SKIP would make pre-commit skip hooks silently, OCA_HOOKS_* change the
    # checks of oca-checks-odoo-module
    for name in ("SKIP", "OCA_HOOKS_ENABLE", "OCA_HOOKS_DISABLE"):
        env.pop(name, None)
    env["PATH"] = os.pathsep.join(
        [str(Path(sys.executable).parent), str(NODE_BIN), env.get("PATH", "")]
    )
    env["PRE_COMMIT_HOME"] = str(home)
    env["PRE_COMMIT_COLOR"] = "never"
    return env


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """A git repository with a copy of the work tree, and node_modules linked."""
    assert (NODE_BIN / "prettier").exists() and (NODE_BIN / "eslint").exists(), (
        "prettier and eslint are not installed: run bin/lint --install-only "
        "(bin/test does), which installs package-lock.json into node_modules/"
    )
    base = tmp_path_factory.mktemp("lint")
    copy = base / "repo"
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the work tree, not yet in git
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, target)
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    git(copy, "init", "-q")
    git(copy, "add", "-A")
    git(
        copy,
        "-c",
        "user.name=lint",
        "-c",
        "user.email=lint@localhost",
        "commit",
        "-q",
        "--no-verify",
        "-m",
        "work tree",
    )
    return copy, lint_env(base / "pre-commit-home")


def run_hook(scratch, hook, *args):
    """Runs one hook, then puts the copy back as it was for the next one."""
    copy, env = scratch
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", hook, "--show-diff-on-failure"]
        + list(args),
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    git(copy, "reset", "-q", "--hard")
    git(copy, "clean", "-qfd", "--exclude=node_modules")
    return result


@pytest.mark.lint
@pytest.mark.parametrize("hook", [h for h in hook_ids() if h not in NEVER_FAILS])
def test_pre_commit_hook(scratch, hook):
    result = run_hook(scratch, hook, "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.lint
def test_a_hook_finding_fails_and_shows_the_diff(scratch):
    """The harness itself: a fixer's change and a checker's finding fail."""
    copy, _env = scratch
    demo = copy / "addons" / "lead_allocation" / "demo" / "crm_handover_demo.xml"
    text = demo.read_text(encoding="utf-8")
    without_context = text.replace(" context=\"{'no_reset_password': True}\"", "")
    assert without_context != text
    sloppy = text.replace("<odoo", "<!-- a sloppy line -->  \n<odoo", 1)
    demo.write_text(sloppy, encoding="utf-8")
    whitespace = run_hook(scratch, "trailing-whitespace", "--files", str(demo))
    demo.write_text(without_context, encoding="utf-8")
    module = run_hook(scratch, "oca-checks-odoo-module", "--files", str(demo))
    assert demo.read_text(encoding="utf-8") == text
    assert whitespace.returncode != 0
    assert "files were modified by this hook" in whitespace.stdout
    assert "All changes made by hooks:" in whitespace.stdout
    assert "+<!-- a sloppy line -->\n" in whitespace.stdout
    assert module.returncode != 0
    assert "xml-create-user-wo-reset-password" in module.stdout


def test_only_the_bulk_writer_reaches_the_raw_cursor():
    """One file bypasses the ORM's cursor (COPY): the others go through it."""
    writer = ROOT / "addons" / "customer_tiering" / "tools" / "bulk_writer.py"
    users = [
        path
        for path in (ROOT / "addons").rglob("*.py")
        if "cr._obj" in path.read_text(encoding="utf-8")
    ]
    assert users == [writer]
