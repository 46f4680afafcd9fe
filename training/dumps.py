"""Frozen HTML -> plain-text dump styles used to make labelled training text.

Hand labels refer to character offsets in these dumps, so a style must never
change once labels use it: add a new style name instead. (The product's own HTML
segmentation lives in boilerkit.html and is free to improve.)

Styles:
- ``blocks``: lxml, one block-level element per line, inline text joined with spaces.
- ``resiliparse``: Resiliparse's full-page plain text (main_content=False), a
  different extractor with its own line-breaking quirks.
"""

from __future__ import annotations

import re

from lxml import etree, html as lxml_html

STYLES = ("blocks", "resiliparse")

_BLOCK = frozenset(
    "address article aside blockquote body br caption dd details dialog div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav "
    "ol p pre section summary table tbody td tfoot th thead tr ul option select "
    "textarea button label legend menu title".split()
)
_SKIP = frozenset("script style noscript template svg math head iframe object embed".split())
_WS = re.compile(r"\s+")


def _blocks(page: str) -> str:
    if not page.strip():
        return ""
    try:
        root = lxml_html.document_fromstring(page.encode("utf-8", "surrogatepass"),
                                             parser=lxml_html.HTMLParser(encoding="utf-8", huge_tree=True))
    except (etree.ParserError, ValueError):
        return ""
    lines: list[str] = []
    buf: list[str] = []

    def flush():
        s = _WS.sub(" ", "".join(buf)).strip()
        if s:
            lines.append(s)
        buf.clear()

    title = root.find(".//head/title")
    if title is not None and title.text:
        buf.append(title.text)
        flush()
    skipping = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if skipping or tag in _SKIP or not tag:
                skipping += 1
                continue
            if tag in _BLOCK:
                flush()
            if el.text:
                buf.append(el.text)
        else:
            if skipping:
                skipping -= 1
                if skipping == 0 and el.tail:
                    buf.append(el.tail)
                continue
            if tag in _BLOCK:
                flush()
            if el.tail:
                buf.append(el.tail)
    flush()
    return "\n".join(lines)


def _resiliparse(page: str) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(page, main_content=False, alt_texts=False, noscript=False)


def dump(page: str, style: str) -> str:
    if style == "blocks":
        return _blocks(page)
    if style == "resiliparse":
        return _resiliparse(page)
    raise ValueError(f"unknown dump style {style!r}; known: {', '.join(STYLES)}")
