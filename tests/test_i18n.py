"""Every UI string of every addon has a Simplified Chinese translation."""

import ast
import csv
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


GLOSSARY = ROOT / "docs" / "glossary.zh_CN.csv"
#: placeholders and markup are no words of the text (%(tier)s, class="...")
MARKUP = re.compile(r"%\(\w+\)[sdfr]|%[sdfr%]|\{\w*\}|<[^>]*>")


def glossary():
    """The suite's terms: term, zh_CN, source (Odoo or policy), also (other
    forms accepted inside a longer string, a regular expression) and note."""
    with GLOSSARY.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def term_pattern(term):
    """The term as a whole word or words, any case, plural or participle;
    spaces and hyphens are alike (key account, key-account)."""
    words = r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", term))
    return re.compile(rf"(?<![\w-]){words}(?:s|es|d|ed)?(?![\w-])", re.IGNORECASE)


def glossary_problems(entries, rows):
    """(addon, term, msgid, msgstr) of every translation not following the
    glossary: a term that is the whole msgid has exactly its zh_CN; a term
    inside a longer msgid has its zh_CN (or an accepted other form) in the
    msgstr. The longest terms are matched first and hide the words they
    cover, so that "Lead Class" is not checked again as "Class"."""
    rows = sorted(rows, key=lambda row: -len(row["term"]))
    compiled = [
        (row, term_pattern(row["term"]), re.compile(row["also"] or "(?!)"))
        for row in rows
    ]
    problems = []
    for addon, msgid, msgstr in entries:
        whole = [row for row in rows if row["term"].lower() == msgid.strip().lower()]
        if whole:
            if msgstr != whole[0]["zh_CN"]:
                problems.append((addon, whole[0]["term"], msgid, msgstr))
            continue
        text = MARKUP.sub(" ", msgid)
        for row, pattern, also in compiled:
            if not pattern.search(text):
                continue
            text = pattern.sub(" ", text)
            if row["zh_CN"] not in msgstr and not also.search(msgstr):
                problems.append((addon, row["term"], msgid, msgstr))
    return problems


def test_the_glossary_is_one_word_for_one_thing():
    rows = glossary()
    assert rows, GLOSSARY
    terms = [row["term"].lower() for row in rows]
    assert len(terms) == len(set(terms)), "a term is listed twice"
    for row in rows:
        assert row["zh_CN"] and row["source"] in ("Odoo", "policy"), row
        if row["also"]:
            re.compile(row["also"])
            assert row["note"], f"{row['term']}: say why {row['also']} is accepted"
    by_word = {}
    for row in rows:
        by_word.setdefault(row["zh_CN"], []).append(row)
    noted = ("same word", "on purpose")
    shared = [
        [row["term"] for row in same]
        for same in by_word.values()
        if len(same) > 1
        and not all(any(word in row["note"] for word in noted) for row in same)
    ]
    assert not shared, f"terms sharing one Chinese word without a note: {shared}"


def test_a_lead_class_and_a_customer_tier_read_differently():
    words = {row["term"]: row["zh_CN"] for row in glossary()}
    assert words["Class"] != words["Tier"]
    assert words["Lead Class"] != words["Customer Tier"]
    assert words["Tier"] not in words["Lead Class"]
    assert words["Class"] not in words["Customer Tier"]


def test_the_glossary_check_catches_a_wrong_word():
    """The check itself: a lead class read as a tier and an origin read as
    原始 are caught, the same words in the glossary's Chinese are not."""
    rows = glossary()
    wrong = {
        "Judged Class": "判定等级",
        "Origin": "原始",
        "State": "省/州",
        "Leads of this class the member may receive.": "该成员可接收的该等级线索。",
        "Approved, waiting for a lead of the promised class.": "等待此类线索。",
        "%(tier)s is not a tier.": "%(tier)s 不是层级。",
        "It cannot be claimed.": "不能认领。",
    }
    right = {
        "Judged Class": "判定类别",
        "Origin": "来源",
        "Class %(lead_class)s": "%(lead_class)s 类",
        "Rotation: class %(lead_class)s lead.": "轮转：%(lead_class)s 类线索。",
        "Customer Tier": "客户等级",
        '<span class="o_light_label">Every </span>': "<span>每 </span>",
    }
    found = glossary_problems([("x", *entry) for entry in wrong.items()], rows)
    assert [problem[2] for problem in found] == list(wrong)
    assert not glossary_problems([("x", *entry) for entry in right.items()], rows)


@pytest.mark.parametrize("addon", ADDONS)
def test_zh_cn_follows_the_glossary(addon):
    _pot, po = catalogs(addon)
    entries = [
        (addon, entry.msgid, entry.msgstr)
        for entry in po
        if entry.msgstr and not entry.msgid_plural
    ]
    problems = glossary_problems(entries, glossary())
    listed = "".join(
        f"\n  {term}: {msgid!r} => {msgstr!r}"
        for _addon, term, msgid, msgstr in problems[:20]
    )
    assert not problems, f"{addon}: {len(problems)} off the glossary:{listed}"
