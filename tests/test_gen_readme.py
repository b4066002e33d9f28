"""The Markdown fragments become reStructuredText docutils reads cleanly.

Odoo renders README.rst with docutils on the Apps page and logs every
system message (even the informational ones) at install.
"""

import io
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
        assert not line.startswith(("#", "|", "```")) or line == "|maturity| |license|"


def test_docutils_check_catches_markdown():
    assert docutils_messages("| a | b |\n|---|---|\n| 1 | 2 |\n")


# headings


def test_headings_underlined_by_depth_whatever_their_hashes():
    rst = convert("### One\n\ntext\n\n#### Two\n\n### Three\n", "-~")
    assert rst == "One\n---\n\ntext\n\nTwo\n~~~\n\nThree\n-----\n"
    clean_doctree("Top\n===\n\n" + rst)


def test_heading_after_a_jump_of_levels_is_one_level_down():
    rst = convert("## A\n\n#### B\n\n### C\n", "-~^")
    assert rst == "A\n-\n\nB\n~\n\nC\n~\n"


def test_heading_interrupts_a_paragraph():
    rst = convert("text\n### Title (`x`)\nmore\n", "-")
    assert rst == "text\n\nTitle (``x``)\n-------------\n\nmore\n"


def test_setext_heading():
    assert convert("Title\n=====\n\nSub\n---\n", "-~") == "Title\n-----\n\nSub\n~~~\n"


def test_underline_counts_wide_characters_twice():
    assert width("客户 A") == 6
    assert convert("# 客户\n", "-") == "客户\n----\n"


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


# the generator


def test_generator_sections_and_description_headings(tmp_path):
    addon = tmp_path / "addons" / "demo_addon"
    (addon / "readme").mkdir(parents=True)
    (addon / "__manifest__.py").write_text(
        repr(
            {
                "name": "Demo",
                "summary": "Tiers *and* pipes | here",
                "license": "LGPL-3",
                "development_status": "Beta",
                "author": "Someone",
                "maintainers": ["someone"],
                "website": "https://example.com",
            }
        )
    )
    (addon / "readme" / "DESCRIPTION.md").write_text("Intro.\n\n### Part\n\nText.\n")
    (addon / "readme" / "USAGE.md").write_text("### Step\n\n| a | b |\n|---|---|\n")
    rst = gen_readme.render(addon)
    assert "\nPart\n====\n" in rst
    assert "\nUsage\n=====\n\nStep\n----\n" in rst
    assert "Tiers \\*and\\* pipes \\| here" in rst
    assert docutils_messages(rst) == []
    doctree = publish_doctree(rst, settings_overrides={"doctitle_xform": False})
    top = next(doctree.findall(nodes.section))
    sections = [child for child in top.children if isinstance(child, nodes.section)]
    titles = [section[0].astext() for section in sections]
    assert titles == ["Part", "Usage", "Credits"]
