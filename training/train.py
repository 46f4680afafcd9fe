"""Train the boilerkit model and write its validation report.

    python -m training.train --data ../shared/data --out models/default

Loads the hand labels (training/labels/) and the gold corpora, featurises them
with the package's own segmenter and feature code, validates with folds
grouped by site (no site in two folds; the seeds are scored by the fold model that
never saw them, or with --seed-loo also leave-one-seed-out), then trains the
final model on everything and writes it with a report (metrics.json,
report.md, precision-recall and confusion-matrix PNGs) beside baselines
computed on the same folds. The same inputs give a byte-identical model.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import lzma
import math
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from boilerkit import __version__
from boilerkit import model as model_mod
from boilerkit.features import FEATURE_NAMES, GROUPS, SCHEMA_VERSION
from boilerkit.detector import TITLE_THRESHOLD, decide_labels, share_repeats
from boilerkit.labels import LABELS

from . import augment, corpora, dataset, labelfile, lexicon, metrics, sources

BODY = 0
TITLE = LABELS.index("title")
REPO = Path(__file__).resolve().parent.parent


def lgb_params(kind: str, threads: int, bagging: float = 1.0, max_bin: int = 255) -> dict:
    common = {
        "learning_rate": 0.08,
        "feature_fraction": 0.8,
        "bagging_fraction": bagging,
        "bagging_freq": 1 if bagging < 1.0 else 0,
        "max_bin": max_bin,
        "lambda_l2": 1.0,
        "verbose": -1,
        "seed": 13,
        "deterministic": True,
        "force_col_wise": True,
        "num_threads": threads,
    }
    if kind == "body":
        return {**common, "objective": "binary", "num_leaves": 63, "min_data_in_leaf": 40}
    if kind == "title":
        return {**common, "objective": "binary", "num_leaves": 15, "min_data_in_leaf": 10}
    return {**common, "objective": "multiclass", "num_class": len(LABELS), "num_leaves": 15,
            "min_data_in_leaf": 10}


def kept_columns(groups: list[str]) -> np.ndarray:
    """Indices of FEATURE_NAMES left when the given feature groups are ablated."""
    drop = {n for g in groups for n in GROUPS[g]}
    return np.array([i for i, n in enumerate(FEATURE_NAMES) if n not in drop], dtype=np.int64)


def body_dataset(t: dataset.Table, args, cols: np.ndarray | None = None, names: list[str] | None = None):
    """The body model's LightGBM dataset over every labelled row, binned once: the
    validation folds train on subsets of it instead of re-binning a copy of the table
    each time (minutes saved over the eleven fits of a full run)."""
    import lightgbm as lgb

    cols = np.arange(t.X.shape[1]) if cols is None else cols
    names = [(names or FEATURE_NAMES)[i] for i in cols]
    known = t.y >= 0
    ds = lgb.Dataset(t.X[known][:, cols], (t.y[known] == BODY).astype(np.int32), weight=t.weight[known],
                     feature_name=names, params=lgb_params("body", args.jobs, args.bagging, args.max_bin),
                     free_raw_data=True)
    return ds.construct()


def fit(t: dataset.Table, args, cols: np.ndarray | None = None, names: list[str] | None = None,
        rows: np.ndarray | None = None, body_ds=None):
    """Train the body, class and title models on `rows` of t (default: all); `cols`
    restricts the features (ablation runs), `names` are the table's column names (default:
    the text features), `body_ds` is body_dataset(t, ...) to train the body model on a subset of."""
    import lightgbm as lgb

    rows = np.ones(len(t.y), dtype=bool) if rows is None else rows
    table_names = names
    cols = np.arange(t.X.shape[1]) if cols is None else cols
    names = [(table_names or FEATURE_NAMES)[i] for i in cols]
    threads = args.jobs
    known = t.y >= 0
    if body_ds is None:
        body_ds = body_dataset(t if rows.all() else t.subset(rows), args, cols, table_names)
    elif not rows.all():
        body_ds = body_ds.subset(np.flatnonzero(rows[known]))
    body = lgb.train(lgb_params("body", threads, args.bagging, args.max_bin), body_ds,
                     num_boost_round=args.rounds)
    fine = rows & known & (t.y < len(LABELS))
    X_fine, y_fine, w_fine = t.X[fine][:, cols], t.y[fine], t.weight[fine]
    classes = lgb.train(lgb_params("classes", threads, args.bagging, args.max_bin),
                        lgb.Dataset(X_fine, y_fine.astype(np.int32), weight=w_fine, feature_name=names,
                                    free_raw_data=True),
                        num_boost_round=args.class_rounds)
    del X_fine
    # the title model decides only between body and title, on the segments the body model
    # keeps: a small binary model there spares body-only cleaning the class model
    use, y_t, w_t = title_rows(t, rows & known, args.markup_title_weight)
    title = lgb.train(lgb_params("title", threads, args.bagging, args.max_bin),
                      lgb.Dataset(t.X[use][:, cols], y_t, weight=w_t, feature_name=names, free_raw_data=True),
                      num_boost_round=args.title_rounds)
    return body, classes, title


def title_rows(t: dataset.Table, rows: np.ndarray, markup_weight: float):
    """(rows, target, weight) of the title model: the rows with a taxonomy label (title or
    not), and, with markup_weight > 0, the corpora's segments that their page's markup
    calls its headline (dataset.marked_headlines) as titles, their weight scaled by it. The
    corpora's gold calls the headline body, and taught as such, the title model had
    learnt to keep it: out of fold it found 150 of the 1,978 hand-labelled title
    characters that the body model kept."""
    fine = rows & (t.y < len(LABELS))
    target = t.y == TITLE
    weight = t.weight
    if markup_weight > 0:
        hint = rows & t.markup_title
        fine = fine | hint
        target = target | hint
        weight = np.where(hint & (t.y != TITLE), t.weight * markup_weight, t.weight)
    return fine, target[fine].astype(np.int32), weight[fine]


def predict(models, X: np.ndarray, threads: int, cols: np.ndarray | None = None):
    """(P(body), class probabilities, P(title)) for rows of X from fit()'s models."""
    if not len(X):
        return np.zeros(0), np.zeros((0, len(LABELS))), np.zeros(0)
    if cols is not None:
        X = X[:, cols]
    body, classes, title = models
    return (body.predict(X, num_threads=threads), classes.predict(X, num_threads=threads).reshape(len(X), -1),
            title.predict(X, num_threads=threads))


