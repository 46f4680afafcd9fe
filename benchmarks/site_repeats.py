"""Does a CCNet-style cross-page repetition pass help? An out-of-fold experiment.

    python -m training.train --no-save --save-folds training/.cache/folds
    python benchmarks/site_repeats.py --folds training/.cache/folds [--min-pages 3] [--min-share 0.3]

For the gold corpora's pages (one dump style, "blocks"), grouped by site: the text fold
model that held out the page's site decides body per segment; then the pass that
`boilerkit clean --input ... --site-repeats` runs (boilerkit.corpus.count_repeats) marks
as boilerplate every segment whose folded text occurs on at least --min-pages pages of
the same site and on at least --min-share of that site's pages (a menu, a footer, a
"related" header repeated on every page). It prints body F1 (characters) of the model
alone and with the pass, on the pages of sites with at least --min-pages pages (the only
pages the pass can change), and what the pass drops: gold boilerplate vs gold body.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from boilerkit import model as model_mod  # noqa: E402
from boilerkit.corpus import count_repeats, repeat_key  # noqa: E402
from boilerkit.detector import Detector  # noqa: E402
from training import corpora, sources  # noqa: E402

DATASETS = ("wcxb", "daniel_waddle", "trafilatura_eval", "cleanportaleval", "readability_testpages",
            "htmltotext_leogao")


def f1(tp, fp, fn):
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return p, r, 2 * p * r / max(p + r, 1e-12)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=Path, required=True)
    ap.add_argument("--min-pages", type=int, default=3)
    ap.add_argument("--min-share", type=float, default=0.3)
    args = ap.parse_args(argv)
    fold_of = json.loads((args.folds / "folds.json").read_text())["pages"]
    dets = {}
    by_site = defaultdict(list)
    for ds in DATASETS:
        for d in corpora.dataset_docs(ds, sources.data_dir()):
            page = d.name.rsplit("/", 1)[0]
            if not d.name.endswith("/blocks") or page not in fold_of:
                continue
            by_site[(ds, d.group)].append(d)
    multi = {s: docs for s, docs in by_site.items() if len(docs) >= args.min_pages}
    print(f"{sum(map(len, multi.values()))} pages on {len(multi)} sites with >= {args.min_pages} pages")
    tot = {"model": [0, 0, 0], "pass": [0, 0, 0]}
    dropped = Counter()
    for site, docs in sorted(multi.items()):
        rows = []
        for d in docs:
            fold = fold_of[d.name.rsplit("/", 1)[0]]
            if fold not in dets:
                dets[fold] = Detector(model_mod.load(args.folds / f"fold{fold}"))
            segs = dets[fold].classify(d.text)
            lab = corpora.char_labels(d, {"body": 0, "boilerplate": 1, "unknown": 2})
            rows.append((d, segs, lab))
        repeated = count_repeats([(site, d.text) for d in docs], args.min_pages, args.min_share).get(site, ())
        for d, segs, lab in rows:
            for s in segs:
                c = np.bincount(lab[s.start:s.end] + 1, minlength=4)[1:]  # -1: unlabelled
                if c[0] == 0 and c[1] == 0:
                    continue  # unknown: not scored
                gold_body = c[0] >= c[1]
                n = s.end - s.start
                marked = repeat_key(s.text) in repeated
                for name, keep in (("model", s.keep), ("pass", s.keep and not marked)):
                    t = tot[name]
                    t[0] += n * (keep and gold_body)
                    t[1] += n * (keep and not gold_body)
                    t[2] += n * (not keep and gold_body)
                if s.keep and marked:
                    dropped["gold body" if gold_body else "gold boilerplate"] += n
    for name, (tp, fp, fn) in tot.items():
        p, r, f = f1(tp, fp, fn)
        print(f"{name:6s} P {p:.4f} R {r:.4f} F1 {f:.4f}")
    print(f"the pass drops {dropped['gold boilerplate']:,} characters of gold boilerplate and "
          f"{dropped['gold body']:,} of gold body that the model kept")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
