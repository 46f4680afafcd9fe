"""Train the HTML model: text features plus DOM features, on the HTML gold data.

    python -m training.train_html --data ../shared/data --out models/default/html

Uses every labelled page that has HTML, in the `blocks` dump (boilerkit's own
HTML-to-lines, whose lines map one to one to DOM blocks): the HTML datasets'
alignments and snippets and the hand labels made on `blocks` dumps. Validation is
grouped by site like the text model's; the report (training/reports/<name>/) puts the
text model's features alone and the baselines beside it, on the same segments and
folds. The class/id token weights, like the trigram weights, are learned out-of-fold; a
share of each language group's pages learns its lexical columns by trigram weights
without the group, as the text model's do (training.train --lexicon-language-share).
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path

import numpy as np

from boilerkit import __version__, dom
from boilerkit import model as model_mod
from boilerkit.detector import decide_labels, share_repeats
from boilerkit.features import SCHEMA_VERSION
from boilerkit.html import html_blocks
from boilerkit.labels import LABELS
from boilerkit.markdown import model_segments

from . import corpora, dataset, lexicon, metrics, sources
from .train import BODY, REPO, evaluate_rows, fit, group_folds, inputs_digest, predict
from .train import parser as text_parser

ALPHA = 1.0
CLIP = 4.0


def _is_html_doc(d) -> bool:
    if d.source == "hand":
        return d.meta.get("style") == "blocks"
    return d.source not in corpora.LINE_SETS and d.source != "seed" and d.name.endswith("/blocks")


def _record_key(d) -> tuple[str, str]:
    return (d.meta["dataset"], d.meta["id"]) if d.source == "hand" else (d.source, d.meta["id"])


def _blocks_chunk(keys, texts, data):
    out = []
    for (ds, rid), text in zip(keys, texts):
        got, blocks = html_blocks(sources.get_record(ds, rid, data)["html"])
        out.append(blocks if got == text else None)
    return out


def page_blocks(docs, data: Path, n_jobs: int):
    keys = [_record_key(d) for d in docs]
    texts = [d.text for d in docs]
    if n_jobs == 1:
        return _blocks_chunk(keys, texts, data)
    from joblib import Parallel, delayed

    k = 8 * n_jobs
    parts = Parallel(n_jobs=n_jobs)(delayed(_blocks_chunk)(keys[i::k], texts[i::k], str(data)) for i in range(k))
    out = [None] * len(docs)
    for i, part in enumerate(parts):
        for j, b in enumerate(part):
            out[i + j * k] = b
    return out


def token_counts(blocks, segs, text, y, weight) -> np.ndarray:
    """(2, TOK_SIZE) weighted counts of class/id token buckets: row 1 body, row 0 not."""
    out = np.zeros((2, dom.TOK_SIZE))
    if not blocks or not len(segs):
        return out
    line = dom._line_of_segment(text, segs, len(blocks))
    for i in np.flatnonzero(y >= 0):
        buckets = dom.line_token_buckets(blocks[line[i]])
        if buckets:
            np.add.at(out[1 if y[i] == BODY else 0], buckets, weight)
    return out


def token_weights(counts: np.ndarray) -> np.ndarray:
    neg, pos = counts[0] + ALPHA, counts[1] + ALPHA
    return np.clip(np.log(pos / pos.sum()) - np.log(neg / neg.sum()), -CLIP, CLIP).astype(np.float32)


def html_digest(args) -> str:
    """training.train's data digest for the HTML model: labels, datasets and the options
    that shape its fit, resolved as the run uses them."""
    args = resolve(copy.copy(args))
    return inputs_digest(args.data, {
        "model": "html", "quick": args.quick, "limit": args.limit, "rounds": args.rounds,
        "class_rounds": args.class_rounds, "title_rounds": args.title_rounds,
        "markup_title_weight": args.markup_title_weight, "bagging": args.bagging, "max_bin": args.max_bin,
        "lexicon_language_share": args.lexicon_language_share, "features": SCHEMA_VERSION,
        "dom_features": dom.DOM_SCHEMA_VERSION})


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m training.train_html", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=sources.data_dir(), help="gold datasets (default: ../shared/data)")
    ap.add_argument("--out", type=Path, default=REPO / "models" / "default" / "html",
                    help="HTML model directory to write (default: models/default/html)")
    ap.add_argument("--report", type=Path, default=None,
                    help="report folder (default: training/reports/html-<name of --out's parent>)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--class-rounds", type=int, default=150)
    ap.add_argument("--title-rounds", type=int, default=100)
    ap.add_argument("--markup-title-weight", type=float, default=1.0,
                    help="as training.train's: the markup's headline segments taught to the title model")
    ap.add_argument("--lexicon-language-share", type=float,
                    default=text_parser().get_default("lexicon_language_share"), metavar="S",
                    help="as training.train's: the share of a language group's pages that learn from "
                         "lexical columns by weights without their group (0: by weights without their site)")
    ap.add_argument("--bagging", type=float, default=0.7)
    ap.add_argument("--max-bin", type=int, default=255)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N pages of each dataset")
    ap.add_argument("--quick", action="store_true", help="smoke run: 12 pages per dataset, 3 folds, 40 rounds")
    ap.add_argument("--no-save", action="store_true", help="validate and write the report, but no model")
    ap.add_argument("--save-folds", type=Path, default=None, metavar="DIR",
                    help="also write each validation fold's HTML model and folds.json to DIR")
    return ap


def resolve(args):
    """The options as a run uses them (--quick's caps), as training.train.resolve. Idempotent."""
    if args.quick:
        args.rounds, args.class_rounds, args.folds = min(args.rounds, 40), min(args.class_rounds, 20), 3
        args.title_rounds = min(args.title_rounds, 20)
    return args


def main(argv=None) -> int:
    args = resolve(parser().parse_args(argv))
    limit = 12 if args.quick else args.limit
    report_dir = args.report or (REPO / "training" / "reports" / f"html-{args.out.parent.name}")
    t0 = time.time()
    log = lambda *a: print(f"[{time.time() - t0:6.1f}s]", *a, flush=True)  # noqa: E731

    log("loading labelled documents")
    docs = [d for d in corpora.load_all(args.data, limit=limit, n_jobs=args.jobs, log=log) if _is_html_doc(d)]
    blocks = page_blocks(docs, args.data, args.jobs)
    dropped = sum(b is None for b in blocks)
    docs = [d for d, b in zip(docs, blocks) if b is not None]
    blocks = [b for b in blocks if b is not None]
    log(f"{len(docs)} HTML pages ({dropped} left out: their dump no longer matches the page's blocks)")
    # as HTML mode reads a page's text: no Markdown view
    tab = dataset.build(docs, evaluate=[True] * len(docs), n_jobs=args.jobs, markdown=False)
    log(f"{len(tab.y)} segments, {int((tab.y >= 0).sum())} labelled")

    fold_doc = group_folds([d.group for d in docs], args.folds)
    fold = fold_doc[tab.doc]
    groups = lexicon.language_groups(docs, args.lexicon_language_share) if args.lexicon_language_share else None
    lex_all, fold_lex, val_lex = lexicon.fill_out_of_fold(docs, tab, fold_doc, args.folds, log=log,
                                                          markdown=False, group_of_doc=groups)

    bounds = np.searchsorted(tab.doc, np.arange(len(docs) + 1))
    segs_of = [model_segments(d.text, markdown=False)[0] for d in docs]
    per_fold = np.zeros((args.folds, 2, dom.TOK_SIZE))
    for i, d in enumerate(docs):
        a, b = bounds[i], bounds[i + 1]
        per_fold[fold_doc[i]] += token_counts(blocks[i], segs_of[i], d.text, tab.y[a:b], d.weight)
    total = per_fold.sum(axis=0)
    fold_tok = [token_weights(total - per_fold[k]) for k in range(args.folds)]
    D = np.zeros((len(tab.y), len(dom.DOM_FEATURE_NAMES)), dtype=np.float32)
    for i, d in enumerate(docs):
        D[bounds[i]:bounds[i + 1]] = dom.compute(d.text, segs_of[i], blocks[i], fold_tok[fold_doc[i]])
    n_text = tab.X.shape[1]
    tab.X = np.hstack([tab.X, D])
    names = model_mod.feature_names("html")
    log("DOM features computed (class/id token weights out-of-fold)")

    counts: dict = {}
    for d in docs:
        counts[d.source] = counts.get(d.source, 0) + 1
    report: dict = {"boilerkit_version": __version__, "documents": counts,
                    "command": "python -m training.train_html " + " ".join(argv if argv is not None else sys.argv[1:]),
                    "args": {k: str(v) for k, v in vars(args).items()}}
    p_oof, t_oof = np.zeros(len(tab.y)), np.zeros(len(tab.y))
    p_txt = np.zeros(len(tab.y))
    q_oof = np.zeros((len(tab.y), len(LABELS)))
    text_cols = np.arange(n_text)
    fold_models = []
    for k in range(args.folds):
        test = fold == k
        models = fit(tab.subset(~test), args, names=names)
        X_test = lexicon.validation_rows(tab.X, test, val_lex)
        p_oof[test], q_oof[test], t_oof[test] = predict(models, X_test, args.jobs)
        text_models = fit(tab.subset(~test), args, cols=text_cols, names=names)
        p_txt[test] = predict(text_models, X_test, args.jobs, text_cols)[0]
        if args.save_folds:
            fold_models.append(models)
        log(f"fold {k + 1}/{args.folds} done")
    p_oof, p_txt = share_repeats(p_oof, tab.repeat), share_repeats(p_txt, tab.repeat)  # as prediction decides
    known = tab.y >= 0
    src = np.array([d.source for d in docs])[tab.doc]
    # pooled characters, not the text model's per-dataset mean: on these folds the mean chose
    # 0.20, the grid's edge, and cost trafilatura_eval a point of F1 (README, HTML mode)
    threshold = metrics.best_threshold(tab.y[known] == BODY, p_oof[known], tab.chars[known])
    thr_txt = metrics.best_threshold(tab.y[known] == BODY, p_txt[known], tab.chars[known])
    report["threshold"] = threshold
    report["grouped_cv"] = {"overall": evaluate_rows(tab, known, p_oof, threshold, t_oof)}
    report["grouped_cv"]["overall"]["text_features_only"] = metrics.binary(
        tab.y[known] == BODY, p_txt[known] >= thr_txt, tab.chars[known])
    for s in sorted(set(src[known])):
        report["grouped_cv"][s] = evaluate_rows(tab, known & (src == s), p_oof, threshold, t_oof)
    fine = known & (tab.y < len(LABELS)) & (src == "hand")
    cls_oof = decide_labels(p_oof, q_oof, t_oof, threshold)
    report["grouped_cv_hand_classes"] = metrics.per_class(tab.y[fine], cls_oof[fine], tab.chars[fine], LABELS)
    report["grouped_cv_hand_confusion"] = metrics.confusion(tab.y[fine], cls_oof[fine], len(LABELS))
    report["_pr"] = {"truth": tab.y[known] == BODY, "score": p_oof[known], "chars": tab.chars[known]}
    log(f"validation done; threshold {threshold}")
    meta = {"threshold": threshold, "metrics": {"grouped_cv": report["grouped_cv"]["overall"]}}
    if fold_models:
        from .train import save_folds

        save_folds(args.save_folds, fold_models, fold_lex, threshold, docs, fold_doc, tokens=fold_tok)
        log(f"fold models written to {args.save_folds}")
    from . import report as report_mod

    if not args.no_save:
        digest = html_digest(args)
        model_mod.save(args.out, fit(tab, args, names=names),
                       {**meta, "model_version": f"{__version__}+html.{digest[:10]}",
                        "training": {"data_digest": digest, "documents": counts, "segments": int(known.sum()), "rounds": args.rounds,
                                     "command": report["command"]}},
                       lexicon=lex_all, tokens=token_weights(total))
        log(f"model written to {args.out}")
    report_mod.write(report_dir, report)
    log(f"report written to {report_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
