"""Features: one function from a document's segments to a numeric matrix.

The same code serves training and prediction, so a feature can never drift
between the two. Everything is computed for the whole document at once:
character classes come from one code-point array and cumulative sums, pattern
matches from one regex pass mapped to segments with searchsorted, and context
features are shifts and windowed means of the per-segment columns. Only the
stopword lookup and the repetition key touch Python per token/segment.

Nothing here depends on the language: stopword density uses one union list
built from 100 languages (see training/build_stopwords.py).
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from functools import lru_cache
from itertools import repeat
from importlib import resources

import numpy as np

# Bump when a feature's meaning changes: models record it and refuse to load otherwise.
SCHEMA_VERSION = 8

# character classes
SPACE, UPPER, LOWER, OLETTER, DIGIT, TERMINAL, PUNCT, SYMBOL, MARK, CONTROL = range(10)
_NCLS = 10
_TERMINAL_CHARS = set(".!?…。！？؟।")


@lru_cache(maxsize=1)
def _class_table() -> np.ndarray:
    """Class of every BMP code point; code points above the BMP count as symbols."""
    table = np.empty(0x10000, dtype=np.uint8)
    for cp in range(0x10000):
        ch = chr(cp)
        if ch.isspace():
            c = SPACE
        elif ch in _TERMINAL_CHARS:
            c = TERMINAL
        else:
            cat = unicodedata.category(ch)
            c = {
                "Lu": UPPER, "Lt": UPPER, "Ll": LOWER, "Lo": OLETTER, "Lm": OLETTER,
            }.get(cat)
            if c is None:
                c = {"N": DIGIT, "P": PUNCT, "S": SYMBOL, "M": MARK, "Z": SPACE}.get(cat[0], CONTROL)
        table[cp] = c
    return table


@lru_cache(maxsize=1)
def stopwords() -> frozenset:
    data = resources.files("boilerkit").joinpath("data/stopwords.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode("utf-8").split())


_STRIP = "\"'“”„‚‘’«»‹›()[]{}<>.,;:!?…¿¡-–—/\\*#|•·"

# Numbers: one cheap scan finds digit runs, small patterns then say what each run is.
# Dates written with 年/月/日 (Chinese, Japanese) or 년/월/일 (Korean) count as dates too.
_NUMBER = re.compile(r"\d[\d:./\- hH年月日년월일]{0,14}")
_NUMBER_KINDS = {
    "date": re.compile(r"\d{1,4}[./-] ?\d{1,2}[./-] ?\d{2,4}(?!\d)|(?:\d{2,4} ?[年년] ?)?\d{1,2} ?[月월] ?\d{1,2} ?[日일]"),
    "time": re.compile(r"\d{1,2}[:hH]\d{2}(?![\d.:])"),
    "year": re.compile(r"(?:19|20)\d\d(?!\d)"),
}
_URL = re.compile(r"://|www\.")
# Characters counted per segment straight from the code-point array.
_CHAR_SETS = {
    "markup": "<>{}=&",
    "arrow": "»›→▶►▸⟩>",
    "separator": "|•·▪◦",
    "at": "@#",
}

_NORM = re.compile(r"\W+")
_DIGITS = re.compile(r"\d+")

LEX_FEATURES = ["lex_score", "lex_p1", "lex_n1", "lex_win3", "rel_lex", "lex_win10", "main_lex_diff"]

SEGMENT_FEATURES = [
    "log_chars", "n_words", "mean_word_len", "frac_upper", "frac_lower", "frac_oletter",
    "frac_digit", "frac_punct", "frac_symbol", "frac_terminal", "frac_titlecase_words",
    "stop_ratio", "log_stop", "start_upper", "start_lower", "start_digit", "start_punct",
    "end_terminal", "end_colon", "end_ellipsis", "end_paren", "end_quote", "end_alnum",
] + [f"pat_{k}" for k in (*_NUMBER_KINDS, "url", *_CHAR_SETS)] + [
    "log_line_chars", "segs_in_line", "index_in_line", "frac_of_line",
    "dup_before", "dup_after", "dup_count", "cut_prefix_of_next", "dup_first",
    "log_unpunct_span",
]
CONTEXT_BASE = ["log_chars", "end_terminal", "stop_ratio", "frac_titlecase_words", "frac_digit"]
CONTEXT_FEATURES = [f"{n}_{d}" for d in ("p2", "p1", "n1", "n2") for n in CONTEXT_BASE] + [
    "win3_log_chars", "win3_stop_ratio", "win10_log_chars", "win10_stop_ratio",
    "win10_end_terminal", "short_run_len", "similar_len_nbrs", "prev_run_len", "next_run_len",
    "long_run_len", "long_run_chars", "since_header", "header_p1", "dup_p1", "dup_n1", "dup_win4",
    "main_dist", "main_share", "rel_stop_ratio", "rel_log_chars", "rel_titlecase", "rel_end_terminal",
    *LEX_FEATURES, "prev_rep", "next_rep", "prev_stamp", "next_stamp", "stamp_win5",
]
FEATURE_NAMES: list[str] = SEGMENT_FEATURES + CONTEXT_FEATURES

# Feature groups for ablation (training/train.py --ablate): every feature is in one group
# (tests/test_features.py checks it).
GROUPS: dict[str, list[str]] = {
    "shape": ["log_chars", "n_words", "mean_word_len", "frac_upper", "frac_lower", "frac_oletter",
              "frac_digit", "frac_punct", "frac_symbol", "frac_terminal", "frac_titlecase_words",
              "start_upper", "start_lower", "start_digit", "start_punct", "end_terminal", "end_colon",
              "end_ellipsis", "end_paren", "end_quote", "end_alnum"],
    "stopwords": ["stop_ratio", "log_stop"],
    "patterns": [n for n in SEGMENT_FEATURES if n.startswith("pat_")] + ["prev_stamp", "next_stamp", "stamp_win5"],
    "line": ["log_line_chars", "segs_in_line", "index_in_line", "frac_of_line", "log_unpunct_span"],
    "repetition": ["dup_before", "dup_after", "dup_count", "cut_prefix_of_next", "dup_first", "dup_p1",
                   "dup_n1", "dup_win4", "prev_rep", "next_rep"],
    "neighbours": [f"{n}_{d}" for d in ("p2", "p1", "n1", "n2") for n in CONTEXT_BASE] + [
        "win3_log_chars", "win3_stop_ratio", "win10_log_chars", "win10_stop_ratio", "win10_end_terminal"],
    "runs": ["short_run_len", "similar_len_nbrs", "prev_run_len", "next_run_len", "long_run_len",
             "long_run_chars", "since_header", "header_p1", "main_dist", "main_share"],
    "relative": ["rel_stop_ratio", "rel_log_chars", "rel_titlecase", "rel_end_terminal"],
    "lexical": LEX_FEATURES,
}


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


# Lexical signal: hashed character trigrams of the case-folded text (digits folded
# to "0", whitespace to " "), scored with per-bucket weights learned in training
# (naive-Bayes log-count ratios of body vs boilerplate, training/lexicon.py).
LEX_BITS = 18
LEX_SIZE = 1 << LEX_BITS


@lru_cache(maxsize=1)
def _fold_table() -> np.ndarray:
    table = np.arange(0x10000, dtype=np.uint32)
    cls = _class_table()
    for cp in range(0x10000):
        low = chr(cp).lower()
        if len(low) == 1:
            table[cp] = ord(low)
    table[cls == DIGIT] = ord("0")
    table[cls == SPACE] = ord(" ")
    return table


def trigram_hashes(cps: np.ndarray) -> np.ndarray:
    """Bucket of the trigram starting at each position (length len(cps) - 2, or 0)."""
    if len(cps) < 3:
        return np.zeros(0, dtype=np.int64)
    folded = cps.astype(np.uint64)
    bmp = cps < 0x10000
    folded[bmp] = _fold_table()[cps[bmp]]
    h = folded[:-2] * np.uint64(0x9E3779B97F4A7C15)
    h ^= folded[1:-1] * np.uint64(0xC2B2AE3D27D4EB4F)
    h ^= folded[2:] * np.uint64(0x165667B19E3779F9)
    return (h >> np.uint64(64 - LEX_BITS)).astype(np.int64)


def segment_gram_ranges(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[lo, hi) of the trigram positions that lie wholly inside each segment."""
    lo = starts
    hi = np.maximum(ends - 2, starts)
    return lo, hi


