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
from functools import lru_cache

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


@lru_cache(maxsize=65536)
def token_bucket(token: str) -> int:
    return zlib.crc32(token.encode("utf-8")) & (TOK_SIZE - 1)


def line_token_buckets(block: Block) -> list[int]:
    return [token_bucket(t) for t in block.tokens]


_HEADINGS = {f"h{i}": i for i in range(1, 7)}


def line_features(blocks: list[Block], weights: np.ndarray | None) -> np.ndarray:
    """(lines, len(LINE_FEATURES)) features of each line's DOM context."""
    n = len(blocks)
    if not n:
        return np.zeros((0, len(LINE_FEATURES)))
    cont_chars: Counter = Counter()
    cont_link: Counter = Counter()
    cont_lines: Counter = Counter()
    paths: Counter = Counter()
    for b in blocks:
        cont_chars[b.container] += b.chars
        cont_link[b.container] += b.link_chars
        cont_lines[b.container] += 1
        paths[b.path] += 1
    rows = []
    flag_sets = [frozenset(tags) for tags in _ANCESTOR_FLAGS.values()]
    own_sets = [frozenset(tags) for tags in _OWN_FLAGS.values()]
    for b in blocks:
        levels = [_HEADINGS[t] for t in b.ancestors if t in _HEADINGS]
        rows.append([
            b.depth, b.link_chars / max(b.chars, 1),
            cont_link[b.container] / max(cont_chars[b.container], 1), cont_lines[b.container],
            cont_chars[b.container], paths[b.path] - 1 if b.path else 0,
            min(levels) if levels else 0, b.hidden,
            *[not fs.isdisjoint(b.ancestors) for fs in flag_sets],
            *[b.tag in fs for fs in own_sets],
        ])
    out = np.zeros((n, len(LINE_FEATURES)))
    k = len(rows[0])
    out[:, :k] = np.array(rows, dtype=np.float64)
    for name in ("dom_depth", "dom_cont_lines", "dom_cont_chars", "dom_same_path"):
        j = LINE_FEATURES.index(name)
        out[:, j] = np.log1p(out[:, j])
    counts = np.array([len(b.tokens) for b in blocks])
    out[:, LINE_FEATURES.index("tok_count")] = np.log1p(counts)
    if weights is not None and counts.any():
        w = weights[np.fromiter((token_bucket(t) for b in blocks for t in b.tokens), dtype=np.int64,
                                count=int(counts.sum()))]
        has = counts > 0
        offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])  # first token of each line
        starts = offsets[has]
        line_of = np.repeat(np.arange(n), counts)
        pos = np.arange(len(w)) - np.repeat(offsets, counts)
        near = pos < 4
        col = {name: LINE_FEATURES.index(name) for name in ("tok_near", "tok_mean", "tok_min", "tok_max")}
        out[has, col["tok_mean"]] = np.bincount(line_of, w, n)[has] / counts[has]
        out[has, col["tok_near"]] = np.bincount(line_of[near], w[near], n)[has] / np.minimum(counts[has], 4)
        out[has, col["tok_min"]] = np.minimum.reduceat(w, starts)
        out[has, col["tok_max"]] = np.maximum.reduceat(w, starts)
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


_HIDDEN = LINE_FEATURES.index("dom_hidden")


def hidden_rows(dom_features: np.ndarray) -> np.ndarray:
    """Which rows of compute()'s output come from elements hidden by attribute or style."""
    return dom_features[:, _HIDDEN] > 0


def dom_paths(text: str, segments, blocks: list[Block]) -> list[str]:
    """Tag path of each segment's block (segments: Segment objects or (start, end, ...) rows)."""
    if not blocks:
        return ["" for _ in segments]
    arr = np.array([[s.start, s.end] if hasattr(s, "start") else list(s)[:2] for s in segments],
                   dtype=np.int64).reshape(-1, 2)
    return [blocks[i].path for i in _line_of_segment(text, arr, len(blocks)).tolist()]


def schema() -> dict:
    return {"dom_schema_version": DOM_SCHEMA_VERSION, "dom_feature_names": list(DOM_FEATURE_NAMES)}
