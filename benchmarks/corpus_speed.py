"""Corpus-mode throughput with 1 and N worker processes, measured in one run.

    python benchmarks/corpus_speed.py [--docs 2000] [--jobs 2] [--shards 4]

Writes JSONL shards of real text dumps (the gold corpora's, from the training cache
or ../shared; without them, a synthetic mix of the bundled example and generated
boilerplate), then runs the same `boilerkit clean --input` code path with 1 worker,
with --jobs workers, and with 1 worker and --no-labels (no class model). Prints documents/s, MB/s, the speed-up, and peak RSS of the
main process and of the largest worker.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from boilerkit import corpus  # noqa: E402


def real_texts(n: int) -> list[str]:
    try:
        from training import corpora, sources

        texts = []
        for ds in ("wcxb", "trafilatura_eval", "daniel_waddle", "cleanportaleval", "turku_text_quality"):
            for d in corpora.dataset_docs(ds, sources.data_dir(), limit=n // 5 + 1):
                texts.append(d.text)
        return texts[:n] if len(texts) >= n else (texts * (n // max(len(texts), 1) + 1))[:n]
    except Exception as exc:  # noqa: BLE001 - fall back to synthetic text
        print(f"(no shared data: {exc}; using synthetic documents)", file=sys.stderr)
        return []


def synthetic(n: int) -> list[str]:
    base = (REPO / "docs" / "example.txt").read_text(encoding="utf-8")
    return [base + "".join(f"\nMore headline {i}-{k}" for k in range(i % 20)) for i in range(n)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--shards", type=int, default=4)
    args = ap.parse_args(argv)
    texts = real_texts(args.docs) or synthetic(args.docs)
    mb = sum(len(t.encode("utf-8", "surrogatepass")) for t in texts) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        inputs = []
        per = (len(texts) + args.shards - 1) // args.shards
        for s in range(args.shards):
            p = tmp / f"shard-{s}.jsonl"
            with open(p, "w", encoding="utf-8") as f:
                for i, t in enumerate(texts[s * per:(s + 1) * per]):
                    f.write(json.dumps({"id": f"{s}-{i}", "text": t}, ensure_ascii=False) + "\n")
            inputs.append(p)
        print(f"{len(texts)} documents, {mb:.1f} MB of text, {args.shards} shards")
        rates = {}
        for jobs, labels in ((1, True), (args.jobs, True), (1, False)):
            out = tmp / f"out{jobs}{labels}"
            out.mkdir()
            t0 = time.perf_counter()
            totals = corpus.run_shards(inputs, out, corpus.Options(labels=labels), jobs=jobs, progress=False)
            dt = time.perf_counter() - t0
            rates[jobs, labels] = len(texts) / dt
            print(f"jobs={jobs}{'' if labels else ' --no-labels'}: {dt:.1f} s, {len(texts) / dt:.1f} docs/s, "
                  f"{mb / dt:.2f} MB/s ({totals.failed} failed)")
        print(f"speed-up with {args.jobs} workers: {rates[args.jobs, True] / rates[1, True]:.2f}x; "
              f"--no-labels, one worker: {rates[1, False] / rates[1, True]:.2f}x")
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: main process {me:.0f} MB (it also ran jobs=1), largest worker {kids:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