def rescale_hand(tab: dataset.Table, docs, share: float) -> float:
    """Scale the hand-labelled rows' weights so they carry `share` of the labelled weight.

    The hand labels are the only verified and fine-grained ones, but a few dozen pages next
    to thousands of corpus pages: a fixed per-segment weight would let their influence
    shrink as the corpora grow (weight 10 gave them 9% on the full data) and grow in small runs.
    """
    hand = np.array([d.source in ("hand", "seed") for d in docs])[tab.doc] & (tab.y >= 0)
    h = float(tab.weight[hand].sum())
    rest = float(tab.weight[(tab.y >= 0) & ~hand].sum())
    if h <= 0 or rest <= 0 or not 0 < share < 1:
        return 1.0
    scale = share * rest / ((1 - share) * h)
    tab.weight[hand] *= scale
    return scale


def group_folds(groups: list[str], k: int) -> np.ndarray:
    """Fold of each group: groups sorted by size, dealt round-robin (deterministic)."""
    uniq, counts = np.unique(np.array(groups), return_counts=True)
    order = sorted(range(len(uniq)), key=lambda i: (-counts[i], uniq[i]))
    fold_of = {}
    for rank, i in enumerate(order):
        fold_of[uniq[i]] = rank % k
    return np.array([fold_of[g] for g in groups])


