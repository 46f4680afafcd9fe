"""Quick body-model experiments on the training table, built once and cached.

    python -m training.probe                                  # the shipped settings
    python -m training.probe --set num_leaves=127 --set min_data_in_leaf=200
    python -m training.probe --stack 300:300                  # a stacked second stage

A full validation run (python -m training.train --no-save) featurises everything and fits
the body, class and title models in every fold: about 20 minutes. Most ideas about the
body model's settings need only its out-of-fold scores, so this builds the same table as
training.train with its default options (the same documents, augmentation, hand-row
weights, site-grouped folds and out-of-fold lexical features), caches it in
training/.cache (about 1 GB; the key covers the data, labels, options and code), and fits
only the body model in the folds: about 7 minutes a variant on 2 cores. It prints
character-weighted body F1 per dataset, pooled over the corpora, and of the seeds (each
scored by the fold model that never saw its site), at the threshold training would choose
and at 0.40 and 0.50. With no options the figures equal the training report's.

--stack R1:R2 fits a first body model of R1 rounds, then a second of R2 rounds on the
features plus context of the first model's out-of-fold scores (neighbours' scores,
windowed means, where the document's body mass lies, the distance to the nearest likely
body). It was tried and not shipped (docs/experiments.md): it stays here so that the
result can be reproduced. --doc-features adds absolute measures of the whole document
(how much prose it holds, its longest segment, its length); also tried and not shipped.
--hmm ALPHA adds the figures of the scores smoothed by a two-state chain over each document
(hmm_smooth), tried and not shipped. --error-pages DIR writes a sample of pages drawn in
proportion to their error, to read what kinds of error the figures hold (error_pages).
--lex-page NAME adds the page's mean or spread of the lexical score (LEX_PAGE_NAMES), to
tell the model how well the trigram weights know the page; tried and not shipped either.
--drop GROUP leaves a feature group out, as training.ablation does, but on all the
training data instead of its first 150 pages per dataset. --no-share-repeats scores each
copy of a repeated text on its own, as prediction did before detector.share_repeats.

--folds language measures languages the model never saw instead of sites: each fold holds
out the pages of a group of languages (training.lexicon.LANGUAGE_GROUPS), lexicon included,
and trains on everything else; English pages and those of other languages are never held
out. The figures, per language, set beside the site folds' on the same pages, say how much
of the accuracy holds on a language without training data (as Icelandic has none).
--lexicon-language-share 0 trains on lexical columns by weights without the page's site
only, the rule before training learned a language group's pages by weights without it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from boilerkit.atomic import atomic_write
from boilerkit.detector import share_repeats
from boilerkit.features import FEATURE_NAMES, GROUPS, LEX_FEATURES

from . import lexicon, metrics, sources, train

ROOT = Path(__file__).resolve().parent.parent
STACK_NAMES = ["s_p", "s_p_m1", "s_p_m2", "s_p_p1", "s_p_p2", "s_w3", "s_wc3", "s_w10", "s_wc10",
               "s_body_before", "s_doc_mean", "s_max_before", "s_max_after", "s_dist_prev_hi",
               "s_dist_next_hi"]


def _code_digest() -> str:
    h = hashlib.sha256()
    for p in sorted([*ROOT.glob("boilerkit/*.py"), *ROOT.glob("training/*.py")]):
        if p.name != "probe.py":
            h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def table(data: Path, log) -> dict:
    """The training table's arrays, from the cache when data, labels and code are unchanged;
    the lexical columns of a language group's page by weights without its group in X, and by
    the weights of its site fold in lex_val (arrange mixes them as a run asks)."""
    targs = train.parser().parse_args(["--data", str(data)])
    key = hashlib.sha256((train.data_digest(data, targs) + _code_digest()).encode()).hexdigest()[:16]
    cache = ROOT / "training" / ".cache" / f"probe-{key}.npz"
    if cache.is_file():
        log(f"table from {cache}")
        with np.load(cache) as z:
            return dict(z)
    docs, base_docs, is_aug, tab, _, fold_doc = train.prepare(targs, None, log)
    groups = lexicon.language_groups(docs)
    _, _, lex_val = lexicon.fill_out_of_fold(docs, tab, fold_doc, targs.folds, log=log, group_of_doc=groups)
    src = np.array([d.source for d in docs])
    n_docs = Counter(d.source for d in docs[:base_docs])
    arrays = {"X": tab.X, "lex_val": lex_val, "y": tab.y, "doc": tab.doc, "chars": tab.chars,
              "weight": tab.weight, "fold": fold_doc[tab.doc], "group": groups[tab.doc],
              "draw": np.array([lexicon.draw(d) for d in docs])[tab.doc], "aug": is_aug[tab.doc],
              "src": src[tab.doc], "lang": np.array([d.lang for d in docs])[tab.doc],
              "src_names": np.array(sorted(n_docs)), "src_docs": np.array([n_docs[s] for s in sorted(n_docs)]),
              "repeat": tab.repeat}
    cache.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(cache, binary=True) as f:
        np.savez(f, **arrays)
    log(f"table cached in {cache}")
    return arrays


def arrange(t: dict, folds: str, share: float) -> np.ndarray:
    """Set t's folds and the lexical columns it trains on (a language group's page by weights
    without its group if its draw is under `share`, as training.train does); return those
    its held-out rows are scored with. Site folds score a page as the shipped model scores a
    seen language, by weights that saw the language but not the site; language folds hold
    out a group (never English or a language in no group), scored by weights that never saw
    it, as the shipped model scores an unseen language."""
    lex_val = t.pop("lex_val")
    lex_lang = t["X"][:, lexicon.COLUMNS].copy()
    t["X"][:, lexicon.COLUMNS] = np.where((t["draw"] < share)[:, None], lex_lang, lex_val)
    if folds == "language":
        t["fold"] = t["group"]
        return lex_lang
    return lex_val


def oof(t: dict, F: np.ndarray, names: list[str], rounds: int, params: dict, log,
        held: np.ndarray | None = None, held_page: np.ndarray | None = None) -> np.ndarray:
    """Out-of-fold P(body) of every row from the body model fitted in the folds; held-out
    rows with their lexical columns from `held` (see arrange), where F has them, and their
    --lex-page columns from `held_page`."""
    import lightgbm as lgb

    known = t["y"] >= 0
    ds = lgb.Dataset(F[known], (t["y"][known] == train.BODY).astype(np.int32), weight=t["weight"][known],
                     feature_name=names, params=params, free_raw_data=False).construct()
    p = np.zeros(len(F))
    present = [i for i, n in enumerate(LEX_FEATURES) if n in names]  # --drop may leave some out
    at = [names.index(LEX_FEATURES[i]) for i in present]
    for k in range(int(t["fold"].max()) + 1):
        test = t["fold"] == k
        model = lgb.train(params, ds.subset(np.flatnonzero(~test[known])), num_boost_round=rounds)
        Ft = F[test]
        if held is not None and at:
            Ft[:, at] = held[test][:, present]
        if held_page is not None:
            Ft[:, [names.index(n) for n in LEX_PAGE_NAMES if n in names]] = held_page[test]
        p[test] = model.predict(Ft, num_threads=params["num_threads"])
        log(f"fold {k + 1} done")
    return p


def _doc_rows(doc: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's index and its document's first and past-the-last rows (a document's rows
    are contiguous)."""
    bounds = np.searchsorted(doc, np.arange(int(doc.max()) + 2))
    return np.arange(len(doc)), bounds[doc], bounds[doc + 1]


