"""Each addon builds as a wheel the way OCA ships its addons.

The ``pyproject.toml`` of each addon names the whool build backend, as OCA's
18.0 repositories do. whool takes the distribution's name and dependencies
from the manifest, and its version from the manifest and the git history;
it packages the files under git control, so these tests need a git checkout.
Installing the wheels into Odoo is the Odoo tier's (integration/test_wheels.py).
"""

import ast
import email.parser
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("customer_tiering", "lead_allocation", "sales_discipline")

# whool maps Odoo's own addons to the dependency on Odoo, the suite's to theirs
REQUIRES_DIST = {
    "customer_tiering": ["odoo==18.0.*"],
    "lead_allocation": ["odoo-addon-customer_tiering==18.0.*", "odoo==18.0.*"],
    "sales_discipline": ["odoo-addon-lead_allocation==18.0.*", "odoo==18.0.*"],
}

PYPROJECT = """\
[build-system]
requires = ["whool"]
build-backend = "whool.buildapi"
"""


def git(cwd, *args, check=True):
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=check,
    )


def in_git_checkout():
    try:
        return (
            git(ROOT, "rev-parse", "--is-inside-work-tree", check=False).returncode == 0
        )
    except FileNotFoundError:
        return False


pytestmark = pytest.mark.skipif(
    not in_git_checkout(),
    reason="not a git checkout: whool packages the files under git control",
)


def manifest(addon_dir):
    return ast.literal_eval((addon_dir / "__manifest__.py").read_text(encoding="utf-8"))


def expected_version(addon_dir):
    """The version whool gives an 18.0 addon (its default ``.N`` strategy).

    The manifest's version as is when the last commit touching the addon is
    the one that set it; otherwise followed by ``.N``, N being the number of
    commits touching the addon since then, plus one when tracked files of the
    addon have uncommitted changes. A version changed but not yet committed
    gets ``.dev1``.
    """
    version = manifest(addon_dir)["version"]
    prefix = git(addon_dir, "rev-parse", "--show-prefix").stdout.strip()
    dirty = git(
        addon_dir, "diff", "--quiet", "--exit-code", ".", check=False
    ).returncode
    same = 0
    for sha in git(addon_dir, "log", "--format=%H", "--", ".").stdout.split():
        shown = git(addon_dir, "show", f"{sha}:{prefix}__manifest__.py", check=False)
        if shown.returncode:
            break
        if Version(ast.literal_eval(shown.stdout)["version"]) != Version(version):
            break
        same += 1
    count = max(same - 1, 0) + (1 if dirty else 0)
    if not count:
        return version
    if not same:
        return f"{version}.dev1"
    return f"{version}.{count}"


def build_wheels(out_dir):
    subprocess.run(
        [
            "bash",
            "-c",
            f'source "{ROOT}/bin/lib.sh"; build_wheels "{sys.executable}" "{out_dir}"',
        ],
        check=True,
    )
    return sorted(out_dir.glob("*.whl"))


@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    built = build_wheels(tmp_path_factory.mktemp("wheels"))
    by_addon = {}
    for path in built:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            dist_info = next(n.split("/")[0] for n in names if ".dist-info/" in n)
            by_addon[path.name.split("-")[0].removeprefix("odoo_addon_")] = {
                "path": path,
                "names": names,
                "metadata": email.parser.Parser().parsestr(
                    archive.read(f"{dist_info}/METADATA").decode()
                ),
                "wheel": email.parser.Parser().parsestr(
                    archive.read(f"{dist_info}/WHEEL").decode()
                ),
                "dist_info": dist_info,
            }
    return by_addon


def test_one_wheel_per_addon(wheels):
    assert sorted(wheels) == sorted(ADDONS)


@pytest.mark.parametrize("addon", ADDONS)
def test_pyproject_is_ocas(addon):
    text = (ROOT / "addons" / addon / "pyproject.toml").read_text(encoding="utf-8")
    assert text == PYPROJECT


@pytest.mark.parametrize("addon", ADDONS)
def test_metadata(wheels, addon):
    addon_dir = ROOT / "addons" / addon
    data = manifest(addon_dir)
    meta = wheels[addon]["metadata"]
    version = expected_version(addon_dir)
    assert meta["Name"] == f"odoo-addon-{addon}"
    assert meta["Version"] == version
    assert version.startswith(data["version"])
    assert wheels[addon]["path"].name == (
        f"odoo_addon_{addon}-{version}-py3-none-any.whl"
    )
    assert sorted(meta.get_all("Requires-Dist")) == REQUIRES_DIST[addon]
    assert meta["Requires-Python"] == ">=3.10"
    assert meta["Summary"] == " ".join(data["summary"].split())
    assert meta["License"] == data["license"]
    assert "Framework :: Odoo :: 18.0" in meta.get_all("Classifier")
    assert meta["Description-Content-Type"] == "text/x-rst"
    readme = (addon_dir / "README.rst").read_text(encoding="utf-8")
    assert meta.get_payload().strip() == readme.strip()
    assert wheels[addon]["wheel"]["Tag"] == "py3-none-any"
    assert wheels[addon]["wheel"]["Root-Is-Purelib"] == "true"


