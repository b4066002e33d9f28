"""The Markdown fragments become reStructuredText docutils reads cleanly.

Odoo renders README.rst with docutils on the Apps page and logs every
system message (even the informational ones) at install.
"""

import ast
import hashlib
import io
import re
import sys
from pathlib import Path

import pytest
from docutils import nodes
from docutils.core import publish_doctree

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("customer_tiering", "lead_allocation", "sales_discipline")

sys.path.insert(0, str(ROOT / "bin"))
try:
    import gen_readme
    from md_to_rst import convert, escape, inline, width
finally:
    sys.path.pop(0)


def docutils_messages(rst):
    """Every docutils message on rst, parsed with the settings Odoo uses."""
    stream = io.StringIO()
    doctree = publish_doctree(
        rst,
        settings_overrides={
            # ir.module.module._get_desc
            "embed_stylesheet": False,
            "doctitle_xform": False,
            "file_insertion_enabled": False,
            "report_level": 1,
            "halt_level": 5,
            "warning_stream": stream,
        },
    )
    messages = [node.astext() for node in doctree.findall(nodes.system_message)]
    return messages + ([stream.getvalue()] if stream.getvalue() else [])


def clean_doctree(rst):
    assert docutils_messages(rst) == [], rst
    return publish_doctree(rst, settings_overrides={"doctitle_xform": False})


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_rst_parses_without_any_docutils_message(addon):
    text = (ROOT / "addons" / addon / "README.rst").read_text(encoding="utf-8")
    assert docutils_messages(text) == []


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_rst_has_no_markdown_left(addon):
    text = (ROOT / "addons" / addon / "README.rst").read_text(encoding="utf-8")
    for line in text.splitlines():
        badges = re.fullmatch(r"(\|[\w-]+\| ?)+", line)  # |badge1| |badge2|
        assert not line.startswith(("#", "|", "```")) or badges, line


def test_docutils_check_catches_markdown():
    assert docutils_messages("| a | b |\n|---|---|\n| 1 | 2 |\n")


# headings


def test_headings_underlined_by_their_number_of_hashes_as_pandoc_does():
    rst = convert("# A\n\n## B\n\ntext\n\n### C\n\n#### D\n\n##### E\n\n## F\n")
    assert rst == "A\n=\n\nB\n-\n\ntext\n\nC\n~\n\nD\n^\n\nE\n'\n\nF\n-\n"
    clean_doctree("=====\nTitle\n=====\n\n" + rst)


def test_heading_after_a_jump_of_levels_keeps_its_number_of_hashes():
    assert convert("## A\n\n#### B\n\n### C\n") == "A\n-\n\nB\n^\n\nC\n~\n"


def test_heading_deeper_than_the_underlines_is_refused():
    with pytest.raises(ValueError, match="at most 5"):
        convert("###### Six\n")
    # the credits' fragments are shifted one level down, as OCA's tool does
    assert convert("# One\n\n## Two\n", "-~") == "One\n---\n\nTwo\n~~~\n"
    with pytest.raises(ValueError, match="at most 2"):
        convert("### Three\n", "-~")


def test_heading_interrupts_a_paragraph():
    rst = convert("text\n## Title (`x`)\nmore\n")
    assert rst == "text\n\nTitle (``x``)\n-------------\n\nmore\n"


def test_setext_heading():
    assert convert("Title\n=====\n\nSub\n---\n") == "Title\n=====\n\nSub\n---\n"


def test_underline_counts_wide_characters_twice():
    assert width("客户 A") == 6
    assert convert("## 客户\n") == "客户\n----\n"


def test_heading_in_a_list_item_is_a_rubric():
    rst = convert("- # Inside\n", "-")
    assert rst == "- .. rubric:: Inside\n"
    clean_doctree(rst)


# paragraphs and escaping


def test_paragraph_lines_are_kept_and_dedented():
    assert convert("one\n   two\nthree\n") == "one\ntwo\nthree\n"