def stack_features(t: dict, p: np.ndarray) -> np.ndarray:
    """Context of the first stage's scores within each document (STACK_NAMES order)."""
    doc, chars = t["doc"], t["chars"]
    n = len(p)
    idx, start, end = _doc_rows(doc)

    def shift(k):
        j = idx + k
        ok = (j >= start) & (j < end)
        out = np.full(n, np.nan)
        out[ok] = p[j[ok]]
        return out

    cs, cc, cpc = (np.concatenate([[0.0], np.cumsum(v)]) for v in (p, chars, p * chars))

    def window(r):
        lo, hi = np.maximum(idx - r, start), np.minimum(idx + r + 1, end)
        return ((cs[hi] - cs[lo] - p) / np.maximum(hi - lo - 1, 1),
                (cpc[hi] - cpc[lo]) / np.maximum(cc[hi] - cc[lo], 1))

    doc_body = cpc[end] - cpc[start]
    off = doc * 2.0  # scores are in [0, 1]: an offset per document keeps the running max inside it
    run_max = np.maximum.accumulate(p + off) - off
    off_r = (doc.max() - doc) * 2.0
    run_max_r = np.maximum.accumulate((p + off_r)[::-1])[::-1] - off_r
    max_before, max_after = np.full(n, np.nan), np.full(n, np.nan)
    ok = idx > start
    max_before[ok] = run_max[idx[ok] - 1]
    ok = idx + 1 < end
    max_after[ok] = run_max_r[idx[ok] + 1]
    high = p >= 0.5
    prev_high = np.r_[-1, np.maximum.accumulate(np.where(high, idx, -1))[:-1]]
    next_high = np.r_[np.minimum.accumulate(np.where(high, idx, n)[::-1])[::-1][1:], n]
    dist_prev, dist_next = np.full(n, np.nan), np.full(n, np.nan)
    ok = prev_high >= start
    dist_prev[ok] = np.minimum(idx[ok] - prev_high[ok], 50)
    ok = next_high < end
    dist_next[ok] = np.minimum(next_high[ok] - idx[ok], 50)
    cols = [p, shift(-1), shift(-2), shift(1), shift(2), *window(3), *window(10),
            (cpc[idx] - cpc[start]) / np.maximum(doc_body, 1e-9), doc_body / np.maximum(cc[end] - cc[start], 1),
            max_before, max_after, dist_prev, dist_next]
    return np.column_stack(cols).astype(np.float32)


