"""Absolute timings on pathological inputs, each at two sizes (the tests check the ratio).

    python benchmarks/pathological.py [--scale 1.0]

Cases: deep nesting, a million tiny blocks, one 50 MB line (text and HTML, and clean()
keeping every sentence of one), an attribute bomb, 100,000 empty lines, random bytes, a
line of full stops with no space and a tag name that never ends (both were quadratic).
For each: input size, seconds, MB/s, segments out (characters out for clean()), and
the time ratio big/small next to the size ratio (linear time means the two are close). Run it on an idle machine; figures are single-process.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

import boilerkit


def deep(n):
    return "<div>" * n + "<p>deep text in the middle of many elements.</p>" + "</div>" * n


def tiny_blocks(n):
    return "<body>" + "".join(f"<p>b{i}</p>" for i in range(n)) + "</body>"


def attr_bomb(n):
    return "<p " + " ".join(f'a{i}="{i}"' for i in range(n)) + ">one paragraph of text.</p>"


def long_line(n):
    return ("A sentence that goes on, with a clause. And another one! " * (n // 58 + 1))[:n]


def numbered_line(n):
    """One line of distinct sentences: clean() keeps and joins them all (a repeated
    sentence would be emitted once and leave nothing to join)."""
    out, size, i = [], 0, 0
    while size < n:
        out.append(f"Sentence {i} goes on, with a clause.")
        size += len(out[-1]) + 1
        i += 1
    return " ".join(out)[:n]


def empty_lines(n):
    return "\n" * n + "the only line of text."


def random_bytes(n):
    return random.Random(7).randbytes(n)


# name, maker, small size, big size, how the input is classified
CASES = [
    ("deep nesting (HTML)", deep, 2_000, 20_000, "html"),
    ("tiny blocks (HTML)", tiny_blocks, 100_000, 1_000_000, "html"),
    ("attribute bomb (HTML)", attr_bomb, 20_000, 200_000, "html"),
    ("one long line (HTML)", lambda n: "<p>" + long_line(n) + "</p>", 5_000_000, 50_000_000, "html"),
    ("one long line (text)", long_line, 5_000_000, 50_000_000, "text"),
    ("one long line of distinct sentences, clean() (text)", numbered_line, 5_000_000, 50_000_000, "clean"),
    ("empty lines (text)", empty_lines, 100_000, 1_000_000, "text"),
    ("random bytes (HTML)", random_bytes, 1_000_000, 10_000_000, "html"),
    ("a run of full stops with no space (text)", lambda n: "." * n, 1_000_000, 10_000_000, "text"),
    ("a tag name with no end (HTML)", lambda n: "<p>x</p><" + "a" * n, 1_000_000, 10_000_000, "html"),
]


def run(det, kind, data):
    t0 = time.perf_counter()
    try:
        if kind == "clean":
            n = len(det.clean(data, threshold=0.0))  # characters out: everything kept
        else:
            n = len(det.classify_html(data) if kind == "html" else det.classify(data))
    except boilerkit.InputError:
        n = "InputError"
    return time.perf_counter() - t0, n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every size (e.g. 0.1 for a quick look)")
    args = ap.parse_args(argv)
    det = boilerkit.load()
    det.classify("Warm up the text model.")
    det.classify_html("<p>Warm up the HTML model.</p>")
    print("| case | size | seconds | MB/s | segments (clean: characters) | time ratio (size ratio 10) |")
    print("|---|---|---|---|---|---|")
    for name, make, small, big, kind in CASES:
        rows = []
        for n in (int(small * args.scale), int(big * args.scale)):
            data = make(n)
            mb = len(data) / 1e6
            secs, segs = run(det, kind, data)
            rows.append((mb, secs, segs))
        ratio = rows[1][1] / max(rows[0][1], 1e-6)
        for i, (mb, secs, segs) in enumerate(rows):
            print(f"| {name} | {mb:.1f} MB | {secs:.2f} | {mb / max(secs, 1e-6):.1f} | {segs} | "
                  f"{f'{ratio:.1f}' if i else ''} |", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
