"""Text segmentation: the units the classifier labels.

A segment is a stripped, non-blank piece of one input line. Short lines are one
segment. Long lines are cut into sentence-like pieces (respecting abbreviations,
initials and dates such as "18. júní"), at points where a dump glued two blocks
together ("...last wordNext block"), and pieces that are still over MAX_PIECE
characters with no sentence end (a run of headlines or menu items) into chunks at
spaces, so that a dump which puts a whole article and a headline list on one line
can still be separated. Every rule works on characters, not on a language's word
list, and runs in one linear pass over the text.
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
_LINE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
_NONSPACE = re.compile(r"\S")
# A sentence ends at terminal punctuation, optional closing quotes/brackets, then space.
_BOUNDARY = re.compile(r"[.!?…。！？]+[\"'”’»›)\]]*\s+")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_LOWER = "a-zß-öø-ÿа-яёα-ω"
_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω"
_GLUE = re.compile(f"(?<=[{_LOWER}]{{3}})(?=[{_UPPER}][{_LOWER}]{{2}})")


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
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
    piece = _strip(text, start, end)
    if piece is None:
        return
    s, e = piece
    while e - s > MAX_PIECE:
        cut = text.rfind(" ", s + CHUNK // 2, s + CHUNK)
        if cut < 0:
            cut = text.find(" ", s + CHUNK, s + MAX_PIECE)
        if cut < 0:
            cut = s + CHUNK  # no space at all (e.g. CJK without punctuation)
        head = _strip(text, s, cut)
        if head is not None:
            out.append((head[0], head[1], line_no))
        rest = _strip(text, cut, e)
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
    for line_no, m in enumerate(_LINE.finditer(text)):
        piece = _strip(text, m.start(), m.end())
        if piece is not None:
            yield line_no, piece[0], piece[1]


def segment_text(text: str, long_line: int = LONG_LINE, glue_line: int = GLUE_LINE) -> np.ndarray:
    """Return an (n, 3) int64 array of (start, end, line_number) for the segments of text.

    Segments are in document order, never overlap, and together cover every
    non-whitespace character of the input exactly once.
    """
    out: list[tuple[int, int, int]] = []
    for line_no, s, e in lines(text):
        if e - s > glue_line:
            _split_long(text, s, e, out, line_no, sentences=e - s > long_line)
        else:
            out.append((s, e, line_no))
    if not out:
        return np.zeros((0, 3), dtype=np.int64)
    return np.asarray(out, dtype=np.int64)