def choose_threshold(truth: np.ndarray, score: np.ndarray, chars: np.ndarray, src: np.ndarray,
                     n_docs: dict, hand_share: float = 0.3) -> float:
    """The text model's threshold: the best weighted mean of the datasets' F1.

    The hand-labelled pages are the one dataset labelled with boilerkit's own classes (the
    corpora's gold keeps captions and titles as main text, see training/label_gap.py), so
    they carry `hand_share` of the weight, as they carry that share of the training weight;
    the corpora share the rest, each by the square root of its document count
    (`n_docs`: dataset -> documents), so that neither the two largest sets nor a set of a
    few dozen pages decides alone."""
    present = set(np.unique(src).tolist())
    w = {s: math.sqrt(n_docs[s]) for s in present if s != "hand"}
    if "hand" in present and 0 < hand_share < 1:
        w["hand"] = hand_share / (1 - hand_share) * sum(w.values())
    elif "hand" in present:
        w["hand"] = math.sqrt(n_docs["hand"])
    return metrics.best_threshold(truth, score, chars, src, weights=w)


THRESHOLD_RULE = ("the weighted mean of the datasets' F1: the hand-labelled pages carry the hand share "
                  "of the weight, the corpora the rest, each by the square root of its document count")


def prepare(args, limit: int | None, log):
    """The labelled documents (the corpora's and the hand pages, then their augmented
    variants), their featurised table with the hand rows reweighted, and each document's
    site-grouped fold. The lexical columns are still empty: lexicon.fill_out_of_fold fills
    them. Returns (docs, number of original documents, is-augmented per document, table,
    hand weight scale, fold per document)."""
    log("loading labelled documents")
    docs = corpora.load_all(args.data, limit=limit, n_jobs=args.jobs, log=log)
    base_docs = len(docs)
    extra = []
    if args.augment > 0:
        pool = augment.title_pool(docs)
        injected = [v for d in docs for v in augment.inject_headlines(d, pool, args.augment)]
        for d in docs + injected:
            extra.extend(augment.variants(d, args.augment))
        extra = injected + extra
    if args.cut_augment > 0:
        extra += [v for d in docs for v in augment.cut_inline(d, args.cut_augment)]
    docs = docs + extra
    is_aug = np.array([i >= base_docs for i in range(len(docs))])
    log(f"{base_docs} documents + {len(extra)} re-joined variants; featurising")
    tab = dataset.build(docs, evaluate=list(~is_aug), n_jobs=args.jobs)
    log(f"{len(tab.y)} segments, {int((tab.y >= 0).sum())} labelled")
    scale = rescale_hand(tab, docs, args.hand_share)
    log(f"hand-labelled rows scaled by {scale:.2f} to carry {args.hand_share:.0%} of the weight")
    return docs, base_docs, is_aug, tab, scale, group_folds([d.group for d in docs], args.folds)


def save_folds(out: Path, models, lex, threshold: float, docs, fold_doc: np.ndarray, tokens=None) -> None:
    """The validation folds' models, and which fold held out each page, so benchmarks can
    score every page with a model that never saw its site."""
    pages = {}
    for i, d in enumerate(docs):
        if d.source == "hand":
            key = f"{d.meta['dataset']}/{d.meta['id']}"
        elif d.source == "seed":
            key = d.name
        else:
            key = d.name.rsplit("/", 1)[0]
        pages[key] = int(fold_doc[i])
    for k, boosters in enumerate(models):
        model_mod.save(out / f"fold{k}", boosters,
                       {"model_version": f"{__version__}+fold{k}", "threshold": threshold}, lexicon=lex[k],
                       tokens=tokens[k] if tokens is not None else None)
    (out / "folds.json").write_text(json.dumps({"folds": len(models), "pages": pages}, indent=0,
                                               sort_keys=True) + "\n")


def inputs_digest(data: Path, options: dict) -> str:
    """What a model was trained from: every label file, every dataset's records and the
    options that shape the fit. Its first ten digits name the model's version. Datasets
    are hashed decompressed: the same records compressed anew give the same version."""
    h = hashlib.sha256()
    for p in labelfile.all_files():
        h.update(p.relative_to(REPO).as_posix().encode() + b"\0" + p.read_bytes())
    for name in sources.dataset_names(data):
        h.update(name.encode() + b"\0")
        content = hashlib.sha256()
        with lzma.open(Path(data) / f"{name}.jsonl.xz") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                content.update(block)
        h.update(content.digest())
    h.update(json.dumps(options, sort_keys=True).encode())
    return h.hexdigest()


