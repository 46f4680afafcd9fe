"""Markdown link and image syntax: the model reads a link's words, not its target.

Tools that dump pages as Markdown (html2text, and the scrapers that feed language
models) keep each link's target and title beside its words,
`[Contact](/contact "Write to us")`, and images as `![](/img/spacer.gif)`. Training
text has none of that, and read as it stands a menu of such links looks like prose:
long lines, titles that hold whole teaser sentences, relative targets with no URL
scheme to flag them. So features are computed on a view of the text where a link is
reduced to its words and images are gone, as a reader sees the page. The segments
the caller gets still point into the input, and clean() returns the input's text,
markup included.

The view only deletes characters (a link title may take line breaks with it), so
every view position maps back to one input position. A line left blank (a line of
images) goes from the view, as block dumps show no line there, and joins the segment
before it. Each deleted run joins the segment it touches on its line (the link's words
before "](target)", the words after "["), or the nearest one, so segments still cover
every non-blank input character once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .segment import _BREAK_CHARS as _B  # what str.splitlines() breaks on
from .segment import blocks, lines, segment_blocks, segment_text, strip_span

_BREAK = re.compile(f"[{_B}]")
_PLAIN = r"[^\[\]\\]|\\."  # a character of a link's words (escapes allowed; may be a line break)
# A target has no spaces, but a wrapping dumper (html2text's default) breaks a long one
# over lines, and may put the title on the next line. Every part below has one way to
# match (a break must be followed by more target, a title starts with a quote, which a
# target may not hold), so the engine never tries a line break both ways: ambiguity there
# made some inputs of a few hundred characters take minutes.
_URLCH = rf"[^\s()\\\"]|\\[^{_B}]"
_PART = rf"(?:{_URLCH}|\((?:{_URLCH})*\))+"
_DEST = rf"<[^<>{_B}]*>|(?:{_PART}(?:\r?\n{_PART})*)?"
# double-quoted, as html2text writes them: a title attribute's text, blank lines included
_TITLE = rf'(?:[ \t]+|[ \t]*\r?\n[ \t]*)"[^"]{{0,2000}}"'
# inline targets only: "[6][7]" is far more often two footnote marks than a reference link
_TARGET = rf"\((?:{_DEST})(?:{_TITLE})?[ \t]*\)"
_IMAGE_SRC = rf"(?<!\\)!\[(?:{_PLAIN}){{0,1000}}\]{_TARGET}"
_IMAGE = re.compile(_IMAGE_SRC, re.S)
# group 1: "!" for an image; group 2: the words (which may hold images: a linked logo);
# an escaped "\[" starts nothing
_LINK = re.compile(rf"(?<!\\)(!?)\[((?:{_IMAGE_SRC}|{_PLAIN}){{0,1000}})\]{_TARGET}", re.S)


@dataclass(frozen=True)
class View:
    text: str  # what the model reads
    runs: np.ndarray  # (k, 2) input spans deleted from the view: sorted, apart
    breaks: np.ndarray  # input positions of the line breaks

    def _gone(self) -> np.ndarray:
        """Characters deleted before each run (k + 1 values)."""
        return np.concatenate([[0], np.cumsum(self.runs[:, 1] - self.runs[:, 0])])

    def input_pos(self, v: np.ndarray) -> np.ndarray:
        """Input position of each view position (of a character the view kept)."""
        gone = self._gone()
        starts = self.runs[:, 0] - gone[:-1]  # where each run was cut out of the view
        return v + gone[np.searchsorted(starts, v, side="right")]

    def view_pos(self, p: np.ndarray) -> np.ndarray:
        """View position of each input position: of the next kept character."""
        gone = self._gone()
        j = np.searchsorted(self.runs[:, 1], p, side="right")  # runs wholly before p
        start = self.runs[np.minimum(j, len(self.runs) - 1), 0]  # of the run p may sit in
        inside = (j < len(self.runs)) & (start <= p)
        return np.where(inside, start, p) - gone[j]

    def to_input(self, segs: np.ndarray) -> np.ndarray:
        """View segments -> the same segments in input offsets, each deleted run given
        to the segment it belongs with (see the module docstring)."""
        out = segs.copy()
        if not len(segs):
            return out
        s = self.input_pos(segs[:, 0])
        e = self.input_pos(segs[:, 1] - 1) + 1
        a, b = self.runs[:, 0], self.runs[:, 1]
        k = np.searchsorted(s, a, side="right") - 1  # last segment starting before the run
        kk = np.maximum(k, 0)
        inside = (k >= 0) & (b <= e[kk])
        n = len(s)
        nxt = np.minimum(k + 1, n - 1)
        line = np.searchsorted(self.breaks, a)  # the run's line
        left_ok = (k >= 0) & (np.searchsorted(self.breaks, e[kk] - 1) == line)
        right_ok = (k + 1 < n) & (np.searchsorted(self.breaks, s[nxt]) == line)
        touch_left = left_ok & (e[kk] == a)
        touch_right = right_ok & (s[nxt] == b)
        # a run with no segment on its line (a deleted line of images) goes to the one
        # before it, or after it when it comes before the first segment
        left = ~inside & (touch_left | (left_ok & ~touch_right) | (~left_ok & ~right_ok & (k >= 0)))
        right = ~inside & ~left
        np.maximum.at(e, k[left], b[left])
        np.minimum.at(s, nxt[right], a[right])
        out[:, 0], out[:, 1] = s, e
        return out


_ALT_END = re.compile(r"(?:[^\]\\]|\\.)*\]", re.S)


def _deletions(text: str) -> list[tuple[int, int, int]]:
    """(start, end, head_end) of each run to delete; a document the deletions would
    leave blank keeps each run's head, text[start:head_end]: "![alt]" of an image, the
    brackets of a link."""
    out = []
    for m in _LINK.finditer(text):
        if m.group(1):  # an image
            out.append((m.start(), m.end(), _ALT_END.match(text, m.start() + 2).end()))
            continue
        a, b = m.span(2)
        out.append((m.start(), a, a))  # "["
        for im in _IMAGE.finditer(text, a, b):
            out.append((im.start(), im.end(), _ALT_END.match(text, im.start() + 2).end()))
        out.append((b, m.end(), b + 1))  # "](target)"
    return [d for d in out if d[1] > d[0]]


def reader_view(text: str) -> View | None:
    """The text without link targets and images; None when it holds no link syntax."""
    if "](" not in text:
        return None
    dels = _deletions(text)
    if not dels:
        return None
    breaks = np.array([m.start() for m in _BREAK.finditer(text)], dtype=np.int64)
    view = _view(text, [(a, b) for a, b, _ in dels], breaks)
    # A view line left blank (a line of images, of links without words) goes, with its
    # line break, as block dumps of the page show no line there; its runs join the
    # segment before. A view with nothing left reads the runs' heads: "![alt]", "[ ]".
    vb = np.array([m.start() for m in _BREAK.finditer(view.text)], dtype=np.int64)
    ib = view.input_pos(vb)  # the same breaks in the input
    v_starts, v_ends = np.concatenate([[0], vb + 1]), np.concatenate([vb, [len(view.text)]])
    line_of = np.searchsorted(ib, [d[0] for d in dels]).tolist()
    blank = {j for j in set(line_of) if not view.text[v_starts[j]:v_ends[j]].strip()}
    if not blank:
        return view
    first = next((j for j in range(len(v_starts)) if j not in blank and view.text[v_starts[j]:v_ends[j]].strip()),
                 None)  # the first line the view keeps
    if first is None:
        return _view(text, [(h if j in blank else a, b) for (a, b, h), j in zip(dels, line_of)], breaks)
    i_starts = np.concatenate([[0], ib + 1])
    i_ends = np.concatenate([ib, [len(text)]])
    gone = []
    for j in sorted(blank):
        cs, ce = strip_span(text, int(i_starts[j]), int(i_ends[j]))
        # a run starts and ends on a visible character of the segment it joins: before
        # the first segment, the line and the break after it (it joins that segment);
        # after, the break before it and the line (it joins the segment before)
        gone.append((cs, int(ib[j]) + 1) if j < first else (int(ib[j - 1]), ce))
    keep = [(a, b) for (a, b, _), j in zip(dels, line_of) if j not in blank]
    return _view(text, sorted(keep + gone), breaks)


def _view(text: str, dels: list[tuple[int, int]], breaks: np.ndarray) -> View:
    """The view without the spans dels (in order, not overlapping)."""
    runs: list[list[int]] = []
    for a, b in dels:
        if b <= a:
            continue
        if runs and runs[-1][1] == a:
            runs[-1][1] = b
        else:
            runs.append([a, b])
    arr = np.array(runs, dtype=np.int64).reshape(-1, 2)
    bounds = [0, *arr.ravel().tolist(), len(text)]
    kept = "".join(text[p:q] for p, q in zip(bounds[::2], bounds[1::2]))
    return View(kept, arr, breaks)


def model_segments(text: str, markdown: bool = True) -> tuple[np.ndarray, str, np.ndarray]:
    """(segments in input offsets, the text the features read, the segments in its
    offsets): the one segmentation prediction and training share. Text mode reads its
    input through the Markdown view; an HTML page's text (`markdown=False`), made from
    the markup by boilerkit.html, has no Markdown syntax to read and is segmented as it is.

    Hard wrapping is judged on the input first, whose lines the dumper measured: the
    view's lines lost their targets and may no longer look full. Where the input does
    not look wrapped, the view is judged on its own: a wrapper that left lines with
    links unbroken (html2text) hides the wrapping from the input's line lengths."""
    view = reader_view(text) if markdown else None
    if view is None:
        segs = segment_text(text)
        return segs, text, segs
    spans = np.array(list(blocks(text)), dtype=np.int64).reshape(-1, 3)
    if len(spans) == sum(1 for _ in lines(text)):  # the input's lines were not joined
        vsegs = segment_text(view.text)
        return view.to_input(vsegs), view.text, vsegs
    starts = view.view_pos(spans[:, 1]).tolist()
    ends = view.view_pos(spans[:, 2]).tolist()
    seen = []
    for no, a, b in zip(spans[:, 0].tolist(), starts, ends):
        piece = strip_span(view.text, a, b)
        if piece is not None:  # a line inside a deleted title has nothing left
            seen.append((no, *piece))
    vsegs = segment_blocks(view.text, seen)
    return view.to_input(vsegs), view.text, vsegs
