"""Trigram weights for the lexical features, learned out-of-fold.

For every labelled segment, its hashed character trigrams
(boilerkit.features.trigram_hashes) are counted as body or not-body, weighted
by the source weight. A bucket's weight is the naive-Bayes log-count ratio
log P(bucket | body) - log P(bucket | not body), smoothed. The weights used for
a document's feature come from all folds but its own, so LightGBM learns how far
to trust the lexical score on text the weights never saw.
"""

from __future__ import annotations

import numpy as np

from boilerkit import features
from boilerkit.markdown import model_segments

ALPHA = 1.0  # additive smoothing per bucket
CLIP = 4.0


def doc_counts(text: str, spans_y: np.ndarray, segs: np.ndarray, weight: float) -> np.ndarray:
    """(2, LEX_SIZE) weighted trigram counts of one document: row 0 not-body, row 1 body."""
    out = np.zeros((2, features.LEX_SIZE))
    known = spans_y >= 0
    if not known.any():
        return out
    cps = features._codepoints(text)
    h = features.trigram_hashes(cps)
    if not len(h):
        return out
    lo, hi = features.segment_gram_ranges(segs[:, 0], segs[:, 1])
    # label of each trigram position: the label of the segment it lies in (-1 elsewhere)
    lab = np.full(len(h) + 1, -1, dtype=np.int8)
    for k in np.flatnonzero(known):
        a, b = lo[k], min(hi[k], len(h))
        if b > a:
            lab[a:b] = 1 if spans_y[k] == 0 else 0
    lab = lab[:-1]
    for row in (0, 1):
        sel = h[lab == row]
        if len(sel):
            out[row] += weight * np.bincount(sel, minlength=features.LEX_SIZE)
    return out


def weights_from_counts(counts: np.ndarray) -> np.ndarray:
    neg, pos = counts[0] + ALPHA, counts[1] + ALPHA
    w = np.log(pos / pos.sum()) - np.log(neg / neg.sum())
    return np.clip(w, -CLIP, CLIP).astype(np.float32)


def fill_out_of_fold(docs, tab, fold_of_doc: np.ndarray, k: int, log=print, markdown: bool = True):
    """Fill the lexical columns of tab.X out-of-fold; return the weights from all folds and
    the weights without each fold (what a fold's validation rows were scored with).
    `markdown` as the table was built with (boilerkit.markdown.model_segments)."""
    bounds = np.searchsorted(tab.doc, np.arange(len(docs) + 1))  # rows of a doc are contiguous
    per_fold = np.zeros((k, 2, features.LEX_SIZE))
    segs_of = []
    for i, d in enumerate(docs):
        a, b = bounds[i], bounds[i + 1]
        _, seen, segs = model_segments(d.text, markdown)  # the text and segments the features read
        segs_of.append((seen, segs))
        if b - a != len(segs):
            raise RuntimeError(f"{d.name}: segmentation changed between passes")
        if d.meta.get("augmented"):
            continue  # a re-joined copy has the same trigrams as its original
        per_fold[fold_of_doc[i]] += doc_counts(seen, tab.y[a:b], segs, d.weight)
    total = per_fold.sum(axis=0)
    fold_weights = [weights_from_counts(total - per_fold[j]) for j in range(k)]
    cols = [features.FEATURE_NAMES.index(n) for n in features.LEX_FEATURES]
    main_cols = [features.FEATURE_NAMES.index(n) for n in ("main_dist", "main_share")]
    for i, d in enumerate(docs):
        a, b = bounds[i], bounds[i + 1]
        if b == a:
            continue
        seen, segs = segs_of[i]
        in_main = features.main_mask(tab.X[a:b, main_cols[0]], tab.X[a:b, main_cols[1]])
        lex = features.lexical_columns(features._codepoints(seen), segs[:, 0], segs[:, 1],
                                       fold_weights[fold_of_doc[i]], in_main)
        tab.X[a:b, cols] = np.column_stack([lex[n] for n in features.LEX_FEATURES])
    log("lexical features filled out-of-fold")
    return weights_from_counts(total), fold_weights
