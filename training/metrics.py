"""Precision, recall and F1 for body-vs-rest and per class, by segment and by character."""

from __future__ import annotations

import numpy as np


def prf(tp: float, fp: float, fn: float) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def binary(truth: np.ndarray, pred: np.ndarray, chars: np.ndarray) -> dict:
    """truth/pred are booleans (body); returns segment-level and character-weighted scores."""
    truth = truth.astype(bool)
    pred = pred.astype(bool)
    out = {}
    for name, w in (("segments", np.ones(len(truth))), ("chars", chars)):
        tp = float(w[truth & pred].sum())
        fp = float(w[~truth & pred].sum())
        fn = float(w[truth & ~pred].sum())
        out[name] = prf(tp, fp, fn)
    out["n_segments"] = int(len(truth))
    out["body_chars"] = int(chars[truth].sum())
    out["total_chars"] = int(chars.sum())
    return out


def per_class(truth: np.ndarray, pred: np.ndarray, chars: np.ndarray, labels) -> dict:
    out = {}
    for i, name in enumerate(labels):
        t = truth == i
        p = pred == i
        out[name] = {
            "segments": prf(float((t & p).sum()), float((~t & p).sum()), float((t & ~p).sum())),
            "chars": prf(float(chars[t & p].sum()), float(chars[~t & p].sum()), float(chars[t & ~p].sum())),
            "support_segments": int(t.sum()),
            "support_chars": int(chars[t].sum()),
        }
    return out


def confusion(truth: np.ndarray, pred: np.ndarray, n: int) -> list[list[int]]:
    m = np.zeros((n, n), dtype=np.int64)
    np.add.at(m, (truth, pred), 1)
    return m.tolist()


THRESHOLD_GRID = np.round(np.arange(0.2, 0.81, 0.05), 2)


def best_threshold(truth: np.ndarray, score: np.ndarray, chars: np.ndarray,
                   groups: np.ndarray | None = None, weights: dict | None = None) -> float:
    """Threshold maximising character-weighted body F1 (grid of 0.05 steps).

    With `groups` (the source dataset of each row) the mean of the groups' F1 is maximised,
    weighted by `weights` (group -> weight; equal when None): pooled characters would let
    the two largest corpora choose the threshold for everything else, equal weights let
    a set of a few dozen pages, whose F1 hangs on its two longest pages, flip it from one
    retraining to the next (training/train.py weighs by the square root of the size).
    """
    keys = [None] if groups is None else sorted(set(groups.tolist()))
    masks = [np.ones(len(truth), dtype=bool) if k is None else groups == k for k in keys]
    w = np.array([1.0 if weights is None or k is None else float(weights[k]) for k in keys])
    best, best_f = 0.5, -1.0
    for thr in THRESHOLD_GRID:
        pred = score >= thr
        f = float(np.average([binary(truth[m], pred[m], chars[m])["chars"]["f1"] for m in masks], weights=w))
        if f > best_f + 1e-9:
            best, best_f = float(round(thr, 2)), f
    return best
