"""Converts the Markdown of the readme fragments to reStructuredText.

Odoo renders README.rst with docutils on the Apps page and logs every
docutils message at install, so Markdown pasted as-is shows as garbage.
No converter is added to Odoo's environment: this one covers the subset the
fragments use (CommonMark with GFM pipe tables): ATX and setext headings,
paragraphs, bullet and numbered lists with nesting, pipe tables (to
``list-table``), fenced code (to ``code-block``), inline code, strong and
emphasis, links and autolinks (URL and e-mail), backslash escapes. Thematic
breaks are dropped; reference-style links, HTML and block quotes stay plain
text.

Headings are underlined by their number of '#' as OCA's readme generator
does with pandoc (``#`` '=', ``##`` '-', ``###`` '~', ``####`` '^',
``#####`` "'", shifted by one for the fragments of the credits), so that a
README.rst built here has the sections the OCA tool would build.
"""

import re
import unicodedata

__all__ = ["convert", "escape", "inline", "width"]

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)")
ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
ITEM = re.compile(r"^( *)([-+*]|\d{1,9}[.)])([ \t]+|$)")
DELIMITER_ROW = re.compile(r"^ *\|? *:?-+:? *(\| *:?-+:? *)*\|? *$")
# RST reads these at the start of a paragraph as a list, directive, field,
# option or line block: a backslash keeps them text.
RST_LINE_START = re.compile(
    r"^(?:[-+*\u2022\u2023\u2043](?:\s|$)"
    r"|\(?(?:\d+|[a-zA-Z]|#|[ivxlcdmIVXLCDM]+)[.)](?:\s|$)"
    r"|\((?:\d+|[a-zA-Z]|#|[ivxlcdmIVXLCDM]+)\)(?:\s|$)"
    r"|\.\.(?:\s|$)|::|:[^:\s][^:]*:(?:\s|$)|>>>|-{1,2}\w|/\w)"
)
URL_AUTOLINK = re.compile(r"<((?:https?|mailto):[^\s<>]+)>")
# CommonMark's e-mail autolink; like pandoc, it becomes the bare address,
# which docutils links by itself
EMAIL_AUTOLINK = re.compile(
    r"<([a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9]"
    r"(?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9]"
    r"(?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*)>"
)
ASCII_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
START_AFTER = set(" \t\n-:/'\"<([{")
END_BEFORE = set(" \t\n-.,:;!?\\/'\")]}>")
PLACEHOLDER = 0xE000  # private-use characters stand for the atomic tokens


