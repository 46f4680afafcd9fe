"""Frozen HTML -> plain-text dump styles used to make labelled training text.

Hand labels refer to character offsets in these dumps, so a style must never
change once labels use it: add a new style name instead.

Styles:
- ``blocks``: boilerkit.html.html_to_lines (lxml, one block-level element per line).
  Before that function changes (HTML mode will improve it), copy its current
  behaviour here under this name: hand labels depend on it, and
  `python -m training.labeltool check` fails on any drift.
- ``resiliparse``: Resiliparse's full-page plain text (main_content=False), a
  different extractor with its own line-breaking quirks.
"""

from __future__ import annotations

from boilerkit.html import html_to_lines

STYLES = ("blocks", "resiliparse")


def _resiliparse(page: str) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(page, main_content=False, alt_texts=False, noscript=False)


def dump(page: str, style: str) -> str:
    if style == "blocks":
        return html_to_lines(page)
    if style == "resiliparse":
        return _resiliparse(page)
    raise ValueError(f"unknown dump style {style!r}; known: {', '.join(STYLES)}")
