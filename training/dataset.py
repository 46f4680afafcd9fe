"""Labelled documents -> one table of segment features and targets.

Features come from boilerkit.features.compute on boilerkit.markdown.model_segments
(text mode reads Markdown links as their words; HTML mode's page text is segmented as it
is): the predictor's own code, so training and prediction cannot disagree. A
segment's target is the label covering most of its characters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from boilerkit import features
from boilerkit.labels import LABELS
from boilerkit.markdown import model_segments

from . import baselines
from .corpora import BOILERPLATE, UNKNOWN, LabelledDoc, char_labels, title_key

CLASSES = {**{name: i for i, name in enumerate(LABELS)}, BOILERPLATE: len(LABELS), UNKNOWN: len(LABELS) + 1}


@dataclass
class Table:
    X: np.ndarray  # (n, n_features) float32
    y: np.ndarray  # index in CLASSES (LABELS, then "boilerplate"), or -1 unknown
    doc: np.ndarray  # row -> index into docs
    chars: np.ndarray  # segment length (for character-weighted metrics)
    weight: np.ndarray  # per-row training weight
    base: dict  # baseline name -> per-row keep (only for rows of evaluated docs)
    markup_title: np.ndarray  # the segment is the page's headline by its markup (see marked_headlines)
    repeat: np.ndarray | None = None  # repeat group, unique across documents, -1 for none (detector.share_repeats)

    def subset(self, mask: np.ndarray) -> "Table":
        return Table(self.X[mask], self.y[mask], self.doc[mask], self.chars[mask], self.weight[mask],
                     {k: v[mask] for k, v in self.base.items()}, self.markup_title[mask],
                     None if self.repeat is None else self.repeat[mask])


# a headline is one short block; longer segments are not compared with the markup's
TITLE_MAX_CHARS = 300


def marked_headlines(doc: LabelledDoc, seen: str, seen_segs: np.ndarray) -> np.ndarray:
    """Which segments read the same as one of the page's markup headlines
    (corpora.markup_titles, kept in doc.meta["titles"] for pages of HTML datasets)."""
    titles = set(doc.meta.get("titles") or ())
    if not titles:
        return np.zeros(len(seen_segs), dtype=bool)
    return np.array([e - s <= TITLE_MAX_CHARS and title_key(seen[s:e]) in titles
                     for s, e in seen_segs[:, :2].tolist()], dtype=bool)


def doc_rows(doc: LabelledDoc, with_baselines: bool, markdown: bool = True):
    segs, seen, seen_segs = model_segments(doc.text, markdown)
    X, repeat = features.compute_with_repeats(seen, seen_segs)
    lab = char_labels(doc, CLASSES)
    y = np.full(len(segs), -1, dtype=np.int16)
    for i, (s, e, _) in enumerate(segs.tolist()):
        c = np.bincount(lab[s:e] + 1, minlength=len(CLASSES) + 1)[1:]
        if c.sum() == 0:
            continue
        k = int(c.argmax())
        y[i] = -1 if k == CLASSES[UNKNOWN] else k
    chars = (segs[:, 1] - segs[:, 0]).astype(np.float64) if len(segs) else np.zeros(0)
    base = baselines.segment_predictions(doc.text, segs, doc.lang) if with_baselines else None
    return X, y, chars, base, marked_headlines(doc, seen, seen_segs), repeat


def _rows_chunk(docs, flags, markdown=True):
    return [doc_rows(d, f, markdown) for d, f in zip(docs, flags)]


def build(docs: list[LabelledDoc], evaluate: list[bool], n_jobs: int = 1, markdown: bool = True) -> Table:
    """Featurise docs; baselines only for docs flagged in `evaluate` (costly); `markdown`
    as in boilerkit.markdown.model_segments."""
    if n_jobs != 1 and len(docs) > 50:
        from joblib import Parallel, delayed

        k = 8 * (n_jobs if n_jobs > 0 else 2)
        chunks = [(docs[i::k], evaluate[i::k]) for i in range(k)]
        parts = Parallel(n_jobs=n_jobs)(delayed(_rows_chunk)(d, f, markdown) for d, f in chunks)
        rows = [None] * len(docs)
        for i, part in enumerate(parts):
            for j, r in enumerate(part):
                rows[i + j * k] = r
    else:
        rows = _rows_chunk(docs, evaluate, markdown)
    n_feat = len(features.FEATURE_NAMES)
    X = np.concatenate([r[0] for r in rows]) if rows else np.zeros((0, n_feat), np.float32)
    y = np.concatenate([r[1] for r in rows]) if rows else np.zeros(0, np.int16)
    chars = np.concatenate([r[2] for r in rows]) if rows else np.zeros(0)
    doc = np.concatenate([np.full(len(r[1]), i, dtype=np.int32) for i, r in enumerate(rows)]) \
        if rows else np.zeros(0, np.int32)
    w_doc = np.array([d.weight for d in docs])
    weight = w_doc[doc] * np.log1p(chars) if len(doc) else np.zeros(0)
    base = {}
    for name in ("keep_all", "c4", "justext"):
        base[name] = np.concatenate([
            r[3][name] if r[3] is not None else np.zeros(len(r[1]), bool) for r in rows
        ]) if rows else np.zeros(0, bool)
    markup_title = np.concatenate([r[4] for r in rows]) if rows else np.zeros(0, bool)
    repeat, offset = [], 0
    for r in rows:  # each document's group numbers shifted past the previous documents'
        repeat.append(np.where(r[5] >= 0, r[5] + offset, -1))
        offset += int(r[5].max()) + 1 if len(r[5]) else 0
    repeat = np.concatenate(repeat) if rows else np.zeros(0, np.int64)
    return Table(X, y.astype(np.int16), doc, chars, weight, base, markup_title, repeat)
