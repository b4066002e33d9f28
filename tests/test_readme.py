"""The README's Simplified Chinese section says what the English one says to a
Chinese user: the same commands and logins, the same screenshots taken in
Chinese, and menu paths named as the Chinese interface names them."""

import ast
import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SHOTS_DIR = ROOT / "docs" / "screenshots"
ADDONS = ("customer_tiering", "lead_allocation", "sales_discipline")
ZH_HEADING = "## 简体中文"
# Odoo's own menus and buttons on the suite's menu paths, as Odoo 18's
# zh_CN catalogs translate them (crm, sale, account, web).
ODOO_TERMS = {
    "客户关系管理",  # CRM
    "配置",  # Configuration
    "设置",  # Settings
    "销售团队",  # Sales Teams
    "销售",  # Sales
    "我的渠道",  # My Pipeline
    "报表",  # Reporting
    "发票",  # Invoicing
    "客户",  # Customers
    "其他信息",  # Other Info
    "操作",  # Actions
}
SCREENSHOT = re.compile(r"\]\((docs/screenshots/[^)]+\.png)\)")
MENU_PATH = re.compile(r"\*([^*\n]+?(?: > [^*\n]+?)+)\*")


def readme():
    return README.read_text(encoding="utf-8")


def zh_section():
    text = readme()
    assert ZH_HEADING in text, "README.md has no 简体中文 section"
    section = text.split(ZH_HEADING, 1)[1]
    return re.split(r"^## ", section, maxsplit=1, flags=re.MULTILINE)[0]


def shot_names():
    """The names of the shots bin/screenshots.py takes (its SHOTS table)."""
    tree = ast.parse((ROOT / "bin" / "screenshots.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "SHOTS":
            return {shot[0] for shot in ast.literal_eval(node.value)}
    raise AssertionError("bin/screenshots.py has no SHOTS table")


def catalog_terms():
    terms = set()
    for addon in ADDONS:
        for entry in polib.pofile(str(ROOT / "addons" / addon / "i18n" / "zh_CN.po")):
            terms.add(entry.msgstr)
    return terms


def test_the_top_of_the_readme_links_to_the_chinese_section():
    head = readme().split("\n## ", 1)[0]
    assert "](#简体中文)" in head


def test_every_shot_is_in_both_languages_in_the_readme_and_on_disk():
    english, chinese = set(), set()
    for path in SCREENSHOT.findall(readme()):
        assert (ROOT / path).is_file(), f"README.md shows {path}, which is missing"
        folder, name = Path(path).parent, Path(path).stem
        (chinese if folder.name == "zh_CN" else english).add(name)
    names = shot_names()
    assert english == names
    assert chinese == names
    assert {p.stem for p in SHOTS_DIR.glob("*.png")} == names
    assert {p.stem for p in (SHOTS_DIR / "zh_CN").glob("*.png")} == names


def test_the_chinese_screenshots_are_in_the_chinese_section():
    paths = set(SCREENSHOT.findall(zh_section()))
    assert paths and all("/zh_CN/" in path for path in paths)


def test_the_chinese_section_gives_both_commands_with_odoo_path_and_python():
    section = zh_section()
    for command in ("bin/run", "bin/test"):
        assert re.search(
            rf"^ {{4}}ODOO_PATH=\S+ ODOO_PYTHON=\S+ {command}$", section, re.MULTILINE
        ), f"the 简体中文 section does not show how to run {command}"


def test_the_chinese_section_gives_the_demo_logins_bin_run_prints():
    logins = set(re.findall(r"\S+@example\.com", (ROOT / "bin" / "run").read_text()))
    assert logins
    section = zh_section()
    for login in logins | {"admin"}:
        assert f"`{login}`" in section, f"{login} is missing from 简体中文"


def test_the_chinese_menu_paths_use_the_interface_terms():
    """A renamed menu or a changed translation leaves the README naming a
    menu the user does not see: every step of a *A > B > C* path is a term
    of the suite's zh_CN catalogs or one of Odoo's own menus."""
    known = catalog_terms() | ODOO_TERMS
    paths = MENU_PATH.findall(zh_section())
    assert len(paths) > 20
    unknown = {
        step for path in paths for step in path.split(" > ") if step not in known
    }
    assert not unknown, f"not in the zh_CN catalogs: {sorted(unknown)}"