def data_digest(data: Path, args) -> str:
    args = resolve(copy.copy(args))
    return inputs_digest(data, {
        "quick": args.quick, "rounds": args.rounds, "augment": args.augment, "limit": args.limit,
        "class_rounds": args.class_rounds, "title_rounds": args.title_rounds, "hand_share": args.hand_share,
        "bagging": args.bagging, "max_bin": args.max_bin,
        # left out at 0, the rule before each option existed
        **({"markup_title_weight": args.markup_title_weight} if args.markup_title_weight else {}),
        **({"cut_augment": args.cut_augment} if args.cut_augment else {}),
        **({"lexicon_language_share": args.lexicon_language_share} if args.lexicon_language_share else {}),
        "features": SCHEMA_VERSION})


def evaluate_rows(t: dataset.Table, mask: np.ndarray, p: np.ndarray, thr: float,
                  title: np.ndarray | None = None) -> dict:
    """Binary scores of the rows `mask`: "model" keeps P(body) >= thr; "clean" also drops
    what the title model (P(title), `title`) calls the headline, as clean() does; then
    the baselines."""
    truth = t.y[mask] == BODY
    out = {"model": metrics.binary(truth, p[mask] >= thr, t.chars[mask])}
    if title is not None:
        out["clean"] = metrics.binary(truth, (p[mask] >= thr) & ~(title[mask] > TITLE_THRESHOLD), t.chars[mask])
    for name, keep in t.base.items():
        out[name] = metrics.binary(truth, keep[mask], t.chars[mask])
    return out


def label_noise(docs, data: Path) -> dict:
    """Agreement of automatic (alignment) labels with hand labels on the same pages."""
    from boilerkit.markdown import model_segments

    from .label_gap import hand_and_gold

    agree = disagree = unknown = 0.0
    n_docs = 0
    for d, auto in hand_and_gold(docs, data):
        n_docs += 1
        hand_lab = corpora.char_labels(d, dataset.CLASSES)
        auto_lab = corpora.char_labels(auto, dataset.CLASSES)
        for s, e, _ in model_segments(d.text)[0].tolist():
            hb = np.bincount(hand_lab[s:e] + 1, minlength=len(dataset.CLASSES) + 1)[1:].argmax()
            ab = np.bincount(auto_lab[s:e] + 1, minlength=len(dataset.CLASSES) + 1)[1:]
            if ab.sum() == 0:
                continue
            ab = ab.argmax()
            w = e - s
            if ab == dataset.CLASSES[corpora.UNKNOWN]:
                unknown += w
            elif (hb == BODY) == (ab == BODY):
                agree += w
            else:
                disagree += w
    decided = agree + disagree
    return {
        "pages": n_docs,
        "agreement_chars": round(agree / decided, 4) if decided else None,
        "unknown_share_chars": round(unknown / (decided + unknown), 4) if decided + unknown else None,
    }


def seed_scores(tab: dataset.Table, seed_of: dict, base_name: list, sm: np.ndarray, p: np.ndarray,
                q: np.ndarray, t: np.ndarray, threshold: float) -> dict:
    """Held-out scores of the seeds (rows `sm`): binary overall and per seed, per class."""
    out = {"overall": evaluate_rows(tab, sm, p, threshold, t)}
    name_row = np.array(base_name)[tab.doc]
    for name in sorted(seed_of.values()):
        out[name] = evaluate_rows(tab, sm & (name_row == name), p, threshold, t)
    cls = decide_labels(p, q, t, threshold)
    return {"binary": out, "classes": metrics.per_class(tab.y[sm], cls[sm], tab.chars[sm], LABELS),
            "confusion": metrics.confusion(tab.y[sm], cls[sm], len(LABELS))}


