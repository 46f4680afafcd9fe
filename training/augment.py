"""Dump-style augmentation: re-join a labelled document's lines the way other dumpers do.

Crawled text comes from many dumpers. Some put every block on its own line,
some flatten a whole container into one giant line (title, byline, body and a
headline list together), some glue blocks with no separator at all, some break a
sentence wherever a link or a bold word starts or ends. Training
only on one style teaches the model that style's quirks, so each document may
also be seen re-joined: labels travel with their characters, offsets are
remapped exactly.
"""

from __future__ import annotations

import bisect
import random
import re

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
    return LabelledDoc(f"{doc.name}+{suffix}", text, spans, doc.group, doc.source, doc.lang,
                       {**doc.meta, "augmented": True})


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


_SPACE = re.compile(" ")


def cut_inline(doc: LabelledDoc, rate: float = 0.15) -> list[LabelledDoc]:
    """Zero or one copy of doc whose lines are cut around runs of 1 to 4 words, as a dump
    that puts every text node on its own line (BeautifulSoup's get_text("\\n")) cuts a
    sentence at each link or bold word. A cut turns a space into a line break, so every
    character keeps its offset and label; spans are split at the new breaks."""
    rng = random.Random("cut:" + doc.name)
    if rng.random() >= rate or doc.meta.get("augmented"):
        return []
    cuts: set[int] = set()
    for s, e in line_spans(doc.text):
        spaces = [m.start() for m in _SPACE.finditer(doc.text, s, e)]
        if len(spaces) < 5 or rng.random() >= 0.6:
            continue
        for _ in range(rng.randint(1, max(1, len(spaces) // 12))):
            first = rng.randrange(len(spaces))  # the space before the run's first word
            cuts.add(spaces[first])
            last = first + rng.randint(1, 4)  # the space after its last word, if any
            if last < len(spaces):
                cuts.add(spaces[last])
    if not cuts:
        return []
    at = sorted(cuts)
    text = list(doc.text)
    for i in at:
        text[i] = "\n"
    spans = []
    for s, e, lab in doc.spans:
        for i in at[bisect.bisect_left(at, s):bisect.bisect_left(at, e)]:
            if i > s:
                spans.append((s, i, lab))
            s = i + 1
        if e > s:
            spans.append((s, e, lab))
    return [LabelledDoc(f"{doc.name}+cut", "".join(text), spans, doc.group, doc.source, doc.lang,
                        {**doc.meta, "augmented": True})]


def title_pool(docs: list[LabelledDoc]) -> dict[str, list[str]]:
    """Headline-like lines per language: body and title lines of 3-14 words with no
    terminal punctuation (titles and subheadings of real articles)."""
    pool: dict[str, list[str]] = {}
    for d in docs:
        if d.source in ("seed", "hand") or d.meta.get("augmented") or not d.lang:
            continue
        for s, e, lab in d.spans:
            if lab not in ("body", "title"):
                continue
            t = d.text[s:e]
            if 3 <= len(t.split()) <= 14 and t[-1:] not in ".!?…:;,\"”»)" and len(t) <= 120:
                pool.setdefault(d.lang, []).append(t)
    return pool


def inject_headlines(doc: LabelledDoc, pool: dict[str, list[str]], rate: float = 0.2) -> list[LabelledDoc]:
    """Zero or one copy of doc with a list of other articles' headlines inserted after (or
    before) its body: the commonest boilerplate of news dumps, which the gold corpora
    rarely label at the granularity the taxonomy needs. Items may alternate with a
    language-neutral timestamp line ("14:05", "3.11.2024")."""
    rng = random.Random("inject:" + doc.name)
    if rng.random() >= rate or doc.source in ("seed", "hand") or doc.meta.get("augmented"):
        return []
    titles = pool.get(doc.lang, [])
    body = [(s, e) for s, e, lab in doc.spans if lab == "body"]
    if len(titles) < 40 or not body:
        return []
    want = rng.randint(5, 25)
    items = [t for t in rng.sample(titles, min(2 * want, len(titles))) if t not in doc.text][:want]
    stamps = rng.random() < 0.5
    lines_out = []
    for t in items:
        lines_out.append((t, "headlines"))
        if stamps:
            if rng.random() < 0.5:
                stamp = f"{rng.randint(0, 23)}:{rng.randint(0, 59):02d}"
            else:
                stamp = f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.{rng.randint(2015, 2025)}"
            lines_out.append((stamp, "headlines"))
    at = body[-1][1] if rng.random() < 0.75 else body[0][0]
    # insert at a line boundary: after the line holding `at` (or before the first body line)
    if at == body[0][0]:
        cut = doc.text.rfind("\n", 0, at) + 1
    else:
        nl = doc.text.find("\n", at)
        cut = len(doc.text) if nl < 0 else nl + 1
    block = "\n".join(t for t, _ in lines_out)
    prefix, suffix = doc.text[:cut], doc.text[cut:]
    if prefix and not prefix.endswith("\n"):
        prefix += "\n"
    insert = block + ("\n" if suffix else "")
    text = prefix + insert + suffix
    shift = len(prefix) + len(insert) - cut
    spans = [(s, e, lab) if s < cut else (s + shift, e + shift, lab) for s, e, lab in doc.spans]
    pos = len(prefix)
    for t, lab in lines_out:
        spans.append((pos, pos + len(t), lab))
        pos += len(t) + 1
    spans.sort()
    return [LabelledDoc(f"{doc.name}+headlines", text, spans, doc.group, doc.source, doc.lang,
                        {**doc.meta, "augmented": True})]
