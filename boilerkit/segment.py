"""Text segmentation: the units the classifier labels.

A segment is a stripped, non-blank piece of one input line. Short lines are one
segment. Long lines are cut into sentence-like pieces (respecting abbreviations,
initials and dates such as "18. júní"), at points where a dump glued two blocks
together ("...last wordNext block"), and pieces that are still over MAX_PIECE
characters with no sentence end (a run of headlines or menu items) into chunks at
spaces, so that a dump which puts a whole article and a headline list on one line
can still be separated. Every rule works on characters, not on a language's word
list, and runs in one linear pass over the text.

Text hard-wrapped at a fixed width (lynx, w3m, html2text and mail dumps) is first
put back together: where a line was broken only because the next word would not
have fit, the two lines are one block (see wrap_width). Offsets still point into
the input; such a segment simply contains the line break.
"""

from __future__ import annotations

import re

import numpy as np

# Lines longer than this are split into sentences.
LONG_LINE = 200
# A piece still longer than this after sentence splitting (a run of headlines or menu
# items with no sentence ends) is cut into chunks of about CHUNK characters at spaces.
MAX_PIECE = 400
CHUNK = 250
# Lines longer than this are also split where a dump glued two blocks together
# ("...the last wordNext block"): a lowercase run, then a capitalised word, no space.
GLUE_LINE = 80

# Everything str.splitlines() breaks on, so a "line" means what Python means by it.
_BREAK_CHARS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_LINE = re.compile(f"[^{_BREAK_CHARS}]+")
_NONSPACE = re.compile(r"\S")
# A sentence ends at terminal punctuation, optional closing quotes/brackets, then space.
# A match starts only at the first mark of a run: tried at every mark, a run of n marks
# with no space after it ("......") would cost n^2 steps.
_BOUNDARY = re.compile(r"(?<![.!?…。！？])[.!?…。！？]+[\"'”’»›)\]]*\s+")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_LOWER = "a-zß-öø-ÿа-яёα-ω"
_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω"
_GLUE = re.compile(f"(?<=[{_LOWER}]{{3}})(?=[{_UPPER}][{_LOWER}]{{2}})")


def strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim whitespace from text[start:end]; None when nothing is left."""
    m = _NONSPACE.search(text, start, end)
    if m is None:
        return None
    s = m.start()
    e = end
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _is_sentence_end(text: str, punct_start: int, next_pos: int) -> bool:
    """Decide whether a boundary match really ends a sentence.

    No split before a lowercase letter ("18. júní", "z. B. etwas"), nor after a
    short capitalised abbreviation ("Dr.", "St.") or a single letter ("J. Smith").
    """
    if next_pos >= len(text):
        return False
    nxt = text[next_pos]
    if nxt.islower():
        return False
    if text[punct_start] == ".":
        m = _WORD_BEFORE.search(text, max(0, punct_start - 12), punct_start)
        if m is not None:
            word = m.group(1)
            if len(word) == 1 and word.isalpha():
                return False
            if len(word) <= 3 and word[:1].isupper() and word[1:].islower() and nxt.isupper():
                return False
    return True


def _split_points(text: str, start: int, end: int, sentences: bool) -> list[int]:
    points = []
    if sentences:
        points = [m.end() for m in _BOUNDARY.finditer(text, start, end) if _is_sentence_end(text, m.start(), m.end())]
    glue = [m.start() for m in _GLUE.finditer(text, start, end)]
    if glue:
        points = sorted(set(points).union(glue))
    return points


def _emit(text: str, start: int, end: int, out: list, line_no: int) -> None:
    piece = strip_span(text, start, end)
    if piece is None:
        return
    s, e = piece
    while e - s > MAX_PIECE:
        cut = text.rfind(" ", s + CHUNK // 2, s + CHUNK)
        if cut < 0:
            cut = text.find(" ", s + CHUNK, s + MAX_PIECE)
        if cut < 0:
            cut = s + CHUNK  # no space at all (e.g. CJK without punctuation)
        head = strip_span(text, s, cut)
        if head is not None:
            out.append((head[0], head[1], line_no))
        rest = strip_span(text, cut, e)
        if rest is None:
            return
        s, e = rest
    out.append((s, e, line_no))


def _split_long(text: str, start: int, end: int, out: list, line_no: int, sentences: bool) -> None:
    pos = start
    for cut in _split_points(text, start, end, sentences):
        _emit(text, pos, cut, out, line_no)
        pos = cut
    _emit(text, pos, end, out, line_no)


def lines(text: str):
    """(line number, start, end) of each non-blank line, whitespace trimmed.

    The number only tells lines apart (it counts every non-empty run between line
    breaks, whitespace-only ones included); segments of one line share it.
    """
    for line_no, _, s, e in _lines_raw(text):
        yield line_no, s, e


def _lines_raw(text: str):
    """lines(), each also with the start of its line before indentation is trimmed."""
    for line_no, m in enumerate(_LINE.finditer(text)):
        piece = strip_span(text, m.start(), m.end())
        if piece is not None:
            yield line_no, m.start(), piece[0], piece[1]


# Hard wrapping: lines of wrapped prose pile up just under the width, and few lines with
# a space go past it (a wrapper may leave list items, table rows or a long URL whole).
# A width W is believed when at least WRAP_MIN_FULL lines are "full" (within WRAP_SLACK
# characters of W), making at least WRAP_MIN_SHARE of the lines over 2 * WRAP_SLACK
# characters, at least WRAP_MIN_DENSITY times as many as in the band of the same size
# below, and the lines in the band just past W number at most WRAP_MAX_OVER of the full
# ones. Line lengths of text written one block per line fall off smoothly instead.
WRAP_MIN_WIDTH = 40
WRAP_MAX_WIDTH = 200
WRAP_SLACK = 10
WRAP_MIN_FULL = 5
WRAP_MIN_SHARE = 0.2
WRAP_MIN_DENSITY = 3.0
WRAP_MAX_OVER = 0.3
WRAP_MIN_LOWER = 0.25
WRAP_MAX_ENDED = 0.25
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»›)\]]*$")
_FIRST_WORD = re.compile(r"\S+")
_BREAK = re.compile(f"\r\n|[{_BREAK_CHARS}]")  # one line break ("\r\n" is one)
# a first word that is only a bullet or heading mark ("*", "-", "#", "1.") starts an item
_MARK = re.compile(r"[^\w\s]+|\d+[.)]")


def wrap_width(text: str, spans: list[tuple[int, int, int]]) -> int | None:
    """The column at which text was hard-wrapped, or None when it was not.

    `spans` are (line number, start, end) with each line's start before its
    indentation, since a wrapper counts indentation. Only lines with a space count
    (a word longer than the width sticks out); lengths are in characters.
    """
    top = WRAP_MAX_WIDTH + WRAP_SLACK
    lengths = [e - s for _, s, e in spans if WRAP_MIN_WIDTH - 2 * WRAP_SLACK < e - s]
    if len(lengths) < WRAP_MIN_FULL:
        return None
    hist = np.bincount(np.minimum(lengths, top + 1), minlength=top + 2)
    for _, s, e in spans:  # lines without a space inside do not count
        if WRAP_MIN_WIDTH - 2 * WRAP_SLACK < e - s and " " not in text[s:e].strip():
            hist[min(e - s, top + 1)] -= 1
    cum = np.concatenate([[0], np.cumsum(hist)])  # cum[n]: lines shorter than n

    def count(lo, hi):  # lines with lo <= length <= hi, for arrays of bounds
        return cum[np.minimum(hi, top + 1) + 1] - cum[np.maximum(lo, 0)]

    w = np.arange(WRAP_MIN_WIDTH, WRAP_MAX_WIDTH + 1)
    full = count(w - WRAP_SLACK + 1, w)
    ok = ((hist[w] > 0) & (full >= max(WRAP_MIN_FULL, WRAP_MIN_SHARE * cum[-1]))
          & (count(w + 1, w + WRAP_SLACK) <= WRAP_MAX_OVER * full)
          & (full >= WRAP_MIN_DENSITY * count(w - 2 * WRAP_SLACK + 1, w - WRAP_SLACK)))
    if not ok.any():
        return None
    best = np.flatnonzero(ok & (full == full[ok].max()))[-1]  # most full lines; the widest on a tie
    return int(w[best])


def blocks(text: str):
    """(line number, start, end) of each block, whitespace trimmed: lines(), with the lines
    of a hard-wrapped block joined into one (line number of its first line): line B
    continues line A when only one line break separates them and B's first word would not
    have fit on A."""
    raw = list(_lines_raw(text))
    width = wrap_width(text, [(no, rs, e) for no, rs, _, e in raw]) if len(raw) >= WRAP_MIN_FULL else None
    if width is None:
        return ((no, s, e) for no, _, s, e in raw)
    join = [False]
    for (_, prev_rs, _, prev_e), (_, _, s, e) in zip(raw, raw[1:]):
        word = _FIRST_WORD.match(text, s, e).group()
        join.append(prev_e - prev_rs <= width < (prev_e - prev_rs) + 1 + len(word)
                    and len(_BREAK.findall(text, prev_e, s)) == 1 and not _MARK.fullmatch(word))
    # wrapped prose breaks mid-sentence: the broken line seldom ends a sentence and the
    # next often starts in lower case (a quarter of the time even in German, which
    # capitalises nouns). Paragraphs of similar length written one per line end
    # sentences; the items of a list or table with rows of similar length start in
    # upper case. Scripts without case are left as they are.
    cand = [i for i, j in enumerate(join) if j]  # lines that continue the line before
    cased = [c for c in (text[raw[i][2]] for i in cand) if c.isupper() or c.islower()]
    ended = sum(_SENTENCE_END.search(text, raw[i - 1][2], raw[i - 1][3]) is not None for i in cand)
    if (len(cased) < WRAP_MIN_FULL or sum(c.islower() for c in cased) < WRAP_MIN_LOWER * len(cased)
            or ended > WRAP_MAX_ENDED * len(cand)):
        return ((no, s, e) for no, _, s, e in raw)
    out: list[tuple[int, int, int]] = []
    for (no, _, s, e), j in zip(raw, join):
        if j:
            out[-1] = (out[-1][0], out[-1][1], e)
        else:
            out.append((no, s, e))
    return out


def segment_text(text: str, long_line: int = LONG_LINE, glue_line: int = GLUE_LINE) -> np.ndarray:
    """Return an (n, 3) int64 array of (start, end, line_number) for the segments of text.

    Segments are in document order, never overlap, and together cover every
    non-whitespace character of the input exactly once. HTML mode segments its block
    lines the same way: on 13 of the 3,697 training pages' block dumps some lines of
    similar length, mostly lists, pass the wrap test and are joined. (A <pre> block
    reaches it as one line: boilerkit.html collapses the whitespace inside every block,
    line breaks included.)
    """
    return segment_blocks(text, blocks(text), long_line, glue_line)


def segment_blocks(text: str, spans, long_line: int = LONG_LINE, glue_line: int = GLUE_LINE) -> np.ndarray:
    """segment_text() of text whose blocks are given as trimmed (line number, start, end)
    spans: a text whose line geometry is another's (boilerkit/markdown.py) is cut into
    blocks where the other was."""
    out: list[tuple[int, int, int]] = []
    for line_no, s, e in spans:
        if e - s > glue_line:
            _split_long(text, s, e, out, line_no, sentences=e - s > long_line)
        else:
            out.append((s, e, line_no))
    if not out:
        return np.zeros((0, 3), dtype=np.int64)
    return np.asarray(out, dtype=np.int64)
