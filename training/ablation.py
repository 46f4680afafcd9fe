"""Ablation table: validation with each feature group left out in turn.

    python -m training.ablation --limit 150 --out training/reports/ablation

Runs `python -m training.train --ablate GROUP` (validation only) for every group in
boilerkit.features.GROUPS plus a run with all features, on the same documents and
folds, and writes ablation.md and ablation.json: binary body F1 (characters) on the
site-grouped corpora folds and on the seeds (scored by the fold model that never saw them),
and per-class F1
on the hand-labelled pages.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from boilerkit.features import GROUPS
from boilerkit.labels import LABELS

from . import train


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.ablation", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=150, help="pages per dataset (default 150)")
    ap.add_argument("--out", type=Path, default=Path("training/reports/ablation"))
    ap.add_argument("--groups", default=",".join(GROUPS), help="groups to ablate (default: all)")
    ap.add_argument("--collect", action="store_true", help="only rebuild the table from finished runs")
    a = ap.parse_args(argv)
    if not a.collect:
        for group in ["none"] + a.groups.split(","):
            args = ["--limit", str(a.limit), "--report", str(a.out / group), "--no-save"]
            if group != "none":
                args += ["--ablate", group]
            if train.main(args) != 0:
                return 1
    print(write_table(a.out, a.limit, ["none"] + a.groups.split(",")))
    return 0


def write_table(out: Path, limit: int, groups: list[str], at: str = "0.45") -> str:
    """ablation.md/.json from the runs present under `out` (a missing run is left out).

    Each run chooses its own threshold, so its figures at that threshold move with the
    choice as well as with the features; the corpora and hand-page body F1 at one fixed
    threshold (`at`, the shipped model's) are given beside them to compare rows.
    """
    rows = [f"| features | threshold chosen | corpora F1 (chars) | corpora F1 at {at} | hand body F1 at {at} | "
            "seeds held-out F1 (chars) | " + " | ".join(f"{c} F1" for c in LABELS) + " |",
            "|---" * (6 + len(LABELS)) + "|"]
    summary = {}
    for group in groups:
        path = out / group / "metrics.json"
        if not path.exists():
            continue
        m = json.loads(path.read_text())
        cv = m["grouped_cv"]["overall"]["model"]["chars"]["f1"]
        fixed = m["grouped_cv_f1_by_threshold"][at]
        seeds = m["seeds_oof"]["binary"]["overall"]["model"]["chars"]["f1"]
        cls = {c: m["grouped_cv_hand_classes"][c]["chars"]["f1"] for c in LABELS}
        summary[group] = {"threshold": m["threshold"], "corpora_f1": cv, f"corpora_f1_at_{at}": fixed["overall"],
                          f"hand_f1_at_{at}": fixed["hand"], "seeds_f1": seeds, "class_f1": cls}
        name = "all features" if group == "none" else f"without {group}"
        rows.append(f"| {name} | {m['threshold']:.2f} | {cv:.3f} | {fixed['overall']:.3f} | {fixed['hand']:.3f} | "
                    f"{seeds:.3f} | " + " | ".join(f"{cls[c]:.3f}" for c in LABELS) + " |")
    (out / "ablation.json").write_text(json.dumps(summary, indent=1) + "\n")
    table = "\n".join(rows)
    (out / "ablation.md").write_text(
        f"# Ablation (first {limit} pages per dataset)\n\nCommand: `python -m training.ablation "
        f"--limit {limit}`. Class F1: the hand-labelled pages, at the run's own threshold.\n\n{table}\n")
    return table


if __name__ == "__main__":
    sys.exit(main())