def test_rst_markup_characters_in_text_are_escaped():
    assert escape("a|b|c *x* `y` word_ __init__ \\") == (
        "a\\|b\\|c \\*x\\* \\`y\\` word\\_ \\__init\\_\\_ \\\\"
    )
    doctree = clean_doctree(inline("a |sub| b_ 2 * 3 and \\*x\\*"))
    assert doctree.astext() == "a |sub| b_ 2 * 3 and *x*"


def test_snake_case_stays_readable():
    assert inline("sale_margin and drop_own_activities") == (
        "sale_margin and drop_own_activities"
    )


@pytest.mark.parametrize(
    "text",
    ["A. capital", "(a) letter", "IV. roman", ".. comment", ":field: value", "-x opt"],
)
def test_paragraph_start_read_as_rst_markup_is_escaped(text):
    rst = convert(text + "\n")
    assert clean_doctree(rst).astext() == text


def test_paragraph_ending_with_double_colon_is_no_literal_block():
    assert clean_doctree(convert("Example::\n")).astext() == "Example::"


# inline markup


def test_inline_code():
    assert inline("the `sale_margin` field") == "the ``sale_margin`` field"
    assert inline("``a `b` c``") == "``a `b` c``"
    assert inline("`*` and `_x_`") == "``*`` and ``_x_``"


def test_bold_and_italic():
    assert inline("**Value tier** and *Sales* or __b__ and _i_") == (
        "**Value tier** and *Sales* or **b** and *i*"
    )


def test_markup_spans_lines():
    rst = inline("Odoo's own *Skip auto\nassignment* field")
    assert rst == "Odoo's own *Skip auto\nassignment* field"
    assert clean_doctree(rst).astext() == "Odoo's own Skip auto\nassignment field"


def test_nested_markup_is_flattened():
    assert inline("**bold `code` and *it* too**") == "**bold code and it too**"


def test_bold_italic_is_bold():
    assert inline("***both***") == "**both**"


def test_unmatched_markers_are_text():
    assert inline("5 * 3 and a*b and `open") == "5 \\* 3 and a\\*b and \\`open"


def test_markup_next_to_letters_gets_an_escaped_space():
    rst = inline("x`code`s and **b**c and a*it*")
    assert rst == "x\\ ``code``\\ s and **b**\\ c and a\\ *it*"
    assert clean_doctree(rst).astext() == "xcodes and bc and ait"


def test_markup_next_to_punctuation_needs_no_escaped_space():
    assert inline("(`x`), “*y*”.") == "(``x``), “*y*”."


def test_links():
    assert inline("see [the docs](https://example.com/a_b) now") == (
        "see `the docs <https://example.com/a_b>`__ now"
    )
    assert inline("[**bold** `x`](https://e.com)") == "`bold x <https://e.com>`__"
    assert inline("<https://e.com>") == "https://e.com"
    assert inline("[https://e.com](https://e.com)") == "https://e.com"


def test_two_links_with_one_text_and_two_urls_are_clean():
    rst = inline("[here](https://a.com) and [here](https://b.com)")
    doctree = clean_doctree(rst)
    refs = [node["refuri"] for node in doctree.findall(nodes.reference)]
    assert refs == ["https://a.com", "https://b.com"]


def test_link_url_with_parentheses_or_final_underscore():
    rst = inline("[a](https://e.com/a_(b)) [b](https://e.com/c_)")
    assert rst == "`a <https://e.com/a_(b)>`__ `b <https://e.com/c\\_>`__"
    refs = [node["refuri"] for node in clean_doctree(rst).findall(nodes.reference)]
    assert refs == ["https://e.com/a_(b)", "https://e.com/c_"]


def test_email_autolink_is_the_bare_address_docutils_links():
    rst = inline("A B \\<<a.b@c-d.example>\\> and <x@y.example>")
    assert rst == "A B <a.b@c-d.example> and x@y.example"
    refs = [node["refuri"] for node in clean_doctree(rst).findall(nodes.reference)]
    assert refs == ["mailto:a.b@c-d.example", "mailto:x@y.example"]


def test_link_without_url_is_text():
    assert inline("[A] and [B](no url") == "[A] and [B](no url"


def test_backslash_escapes():
    assert inline("\\*not\\* \\`code\\`") == "\\*not\\* \\`code\\`"
    assert clean_doctree(inline("\\*not\\*")).astext() == "*not*"