def width(text):
    """Columns docutils counts for a title line (wide East Asian chars: 2)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# ---------------------------------------------------------------- inline


def escape(text):
    """Plain text as RST text: markup characters backslash-escaped."""
    out = []
    for i, char in enumerate(text):
        following = text[i + 1 : i + 2]
        if char in "\\*`|":
            out.append("\\" + char)
        elif char == "_" and not following.isalnum():
            out.append("\\_")  # ``word_`` would be a hyperlink reference
        else:
            out.append(char)
    return "".join(out)


def _code_span(text, pos):
    """(content, end) of the code span opening at pos, or None."""
    run = re.match(r"`+", text[pos:]).group()
    close = re.compile(rf"(?<!`){run}(?!`)")
    found = close.search(text, pos + len(run))
    if not found:
        return None
    content = text[pos + len(run) : found.start()].replace("\n", " ")
    if content.startswith(" ") and content.endswith(" ") and content.strip():
        content = content[1:-1]
    return content, found.end()


def _link(text, pos):
    """(label, url, end) of the link or image opening at pos, or None."""
    image = text.startswith("!", pos)
    start = pos + 1 if image else pos
    depth, end = 0, start
    while end < len(text):
        if text[end] == "\\":
            end += 2
            continue
        depth += {"[": 1, "]": -1}.get(text[end], 0)
        if depth == 0:
            break
        end += 1
    else:
        return None
    target = re.match(
        r"\(\s*<?((?:[^\s<>()]|\([^\s<>()]*\))*)>?(?:\s+\"[^\"]*\")?\s*\)",
        text[end + 1 :],
    )
    if not target:
        return None
    return text[start + 1 : end], target.group(1), end + 1 + target.end()


def _tokenize(text):
    """Text with atomic tokens (escapes, code, links) replaced by placeholders."""
    out, tokens, pos = [], [], 0
    while pos < len(text):
        char = text[pos]
        token = None
        if char == "\\" and pos + 1 < len(text) and text[pos + 1] in ASCII_PUNCT:
            token, end = ("text", text[pos + 1]), pos + 2
        elif char == "`":
            span = _code_span(text, pos)
            if span is None:  # an unmatched run of backticks is text
                run = re.match(r"`+", text[pos:]).group()
                out.append(run)
                pos += len(run)
                continue
            token, end = ("code", span[0]), span[1]
        elif char in "[!" and text.startswith("[", pos + (char == "!")):
            if found := _link(text, pos):
                token, end = ("link", found[0], found[1]), found[2]
        elif char == "<" and (
            auto := URL_AUTOLINK.match(text, pos) or EMAIL_AUTOLINK.match(text, pos)
        ):
            token, end = ("link", "", auto.group(1)), auto.end()
        if token is None:
            out.append(char)
            pos += 1
            continue
        out.append(chr(PLACEHOLDER + len(tokens)))
        tokens.append(token)
        pos = end
    return "".join(out), tokens


EMPHASIS = (
    (
        "strong",
        re.compile(r"(?<!\*)\*\*\*(?=[^\s*])(.+?)(?<=[^\s*])\*\*\*(?!\*)", re.S),
    ),
    ("strong", re.compile(r"(?<!\*)\*\*(?=[^\s*])(.+?)(?<=[^\s*])\*\*(?!\*)", re.S)),
    ("strong", re.compile(r"(?<![\w_])__(?=[^\s_])(.+?)(?<=[^\s_])__(?![\w_])", re.S)),
    ("emphasis", re.compile(r"(?<!\*)\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)", re.S)),
    ("emphasis", re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])", re.S)),
)


def _emphasis(text, tokens):
    """Strong and emphasis as placeholders too; RST cannot nest them."""
    for kind, pattern in EMPHASIS:

        def replace(match, kind=kind):
            tokens.append((kind, _emphasis(match.group(1), tokens)))
            return chr(PLACEHOLDER + len(tokens) - 1)

        text = pattern.sub(replace, text)
    return text


def _plain(text, tokens):
    """The text of a span, markup dropped (the content of strong, a link...)."""
    out = []
    for char in text:
        index = ord(char) - PLACEHOLDER
        if 0 <= index < len(tokens):
            token = tokens[index]
            if token[0] == "link":
                out.append(_plain(token[1], tokens) or token[2])
            elif token[0] in ("strong", "emphasis"):
                out.append(_plain(token[1], tokens))
            else:
                out.append(token[1])
        else:
            out.append(char)
    return "".join(out)


def _markup(token, tokens):
    kind = token[0]
    if kind == "code":
        return f"``{token[1].strip()}``" if token[1].strip() else ""
    if kind == "link":
        label = " ".join(_plain(token[1], tokens).split())
        if not label or label == token[2]:
            return token[2]
        label = escape(label).replace("<", "\\<")
        url = token[2][:-1] + "\\_" if token[2].endswith("_") else token[2]
        return f"`{label} <{url}>`__"  # anonymous: two labels may be alike
    mark = "**" if kind == "strong" else "*"
    return f"{mark}{escape(_plain(token[1], tokens))}{mark}"


def inline(text):
    """Markdown inline text as RST inline text, line breaks kept."""
    text, tokens = _tokenize(text)
    # escapes, code and links; emphasis tokens come after them
    first = len(tokens)
    text = _emphasis(text, tokens)
    # link labels were tokenized as raw Markdown: parse them now
    for index, token in enumerate(tokens[:first]):
        if token[0] == "link":
            label, label_tokens = _tokenize(token[1])
            label = _emphasis(label, label_tokens)
            tokens[index] = ("link", _plain(label, label_tokens), token[2])
    out = ""
    pending = ""
    for char in text:
        index = ord(char) - PLACEHOLDER
        if not 0 <= index < len(tokens):
            pending += char
            continue
        if tokens[index][0] == "text":
            pending += tokens[index][1]
            continue
        out += escape(pending)
        pending = ""
        markup = _markup(tokens[index], tokens)
        opens = markup.startswith(("`", "*"))
        if (
            opens
            and out
            and out[-1] not in START_AFTER
            and not _punctuation(out[-1], "Ps")
        ):
            out += "\\ "
        out += markup
        if markup.endswith(("`", "*", "_")):
            out += "\x00"  # decided below, once the next character is known
    out += escape(pending)
    return re.sub("\x00(.?)", _end_guard, out, flags=re.S)


def _end_guard(match):
    following = match.group(1)
    if not following or following in END_BEFORE or _punctuation(following, "Pe"):
        return following
    return "\\ " + following


def _punctuation(char, side):
    """Non-ASCII punctuation docutils accepts next to inline markup."""
    categories = (side, "Pi", "Pf", "Pd", "Po")
    return ord(char) > 127 and unicodedata.category(char) in categories


def _protect(line):
    """A line RST would read as a list, directive or field made plain text."""
    return "\\" + line if RST_LINE_START.match(line) else line


# ---------------------------------------------------------------- blocks


def _indent(line):
    return len(line) - len(line.lstrip(" "))


def _cells(line):
    """The cells of a pipe-table row (escaped pipes are no separators)."""
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)]


def _table_starts(lines, pos):
    if "|" not in lines[pos] or pos + 1 >= len(lines):
        return False
    if not DELIMITER_ROW.match(lines[pos + 1]) or "-" not in lines[pos + 1]:
        return False
    return len(_cells(lines[pos])) == len(_cells(lines[pos + 1]))


def _interrupts(lines, pos):
    """True when the line at pos ends a paragraph (a new block starts)."""
    line = lines[pos]
    if not line.strip() or FENCE.match(line) or ATX.match(line) or BREAK.match(line):
        return True
    item = ITEM.match(line)
    if (
        item
        and item.group(3)
        and (item.group(2)[0] in "-+*" or item.group(2)[:-1] == "1")
    ):
        return True
    return _table_starts(lines, pos)


def _parse_fence(lines, pos):
    opening = FENCE.match(lines[pos])
    fence, lang, indent = opening.group(1), opening.group(2), _indent(lines[pos])
    body, pos = [], pos + 1
    while pos < len(lines):
        closing = re.match(r"^ {0,3}(`{3,}|~{3,})\s*$", lines[pos])
        if (
            closing
            and closing.group(1)[0] == fence[0]
            and len(closing.group(1)) >= len(fence)
        ):
            pos += 1
            break
        line = lines[pos]
        body.append(line[min(indent, _indent(line)) :])
        pos += 1
    return ("code", lang, body), pos


def _parse_table(lines, pos):
    header = _cells(lines[pos])
    rows, pos = [], pos + 2
    while pos < len(lines) and lines[pos].strip() and "|" in lines[pos]:
        cells = _cells(lines[pos])
        if len(cells) > len(header):
            raise ValueError(
                f"a table row has more cells than its header: {lines[pos]!r}"
            )
        rows.append(cells + [""] * (len(header) - len(cells)))
        pos += 1
    return ("table", header, rows), pos


def _item_lines(lines, pos, column):
    """The lines of the list item starting at pos, dedented, and the next pos."""
    first = ITEM.match(lines[pos])
    body = [lines[pos][first.end() :]] if first.group(3) else [""]
    pos += 1
    while pos < len(lines):
        line = lines[pos]
        if not line.strip():
            following = next((x for x in lines[pos:] if x.strip()), None)
            if following is None or _indent(following) < column:
                break
            body.append("")
        elif _indent(line) >= column:
            body.append(line[column:])
        elif body[-1].strip() and not _interrupts(lines, pos) and not ITEM.match(line):
            body.append(line.strip())  # lazy continuation of a paragraph
        else:
            break
        pos += 1
    return body, pos


def _list_kind(match):
    marker = match.group(2)
    return marker[-1] if marker[-1] in ".)" else marker


def _parse_list(lines, pos):
    first = ITEM.match(lines[pos])
    kind, items, loose = _list_kind(first), [], False
    start = int(first.group(2)[:-1]) if kind in ".)" else None
    while pos < len(lines):
        match = ITEM.match(lines[pos])
        if not match or _list_kind(match) != kind or BREAK.match(lines[pos]):
            break
        spaces = len(match.group(3).expandtabs(4))
        column = (
            len(match.group(1))
            + len(match.group(2))
            + (spaces if 0 < spaces <= 4 else 1)
        )
        body, pos = _item_lines(lines, pos, column)
        items.append(parse(body))
        loose = loose or "" in body[:-1]
        if pos < len(lines) and not lines[pos].strip():
            following = next(
                (i for i in range(pos, len(lines)) if lines[i].strip()), None
            )
            match = following is not None and ITEM.match(lines[following])
            if not match or _list_kind(match) != kind or BREAK.match(lines[following]):
                break
            loose, pos = True, following
    return ("list", kind, start, items, loose), pos


def _parse_paragraph(lines, pos):
    text = [lines[pos].strip()]
    pos += 1
    while pos < len(lines):
        underline = SETEXT.match(lines[pos])
        if underline:
            level = 1 if underline.group(1)[0] == "=" else 2
            return ("heading", level, " ".join(text)), pos + 1
        if _interrupts(lines, pos):
            break
        text.append(lines[pos].strip())
        pos += 1
    return ("para", "\n".join(text)), pos


def parse(lines):
    """Markdown lines as a list of blocks (tuples, the kind first)."""
    blocks, pos = [], 0
    while pos < len(lines):
        line = lines[pos]
        if not line.strip() or BREAK.match(line):
            pos += 1
            continue
        if FENCE.match(line):
            block, pos = _parse_fence(lines, pos)
        elif heading := ATX.match(line):
            block, pos = (
                ("heading", len(heading.group(1)), heading.group(2) or ""),
                pos + 1,
            )
        elif _table_starts(lines, pos):
            block, pos = _parse_table(lines, pos)
        elif ITEM.match(line):
            block, pos = _parse_list(lines, pos)
        else:
            block, pos = _parse_paragraph(lines, pos)
        blocks.append(block)
    return blocks


# ---------------------------------------------------------------- rendering


def _render_paragraph(text):
    lines = inline(text).split("\n")
    lines[0] = _protect(lines[0])
    if lines[-1].endswith("::"):
        lines[-1] = lines[-1][:-1] + "\\:"  # no literal block follows
    return lines


def _render_table(header, rows):
    out = [".. list-table::"]
    if rows:
        out.append("   :header-rows: 1")
    out += ["   :widths: auto", ""]
    for row in [header, *rows]:
        for index, cell in enumerate(row):
            text = _protect(inline(cell))
            bullet = "   * -" if index == 0 else "     -"
            out.append(f"{bullet} {text}" if text else bullet)
    return out


def _render_code(lang, body):
    out = [f".. code-block:: {lang}" if lang else ".. code-block::", ""]
    out += [f"   {line}" if line.strip() else "" for line in body]
    while out[-1] == "":
        out.pop()
    return out if len(out) > 1 else []  # a directive without content is an error


def _render_list(kind, start, items, loose, context):
    out = []
    for number, item in enumerate(items, start or 0):
        marker = f"{number}{kind}" if start is not None else kind
        body = _render_blocks(item, {**context, "nested": True})
        if loose and out:
            out.append("")
        pad = " " * (len(marker) + 1)
        out.append(f"{marker} {body[0]}".rstrip() if body else marker)
        out += [f"{pad}{line}" if line else "" for line in body[1:]]
    return out


def _render_heading(level, text, context):
    title = _protect(inline(text))
    if not title:
        return []
    if context.get("nested"):
        return [f".. rubric:: {title}"]  # no section inside a list item
    chars = context["underlines"]
    if level > len(chars):
        raise ValueError(f"heading {text!r} has {level} '#', at most {len(chars)} here")
    return [title, chars[level - 1] * width(title)]


def _render_blocks(blocks, context):
    out = []
    for block in blocks:
        kind = block[0]
        if kind == "para":
            lines = _render_paragraph(block[1])
        elif kind == "heading":
            lines = _render_heading(block[1], block[2], context)
        elif kind == "table":
            lines = _render_table(block[1], block[2])
        elif kind == "code":
            lines = _render_code(block[1], block[2])
        else:
            lines = _render_list(*block[1:], context)
        if out and lines:
            out.append("")
        out += lines
    return out


def convert(markdown, underlines="=-~^'"):
    """RST of a Markdown fragment; its headings underlined with underlines.

    underlines[n - 1] underlines the headings of n '#' (pandoc's order by
    default); a heading deeper than underlines allows is refused.
    """
    context = {"underlines": underlines}
    lines = markdown.expandtabs(4).splitlines()
    return "\n".join(_render_blocks(parse(lines), context)) + "\n"
