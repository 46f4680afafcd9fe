"""Text-mode throughput on the corpora's text dumps, against jusText in the same run.

    python benchmarks/speed_text.py [--docs 300] [--model DIR]

Dumps the first N pages of each HTML dataset in ../shared/data (style "blocks",
the same dumps training uses), then times, single process: boilerkit's
segmentation + features + prediction (classify, and clean, which never runs the
class model: body-only output needs the body and title models alone), and jusText on the same lines. Prints
MB/s of text and the ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=300, help="pages per dataset (default 300)")
    ap.add_argument("--model", default=None)
    ap.add_argument("--no-justext", action="store_true")
    ap.add_argument("--profile", action="store_true", help="print where boilerkit spends its time")
    a = ap.parse_args()

    import boilerkit
    from boilerkit import features
    from boilerkit.segment import segment_text
    from training import dumps, sources

    texts = []
    for ds in ("wcxb", "daniel_waddle", "trafilatura_eval", "cleanportaleval"):
        for i, rec in enumerate(sources.iter_records(ds)):
            if i >= a.docs:
                break
            t = dumps.dump(rec["html"], "blocks")
            if t.strip():
                texts.append((t, rec.get("lang") or "en"))
    mb = sum(len(t.encode("utf-8")) for t, _ in texts) / 1e6
    det = boilerkit.load(a.model)
    det.classify(texts[0][0])  # warm up (class table, stopwords)

    t0 = time.perf_counter()
    for t, _ in texts:
        det.classify(t)
    bk = time.perf_counter() - t0
    t0 = time.perf_counter()
    for t, _ in texts:
        det.clean(t)
    bc = time.perf_counter() - t0
    print(f"{len(texts)} documents, {mb:.1f} MB of text")
    print(f"boilerkit classify: {bk:.2f} s  {mb / bk:.2f} MB/s  {len(texts) / bk:.0f} docs/s")
    print(f"boilerkit clean:    {bc:.2f} s  {mb / bc:.2f} MB/s  {len(texts) / bc:.0f} docs/s")
    if a.profile:
        from boilerkit.detector import predict_labels

        m = det._model
        parts = {"segment": 0.0, "features": 0.0, "predict (classify)": 0.0}
        for t, _ in texts:
            t1 = time.perf_counter()
            s = segment_text(t)
            t2 = time.perf_counter()
            X, group = features.compute_with_repeats(t, s, m.lexicon)
            t3 = time.perf_counter()
            predict_labels(m, X, m.threshold, group)
            t4 = time.perf_counter()
            parts["segment"] += t2 - t1
            parts["features"] += t3 - t2
            parts["predict (classify)"] += t4 - t3
        print("  " + ", ".join(f"{k} {v:.2f} s" for k, v in parts.items()))
    if not a.no_justext:
        from training.baselines import justext_keep
        from training.corpora import line_spans

        t0 = time.perf_counter()
        for t, lang in texts:
            justext_keep([t[s:e] for s, e in line_spans(t)], lang)
        jt = time.perf_counter() - t0
        print(f"jusText on lines:   {jt:.2f} s  {mb / jt:.2f} MB/s")
        print(f"ratio boilerkit classify / jusText: {jt / bk:.2f}x, clean / jusText: {jt / bc:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
