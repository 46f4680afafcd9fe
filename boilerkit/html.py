"""HTML input: decode bytes, parse with lxml, flatten to block lines.

The result is the same kind of text that text mode sees (one block per line),
so HTML pages go through the same segmenter, features and model. The walk is
iterative (lxml's iterwalk), so deeply nested pages cannot overflow the stack.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

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
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
                           rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


# Signatures of files that are certainly not HTML, so they get a clear error instead of
# a page of mojibake. Compressed HTML is also refused here: decompressing is the caller's job.
_MAGIC = ((b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"),
          (b"\xff\xd8\xff", "a JPEG image"), (b"%PDF-", "a PDF document"),
          (b"PK\x03\x04", "a ZIP archive or office document"), (b"\x1f\x8b", "gzip-compressed data"),
          (b"\x28\xb5\x2f\xfd", "zstd-compressed data"), (b"\xfd7zXZ\x00", "xz-compressed data"),
          (b"BZh", "bzip2-compressed data"), (b"\x7fELF", "an executable"), (b"wOFF", "a web font"),
          (b"wOF2", "a web font"), (b"\x00asm", "WebAssembly"))
# C0 controls other than tab, line feed, vertical tab, form feed, carriage return and escape
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1b")
_SNIFF = 4096


def _binary_kind(data: bytes) -> str | None:
    """What the bytes are when they are not text, else None.

    The rule (documented in the README): a known binary signature at the start, or more
    than 1% control bytes (NUL and C0 controls other than whitespace and escape) in the
    first 4 KB. UTF-16/32 text is recognised before this (by its BOM, or ASCII
    interleaved with NULs), so it is not taken for binary.
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:_SNIFF]
    n = len(head) - len(head.translate(None, _CONTROL))
    if n > 0.01 * len(head):
        return "binary data (control bytes)"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:1024]
    head = head[: len(head) // 2 * 2]
    if len(head) < 8:
        return None
    if not any(head[1::2]) and all(head[0::2]):
        return "utf-16-le"
    if not any(head[0::2]) and all(head[1::2]):
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> str:
    """Text-mode bytes -> str. A BOM (UTF-8, UTF-16, UTF-32), or ASCII interleaved with NULs
    (UTF-16 without a BOM), decides the encoding; otherwise the bytes must be UTF-8. Bytes
    that are not text by the HTML path's rule raise InputError: decoded as they are, they
    would be a document of control characters, and UTF-16 would lose every character."""
    data = bytes(data)
    enc = _utf16_without_bom(data)
    for bom, e in _BOMS:
        if data.startswith(bom):
            enc, data = e, data[len(bom):]
            break
    if enc is None:
        kind = _binary_kind(data)
        if kind:
            raise InputError(f"not text: looks like {kind}")
        enc = "utf-8"
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        raise InputError(f"not {enc.upper()} text ({exc.reason} at byte {exc.start}); convert it to "
                         "UTF-8, or use the HTML path for HTML pages") from None


# what browsers decode a declared label with (the WHATWG Encoding Standard): Latin-1 and
# ASCII pages are decoded as windows-1252, whose 0x80-0x9F bytes are quotes, dashes and the
# euro sign rather than invisible control characters; the others are the same supersets
_LEGACY = {**dict.fromkeys(("iso-8859-1", "iso8859-1", "iso_8859-1", "iso88591", "latin1", "latin-1", "l1",
                            "cp819", "ibm819", "iso-ir-100", "csisolatin1", "ascii", "us-ascii",
                            "ansi_x3.4-1968", "x-cp1252"), "cp1252"),
           **dict.fromkeys(("iso-8859-9", "iso8859-9", "latin5", "l5"), "cp1254"),
           **dict.fromkeys(("tis-620", "iso-8859-11"), "cp874"),
           **dict.fromkeys(("gb2312", "gbk", "x-gbk"), "gb18030"),
           **dict.fromkeys(("euc-kr", "ks_c_5601-1987"), "cp949"),
           **dict.fromkeys(("shift_jis", "shift-jis", "sjis", "x-sjis"), "cp932"),
           "big5": "big5hkscs"}


def decode(data: bytes | str) -> str:
    """Bytes -> str: BOM first, then UTF-8 when the bytes hold non-ASCII UTF-8 (pages
    declare a legacy charset and are UTF-8 far more often than the reverse can happen by
    chance), then a declared charset (meta tag or XML declaration, decoded as browsers do),
    then UTF-8, then cp1252. Bytes that are not text raise InputError (see `_binary_kind`).

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
    enc = _utf16_without_bom(data)
    if enc:
        return data.decode(enc, errors="replace")
    kind = _binary_kind(data)
    if kind:
        raise InputError(f"not HTML or text: looks like {kind}")
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if utf8 is not None and not data.isascii():
        return utf8
    m = _META_CHARSET.search(data[:4096])
    if m:
        label = (m.group(1) or m.group(2)).decode("ascii").lower()
        try:
            return data.decode(_LEGACY.get(label, label), errors="strict")
        except (LookupError, UnicodeDecodeError):
            pass
    return utf8 if utf8 is not None else data.decode("cp1252", errors="replace")


# The fallback's patterns stay linear on any input: an unclosed comment or script runs to
# the end of the page (as in a browser) instead of being searched for again from every
# later "<!--", and a tag ends at the next "<" at the latest.
_DROP = re.compile(r"<!--.*?(?:-->|\Z)|<(script|style|noscript|template|svg|math|head)\b.*?(?:</\1\s*>|\Z)",
                   re.S | re.I)
_BLOCK_TAG = re.compile(r"</?(?:" + "|".join(sorted(_BLOCK)) + r")\b[^<>]*>", re.I)
_ANY_TAG = re.compile(r"<[^<>]*>")
# A start tag with kilobytes of attributes: libxml2 checks attributes for duplicates in
# quadratic time, so such tags lose their attributes (which hold no visible text) first.
# The lookahead keeps the tag name whole: without it a name run on for n characters with
# no ">" is cut at every point in turn (n^2).
_HUGE_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9:-]*)(?![A-Za-z0-9:-])[^<>]{8192,}>")


def _tame(page: str) -> str:
    if len(page) <= 8192 or max(map(len, page.split("<"))) <= 8192:  # cheap test first
        return page
    return _HUGE_TAG.sub(lambda m: "<" + m.group(1) + ">", page)


def _flat_lines(page: str) -> str:
    """Tag-stripping fallback for pages lxml cannot build a full tree of (nesting deeper
    than libxml2's limit): block tags become line breaks, so no visible text is lost."""
    import html as std_html

    text = _BLOCK_TAG.sub("\n", _DROP.sub(" ", page))
    text = std_html.unescape(_ANY_TAG.sub("", text))
    lines = (_WS.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


@dataclass
class Block:
    """DOM context of one output line: what the HTML model sees beside the text."""

    tag: str  # innermost block-level element holding the line's first text
    path: str  # tags from <html> down to that element, "/"-joined
    depth: int
    container: int  # id of that element's parent: lines sharing it sit in one container
    chars: int = 0  # non-space characters
    link_chars: int = 0  # non-space characters inside <a>
    ancestors: frozenset = frozenset()  # tags of all enclosing elements
    tokens: tuple = ()  # class/id tokens, nearest element first
    hidden: bool = False  # inside an element hidden by attribute or inline style


_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _attributes(el) -> tuple[bool, tuple]:
    """Whether the element is hidden (by attribute or inline style) and its class/id tokens."""
    get = el.get
    style = get("style")
    hidden = (get("hidden") is not None or (get("aria-hidden") or "").lower() == "true"
              or (style is not None and _HIDDEN_STYLE.search(style) is not None))
    cls, ident = get("class"), get("id")
    if not cls and not ident:
        return hidden, ()
    return hidden, _split_tokens(f"{cls or ''} {ident or ''}"[:512])


@lru_cache(maxsize=4096)
def _split_tokens(raw: str) -> tuple:
    return tuple(t for t in _TOKEN_SPLIT.split(_CAMEL.sub(" ", raw).lower()) if 1 < len(t) < 40)


def html_to_lines(page: str | bytes) -> str:
    """The page's visible text, one block-level element per line."""
    return html_blocks(page)[0]


def html_blocks(page: str | bytes) -> tuple[str, list[Block]]:
    """The page's text, one block-level element per line, and each line's DOM context."""
    page = decode(page)
    if not page.strip():
        return "", []
    # plain etree elements: lxml.html's element classes cost a lookup per element
    parser = etree.HTMLParser(encoding="utf-8", huge_tree=True)
    try:
        root = etree.fromstring(_tame(page).encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, ValueError):
        return _flat_blocks(page)
    if root is None:
        return "", []
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        return _flat_blocks(page)
    return _walk(root)


def _walk(root) -> tuple[str, list[Block]]:
    """One pass over the tree; everything a line's Block needs is kept on parallel stacks
    as elements open and close, so a line costs no scan of its ancestors. (This loop is
    most of HTML mode's own time: keep per-element work inline; per-line work may call.)"""
    lines: list[str] = []
    blocks: list[Block] = []
    buf: list[str] = []
    # open elements, as parallel stacks: tag, class/id tokens, element id, hidden, and the
    # "/"-joined tag path down to each element; blk holds the stack positions of the
    # block-level ones
    tags: list[str] = []
    toks_st: list[tuple] = []
    ids: list[int] = []
    hid_st: list[bool] = []
    paths: list[str] = []
    blk: list[int] = []
    ctx: Block | None = None
    chars = link = 0
    in_link = hidden_depth = next_id = 0
    block_tags, skip_tags = _BLOCK, _SKIP

    def context() -> Block:
        own = blk[-1] if blk else -1
        toks: list[str] = []
        for t in reversed(toks_st[-6:]):
            toks.extend(t)
        return Block(tag=tags[own] if own >= 0 else "", path=paths[own] if own >= 0 else "",
                     depth=len(tags), container=ids[own - 1] if own > 0 else -1,
                     ancestors=frozenset(tags), tokens=tuple(toks[:24]), hidden=hidden_depth > 0)

    def flush() -> None:
        """End the current line: a block element opens or closes (called only with text buffered)."""
        nonlocal ctx, chars, link
        if ctx is not None:  # else the buffer holds whitespace only
            line = " ".join("".join(buf).split())
            if line:
                lines.append(line)
                ctx.chars, ctx.link_chars = chars, link
                blocks.append(ctx)
            ctx, chars, link = None, 0, 0
        buf.clear()

    def nonspace(piece: str) -> int:
        return len(piece) - piece.count(" ") - piece.count("\n") - piece.count("\t") - piece.count("\r")

    title = root.find(".//head/title")
    if title is not None and title.text and not title.text.isspace():
        line = " ".join(title.text.split())
        n = nonspace(title.text)
        lines.append(line)
        blocks.append(Block(tag="title", path="title", depth=1, container=-1, chars=n,
                            ancestors=frozenset(("title",)), hidden=False))
    skipping = 0
    # comments and processing instructions come as their own events ("start" never
    # yields them): the text after one, up to the next tag, is its tail
    for event, el in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        tag = el.tag
        if event == "comment" or event == "pi":
            if skipping or not el.tail:
                continue
            piece = el.tail
        elif event == "start":
            if skipping or tag in skip_tags or not isinstance(tag, str):
                skipping += 1
                continue
            is_block = tag in block_tags
            if is_block and buf:
                flush()
            if el.attrib:
                hid, tk = _attributes(el)
                hidden_depth += hid
            else:  # most elements carry no attributes at all
                hid, tk = False, ()
            if tag == "a":
                in_link += 1
            next_id += 1
            if is_block:
                blk.append(len(tags))
            paths.append(paths[-1] + "/" + tag if paths else tag)
            tags.append(tag)
            toks_st.append(tk)
            ids.append(next_id)
            hid_st.append(hid)
            piece = el.text
        else:
            if skipping:
                skipping -= 1
                if skipping or not el.tail:
                    continue
                piece = el.tail
            else:
                if tag in block_tags and buf:
                    flush()
                if blk and blk[-1] == len(tags) - 1:
                    blk.pop()
                tags.pop()
                toks_st.pop()
                ids.pop()
                paths.pop()
                hidden_depth -= hid_st.pop()
                if tag == "a":
                    in_link -= 1
                piece = el.tail
        if piece:  # add
            buf.append(piece)
            if not piece.isspace():
                if ctx is None:
                    ctx = context()
                n = nonspace(piece)
                chars += n
                if in_link:
                    link += n
    flush()
    return "\n".join(lines), blocks


def _flat_blocks(page: str) -> tuple[str, list[Block]]:
    text = _flat_lines(page)
    n = text.count("\n") + 1 if text else 0
    return text, [Block(tag="", path="", depth=0, container=-1) for _ in range(n)]


def page_title(page: str | bytes) -> str:
    """The page's title: og:title, else <title>, else the first <h1>; "" when none."""
    return next(iter(headline_texts(page, h1s=1)), "")


def headline_texts(page: str | bytes, h1s: int = 3) -> list[str]:
    """The headlines a page's markup declares, whitespace collapsed, empty ones left out,
    in this order: the first og:title, the <title>, the first `h1s` <h1> elements."""
    page = decode(page)
    if not page.strip():
        return []
    try:
        root = lxml_html.document_fromstring(_tame(page).encode("utf-8", "surrogatepass"),
                                             parser=lxml_html.HTMLParser(encoding="utf-8", huge_tree=True))
    except (etree.ParserError, ValueError):
        return []
    found = [str(root.xpath('string((//meta[@property="og:title"])[1]/@content)')),
             str(root.xpath("string((//title)[1])"))]
    found += [h.text_content() for h in root.xpath("//h1")[:h1s]]
    return [t for t in (_WS.sub(" ", f).strip() for f in found) if t]
