"""Every UI string of every addon has a Simplified Chinese translation."""

import ast
import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("customer_tiering", "lead_allocation", "sales_discipline")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}")
TRANSLATED_CALLS = {"_", "_lt"}


def catalogs(addon):
    i18n = ROOT / "addons" / addon / "i18n"
    return polib.pofile(str(i18n / f"{addon}.pot")), polib.pofile(
        str(i18n / "zh_CN.po")
    )


def python_terms(addon):
    """Literal strings passed to _() / env._() / _lt() in the addon's code."""
    terms = set()
    for path in (ROOT / "addons" / addon).rglob("*.py"):
        if "tests" in path.relative_to(ROOT / "addons" / addon).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else getattr(func, "id", "")
            )
            arg = node.args[0]
            if name in TRANSLATED_CALLS and isinstance(arg, ast.Constant):
                terms.add(arg.value)
    return terms


@pytest.mark.parametrize("addon", ADDONS)
def test_every_pot_term_has_a_zh_cn_translation(addon):
    pot, po = catalogs(addon)
    translated = {
        entry.msgid: entry for entry in po if entry.msgstr and not entry.fuzzy
    }
    missing = [entry.msgid for entry in pot if entry.msgid not in translated]
    assert not missing, f"{addon}: {len(missing)} msgid without zh_CN: {missing[:10]}"


@pytest.mark.parametrize("addon", ADDONS)
def test_zh_cn_keeps_placeholders(addon):
    _pot, po = catalogs(addon)
    for entry in po:
        if entry.msgstr:
            assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(
                PLACEHOLDER.findall(entry.msgstr)
            ), f"{addon}: placeholders differ in {entry.msgid!r}"


@pytest.mark.parametrize("addon", ADDONS)
def test_pot_has_every_python_term(addon):
    pot, _po = catalogs(addon)
    missing = python_terms(addon) - {entry.msgid for entry in pot}
    assert not missing, f"{addon}: re-export the .pot (bin/export_pot): {missing}"
