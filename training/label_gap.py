"""Where the corpora's gold and the taxonomy disagree, measured on the hand-labelled pages.

    python -m training.label_gap [--data ../shared/data]

For each hand label class: how many of its characters the automatic labels of the same
page (alignment to the dataset's gold text and captions from the page's markup,
training/corpora.py) call body, caption, other boilerplate or unknown. A class whose
characters the gold often calls body (titles, meta; captions before the markup
relabelling) is one the body model, which learns mostly from the corpora, cannot learn
to drop.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from boilerkit.markdown import model_segments

from . import corpora, dataset, sources


def hand_and_gold(docs, data: Path):
    """(hand-labelled page, the corpora's automatically labelled document of the same page
    and dump style) for each hand page whose dump the corpora also make."""
    for d in docs:
        if d.source != "hand":
            continue
        rec = sources.get_record(d.meta["dataset"], d.meta["id"], data)
        auto = [a for a in corpora._docs_from_record(d.meta["dataset"], rec)
                if a.name.endswith("/" + d.meta["style"])]
        if auto and auto[0].text == d.text:
            yield d, auto[0]


def gap(data: Path) -> dict[str, Counter]:
    names = {v: k for k, v in dataset.CLASSES.items()}
    out: dict[str, Counter] = {}
    for d, auto in hand_and_gold(corpora.hand_docs(data), data):
        hand = corpora.char_labels(d, dataset.CLASSES)
        gold = corpora.char_labels(auto, dataset.CLASSES)
        for s, e, _ in model_segments(d.text)[0].tolist():
            h = np.bincount(hand[s:e] + 1, minlength=len(names) + 1)[1:]
            g = np.bincount(gold[s:e] + 1, minlength=len(names) + 1)[1:]
            if h.sum() and g.sum():
                out.setdefault(names[int(h.argmax())], Counter())[names[int(g.argmax())]] += e - s
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=sources.data_dir())
    a = ap.parse_args(argv)
    print("| hand label | chars | gold body | gold caption (markup) | other gold boilerplate | unknown "
          "| body share of decided |")
    print("|---|---|---|---|---|---|---|")
    for cls, c in sorted(gap(a.data).items()):
        total = sum(c.values())
        decided = total - c["unknown"]
        share = f"{c['body'] / decided:.0%}" if decided else "-"
        rest = decided - c["body"] - c["caption"]
        print(f"| {cls} | {total} | {c['body']} | {c['caption']} | {rest} | {c['unknown']} | {share} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