# lists


def test_bullet_list_with_continuation_lines():
    md = "- **one**: first\n  continued;\n- two.\n"
    assert convert(md) == "- **one**: first\n  continued;\n- two.\n"


def test_nested_lists():
    md = "- a\n  - a1\n    more\n  - a2\n- b\n  1. b1\n  2. b2\n"
    rst = convert(md)
    assert rst == "- a\n\n  - a1\n    more\n  - a2\n- b\n\n  1. b1\n  2. b2\n"
    doctree = clean_doctree(rst)
    outer = next(doctree.findall(nodes.bullet_list))
    assert len(outer.children) == 2
    assert len(list(doctree.findall(nodes.enumerated_list))) == 1


def test_numbered_list_numbers_follow_the_first():
    rst = convert("1. one\n1. two\n1. three\n")
    assert rst == "1. one\n2. two\n3. three\n"
    clean_doctree(rst)


def test_numbered_list_past_nine_items():
    rst = convert("".join(f"{n}. item {n}\n" for n in range(1, 12)))
    items = next(clean_doctree(rst).findall(nodes.enumerated_list)).children
    assert len(items) == 11


def test_loose_list_with_paragraphs():
    md = "- first\n\n  second paragraph\n\n- next\n"
    rst = convert(md)
    assert rst == "- first\n\n  second paragraph\n\n- next\n"
    items = next(clean_doctree(rst).findall(nodes.bullet_list)).children
    assert [len(item.children) for item in items] == [2, 1]


def test_lazy_continuation_line():
    assert convert("- a\nb\n") == "- a\n  b\n"


def test_list_ends_at_an_unindented_paragraph():
    rst = convert("- a\n\nafter\n")
    assert rst == "- a\n\nafter\n"
    clean_doctree(rst)


def test_list_after_a_paragraph_without_blank_line():
    rst = convert("It gives them:\n- a\n- b\n")
    assert rst == "It gives them:\n\n- a\n- b\n"
    clean_doctree(rst)


def test_emphasis_at_the_start_of_a_line_is_no_list():
    assert convert("*Top 10*: best\n") == "*Top 10*: best\n"
    assert convert("- *Key*: x\n") == "- *Key*: x\n"


# tables


TABLE = """| what | who | proven by |
| --- | :---: | --- |
| `state` | refused | A `test_x`, **B** |
| empty | | |
| short row | yes
"""


def test_pipe_table_becomes_a_list_table():
    rst = convert(TABLE)
    assert rst == (
        ".. list-table::\n"
        "   :header-rows: 1\n"
        "   :widths: auto\n"
        "\n"
        "   * - what\n"
        "     - who\n"
        "     - proven by\n"
        "   * - ``state``\n"
        "     - refused\n"
        "     - A ``test_x``, **B**\n"
        "   * - empty\n"
        "     -\n"
        "     -\n"
        "   * - short row\n"
        "     - yes\n"
        "     -\n"
    )
    table = next(clean_doctree(rst).findall(nodes.table))
    assert len(list(table.findall(nodes.row))) == 4
    assert len(list(table.findall(nodes.thead))) == 1


def test_table_without_outer_pipes_and_escaped_pipe():
    rst = convert("a | b\n--|--\n`x \\| y` | 1 \\| 2\n")
    assert "   * - ``x | y``\n     - 1 \\| 2\n" in rst
    assert "x | y" in clean_doctree(rst).astext()


