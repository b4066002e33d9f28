"""Rows in PostgreSQL's COPY text format, for the bulk writer.

Pure: the cursor work is ``tools/bulk_writer.py``'s. Values are written as
``str()`` gives them (numbers, dates, selection keys, HTML bodies), with the
four characters COPY's text format gives a meaning to escaped, so that a
note's body may hold tabs, newlines or backslashes.
"""

NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_value(value):
    """One field of a COPY line: ``\\N`` for None, else the escaped text."""
    if value is None:
        return NULL
    return str(value).translate(_ESCAPES)


def copy_text(rows):
    """The whole COPY input for ``rows``, one tab-separated line per row."""
    return "".join("\t".join(copy_value(value) for value in row) + "\n" for row in rows)
