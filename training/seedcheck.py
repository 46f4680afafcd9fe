"""Compare a model's clean() output with the hand labels, document by document.

    python -m training.seedcheck [--model DIR] [--all]

For each seed (or, with --all, every hand-labelled document) it reports how many
body characters clean() keeps and misses, and how many characters of each
boilerplate class it lets through: a diff summary that quotes no text. Note that
the shipped model saw these documents in training; for held-out figures use the
leave-one-seed-out section of the training report.
"""

from __future__ import annotations

import argparse
import sys

import boilerkit
from boilerkit.labels import LABELS

from . import labelfile


def summarise(det, lf, text) -> dict:
    segs = det.classify(text)
    kept = bytearray(len(text))
    for s in segs:
        if s.keep:
            kept[s.start:s.end] = b"\x01" * (s.end - s.start)
    out = {lab: [0, 0] for lab in LABELS}  # label -> [kept chars, dropped chars]
    for s, e, lab in lf.spans:
        k = sum(kept[s:e])
        out[lab][0] += k
        out[lab][1] += (e - s) - k
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.seedcheck", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=None)
    ap.add_argument("--all", action="store_true", help="every hand-labelled document, not only the seeds")
    a = ap.parse_args(argv)
    det = boilerkit.load(a.model)
    print("| document | body kept | body missed | " + " | ".join(f"{x} leaked" for x in LABELS[1:]) + " |")
    print("|---" * (3 + len(LABELS) - 1) + "|")
    for path in labelfile.all_files():
        if not a.all and path.parent.name != "seeds":
            continue
        lf, text = labelfile.load_checked(path)
        r = summarise(det, lf, text)
        print(f"| {lf.key} | {r['body'][0]} | {r['body'][1]} | " +
              " | ".join(str(r[x][0]) for x in LABELS[1:]) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