def test_the_suites_requirements_accept_the_wheels_built(wheels):
    versions = {addon: wheel["metadata"]["Version"] for addon, wheel in wheels.items()}
    checked = 0
    for wheel in wheels.values():
        for requirement in wheel["metadata"].get_all("Requires-Dist"):
            name, _, spec = requirement.partition("==")
            addon = name.removeprefix("odoo-addon-")
            if addon in versions:
                assert versions[addon] in SpecifierSet(f"=={spec}"), requirement
                checked += 1
    assert checked == 2


@pytest.mark.parametrize("addon", ADDONS)
def test_contents_are_the_addons_files_under_git(wheels, addon):
    """The addon's tracked files, tests included as in OCA's wheels, under
    ``odoo/addons/<addon>/``; nothing untracked (caches, byte code), and not
    the build's own pyproject.toml."""
    addon_dir = ROOT / "addons" / addon
    tracked = set(git(addon_dir, "ls-files").stdout.split("\n")) - {
        "",
        "pyproject.toml",
    }
    prefix = f"odoo/addons/{addon}/"
    names = wheels[addon]["names"]
    packaged = {n.removeprefix(prefix) for n in names if n.startswith(prefix)}
    assert packaged == tracked
    assert {n for n in names if not n.startswith(prefix)} == {
        f"{wheels[addon]['dist_info']}/{name}"
        for name in ("METADATA", "WHEEL", "RECORD", "top_level.txt")
    }
    data = manifest(addon_dir)
    for needed in [
        "__manifest__.py",
        "__init__.py",
        "README.rst",
        f"i18n/{addon}.pot",
        "i18n/zh_CN.po",
        "security/ir.model.access.csv",
        *data["data"],
        *data["demo"],
    ]:
        assert needed in packaged, needed
    assert any(name.startswith("static/") for name in packaged)
    assert any(name.startswith("tests/test_") for name in packaged)
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def commit(repo, message):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def whool_version(addon_dir, monkeypatch):
    """The version in the metadata whool prepares for a wheel of addon_dir."""
    from whool.buildapi import prepare_metadata_for_build_wheel  # noqa: PLC0415

    monkeypatch.chdir(addon_dir)
    with tempfile.TemporaryDirectory() as out:
        dist_info = prepare_metadata_for_build_wheel(out)
        text = (Path(out) / dist_info / "METADATA").read_text(encoding="utf-8")
    return email.parser.Parser().parsestr(text)["Version"]


def test_the_version_rule_is_whools(tmp_path, monkeypatch):
    """``expected_version`` above gives what whool 1.3.1 gives, on a history
    with each of the rule's cases."""
    for name, value in {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }.items():
        monkeypatch.setenv(name, value)
    repo = tmp_path / "repo"
    addon_dir = repo / "addons" / "some_addon"
    addon_dir.mkdir(parents=True)
    git(repo, "init", "-q")

    def write_manifest(version):
        (addon_dir / "__manifest__.py").write_text(
            repr({"name": "Some", "version": version, "license": "LGPL-3"})
        )

    def both():
        return expected_version(addon_dir), whool_version(addon_dir, monkeypatch)

    write_manifest("18.0.1.0.0")
    (addon_dir / "pyproject.toml").write_text(PYPROJECT)
    (addon_dir / "__init__.py").write_text("")
    commit(repo, "add")
    assert both() == ("18.0.1.0.0", "18.0.1.0.0")
    (addon_dir / "__init__.py").write_text("# one\n")
    commit(repo, "one")
    (repo / "elsewhere.txt").write_text("not the addon's\n")
    commit(repo, "outside")
    assert both() == ("18.0.1.0.0.1", "18.0.1.0.0.1")
    (addon_dir / "__init__.py").write_text("# two\n")
    commit(repo, "two")
    assert both() == ("18.0.1.0.0.2", "18.0.1.0.0.2")
    (addon_dir / "__init__.py").write_text("# uncommitted\n")
    assert both() == ("18.0.1.0.0.3", "18.0.1.0.0.3")
    write_manifest("18.0.1.1.0")
    assert both() == ("18.0.1.1.0.dev1", "18.0.1.1.0.dev1")
    commit(repo, "bump")
    assert both() == ("18.0.1.1.0", "18.0.1.1.0")