def lexical_scores(cps: np.ndarray, starts: np.ndarray, ends: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    """Mean trigram weight per segment; NaN without weights or for segments under 3 characters."""
    n = len(starts)
    if weights is None or n == 0:
        return np.full(n, np.nan)
    h = trigram_hashes(cps)
    cum = np.zeros(len(h) + 1)
    if len(h):
        np.cumsum(weights[h], out=cum[1:])
    lo, hi = segment_gram_ranges(starts, ends)
    hi = np.minimum(hi, len(h))
    lo = np.minimum(lo, hi)
    cnt = hi - lo
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(cnt > 0, (cum[hi] - cum[lo]) / np.maximum(cnt, 1), np.nan)


def lexical_columns(cps: np.ndarray, starts: np.ndarray, ends: np.ndarray, lexicon,
                    in_main: np.ndarray) -> dict[str, np.ndarray]:
    """The lexical score, its neighbours', and the score against its own document: on a
    language (or site) the trigram weights know little, every score of the page shifts
    together, and the differences from the page's mean and its main block's mean keep the
    order. `in_main` marks the segments of the main block (see compute)."""
    lex = lexical_scores(cps, starts, ends, lexicon)
    ok = ~np.isnan(lex)
    lz = np.where(ok, lex, 0.0)
    w = (ends - starts) * ok
    wm = w * in_main
    doc_mean = float((w * lz).sum()) / float(w.sum()) if w.sum() > 0 else np.nan
    main_mean = float((wm * lz).sum()) / float(wm.sum()) if wm.sum() > 0 else np.nan
    return {
        "lex_score": lex,
        "lex_p1": _shift(lex, 1, fill=np.nan),
        "lex_n1": _shift(lex, -1, fill=np.nan),
        "lex_win3": _window_mean(lz, 3),
        "rel_lex": lex - doc_mean,
        "lex_win10": _window_mean(lz, 10),
        "main_lex_diff": lex - main_mean,
    }


def _bmp_table(chars: str) -> np.ndarray:
    """Boolean per BMP code point: a lookup instead of np.isin, whose set-up dominates on
    short documents."""
    table = np.zeros(0x10000, dtype=bool)
    table[[ord(c) for c in chars]] = True
    return table


# Han and kana are written without spaces between words: each of their characters counts
# as a word, so that word counts, word length and stopword density mean on a Chinese or
# Japanese page what they mean on a spaced one (a model that never saw such a page would
# otherwise read each sentence as one long word). Their function units are hiragana, in
# which Japanese writes its grammar, and the commonest Chinese function characters.
_UNSPACED = _bmp_table("".join(map(chr, [*range(0x3041, 0x30FB), *range(0x30FC, 0x3100), *range(0x31F0, 0x3200),
                                          *range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0xF900, 0xFB00),
                                          *range(0xFF66, 0xFFA0)])))
