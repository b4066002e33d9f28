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


#: base's Chinese words for an address: a label of the suite that is not an
#: address field must not read as one (a workflow "State" is 状态, not 省/州)
ADDRESS_TERMS = {"省/州", "省份", "国家", "城市", "邮编", "街道", "地址"}
FIELD_REF = re.compile(r"field_description:\w+\.field_\w+?__(\w+)$")


def test_a_term_shared_by_two_addons_reads_the_same():
    """Odoo keeps one translation of a model's or a shared field's name: the
    addons must agree on it, and the user sees one word for one thing."""
    seen = {}
    for addon in ADDONS:
        _pot, po = catalogs(addon)
        for entry in po:
            if entry.msgstr and not entry.msgid_plural:
                seen.setdefault(entry.msgid, {})[addon] = entry.msgstr
    differing = {
        msgid: words for msgid, words in seen.items() if len(set(words.values())) > 1
    }
    assert not differing, (
        f"{len(differing)} terms differ: {list(differing.items())[:5]}"
    )


@pytest.mark.parametrize("addon", ADDONS)
def test_no_field_label_reads_as_an_address(addon):
    _pot, po = catalogs(addon)
    wrong = []
    for entry in po:
        if entry.msgstr not in ADDRESS_TERMS:
            continue
        for occurrence, _line in entry.occurrences:
            for token in occurrence.split():
                found = FIELD_REF.search(token)
                if found and not found[1].endswith(("_id", "city", "zip", "street")):
                    wrong.append((found[1], entry.msgid, entry.msgstr))
    assert not wrong, f"{addon}: labels translated as an address: {wrong[:5]}"