def dump_seed_scores(path: Path, docs, seed_of: dict, tab: dataset.Table, p: np.ndarray,
                     cls: np.ndarray, how: str) -> None:
    """One JSON line per seed segment: offsets, hand label, held-out score and label (no text),
    and `how` the seed was held out ("fold" or "leave-one-out")."""
    from boilerkit.markdown import model_segments

    names = list(LABELS) + ["boilerplate"]
    with open(path, "w", encoding="utf-8") as f:
        for i, name in sorted(seed_of.items(), key=lambda kv: kv[1]):
            rows = np.flatnonzero(tab.doc == i)
            for r, (s, e, _) in zip(rows, model_segments(docs[i].text)[0].tolist()):
                gold = names[tab.y[r]] if tab.y[r] >= 0 else None
                f.write(json.dumps({"doc": name, "start": s, "end": e, "gold": gold,
                                    "p_body": round(float(p[r]), 4), "label": LABELS[cls[r]],
                                    "held_out": how}) + "\n")


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m training.train", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=sources.data_dir(),
                    help="folder of the gold datasets (default: ../shared/data)")
    ap.add_argument("--out", type=Path, default=REPO / "models" / "default",
                    help="model directory to write (default: models/default)")
    ap.add_argument("--report", type=Path, default=None,
                    help="report folder (default: training/reports/<name of --out>)")
    ap.add_argument("--folds", type=int, default=5, help="site-grouped folds (default 5)")
    ap.add_argument("--rounds", type=int, default=300, help="boosting rounds of the body model")
    ap.add_argument("--class-rounds", type=int, default=None,
                    help="boosting rounds per class of the class model (default: half of --rounds)")
    ap.add_argument("--markup-title-weight", type=float, default=1.0,
                    help="weight of the corpora's segments that their page's markup calls its headline, "
                         "taught to the title model as titles (default 1; 0: taught as their gold says)")
    ap.add_argument("--title-rounds", type=int, default=None,
                    help="boosting rounds of the title model (default: a third of --rounds)")
    ap.add_argument("--bagging", type=float, default=0.7,
                    help="row subsample per boosting round, 1.0 = off (default 0.7)")
    ap.add_argument("--max-bin", type=int, default=255, help="LightGBM histogram bins (default 255)")
    ap.add_argument("--hand-share", type=float, default=0.3,
                    help="share of the total training weight carried by the hand-labelled pages and "
                         "seeds, whatever the corpora's size (default 0.3)")
    ap.add_argument("--augment", type=float, default=0.3,
                    help="share of documents also seen re-joined in another dump style, and of "
                         "corpus documents also seen with an injected headline list (default 0.3)")
    ap.add_argument("--cut-augment", type=float, default=0.0, metavar="RATE",
                    help="share of documents also seen with lines cut around runs of a few words, as "
                         "get_text(\"\\n\") dumps cut sentences at links (default 0: tried at 0.15 and not shipped, "
                         "docs/experiments.md)")
    ap.add_argument("--lexicon-language-share", type=float, default=0.5, metavar="S",
                    help="share of the pages of a language group (lexicon.LANGUAGE_GROUPS) whose lexical "
                         "columns, as the models learn them, come from trigram weights that never saw the "
                         "group, as an unseen language's do; the rest, and English, from weights without "
                         "their site fold (default 0.5; 0: the rule before, docs/experiments.md)")
    ap.add_argument("--jobs", type=int, default=2, help="processes/threads to use (default 2)")
    ap.add_argument("--seed-loo", action="store_true",
                    help="also score the seeds leave-one-seed-out (five more fits of the full data, "
                         "about 12 minutes on 2 cores); by default each seed is scored by the site-grouped fold "
                         "model that never saw it")
    ap.add_argument("--no-validate", action="store_true", help="train the final model only")
    ap.add_argument("--quick", action="store_true",
                    help="small smoke run for tests: 12 pages per dataset, 3 folds, 40 rounds")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N pages of each dataset")
    ap.add_argument("--ablate", default="", metavar="GROUPS",
                    help="comma-separated feature groups (boilerkit.features.GROUPS) to leave out "
                         "(implies --no-save)")
    ap.add_argument("--no-save", action="store_true", help="validate and write the report, but no model")
    ap.add_argument("--save-folds", type=Path, default=None, metavar="DIR",
                    help="also write each validation fold's model and folds.json (page -> held-out "
                         "fold) to DIR, for out-of-fold benchmarks (benchmarks/html_eval.py)")
    ap.add_argument("--dump-seeds", type=Path, default=None, metavar="FILE",
                    help="write each seed segment's offsets, hand label and held-out body "
                         "score and label to FILE (JSON lines), for error analysis")
    return ap