_UNSPACED_FUNCTION = _bmp_table("".join(map(chr, range(0x3041, 0x30A0))) + "的了是在和与及或也都就而但被把对于从向为以之其这那个们着过吗呢吧不没很将已又还所如因由此该"
                                "這們個過對於從為與將還沒嗎該爲")

_BREAKS = _bmp_table("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_QUOTES = _bmp_table("\"'”’»“")


def _line_break(cps: np.ndarray) -> np.ndarray:
    return _BREAKS[np.minimum(cps, 0xFFFF)]  # U+FFFF is not a break


def _classes(cps: np.ndarray) -> np.ndarray:
    table = _class_table()
    cls = np.full(cps.shape, SYMBOL, dtype=np.uint8)
    bmp = cps < 0x10000
    cls[bmp] = table[cps[bmp]]
    return cls


def _range_sum(cum: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    return cum[ends] - cum[starts]


def _cumsum0(x: np.ndarray) -> np.ndarray:
    out = np.zeros(len(x) + 1, dtype=np.int64)
    np.cumsum(x, out=out[1:])
    return out


def _shift(x: np.ndarray, k: int, fill: float = -1.0) -> np.ndarray:
    out = np.full_like(x, fill)
    if k > 0 and k < len(x):
        out[k:] = x[:-k]
    elif k < 0 and -k < len(x):
        out[:k] = x[-k:]
    return out


def _window_mean(x: np.ndarray, half: int) -> np.ndarray:
    n = len(x)
    cum = np.concatenate([[0.0], np.cumsum(x)])
    idx = np.arange(n)
    lo = np.maximum(idx - half, 0)
    hi = np.minimum(idx + half + 1, n)
    return (cum[hi] - cum[lo]) / (hi - lo)


def _gaps(mark: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """log1p of the distance, in segments, to the nearest marked segment before and after
    each segment (itself excluded); -1 where there is none."""
    n = len(mark)
    idx = np.arange(n)
    prev = np.maximum.accumulate(np.where(mark, idx, -1))
    prev = np.concatenate([[-1], prev[:-1]])
    nxt = np.minimum.accumulate(np.where(mark, idx, n)[::-1])[::-1]
    nxt = np.concatenate([nxt[1:], [n]])
    return (np.where(prev >= 0, np.log1p(idx - prev), -1.0),
            np.where(nxt < n, np.log1p(nxt - idx), -1.0))


def _positions_to_counts(pos: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    counts = np.zeros(len(starts), dtype=np.float64)
    if len(pos) and len(starts):
        seg = np.searchsorted(starts, pos, side="right") - 1
        ok = (seg >= 0) & (pos < ends[np.clip(seg, 0, None)])
        np.add.at(counts, seg[ok], 1.0)
    return counts


def _pattern_counts(text: str, cps: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> dict[str, np.ndarray]:
    found: dict[str, list[int]] = {k: [] for k in _NUMBER_KINDS}
    for m in _NUMBER.finditer(text):
        run, at = m.group(), m.start()
        if at and text[at - 1].isdigit():
            continue
        for kind, pat in _NUMBER_KINDS.items():
            if pat.match(run):
                found[kind].append(at)
                break
    out = {k: _positions_to_counts(np.asarray(v, dtype=np.int64), starts, ends) for k, v in found.items()}
    url = np.fromiter((m.start() for m in _URL.finditer(text)), dtype=np.int64)
    out["url"] = _positions_to_counts(url, starts, ends)
    bits = _char_set_bits()[np.minimum(cps, 0xFFFF)]  # every set is inside the BMP
    for bit, name in enumerate(_CHAR_SETS):
        out[name] = _range_sum(_cumsum0((bits >> bit) & 1), starts, ends).astype(np.float64)
    return out


@lru_cache(maxsize=1)
def _char_set_bits() -> np.ndarray:
    """Per BMP code point, bit i set when it is in the i-th of _CHAR_SETS (one lookup
    for all the sets instead of one np.isin pass each)."""
    table = np.zeros(0x10000, dtype=np.uint8)
    for bit, chars in enumerate(_CHAR_SETS.values()):
        for c in chars:
            table[ord(c)] |= 1 << bit
    return table


_WORD, _DIGIT = 1, 2


def _char_flags(ch: str) -> int:
    """_WORD when the key folding keeps ch (_NORM removes the rest), _DIGIT when the
    template folding turns it into "0" (_DIGITS)."""
    return (_NORM.match(ch) is None) * _WORD | (_DIGITS.match(ch) is not None) * _DIGIT


@lru_cache(maxsize=1)
def _fold_flags() -> np.ndarray:
    """_char_flags of every BMP code point."""
    return np.fromiter(map(_char_flags, map(chr, range(0x10000))), dtype=np.uint8, count=0x10000)


def _folded_keys(text: str, low: str, starts: np.ndarray, ends: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Each segment lower-cased with non-word characters removed, and whether it holds a
    digit. The folding is done once for the whole text with a per-code-point table, and
    a segment's key is a slice of it (a regex per segment cost a third of featurising).
    `low` is text.lower(), which compute() also needs for the stopwords."""
    if len(low) == len(text):  # a few characters change length when lowered
        cps = _codepoints(low)
        bmp = cps < 0x10000
        flags = _fold_flags()[np.where(bmp, cps, 0)]
        if not bmp.all():  # astral code points: each distinct one looked up once
            astral, where = np.unique(cps[~bmp], return_inverse=True)
            flags[~bmp] = np.array([_char_flags(chr(c)) for c in astral.tolist()], dtype=np.uint8)[where]
        word = (flags & _WORD) > 0
        folded = cps[word].tobytes().decode("utf-32-le", "surrogatepass")
        at = _cumsum0(word)
        a, b = at[starts].tolist(), at[ends].tolist()
        digits = _range_sum(_cumsum0((flags & _DIGIT) > 0), starts, ends) > 0
        return [folded[i:j] for i, j in zip(a, b)], digits
    keys = [_NORM.sub("", text[s:e].lower()) for s, e in zip(starts.tolist(), ends.tolist())]
    return keys, np.array([_DIGITS.search(k) is not None for k in keys], dtype=bool)


def _group_ids(keys: list[str]) -> np.ndarray:
    """One integer per distinct key, in order of first appearance."""
    index: dict[str, int] = {}
    return np.fromiter((index.setdefault(k, len(index)) for k in keys), dtype=np.int64, count=len(keys))


def _repetition(text: str, starts: np.ndarray, ends: np.ndarray, low: str | None = None):
    """Exact repeats (after case/punctuation folding) and captions shown cut then whole.

    Keys shorter than 4 characters ("ok", "1") never count as repeats. The last value is
    each segment's repeat group (see compute_with_repeats)."""
    n = len(starts)
    if n == 0:
        return (*(np.zeros(0) for _ in range(6)), np.zeros(0, dtype=np.int64))
    keys, has_digit = _folded_keys(text, text.lower() if low is None else low, starts, ends)
    klen = np.fromiter(map(len, keys), dtype=np.int64, count=n)
    ids = _group_ids(keys)
    total = np.bincount(ids)[ids]
    order = np.argsort(ids, kind="stable")
    rank = np.empty(n, dtype=np.int64)  # earlier occurrences of the same key
    rank[order] = np.arange(n) - np.searchsorted(ids[order], ids[order])
    ok = klen >= 4
    dup_before = (ok & (rank > 0)).astype(float)
    dup_after = (ok & (rank < total - 1)).astype(float)
    dup_count = np.where(ok, total - 1, 0).astype(float)
    dup_first = (ok & (ids == ids[0]) & (np.arange(n) > 0)).astype(float)
    cut_prefix = np.zeros(n)
    maybe = np.flatnonzero((klen[:-1] >= 10) & (klen[1:] > klen[:-1])).tolist()
    cut_prefix[[i for i in maybe if keys[i + 1].startswith(keys[i])]] = 1.0
    # the same with numbers folded: "2 hrs ago" and "5 hrs ago" are one template (a bare
    # "14:05" folds to "0" and is too short to count: punctuation is gone from the keys)
    shapes = [_DIGITS.sub("0", k) if d else k for k, d in zip(keys, has_digit.tolist())]
    shape_ids = _group_ids(shapes)
    shape_len = np.fromiter(map(len, shapes), dtype=np.int64, count=n)
    templated = ((shape_len >= 3) & (np.bincount(shape_ids)[shape_ids] > 1)).astype(float)
    group = np.where(ok & (total > 1), ids, -1)
    return dup_before, dup_after, dup_count, cut_prefix, dup_first, templated, group


def compute(text: str, segments: np.ndarray, lexicon: np.ndarray | None = None) -> np.ndarray:
    """Feature matrix (n_segments, len(FEATURE_NAMES)) as float32.

    `segments` is the (n, 3) array of (start, end, line_number) from boilerkit.segment;
    `lexicon` the model's trigram weights (LEX_SIZE floats); without it the lexical
    columns are NaN (training fills them in out-of-fold).
    """
    return compute_with_repeats(text, segments, lexicon)[0]


def compute_with_repeats(text: str, segments: np.ndarray,
                         lexicon: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """compute()'s matrix and each segment's repeat group: segments whose text is the same
    after case and punctuation folding (4 folded characters or more) share a group number,
    a segment that occurs once has -1. Prediction gives a group one decision."""
    n = len(segments)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32), np.zeros(0, dtype=np.int64)
    starts = segments[:, 0].astype(np.int64)
    ends = segments[:, 1].astype(np.int64)
    lines = segments[:, 2].astype(np.int64)
    cps = _codepoints(text)
    cls = _classes(cps)
    chars = (ends - starts).astype(np.float64)

    counts = {}
    for c in (UPPER, LOWER, OLETTER, DIGIT, TERMINAL, PUNCT, SYMBOL, SPACE):
        counts[c] = _range_sum(_cumsum0(cls == c), starts, ends).astype(np.float64)
    letters = counts[UPPER] + counts[LOWER] + counts[OLETTER]
    nonspace = np.maximum(chars - counts[SPACE], 1.0)

    is_space = cls == SPACE
    prev_space = np.concatenate([[True], is_space[:-1]])
    word_start = ~is_space & prev_space
    unspaced = _UNSPACED[np.minimum(cps, 0xFFFF)]
    has_unspaced = bool(unspaced.any())
    units = word_start | unspaced if has_unspaced else word_start
    words = _range_sum(_cumsum0(units), starts, ends).astype(np.float64)
    title_words = _range_sum(_cumsum0(word_start & (cls == UPPER)), starts, ends).astype(np.float64)

    # stopwords: tokens of str.split() line up one-to-one with word_start positions
    stop = stopwords()
    low = text.lower()
    tokens = low.split()
    ws_pos = np.flatnonzero(word_start)
    if len(tokens) == len(ws_pos):
        flags = np.fromiter(map(stop.__contains__, map(str.strip, tokens, repeat(_STRIP))), dtype=bool,
                            count=len(tokens))
        seg_of_tok = np.searchsorted(starts, ws_pos, side="right") - 1
        stop_n = np.bincount(seg_of_tok[flags], minlength=n)[:n].astype(np.float64)
    else:  # cannot happen with a consistent class table; kept as a safe fallback
        stop_n = np.array([sum(t.lower().strip(_STRIP) in stop for t in text[s:e].split())
                           for s, e in zip(starts, ends)], dtype=np.float64)
    if has_unspaced:
        stop_n += _range_sum(_cumsum0(_UNSPACED_FUNCTION[np.minimum(cps, 0xFFFF)]), starts, ends)
    wdiv = np.maximum(words, 1.0)

    first = cls[starts]
    last = cls[ends - 1]
    last_cp = cps[ends - 1]
    f: dict[str, np.ndarray] = {}
    f["log_chars"] = np.log1p(chars)
    f["n_words"] = words
    f["mean_word_len"] = nonspace / wdiv
    f["frac_upper"] = counts[UPPER] / np.maximum(letters, 1.0)
    f["frac_lower"] = counts[LOWER] / nonspace
    f["frac_oletter"] = counts[OLETTER] / nonspace
    f["frac_digit"] = counts[DIGIT] / nonspace
    f["frac_punct"] = counts[PUNCT] / nonspace
    f["frac_symbol"] = counts[SYMBOL] / nonspace
    f["frac_terminal"] = counts[TERMINAL] / nonspace
    f["frac_titlecase_words"] = title_words / wdiv
    f["stop_ratio"] = stop_n / wdiv
    f["log_stop"] = np.log1p(stop_n)
    f["start_upper"] = (first == UPPER).astype(float)
    f["start_lower"] = (first == LOWER).astype(float)
    f["start_digit"] = (first == DIGIT).astype(float)
    f["start_punct"] = ((first == PUNCT) | (first == SYMBOL)).astype(float)
    ends_quote = _QUOTES[np.minimum(last_cp, 0xFFFF)]
    # a sentence that ends in a closing quote still ends in terminal punctuation
    before_last = cls[np.maximum(ends - 2, starts)]
    f["end_terminal"] = ((last == TERMINAL) | (ends_quote & (before_last == TERMINAL))).astype(float)
    f["end_colon"] = (last_cp == ord(":")).astype(float)
    f["end_ellipsis"] = ((last_cp == ord("…")) | ((last_cp == ord(".")) & (chars >= 3) & (cps[np.maximum(ends - 3, 0)] == ord(".")))).astype(float)
    f["end_paren"] = (last_cp == ord(")")).astype(float)
    f["end_quote"] = ends_quote.astype(float)
    f["end_alnum"] = ((last >= UPPER) & (last <= DIGIT)).astype(float)  # UPPER, LOWER, OLETTER, DIGIT
    for name, c in _pattern_counts(text, cps, starts, ends).items():
        f[f"pat_{name}"] = c

    # the input line each segment came from
    uniq, line_idx, line_n = np.unique(lines, return_inverse=True, return_counts=True)
    line_chars = np.bincount(line_idx, weights=chars)
    f["log_line_chars"] = np.log1p(line_chars[line_idx])
    f["segs_in_line"] = line_n[line_idx].astype(float)
    first_of_line = np.concatenate([[0], np.cumsum(line_n)[:-1]])
    f["index_in_line"] = (np.arange(n) - first_of_line[line_idx]).astype(float)
    f["frac_of_line"] = chars / line_chars[line_idx]
    # length of the stretch without a sentence end around the segment: a sentence of body
    # text spans a few hundred characters, a run of headlines or menu items glued into one
    # line by a dump can span thousands
    stops = np.append(np.flatnonzero((cls == TERMINAL) | _line_break(cps)), len(text))  # with a sentinel
    left = np.searchsorted(stops, starts) - 1
    left_pos = np.where(left >= 0, stops[np.maximum(left, 0)], -1)
    right_pos = stops[np.searchsorted(stops, ends - 1)]
    f["log_unpunct_span"] = np.log1p(right_pos - left_pos - 1)

    (f["dup_before"], f["dup_after"], f["dup_count"], f["cut_prefix_of_next"],
     f["dup_first"], templated, group) = _repetition(text, starts, ends, low)

    # context
    for name in CONTEXT_BASE:
        x = f[name]
        f[f"{name}_p2"] = _shift(x, 2)
        f[f"{name}_p1"] = _shift(x, 1)
        f[f"{name}_n1"] = _shift(x, -1)
        f[f"{name}_n2"] = _shift(x, -2)
    f["win3_log_chars"] = _window_mean(f["log_chars"], 3)
    f["win3_stop_ratio"] = _window_mean(f["stop_ratio"], 3)
    f["win10_log_chars"] = _window_mean(f["log_chars"], 10)
    f["win10_stop_ratio"] = _window_mean(f["stop_ratio"], 10)
    f["win10_end_terminal"] = _window_mean(f["end_terminal"], 10)

    short = (chars < 80) & (f["end_terminal"] == 0)
    # run of consecutive short segments containing each segment
    change = np.concatenate([[True], short[1:] != short[:-1]])
    run_id = np.cumsum(change) - 1
    run_len = np.bincount(run_id)[run_id].astype(float)
    f["short_run_len"] = np.where(short, np.log1p(run_len), 0.0)
    # runs: a segment's own run of short (or long) segments and the runs around it
    n_runs = int(run_id[-1]) + 1
    run_lens = np.bincount(run_id, minlength=n_runs).astype(float)
    run_chars = np.bincount(run_id, weights=chars, minlength=n_runs)
    prev_len = np.concatenate([[0.0], run_lens[:-1]])
    next_len = np.concatenate([run_lens[1:], [0.0]])
    f["prev_run_len"] = np.log1p(prev_len[run_id])
    f["next_run_len"] = np.log1p(next_len[run_id])
    f["long_run_len"] = np.where(short, 0.0, np.log1p(run_len))
    f["long_run_chars"] = np.where(short, 0.0, np.log1p(run_chars[run_id]))
    # a list header: short, and ends with a colon or is mostly capitals
    header = (chars < 60) & ((f["end_colon"] > 0) | ((f["frac_upper"] > 0.6) & (letters >= 3)))
    last_header = np.maximum.accumulate(np.where(header, np.arange(n), -1))
    f["since_header"] = np.where(last_header >= 0, np.log1p(np.arange(n) - last_header), -1.0)
    f["header_p1"] = _shift(header.astype(float), 1, fill=0.0)
    # a neighbour repeated through the document ("Read more", a timestamp pattern, a
    # section name) marks the segment as one item of a templated list
    f["dup_p1"] = _shift(np.log1p(f["dup_count"]), 1, fill=0.0)
    f["dup_n1"] = _shift(np.log1p(f["dup_count"]), -1, fill=0.0)
    # share of the neighbourhood made of repeated lines: a teaser list interleaves its items
    # with a repeated "read more" or "2 hrs ago", however long and sentence-like the items are
    f["dup_win4"] = _window_mean(templated, 4)
    # how many segments back and ahead the nearest repeated segment lies: the items of a
    # teaser list sit between repeated "read more" lines or bylines, beyond dup_win4's reach
    f["prev_rep"], f["next_rep"] = _gaps(f["dup_count"] > 0)
    # short dated lines around the segment: each reader comment and each teaser of a list
    # carries its own date or time line, an article one near its title
    stamp = short & ((f["pat_date"] > 0) | (f["pat_time"] > 0))
    f["prev_stamp"], f["next_stamp"] = _gaps(stamp)
    f["stamp_win5"] = _window_mean(stamp.astype(float), 5)
    # where the segment sits relative to the main block (the run of consecutive non-short
    # segments, 80+ characters or ending a sentence, holding the most characters): lists of
    # other articles come after it, headers and menus before it, and a teaser several
    # segments past its end is not continuing it (a subheading also ends the run, so the
    # paragraphs after one get a small positive distance too)
    run_first = np.searchsorted(run_id, np.arange(n_runs))
    long_chars = np.where(short[run_first], -1.0, run_chars)
    main = int(np.argmax(long_chars))
    if long_chars[main] < 0:  # no long segment at all: no main block (a share of 0 says so)
        f["main_dist"] = np.zeros(n)
        f["main_share"] = np.zeros(n)
    else:
        pos = np.arange(n)
        lo = run_first[main]
        hi = lo + int(run_lens[main]) - 1
        dist = np.where(pos < lo, pos - lo, np.where(pos > hi, pos - hi, 0))
        f["main_dist"] = np.sign(dist) * np.log1p(np.abs(dist))
        f["main_share"] = np.full(n, run_chars[main] / max(float(chars.sum()), 1.0))
    # the same signals relative to the document, so that a language or dump style whose
    # text is, say, poor in listed stopwords is judged against its own average
    wsum = max(float(words.sum()), 1.0)
    csum = max(float(chars.sum()), 1.0)
    f["rel_stop_ratio"] = f["stop_ratio"] - float(stop_n.sum()) / wsum
    f["rel_log_chars"] = f["log_chars"] - float(np.median(f["log_chars"]))
    f["rel_titlecase"] = f["frac_titlecase_words"] - float(title_words.sum()) / wsum
    f["rel_end_terminal"] = f["end_terminal"] - float((f["end_terminal"] * chars).sum()) / csum

    ll = f["log_chars"]
    sim = np.zeros(n)
    for k in (-3, -2, -1, 1, 2, 3):
        other = _shift(ll, k, fill=np.nan)
        sim += np.nan_to_num(np.abs(other - ll) < 0.4)
    f["similar_len_nbrs"] = sim / 6.0

    f.update(lexical_columns(cps, starts, ends, lexicon, main_mask(f["main_dist"], f["main_share"])))

    X = np.empty((n, len(FEATURE_NAMES)), dtype=np.float32)
    for j, name in enumerate(FEATURE_NAMES):
        X[:, j] = f[name]
    return X, group


def main_mask(main_dist: np.ndarray, main_share: np.ndarray) -> np.ndarray:
    """The main block's segments, from their two columns (training refills the lexical
    columns from a featurised table)."""
    return (main_dist == 0) & (main_share > 0)


def schema() -> dict:
    """What a model records so that loading it against other feature code fails loudly."""
    return {"schema_version": SCHEMA_VERSION, "feature_names": list(FEATURE_NAMES)}