DOC_NAMES = ["doc_log_prose", "doc_prose_share", "doc_max_log_chars", "doc_log_segs"]


def doc_features(t: dict) -> np.ndarray:
    """Absolute measures of the whole document (DOC_NAMES order), the same on every row of
    it: how much prose the page holds at all, which the relative features cannot say."""
    doc, chars, X = t["doc"], t["chars"].astype(np.float64), t["X"]
    col = {n: X[:, FEATURE_NAMES.index(n)].astype(np.float64) for n in ("end_terminal", "n_words", "log_chars")}
    prose = (col["end_terminal"] > 0) & (col["n_words"] >= 8)
    nd = int(doc.max()) + 1
    doc_chars = np.bincount(doc, chars, nd)
    prose_chars = np.bincount(doc, chars * prose, nd)
    max_lc = np.full(nd, -np.inf)
    np.maximum.at(max_lc, doc, col["log_chars"])
    n_segs = np.bincount(doc, minlength=nd)
    cols = [np.log1p(prose_chars), prose_chars / np.maximum(doc_chars, 1), max_lc, np.log1p(n_segs)]
    return np.column_stack([c[doc] for c in cols]).astype(np.float32)


LEX_PAGE_NAMES = ["lex_doc_mean", "lex_doc_spread"]


def lex_page(t: dict, lex: np.ndarray, which: list[str]) -> np.ndarray:
    """The page's character-weighted mean and spread (standard deviation) of the lexical
    score `lex`, on every row of it (`which` of LEX_PAGE_NAMES, in that order): how well the
    trigram weights know the page at all, which the per-segment columns cannot say."""
    doc, chars = t["doc"], t["chars"].astype(np.float64)
    ok = ~np.isnan(lex)
    w, x = chars * ok, np.where(ok, lex, 0.0)
    nd = int(doc.max()) + 1
    sw = np.bincount(doc, w, nd)
    mean = np.bincount(doc, w * x, nd) / np.maximum(sw, 1e-9)
    spread = np.sqrt(np.maximum(np.bincount(doc, w * x * x, nd) / np.maximum(sw, 1e-9) - mean * mean, 0.0))
    cols = {"lex_doc_mean": mean, "lex_doc_spread": spread}
    out = np.column_stack([np.where(sw > 0, cols[n], np.nan)[doc] for n in LEX_PAGE_NAMES if n in which])
    return out.astype(np.float32)