def resolve(args):
    """The options as a run uses them: --quick's caps, and the class and title models'
    rounds, which default to a share of --rounds. data_digest resolves them too, so a
    model's version can be recomputed from the parsed command alone. Idempotent."""
    if args.quick:
        args.rounds = min(args.rounds, 40)
        args.folds = min(args.folds, 3)
    if args.class_rounds is None:
        args.class_rounds = max(args.rounds // 2, 20)
    if args.title_rounds is None:
        args.title_rounds = max(args.rounds // 3, 20)
    return args


def main(argv=None) -> int:
    args = resolve(parser().parse_args(argv))
    limit = 12 if args.quick else args.limit
    cols = kept_columns([g.strip() for g in args.ablate.split(",")]) if args.ablate else None
    if not (args.data / "README.md").exists() and not list(args.data.glob("*.jsonl.xz")):
        print(f"error: no datasets in {args.data} (pass --data)", file=sys.stderr)
        return 2
    report_dir = args.report or (REPO / "training" / "reports" / args.out.name)
    t0 = time.time()
    log = lambda *a: print(f"[{time.time() - t0:6.1f}s]", *a, flush=True)  # noqa: E731

    docs, base_docs, is_aug, tab, report_scale, fold_doc = prepare(args, limit, log)
    row_aug = is_aug[tab.doc]
    is_seed = np.array([d.source == "seed" for d in docs])
    row_seed = is_seed[tab.doc]
    seed_of = {i: d.name for i, d in enumerate(docs[:base_docs]) if d.source == "seed"}
    base_name = [d.name.split("+")[0] for d in docs]
    command = "python -m training.train " + " ".join(argv if argv is not None else sys.argv[1:])
    report: dict = {"boilerkit_version": __version__, "command": command.strip(),
                    "args": {k: str(v) for k, v in vars(args).items()},
                    "excluded_datasets": corpora.EXCLUDED, "source_weights": corpora.SOURCE_WEIGHT}
    counts = {}
    for d in docs[:base_docs]:
        counts[d.source] = counts.get(d.source, 0) + 1
    report["documents"] = counts
    report["hand_share"] = {"share": args.hand_share, "scale": round(report_scale, 4)}

    fold = fold_doc[tab.doc]
    groups = lexicon.language_groups(docs, args.lexicon_language_share) if args.lexicon_language_share else None
    lex_weights, fold_lex, val_lex = lexicon.fill_out_of_fold(docs, tab, fold_doc, args.folds, log=log,
                                                              group_of_doc=groups)

    def held_out(rows):
        return lexicon.validation_rows(tab.X, rows, val_lex)

    body_full = body_dataset(tab, args, cols)
    threshold = 0.5
    if not args.no_validate:
        p_oof, t_oof = np.zeros(len(tab.y)), np.zeros(len(tab.y))
        q_oof = np.zeros((len(tab.y), len(LABELS)))
        fold_models = []
        for k in range(args.folds):
            test = fold == k
            models = fit(tab, args, cols, rows=~test, body_ds=body_full)
            p_oof[test], q_oof[test], t_oof[test] = predict(models, held_out(test), args.jobs, cols)
            if args.save_folds and cols is None:
                fold_models.append(models)
            log(f"fold {k + 1}/{args.folds} done")
        p_oof = share_repeats(p_oof, tab.repeat)  # as prediction decides: one decision per repeated text
        known = tab.y >= 0
        corp = known & ~row_aug & ~row_seed
        src = np.array([d.source for d in docs])[tab.doc]
        n_docs = Counter(d.source for d in docs[:base_docs])
        threshold = choose_threshold(tab.y[corp] == BODY, p_oof[corp], tab.chars[corp], src[corp], n_docs,
                                     args.hand_share)
        cls_oof = decide_labels(p_oof, q_oof, t_oof, threshold)
        report["threshold"] = threshold
        report["threshold_rule"] = f"{THRESHOLD_RULE} (hand share {args.hand_share:g})"
        report["grouped_cv"] = {"overall": evaluate_rows(tab, corp, p_oof, threshold, t_oof)}
        if fold_models:
            save_folds(args.save_folds, fold_models, fold_lex, threshold, docs[:base_docs], fold_doc)
            log(f"fold models written to {args.save_folds}")
        rows_of = {"overall": corp, **{s: corp & (src == s) for s in sorted(set(src[corp]))}}
        for s, m in rows_of.items():
            if s != "overall":
                report["grouped_cv"][s] = evaluate_rows(tab, m, p_oof, threshold, t_oof)
        # a labelling or feature change also moves the chosen threshold: this table lets two
        # runs be compared at the same threshold
        report["grouped_cv_f1_by_threshold"] = {
            f"{thr:.2f}": {s: metrics.binary(tab.y[m] == BODY, p_oof[m] >= thr, tab.chars[m])["chars"]["f1"]
                           for s, m in rows_of.items()}
            for thr in metrics.THRESHOLD_GRID}
        fine = known & ~row_aug & (tab.y < len(LABELS)) & (np.array([d.source == "hand" for d in docs])[tab.doc])
        report["grouped_cv_hand_classes"] = metrics.per_class(tab.y[fine], cls_oof[fine], tab.chars[fine], LABELS)
        report["grouped_cv_hand_confusion"] = metrics.confusion(tab.y[fine], cls_oof[fine], len(LABELS))
        report["_pr"] = {"truth": (tab.y[corp] == BODY), "score": p_oof[corp], "chars": tab.chars[corp]}

        if seed_of:
            sm = row_seed & ~row_aug & known
            report["seeds_oof"] = seed_scores(tab, seed_of, base_name, sm, p_oof, q_oof, t_oof, threshold)
            p_seed, q_seed, t_seed, how = p_oof, q_oof, t_oof, "fold"
        if args.seed_loo and seed_of:
            p_loo, t_loo = np.zeros(len(tab.y)), np.zeros(len(tab.y))
            q_loo = np.zeros((len(tab.y), len(LABELS)))
            for i, name in sorted(seed_of.items(), key=lambda kv: kv[1]):
                held = np.array([base_name[j] == name for j in range(len(docs))])[tab.doc]
                models = fit(tab, args, cols, rows=~held, body_ds=body_full)
                test = held & ~row_aug
                p_loo[test], q_loo[test], t_loo[test] = predict(models, held_out(test), args.jobs, cols)
                log(f"leave-one-seed-out {name} done")
            p_loo = share_repeats(p_loo, tab.repeat)
            report["seeds_loo"] = seed_scores(tab, seed_of, base_name, sm, p_loo, q_loo, t_loo, threshold)
            p_seed, q_seed, t_seed, how = p_loo, q_loo, t_loo, "leave-one-out"
        if args.dump_seeds and seed_of:
            dump_seed_scores(args.dump_seeds, docs, seed_of, tab, p_seed,
                             decide_labels(p_seed, q_seed, t_seed, threshold), how)
        report["label_noise"] = label_noise(docs[:base_docs], args.data)
        log(f"validation done; threshold {threshold}")

    if args.ablate or args.no_save:
        from . import report as report_mod

        report_mod.write(report_dir, report)
        log(f"validation only: no model written; report in {report_dir}")
        return 0
    log("training the final model on all documents")
    models = fit(tab, args, body_ds=body_full)
    digest = data_digest(args.data, args)
    meta = {
        "model_version": f"{__version__}+{digest[:10]}",
        "threshold": threshold,
        "training": {"data_digest": digest, "documents": counts, "segments": int((tab.y >= 0).sum()),
                     "rounds": args.rounds, "quick": args.quick,
                     "command": command.strip()},
        "metrics": {**({"grouped_cv": report["grouped_cv"]["overall"]} if "grouped_cv" in report else {}),
                    **{k: report[k]["binary"]["overall"] for k in ("seeds_oof", "seeds_loo") if k in report}},
    }
    model_mod.save(args.out, models, meta, lexicon=lex_weights)
    log(f"model written to {args.out}")
    from . import report as report_mod

    report_mod.write(report_dir, report, ablation=report_mod.ABLATION)
    log(f"report written to {report_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
