"""DOM features for HTML mode: what a page's markup says about each line.

Text features (boilerkit.features) see only the words; an HTML page also tells
where a line sits: inside a link, a <nav> or <footer>, a container whose text is
mostly links, one of many blocks with the same tag path (teaser cards), under
class/id names such as "related" or "share". Class and id tokens are not matched
against a fixed list: each token is hashed into a bucket whose weight (a naive-Bayes
log ratio of body vs boilerplate) is learned in training, so the model learns the
vocabulary of whatever sites it is trained on.
"""

from __future__ import annotations

import zlib
from collections import Counter

import numpy as np

from .html import Block

DOM_SCHEMA_VERSION = 1
TOK_BITS = 16
TOK_SIZE = 1 << TOK_BITS

# enclosing-element flags: standard HTML vocabulary, not site-specific names
_ANCESTOR_FLAGS = {
    "in_nav": ("nav",), "in_header": ("header",), "in_footer": ("footer",), "in_aside": ("aside",),
    "in_form": ("form", "button", "select", "option", "label", "textarea", "fieldset"),
    "in_article": ("article",), "in_main": ("main",), "in_figure": ("figure", "figcaption"),
    "in_list": ("li", "dd", "dt"), "in_table": ("td", "th"), "in_quote": ("blockquote",),
    "in_heading": ("h1", "h2", "h3", "h4", "h5", "h6"), "in_title": ("title",),
}
_OWN_FLAGS = {"own_p": ("p",), "own_div": ("div", "section"), "own_li": ("li",),
              "own_heading": ("h1", "h2", "h3", "h4", "h5", "h6"), "own_cell": ("td", "th")}
LINE_FEATURES = [
    "dom_depth", "dom_link_ratio", "dom_cont_link_ratio", "dom_cont_lines", "dom_cont_chars",
    "dom_same_path", "dom_heading_level", "dom_hidden", *_ANCESTOR_FLAGS, *_OWN_FLAGS,
    "tok_near", "tok_mean", "tok_min", "tok_max", "tok_count",
]
CONTEXT = ["dom_link_ratio", "tok_near", "dom_same_path"]
DOM_FEATURE_NAMES: list[str] = LINE_FEATURES + [f"{n}_{d}" for d in ("p1", "n1") for n in CONTEXT]


def token_bucket(token: str) -> int:
    return zlib.crc32(token.encode("utf-8")) & (TOK_SIZE - 1)


def line_token_buckets(block: Block) -> list[int]:
    return [token_bucket(t) for t in block.tokens]


def line_features(blocks: list[Block], weights: np.ndarray | None) -> np.ndarray:
    """(lines, len(LINE_FEATURES)) features of each line's DOM context."""
    n = len(blocks)
    out = np.zeros((n, len(LINE_FEATURES)), dtype=np.float64)
    if not n:
        return out
    col = {name: i for i, name in enumerate(LINE_FEATURES)}
    cont_chars: Counter = Counter()
    cont_link: Counter = Counter()
    cont_lines: Counter = Counter()
    paths: Counter = Counter()
    for b in blocks:
        cont_chars[b.container] += b.chars
        cont_link[b.container] += b.link_chars
        cont_lines[b.container] += 1
        paths[b.path] += 1
    for i, b in enumerate(blocks):
        row = out[i]
        row[col["dom_depth"]] = np.log1p(b.depth)
        row[col["dom_link_ratio"]] = b.link_chars / max(b.chars, 1)
        row[col["dom_cont_link_ratio"]] = cont_link[b.container] / max(cont_chars[b.container], 1)
        row[col["dom_cont_lines"]] = np.log1p(cont_lines[b.container])
        row[col["dom_cont_chars"]] = np.log1p(cont_chars[b.container])
        row[col["dom_same_path"]] = np.log1p(paths[b.path] - 1) if b.path else 0.0
        levels = [int(t[1]) for t in b.ancestors if len(t) == 2 and t[0] == "h" and t[1].isdigit()]
        row[col["dom_heading_level"]] = min(levels) if levels else 0
        row[col["dom_hidden"]] = b.hidden
        for name, tags in _ANCESTOR_FLAGS.items():
            row[col[name]] = any(t in b.ancestors for t in tags)
        for name, tags in _OWN_FLAGS.items():
            row[col[name]] = b.tag in tags
        if weights is not None and b.tokens:
            w = weights[line_token_buckets(b)]
            row[col["tok_near"]] = w[:4].mean()
            row[col["tok_mean"]] = w.mean()
            row[col["tok_min"]] = w.min()
            row[col["tok_max"]] = w.max()
        row[col["tok_count"]] = np.log1p(len(b.tokens))
    return out


def compute(text: str, segments: np.ndarray, blocks: list[Block], weights: np.ndarray | None) -> np.ndarray:
    """(segments, len(DOM_FEATURE_NAMES)) float32: each segment gets its line's features
    and those of the lines before and after it."""
    n = len(segments)
    if n == 0:
        return np.zeros((0, len(DOM_FEATURE_NAMES)), dtype=np.float32)
    if not blocks:
        return np.zeros((n, len(DOM_FEATURE_NAMES)), dtype=np.float32)
    per_line = line_features(blocks, weights)
    line = _line_of_segment(text, segments, len(blocks))
    cols = [LINE_FEATURES.index(c) for c in CONTEXT]
    prev = np.vstack([np.zeros((1, len(cols))), per_line[:-1, cols]])
    nxt = np.vstack([per_line[1:, cols], np.zeros((1, len(cols)))])
    return np.hstack([per_line[line], prev[line], nxt[line]]).astype(np.float32)


def _line_of_segment(text: str, segments: np.ndarray, n_lines: int) -> np.ndarray:
    starts = np.zeros(n_lines, dtype=np.int64)
    if n_lines > 1:
        nl = np.flatnonzero(np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4") == 10)
        starts[1:] = nl[: n_lines - 1] + 1
    return np.clip(np.searchsorted(starts, segments[:, 0], side="right") - 1, 0, max(n_lines - 1, 0))


def segment_hidden(text: str, segments: np.ndarray, blocks: list[Block]) -> np.ndarray:
    """Which segments come from elements hidden by attribute or inline style."""
    if not len(segments) or not blocks:
        return np.zeros(len(segments), dtype=bool)
    hidden = np.array([b.hidden for b in blocks], dtype=bool)
    return hidden[_line_of_segment(text, segments, len(blocks))]


def dom_paths(text: str, segments, blocks: list[Block]) -> list[str]:
    """Tag path of each segment's block (segments: Segment objects or (start, end, ...) rows)."""
    if not blocks:
        return ["" for _ in segments]
    arr = np.array([[s.start, s.end] if hasattr(s, "start") else list(s)[:2] for s in segments],
                   dtype=np.int64).reshape(-1, 2)
    return [blocks[i].path for i in _line_of_segment(text, arr, len(blocks)).tolist()]


def schema() -> dict:
    return {"dom_schema_version": DOM_SCHEMA_VERSION, "dom_feature_names": list(DOM_FEATURE_NAMES)}