def hmm_smooth(t: dict, p: np.ndarray, alpha: float) -> np.ndarray:
    """P(body) of each row given its whole document under a two-state chain (body, not body):
    transitions counted on the labels of the other folds' adjacent rows, emissions the
    model's odds over its weighted training prior raised to `alpha`; forward-backward
    posteriors, so the threshold still applies. The chain keeps what sits between body rows."""
    y, doc, fold, w = t["y"], t["doc"], t["fold"], t["weight"]
    n = len(p)
    first = np.r_[True, doc[1:] != doc[:-1]]
    last = np.r_[doc[1:] != doc[:-1], True]
    body = y == train.BODY
    pc = np.clip(p, 1e-6, 1 - 1e-6)
    q, fwd, b1, b0 = np.zeros(n), np.empty(n), np.ones(n), np.ones(n)  # folds hold disjoint rows
    for k in range(int(fold.max()) + 1):
        test = fold == k
        seen = (fold != k) & (fold >= 0) & (y >= 0)
        pair = np.flatnonzero(seen[:-1] & seen[1:] & ~last[:-1] & ~t["aug"][:-1])
        bb, nb = body[pair + 1][body[pair]].mean(), body[pair + 1][~body[pair]].mean()
        f0 = body[seen & first & ~t["aug"]].mean()
        pi = np.sum(w[seen] * body[seen]) / np.sum(w[seen])
        rows = np.flatnonzero(test)
        lr = ((pc / (1 - pc)) / (pi / (1 - pi))) ** alpha
        eb, en = lr / (1 + lr), 1 / (1 + lr)
        for i in rows:  # a fold holds whole documents, so its rows hold each document's rows
            prb = f0 if first[i] else fwd[i - 1] * bb + (1 - fwd[i - 1]) * nb
            fwd[i] = prb * eb[i] / (prb * eb[i] + (1 - prb) * en[i])
        for i in rows[::-1]:
            if not last[i]:
                x1, x0 = eb[i + 1] * b1[i + 1], en[i + 1] * b0[i + 1]
                u1, u0 = bb * x1 + (1 - bb) * x0, nb * x1 + (1 - nb) * x0
                b1[i], b0[i] = u1 / (u1 + u0), u0 / (u1 + u0)
        q[rows] = fwd[rows] * b1[rows] / (fwd[rows] * b1[rows] + (1 - fwd[rows]) * b0[rows])
    return q


def error_pages(t: dict, p: np.ndarray, data: Path, out: Path, n: int, at: float = 0.45, seed: int = 25,
                hand: bool = False) -> None:
    """Write n pages drawn with replacement in proportion to their error characters at `at`
    (the datasets' pages, or with `hand` the hand-labelled ones; never the seeds), one file per draw
    with each segment's gold, decision, score and text, for reading what the errors are:
    the share of draws in a kind of error estimates that kind's share of all error."""
    from boilerkit.markdown import model_segments

    from . import corpora

    y, doc, src, chars = t["y"], t["doc"], t["src"], t["chars"].astype(np.float64)
    k = (y >= 0) & ~t["aug"] & (src != "seed") & ((src == "hand") == hand) & (t["fold"] >= 0)  # held out only
    body, keep = y == train.BODY, p >= at
    nd = int(doc.max()) + 1
    tp, fp, fn = (np.bincount(doc[k], chars[k] * m[k], nd) for m in (body & keep, ~body & keep, body & ~keep))
    err = fp + fn
    cand = np.flatnonzero(err > 0)
    draws = np.random.default_rng(seed).choice(cand, size=n, replace=True, p=err[cand] / err[cand].sum())
    docs = corpora.load_all(data, log=lambda *x: None)
    start = np.searchsorted(doc, np.arange(nd + 1))
    out.mkdir(parents=True, exist_ok=True)
    index = []
    for i, d in enumerate(draws):
        rows = np.arange(start[d], start[d + 1])
        segs = model_segments(docs[d].text)[0].tolist()
        if len(segs) != len(rows):
            raise RuntimeError(f"{docs[d].name}: {len(segs)} segments but {len(rows)} rows; the cached "
                               "table is not of these documents")
        f1 = 2 * tp[d] / (2 * tp[d] + err[d])
        lines = [f"# draw {i:03d}: {docs[d].name} ({docs[d].lang}); page body F1 {f1:.3f} at {at}; characters "
                 f"kept rightly {tp[d]:.0f}, kept wrongly (FP) {fp[d]:.0f}, dropped wrongly (FN) {fn[d]:.0f}",
                 "# flag, gold (B body, - not body, ? unlabelled), decision (B keep, - drop), P(body), text"]
        for (s0, e0, _), r in zip(segs, rows):
            g = "?" if y[r] < 0 else "B-"[not body[r]]
            m = "B-"[not keep[r]]
            flag = "  " if g == "?" or g == m else ("FP" if keep[r] else "FN")
            lines.append(f"{flag} {g} {m} {p[r]:.2f} | {docs[d].text[s0:e0][:200]}")
        (out / f"{i:03d}.txt").write_text("\n".join(lines) + "\n")
        index.append(f"{i:03d} {docs[d].name} F1 {f1:.3f} FP {fp[d]:.0f} FN {fn[d]:.0f}")
    (out / "INDEX").write_text("\n".join(index) + "\n")


