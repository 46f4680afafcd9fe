"""HTML input: decode bytes, parse with lxml, flatten to block lines.

The result is the same kind of text that text mode sees (one block per line),
so HTML pages go through the same segmenter, features and model. The walk is
iterative (lxml's iterwalk), so deeply nested pages cannot overflow the stack.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree
from lxml import html as lxml_html

from .errors import InputError

_BLOCK = frozenset(
    "address article aside blockquote body br caption dd details dialog div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav "
    "ol p pre section summary table tbody td tfoot th thead tr ul option select "
    "textarea button label legend menu title".split()
)
_SKIP = frozenset("script style noscript template svg math head iframe object embed".split())
_WS = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode(data: bytes | str) -> str:
    """Bytes -> str: BOM first, then a declared meta charset, then UTF-8, then cp1252.

    A declared charset that fails to decode is ignored (pages often lie about it).
    """
    if isinstance(data, str):
        return data
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(f"HTML must be str or bytes, not {type(data).__name__}")
    data = bytes(data)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace")
    m = _META_CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii").lower(), errors="strict")
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


_DROP = re.compile(r"<!--.*?-->|<(script|style|noscript|template|svg|math|head)\b.*?</\1\s*>", re.S | re.I)
_BLOCK_TAG = re.compile(r"</?(?:" + "|".join(sorted(_BLOCK)) + r")\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")


def _flat_lines(page: str) -> str:
    """Tag-stripping fallback for pages lxml cannot build a full tree of (nesting deeper
    than libxml2's limit): block tags become line breaks, so no visible text is lost."""
    import html as std_html

    text = _BLOCK_TAG.sub("\n", _DROP.sub(" ", page))
    text = std_html.unescape(_ANY_TAG.sub("", text))
    lines = (_WS.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def html_to_lines(page: str | bytes) -> str:
    """The page's visible text, one block-level element per line."""
    page = decode(page)
    if not page.strip():
        return ""
    parser = lxml_html.HTMLParser(encoding="utf-8", huge_tree=True)
    try:
        root = lxml_html.document_fromstring(page.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, ValueError):
        return _flat_lines(page)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        return _flat_lines(page)
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
