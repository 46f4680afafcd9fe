"""Trigram weights for the lexical features, learned out-of-fold.

For every labelled segment, its hashed character trigrams
(boilerkit.features.trigram_hashes) are counted as body or not-body, weighted
by the source weight. A bucket's weight is the naive-Bayes log-count ratio
log P(bucket | body) - log P(bucket | not body), smoothed. The weights used for
a document's feature come from all folds but its own, so LightGBM learns how far
to trust the lexical score on text the weights never saw.

Text the weights never saw includes whole languages: a page in Icelandic meets weights
learned on none. Scored by weights without its site only, a German training page teaches
the model to trust the score as far as it holds on German; so the columns the models learn
from are scored, for a share of the pages of each language group (LANGUAGE_GROUPS), by
weights without the whole group, and validation reads the columns its fold's weights give
(docs/experiments.md).
"""

from __future__ import annotations

import random

import numpy as np

from boilerkit import features
from boilerkit.markdown import model_segments

ALPHA = 1.0  # additive smoothing per bucket
CLIP = 4.0
COLUMNS = [features.FEATURE_NAMES.index(n) for n in features.LEX_FEATURES]  # the lexical columns of X

# Related languages share trigrams, so a group is left out together (Swedish with Finnish,
# from the same collection, and Icelandic, in the seeds, with them). English pages and those
# of languages in no group keep weights without their fold.
LANGUAGE_GROUPS = [("de",), ("sv", "fi", "is"), ("fr", "es", "it", "pt"), ("zh", "el", "ja"), ("pl", "ru", "cs")]


def language_groups(docs, share: float = 1.0) -> np.ndarray:
    """Index into LANGUAGE_GROUPS of each document's language, -1 for none; -1 too for the
    documents outside a `share` of them, drawn by a generator seeded with each name."""
    group = {lang: g for g, langs in enumerate(LANGUAGE_GROUPS) for lang in langs}
    return np.array([group.get(d.lang, -1) if draw(d) < share else -1 for d in docs], dtype=np.int64)


def draw(doc) -> float:
    """A document's fixed draw in [0, 1) for language_groups' share."""
    return random.Random("lexicon:" + doc.name).random()


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


def validation_rows(X: np.ndarray, rows: np.ndarray, val: np.ndarray | None) -> np.ndarray:
    """X's rows as validation reads them: lexical columns by their fold's weights (`val` from
    fill_out_of_fold; None when X holds those already). A copy."""
    out = X[rows]
    if val is not None:
        out[:, COLUMNS] = val[rows]
    return out


def fill_out_of_fold(docs, tab, fold_of_doc: np.ndarray, k: int, log=print, markdown: bool = True,
                     group_of_doc: np.ndarray | None = None):
    """Fill the lexical columns of tab.X out-of-fold; return the weights from all folds, the
    weights without each fold (what a fold's validation rows were scored with) and, with
    `group_of_doc` (language groups, -1 for none), the columns by fold weights, for
    validation, while tab.X gets a grouped document's columns by weights without its group
    (else None). `markdown` as the table was built with (boilerkit.markdown.model_segments)."""
    bounds = np.searchsorted(tab.doc, np.arange(len(docs) + 1))  # rows of a doc are contiguous
    per_fold = np.zeros((k, 2, features.LEX_SIZE))
    groups = np.full(len(docs), -1) if group_of_doc is None else np.asarray(group_of_doc)
    per_group = np.zeros((int(groups.max()) + 1, 2, features.LEX_SIZE))
    segs_of = []
    for i, d in enumerate(docs):
        a, b = bounds[i], bounds[i + 1]
        _, seen, segs = model_segments(d.text, markdown)  # the text and segments the features read
        segs_of.append((seen, segs))
        if b - a != len(segs):
            raise RuntimeError(f"{d.name}: segmentation changed between passes")
        if d.meta.get("augmented"):
            continue  # a re-joined copy has the same trigrams as its original
        counts = doc_counts(seen, tab.y[a:b], segs, d.weight)
        per_fold[fold_of_doc[i]] += counts
        if groups[i] >= 0:
            per_group[groups[i]] += counts
    total = per_fold.sum(axis=0)
    fold_weights = [weights_from_counts(total - per_fold[j]) for j in range(k)]
    group_weights = [weights_from_counts(total - per_group[g]) for g in range(len(per_group))]
    val = None if group_of_doc is None else np.empty((len(tab.y), len(features.LEX_FEATURES)), dtype=tab.X.dtype)
    main_cols = [features.FEATURE_NAMES.index(n) for n in ("main_dist", "main_share")]
    for i, d in enumerate(docs):
        a, b = bounds[i], bounds[i + 1]
        if b == a:
            continue
        seen, segs = segs_of[i]
        in_main = features.main_mask(tab.X[a:b, main_cols[0]], tab.X[a:b, main_cols[1]])
        cps = features._codepoints(seen)

        def columns(weights):
            lex = features.lexical_columns(cps, segs[:, 0], segs[:, 1], weights, in_main)
            return np.column_stack([lex[n] for n in features.LEX_FEATURES])
        by_fold = columns(fold_weights[fold_of_doc[i]])
        tab.X[a:b, COLUMNS] = by_fold if groups[i] < 0 else columns(group_weights[groups[i]])
        if val is not None:
            val[a:b] = by_fold
    log("lexical features filled out-of-fold" + ("" if val is None else ", by language group for training"))
    return weights_from_counts(total), fold_weights, val
