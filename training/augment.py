"""Dump-style augmentation: re-join a labelled document's lines the way other dumpers do.

Crawled text comes from many dumpers. Some put every block on its own line,
some flatten a whole container into one giant line (title, byline, body and a
headline list together), some glue blocks with no separator at all. Training
only on one style teaches the model that style's quirks, so each document may
also be seen re-joined: labels travel with their characters, offsets are
remapped exactly.
"""

from __future__ import annotations

import random

from .corpora import LabelledDoc, line_spans


def rejoin(doc: LabelledDoc, joiners: list[str], suffix: str) -> LabelledDoc:
    """New document whose line i and i+1 are joined by joiners[i] ("\\n", " " or "")."""
    lines = line_spans(doc.text)
    if not lines:
        return doc
    parts: list[str] = []
    shift: list[int] = []  # new_start - old_start for each line
    pos = 0
    for i, (s, e) in enumerate(lines):
        if i:
            parts.append(joiners[i - 1])
            pos += len(joiners[i - 1])
        shift.append(pos - s)
        parts.append(doc.text[s:e])
        pos += e - s
    text = "".join(parts)
    spans = []
    li = 0
    for s, e, lab in doc.spans:
        while li + 1 < len(lines) and lines[li][1] <= s:
            li += 1
        ls, le = lines[li]
        s2, e2 = max(s, ls), min(e, le)  # spans never cross lines; clip to be safe
        if e2 > s2:
            spans.append((s2 + shift[li], e2 + shift[li], lab))
    return LabelledDoc(f"{doc.name}+{suffix}", text, spans, doc.group, doc.source, doc.lang, dict(doc.meta))


def variants(doc: LabelledDoc, rate: float = 0.3) -> list[LabelledDoc]:
    """Zero or one re-joined copy of doc, chosen by a generator seeded with its name."""
    rng = random.Random(doc.name)
    if rng.random() >= rate:
        return []
    n = len(line_spans(doc.text))
    if n < 2:
        return []
    style = rng.choice(["merged", "merged", "glued"])
    joiners = []
    if style == "merged":
        # runs of 2..40 lines flattened with spaces
        while len(joiners) < n - 1:
            run = rng.randint(2, 40)
            joiners += [" "] * (run - 1) + ["\n"]
    else:
        # most breaks kept, some blocks glued together with no separator
        joiners = ["" if rng.random() < 0.3 else "\n" for _ in range(n - 1)]
    return [rejoin(doc, joiners[: n - 1], style)]