def scores(t: dict, p: np.ndarray) -> dict:
    """Body F1 (characters) per dataset, pooled over the corpora, of the seeds and per
    language (of 10 documents or more), at the threshold training.train would choose and at
    0.40, 0.45 and 0.50. Only rows that a fold held out count (with --folds language,
    English pages are never held out)."""
    y, chars, src = t["y"], t["chars"], t["src"]
    known = (y >= 0) & ~t["aug"]
    if "fold" in t:
        known &= t["fold"] >= 0
    corp = known & (src != "seed")
    seeds = known & (src == "seed")
    n_docs = dict(zip(t["src_names"].tolist(), t["src_docs"].tolist()))
    thr = train.choose_threshold(y[corp] == train.BODY, p[corp], chars[corp], src[corp], n_docs)
    langs = []
    if "lang" in t:
        n_lang = Counter(lang for lang, _ in set(zip(t["lang"][corp].tolist(), t["doc"][corp].tolist())))
        langs = sorted(lang for lang, n in n_lang.items() if n >= 10 and lang)

    def f1(mask, at):
        return metrics.binary(y[mask] == train.BODY, p[mask] >= at, chars[mask])["chars"]["f1"]

    out = {"threshold": thr}
    for at in sorted({thr, 0.4, 0.45, 0.5}):
        row = {"corpora": f1(corp, at)}
        row.update({s: f1(corp & (src == s), at) for s in sorted(set(src[corp].tolist()))})
        if seeds.any():
            row["seeds"] = f1(seeds, at)
        row.update({f"lang {lang}": f1(corp & (t["lang"] == lang), at) for lang in langs})
        out[f"{at:.2f}"] = row
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.probe", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=sources.data_dir(),
                    help="folder of the gold datasets (default: ../shared/data)")
    ap.add_argument("--rounds", type=int, default=300, help="boosting rounds (default 300, as training)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="override a LightGBM parameter of the body model (value read as JSON, else text)")
    ap.add_argument("--stack", default=None, metavar="R1:R2",
                    help="first-stage and second-stage rounds of a stacked body model")
    ap.add_argument("--doc-features", action="store_true",
                    help="add absolute whole-document measures (DOC_NAMES) to the body model's features")
    ap.add_argument("--lex-page", action="append", default=[], choices=LEX_PAGE_NAMES,
                    help="add the page's mean or spread of the lexical score as a column; repeatable")
    ap.add_argument("--drop", action="append", default=[], choices=sorted(GROUPS), metavar="GROUP",
                    help="leave a feature group (boilerkit.features.GROUPS) out of the body model; repeatable. "
                         "As train.py --ablate for the body model, on the whole table instead of --limit pages")
    ap.add_argument("--folds", choices=["site", "language"], default="site",
                    help="what each fold holds out: sites, as training does (default), or groups of "
                         "languages (training.lexicon.LANGUAGE_GROUPS), to measure languages without training data")
    ap.add_argument("--lexicon-language-share", type=float, default=train.parser().get_default(
                    "lexicon_language_share"), metavar="S",
                    help="as training.train's: the share of a language group's pages that train on "
                         "lexical columns by weights without their group (0: the rule before)")
    ap.add_argument("--hmm", type=float, default=None, metavar="ALPHA",
                    help="also score the body model's output smoothed by a two-state chain over each "
                         "document (hmm_smooth; emissions' exponent ALPHA); tried and not shipped")
    ap.add_argument("--error-pages", type=Path, default=None, metavar="DIR",
                    help="write --error-sample pages, drawn in proportion to their error characters at "
                         "0.45, with each segment's gold, decision and score, to DIR (error_pages)")
    ap.add_argument("--error-sample", type=int, default=60, metavar="N", help="pages --error-pages draws (60)")
    ap.add_argument("--error-hand", action="store_true",
                    help="--error-pages draws hand-labelled pages instead of the datasets' (whose gold they are not)")
    ap.add_argument("--no-share-repeats", action="store_true",
                    help="score each copy of a repeated text on its own (prediction shares one score per "
                         "repeat group, detector.share_repeats; this measures that rule)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    a = ap.parse_args(argv)
    if a.stack and (a.hmm is not None or a.error_pages is not None):
        ap.error("--hmm and --error-pages read the body model's scores: not with --stack")
    if not (a.data / "README.md").exists() and not list(a.data.glob("*.jsonl.xz")):
        print(f"error: no datasets in {a.data} (pass --data)", file=sys.stderr)
        return 2
    params = train.lgb_params("body", 2, 0.7, 255)
    for item in a.set:
        name, sep, value = item.partition("=")
        if not sep:
            ap.error(f"--set wants NAME=VALUE, not {item!r}")
        try:
            params[name] = json.loads(value)
        except json.JSONDecodeError:
            params[name] = value
    t0 = time.time()
    log = lambda *x: print(f"[{time.time() - t0:6.1f}s]", *x, flush=True)  # noqa: E731
    t = table(a.data, log)
    if a.no_share_repeats:
        t["repeat"] = None
    held = arrange(t, a.folds, a.lexicon_language_share)
    names = list(FEATURE_NAMES)
    extra, extra_names = [], []  # read the full table's columns: before --drop
    if a.doc_features:
        extra.append(doc_features(t))
        extra_names += DOC_NAMES
    held_page = None
    if a.lex_page:  # from the columns each row trains on, and those a held-out row is scored with
        score = t["X"][:, FEATURE_NAMES.index("lex_score")]
        extra.append(lex_page(t, score.astype(np.float64), a.lex_page))
        extra_names += [n for n in LEX_PAGE_NAMES if n in a.lex_page]
        held_page = lex_page(t, held[:, LEX_FEATURES.index("lex_score")].astype(np.float64), a.lex_page)
    if a.drop:  # the same columns as train.py --ablate
        cols = train.kept_columns(a.drop)
        t["X"] = t["X"][:, cols]
        names = [names[i] for i in cols]
    if extra:
        t["X"] = np.hstack([t["X"], *extra])
        names += extra_names
    if a.stack:
        r1, r2 = (int(r) for r in a.stack.split(":"))
        p1 = share_repeats(oof(t, t["X"], names, r1, params, log, held, held_page), t["repeat"])
        result = {"stage 1": scores(t, p1)}
        p = share_repeats(oof(t, np.hstack([t["X"], stack_features(t, p1)]), names + STACK_NAMES, r2, params,
                              log, held, held_page), t["repeat"])
        result["stage 2"] = scores(t, p)
    else:
        p = share_repeats(oof(t, t["X"], names, a.rounds, params, log, held, held_page), t["repeat"])
        result = {"body model": scores(t, p)}
        if a.error_pages is not None:
            error_pages(t, p, a.data, a.error_pages, a.error_sample, hand=a.error_hand)
        if a.hmm is not None:
            result[f"chain-smoothed, alpha {a.hmm:g}"] = scores(t, hmm_smooth(t, p, a.hmm))
    for name, res in result.items():
        print(f"{name} (chosen threshold {res['threshold']:.2f})")
        for at, row in res.items():
            if at != "threshold":
                print(f"  at {at}: " + ", ".join(f"{k} {v:.4f}" for k, v in row.items()))
    if a.json:
        a.json.write_text(json.dumps({"args": vars(a) | {"data": str(a.data), "json": str(a.json)},
                                      "params": params, "result": result}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
