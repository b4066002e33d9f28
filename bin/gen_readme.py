"""Builds each addon's README.rst from its readme/*.md fragments (OCA layout).

The fragments are Markdown, converted to reStructuredText (md_to_rst), since
Odoo renders README.rst with docutils on the Apps page.

Run after editing a fragment: ``python bin/gen_readme.py``. The Odoo-free tier
fails when a README.rst is out of date.
"""

import ast
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from md_to_rst import convert, escape, width  # noqa: E402

sys.path.pop(0)

ROOT = Path(__file__).resolve().parent.parent
# The description has no title of its own: its headings are sections beside
# Configuration, Usage...; the headings of the other fragments are below them.
DESCRIPTION_UNDERLINES = "=-~^\"'"
SECTION_UNDERLINES = "-~^\"'`"
SECTIONS = (
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("DEVELOP.md", "Development"),
)


def heading(text, char, over=False):
    line = char * width(text)
    return f"{line}\n{text}\n{line}\n" if over else f"{text}\n{line}\n"


def render(addon_dir):
    manifest = ast.literal_eval((addon_dir / "__manifest__.py").read_text())
    badge = manifest["license"].replace("-", "--")
    parts = [
        heading(manifest["name"], "=", over=True),
        f"\n{escape(manifest['summary'])}\n",
        (
            "\n.. |license| image:: https://img.shields.io/badge/licence-"
            f"{badge}-blue.png\n   :alt: License: {manifest['license']}\n"
            "\n.. |maturity| image:: https://img.shields.io/badge/maturity-"
            f"{manifest['development_status']}-yellow.png\n"
            f"   :alt: {manifest['development_status']}\n"
            "\n|maturity| |license|\n"
        ),
    ]
    for name, title in SECTIONS:
        path = addon_dir / "readme" / name
        if not path.exists():
            continue
        underlines = SECTION_UNDERLINES if title else DESCRIPTION_UNDERLINES
        try:
            text = convert(path.read_text(encoding="utf-8"), underlines)
        except ValueError as error:
            raise ValueError(f"{path}: {error}") from error
        if title:
            parts.append("\n" + heading(title, "="))
        parts.append(f"\n{text}")
    parts.append("\n" + heading("Credits", "="))
    parts.append(f"\nAuthors: {manifest['author']}\n")
    maintainers = ", ".join(
        f"`{login} <https://github.com/{login}>`_" for login in manifest["maintainers"]
    )
    parts.append(f"\nMaintainers: {maintainers}\n")
    parts.append(f"\nThis module is part of {manifest['website']}\n")
    return "".join(parts)


def main(check=False):
    stale = []
    for addon_dir in sorted((ROOT / "addons").iterdir()):
        if not (addon_dir / "__manifest__.py").exists():
            continue
        text = render(addon_dir)
        target = addon_dir / "README.rst"
        if target.exists() and target.read_text() == text:
            continue
        stale.append(target)
        if not check:
            target.write_text(text)
    return stale


if __name__ == "__main__":
    out_of_date = main(check="--check" in sys.argv)
    for path in out_of_date:
        sys.stdout.write(f"{'stale' if '--check' in sys.argv else 'wrote'}: {path}\n")
    sys.exit(1 if out_of_date and "--check" in sys.argv else 0)