def test_table_interrupts_a_paragraph():
    rst = convert("Figures:\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert rst.startswith("Figures:\n\n.. list-table::\n")
    clean_doctree(rst)


def test_table_cell_starting_like_a_list_is_text():
    rst = convert("| a |\n|---|\n| 1. first |\n| - |\n")
    assert "1. first" in clean_doctree(rst).astext()
    assert not list(clean_doctree(rst).findall(nodes.enumerated_list))


def test_table_row_with_more_cells_than_the_header_is_refused():
    with pytest.raises(ValueError, match="more cells than its header"):
        convert("| a | b |\n|---|---|\n| 1 | 2 | 3 |\n")


def test_table_with_header_only():
    clean_doctree(convert("| a | b |\n|---|---|\n"))


# code blocks


def test_fenced_code_with_language():
    md = "Run:\n\n```bash\npython bin/gen_readme.py\n\n  --check\n```\n\nDone.\n"
    rst = convert(md)
    assert rst == (
        "Run:\n\n.. code-block:: bash\n\n   python bin/gen_readme.py\n\n"
        "     --check\n\nDone.\n"
    )
    literal = next(clean_doctree(rst).findall(nodes.literal_block))
    assert literal.astext() == "python bin/gen_readme.py\n\n  --check"


def test_fenced_code_without_language_keeps_markdown_as_text():
    rst = convert("~~~\n| a | *b* |\n# not a heading\n~~~\n")
    assert rst == ".. code-block::\n\n   | a | *b* |\n   # not a heading\n"
    literal = next(clean_doctree(rst).findall(nodes.literal_block))
    assert literal.astext() == "| a | *b* |\n# not a heading"


def test_fenced_code_in_a_list_item():
    rst = convert("- run:\n\n  ```python\n  x = 1\n  ```\n- next\n")
    clean_doctree(rst)
    assert "     x = 1" in rst


def test_thematic_break_is_dropped():
    assert convert("a\n\n---\n\nb\n") == "a\n\nb\n"


# the generator: OCA's README layout (oca-gen-addon-readme, OCA/maintainer-tools)

OCA_FRAGMENTS = {
    "DESCRIPTION.md",
    "CONTEXT.md",
    "INSTALL.md",
    "CONFIGURE.md",
    "USAGE.md",
    "ROADMAP.md",
    "DEVELOP.md",
    "CONTRIBUTORS.md",
    "CREDITS.md",
    "HISTORY.md",
}
# OCA's order between the table of contents and the credits
OCA_SECTIONS = [
    "Use Cases / Context",
    "Installation",
    "Configuration",
    "Usage",
    "Development",
    "Known issues / Roadmap",
    "Changelog",
    "Bug Tracker",
    "Credits",
]
GENERATED_COMMENT = (
    "\n.. \n"
    "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
    "   !! This file is generated by oca-gen-addon-readme !!\n"
    "   !! changes will be overwritten.                   !!\n"
    "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
    "   !! source digest: sha256:"
)
WEBSITE = "https://github.com/acme-org/acme-addons"


def make_addon(tmp_path, fragments, **manifest):
    addon = tmp_path / "addons" / "demo_addon"
    (addon / "readme").mkdir(parents=True)
    values = {
        "name": "Demo Addon",
        "version": "18.0.1.2.0",
        "summary": "Tiers *and* pipes | here",
        "license": "LGPL-3",
        "development_status": "Beta",
        "author": "Acme, Odoo Community Association (OCA)",
        "maintainers": ["acme-bot"],
        "website": WEBSITE,
    }
    (addon / "__manifest__.py").write_text(repr({**values, **manifest}))
    for name, text in fragments.items():
        (addon / "readme" / f"{name}.md").write_text(text, encoding="utf-8")
    return addon


ALL_FRAGMENTS = {
    "DESCRIPTION": "Intro of the addon.\n",
    "CONTEXT": "Why.\n",
    "INSTALL": "Install it.\n",
    "CONFIGURE": "Set it.\n\n## Security\n\n### Roles\n\nWho may.\n",
    "USAGE": "Use it.\n\n## First step\n\nText.\n",
    "ROADMAP": "- later\n",
    "DEVELOP": "## Performance\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "CONTRIBUTORS": "- Jane \\<<jane@acme.example>\\>\n- Joe\n",
    "CREDITS": "Funded by Acme.\n\n## Images\n\n- icon\n",
    "HISTORY": "## 18.0.1.2.0 (2026-12-03)\n\n- second\n\n"
    "## 18.0.1.0.0 (2026-11-22)\n\n- first\n",
}


def sections(node):
    return [child for child in node.children if isinstance(child, nodes.section)]


def titles(node):
    return [section[0].astext() for section in sections(node)]


def by_title(node):
    return dict(zip(titles(node), sections(node), strict=True))


def readme_doctree(rst):
    assert docutils_messages(rst) == [], rst
    doctree = publish_doctree(rst, settings_overrides={"doctitle_xform": False})
    (top,) = sections(doctree)
    return top


def test_generator_oca_sections_in_oca_order(tmp_path):
    rst = gen_readme.render(make_addon(tmp_path, ALL_FRAGMENTS))
    top = readme_doctree(rst)
    assert top[0].astext() == "Demo Addon"
    assert titles(top) == OCA_SECTIONS
    found = by_title(top)
    assert titles(found["Configuration"]) == ["Security"]
    assert titles(sections(found["Configuration"])[0]) == ["Roles"]
    assert titles(found["Usage"]) == ["First step"]
    assert titles(found["Development"]) == ["Performance"]
    # the summary is not shown, as in OCA's README
    assert "Tiers" not in rst


def test_generator_leaves_out_the_sections_without_fragment(tmp_path):
    rst = gen_readme.render(make_addon(tmp_path, {"DESCRIPTION": "Only this.\n"}))
    top = readme_doctree(rst)
    assert titles(top) == ["Bug Tracker", "Credits"]
    assert titles(sections(top)[1]) == ["Authors", "Maintainers"]


def test_generator_comment_and_source_digest(tmp_path):
    addon = make_addon(tmp_path, {"DESCRIPTION": "Intro.\n", "USAGE": "Use.\n"})
    rst = gen_readme.render(addon)
    assert rst.startswith("==========\nDemo Addon\n==========\n" + GENERATED_COMMENT)
    digest = re.search(r"!! source digest: (sha256:[0-9a-f]{64})\n", rst).group(1)
    # OCA's digest: each file's path then content, the manifest first, then
    # readme/ sorted, so that the README names the sources it was built from
    expected = hashlib.sha256()
    for path in ("__manifest__.py", "readme/DESCRIPTION.md", "readme/USAGE.md"):
        expected.update(path.encode() + (addon / path).read_bytes())
    assert digest == f"sha256:{expected.hexdigest()}"
    (addon / "README.rst").write_text(rst)  # not a source
    assert gen_readme.source_digest(addon) == digest
    (addon / "readme" / "USAGE.md").write_text("Use it.\n")
    assert gen_readme.source_digest(addon) != digest
    # a comment: nothing of it is shown
    top = readme_doctree(rst)
    assert "generated by" in next(top.findall(nodes.comment)).astext()
    assert not [
        n
        for n in top.findall(nodes.Text)
        if "generated" in n.astext() and not isinstance(n.parent, nodes.comment)
    ]


def test_generator_badges(tmp_path):
    rst = gen_readme.render(make_addon(tmp_path, {"DESCRIPTION": "Intro.\n"}))
    assert (
        ".. |badge1| image:: https://img.shields.io/badge/maturity-Beta-yellow.png\n"
        "    :target: https://odoo-community.org/page/development-status\n"
        "    :alt: Beta\n"
        ".. |badge2| image:: https://img.shields.io/badge/license-LGPL--3-blue.png\n"
        "    :target: http://www.gnu.org/licenses/lgpl-3.0-standalone.html\n"
        "    :alt: License: LGPL-3\n"
        ".. |badge3| image:: https://img.shields.io/badge/github-acme--org%2F"
        "acme--addons-lightgray.png?logo=github\n"
        f"    :target: {WEBSITE}/tree/18.0/addons/demo_addon\n"
        "    :alt: acme-org/acme-addons\n"
        "\n|badge1| |badge2| |badge3|\n\nIntro.\n"
    ) in rst
    # not an OCA repository: no Weblate, Runboat or OCA banner
    assert "weblate" not in rst and "runboat" not in rst
    assert "odoo-community.org/readme-banner" not in rst
    images = [n["uri"] for n in readme_doctree(rst).findall(nodes.image)]
    assert images[:3] == [
        "https://img.shields.io/badge/maturity-Beta-yellow.png",
        "https://img.shields.io/badge/license-LGPL--3-blue.png",
        "https://img.shields.io/badge/github-acme--org%2Facme--addons"
        "-lightgray.png?logo=github",
    ]


def test_generator_alpha_warning_and_other_maturities(tmp_path):
    addon = make_addon(
        tmp_path, {"DESCRIPTION": "Intro.\n"}, development_status="Alpha"
    )
    rst = gen_readme.render(addon)
    assert "maturity-Alpha-red.png" in rst
    assert len(list(readme_doctree(rst).findall(nodes.important))) == 1
    stable = make_addon(
        tmp_path / "2",
        {"DESCRIPTION": "Intro.\n"},
        development_status="Production/Stable",
    )
    rst = gen_readme.render(stable)
    assert "maturity-Production%2FStable-green.png" in rst
    assert "    :alt: Production/Stable\n" in rst
    assert "IMPORTANT" not in rst


def test_generator_table_of_contents_after_the_description(tmp_path):
    rst = gen_readme.render(make_addon(tmp_path, ALL_FRAGMENTS))
    assert (
        "Intro of the addon.\n\n**Table of contents**\n\n.. contents::\n   :local:\n"
        in (rst)
    )
    top = readme_doctree(rst)
    (toc,) = [n for n in top.findall(nodes.topic) if "contents" in n["classes"]]
    listed = [item[0].astext() for item in toc[0].children]
    assert listed == OCA_SECTIONS


def test_generator_changelog_from_history(tmp_path):
    rst = gen_readme.render(make_addon(tmp_path, ALL_FRAGMENTS))
    assert (
        "Changelog\n=========\n\n18.0.1.2.0 (2026-12-03)\n-----------------------\n"
    ) in rst
    versions = sections(by_title(readme_doctree(rst))["Changelog"])
    assert [s[0].astext() for s in versions] == [
        "18.0.1.2.0 (2026-12-03)",
        "18.0.1.0.0 (2026-11-22)",
    ]
    assert versions[0][1].astext() == "second"


def test_generator_bug_tracker(tmp_path):
    rst = gen_readme.render(make_addon(tmp_path, {"DESCRIPTION": "Intro.\n"}))
    top = readme_doctree(rst)
    tracker = by_title(top)["Bug Tracker"]
    refs = [n["refuri"] for n in tracker.findall(nodes.reference)]
    assert refs == [
        f"{WEBSITE}/issues",
        f"{WEBSITE}/issues/new?body=module:%20demo_addon%0Aversion:%2018.0%0A%0A"
        "**Steps%20to%20reproduce**%0A-%20...%0A%0A**Current%20behavior**%0A%0A"
        "**Expected%20behavior**",
    ]
    assert "Do not contact contributors directly" in tracker.astext()


def test_generator_credits(tmp_path):
    rst = gen_readme.render(make_addon(tmp_path, ALL_FRAGMENTS))
    top = readme_doctree(rst)
    credits = by_title(top)["Credits"]
    assert titles(credits) == [
        "Authors",
        "Contributors",
        "Other credits",
        "Maintainers",
    ]
    authors, contributors, other, maintainers = sections(credits)
    # OCA is no author of the addon
    assert [i.astext() for i in authors.findall(nodes.list_item)] == ["Acme"]
    assert [i.astext() for i in contributors.findall(nodes.list_item)] == [
        "Jane <jane@acme.example>",
        "Joe",
    ]
    mails = [n["refuri"] for n in contributors.findall(nodes.reference)]
    assert mails == ["mailto:jane@acme.example"]
    assert other[1].astext() == "Funded by Acme."
    assert titles(other) == ["Images"]  # '##' in a credits fragment is one down
    assert "Images\n~~~~~~\n" in rst
    shown = [  # the images in the text, not their substitution definitions
        image["uri"]
        for paragraph in maintainers.findall(nodes.paragraph)
        for image in paragraph.findall(nodes.image)
    ]
    assert shown == ["https://github.com/acme-bot.png?size=40px"]
    assert "Current maintainer:" in maintainers.astext()
    refs = [
        ref["refuri"]
        for paragraph in maintainers.findall(nodes.paragraph)
        for ref in paragraph.findall(nodes.reference)
    ]
    assert refs == [
        "https://github.com/acme-bot",
        f"{WEBSITE}/tree/18.0/addons/demo_addon",
    ]
    assert rst.endswith(
        "This module is part of the `acme-org/acme-addons "
        f"<{WEBSITE}/tree/18.0/addons/demo_addon>`_ project on GitHub.\n\n"
        "You are welcome to contribute.\n"
    )


def test_generator_two_maintainers(tmp_path):
    addon = make_addon(
        tmp_path, {"DESCRIPTION": "Intro.\n"}, maintainers=["ann", "bob"]
    )
    rst = gen_readme.render(addon)
    assert "Current maintainers:\n\n|maintainer-ann| |maintainer-bob| \n" in rst
    readme_doctree(rst)


@pytest.mark.parametrize("name", ["SECURITY.md", "PERFORMANCE.md", "USAGE.rst"])
def test_generator_refuses_a_fragment_oca_does_not_know(tmp_path, name):
    addon = make_addon(tmp_path, {"DESCRIPTION": "Intro.\n"})
    (addon / "readme" / name).write_text("Would be dropped.\n")
    with pytest.raises(ValueError, match=f"{name}: not an OCA readme fragment"):
        gen_readme.render(addon)


def test_generator_refuses_a_heading_in_the_description(tmp_path):
    addon = make_addon(tmp_path, {"DESCRIPTION": "Intro.\n\n## Part\n\nText.\n"})
    with pytest.raises(ValueError, match="no heading in the description"):
        gen_readme.render(addon)


def test_generator_refuses_a_website_that_is_no_github_repository(tmp_path):
    addon = make_addon(
        tmp_path, {"DESCRIPTION": "Intro.\n"}, website="https://example.com"
    )
    with pytest.raises(ValueError, match="GitHub repository"):
        gen_readme.render(addon)


def test_generator_check_reports_stale_readmes_and_writes_nothing(
    tmp_path, monkeypatch
):
    addon = make_addon(tmp_path, {"DESCRIPTION": "Intro.\n"})
    monkeypatch.setattr(gen_readme, "ROOT", tmp_path)
    assert gen_readme.main(check=True) == [addon / "README.rst"]
    assert not (addon / "README.rst").exists()
    assert gen_readme.main() == [addon / "README.rst"]
    assert gen_readme.main(check=True) == []
    (addon / "readme" / "DESCRIPTION.md").write_text("Changed.\n")
    assert gen_readme.main(check=True) == [addon / "README.rst"]


# the three addons' READMEs


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_fragments_are_all_oca_fragments(addon):
    names = {path.name for path in (ROOT / "addons" / addon / "readme").iterdir()}
    assert names <= OCA_FRAGMENTS, names - OCA_FRAGMENTS
    assert {"DESCRIPTION.md", "CONTRIBUTORS.md", "HISTORY.md"} <= names


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_rst_has_the_oca_layout(addon):
    addon_dir = ROOT / "addons" / addon
    manifest = ast.literal_eval((addon_dir / "__manifest__.py").read_text())
    rst = (addon_dir / "README.rst").read_text(encoding="utf-8")
    title = manifest["name"]
    assert rst.startswith(f"{'=' * len(title)}\n{title}\n{'=' * len(title)}\n")
    digest = gen_readme.source_digest(addon_dir)
    assert GENERATED_COMMENT + digest.removeprefix("sha256:") + "\n" in rst
    assert "\n|badge1| |badge2| |badge3|\n" in rst
    assert "\n**Table of contents**\n\n.. contents::\n   :local:\n" in rst
    top = readme_doctree(rst)
    found = titles(top)
    assert [t for t in OCA_SECTIONS if t in found] == found
    assert {"Configuration", "Usage", "Changelog", "Bug Tracker", "Credits"} <= set(
        found
    )
    latest = sections(by_title(top)["Changelog"])[0][0].astext()
    assert latest.startswith(f"{manifest['version']} (")
    assert titles(by_title(top)["Credits"]) == [
        "Authors",
        "Contributors",
        "Maintainers",
    ]
    refs = [n["refuri"] for n in by_title(top)["Bug Tracker"].findall(nodes.reference)]
    assert refs[0] == f"{manifest['website']}/issues"
