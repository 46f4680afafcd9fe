"""Fuzz the text and HTML paths for crashes and broken invariants.

    pip install atheris
    python benchmarks/fuzz.py --minutes 30 [--corpus DIR] [--html-only|--text-only]

Coverage-guided with atheris (libFuzzer) over boilerkit's Python code. Each input
is split by its first byte into: text for classify()/clean(), bytes for the HTML
path, or str for the HTML path. It checks what the property tests check, at scale:
nothing raises except InputError for bytes that are not text; segments cover the
input's non-blank characters exactly once, in order; clean() output lines come
from the input; the result is deterministic. A failing input is written by
libFuzzer as crash-<hash> in the working directory; re-run it with
`python benchmarks/fuzz.py crash-<hash>`. At the end it prints the number of
inputs executed (libFuzzer's "Done N runs" line; a "fuzz:" count line every minute).
libFuzzer's own bookkeeping grows with the run (4 GB after ~57,000 inputs in one run
here, while boilerkit's RSS stays flat over the same kind of inputs without it), hence
the 12 GB RSS limit; for long runs, prefer several runs sharing --corpus.
"""

from __future__ import annotations

import argparse
import sys
import time

try:
    import atheris
except ImportError:  # pragma: no cover - a developer tool
    sys.exit("benchmarks/fuzz.py needs atheris: pip install atheris")

with atheris.instrument_imports(include=["boilerkit"]):  # coverage of our code only
    import boilerkit
    from boilerkit import html as bk_html

DET = None
COUNT = {"inputs": 0, "text": 0, "html_bytes": 0, "html_str": 0, "input_errors": 0}
EVERY = ("body", "title", "caption", "meta", "headlines", "links", "other")


def check_cover(text: str, segs) -> None:
    prev = 0
    covered = 0
    for s in segs:
        if not (prev <= s.start < s.end <= len(text)) or s.text != text[s.start:s.end]:
            raise AssertionError(f"bad segment {s.start}:{s.end} after {prev} (len {len(text)})")
        if not 0.0 <= s.score <= 1.0 or s.label not in EVERY:
            raise AssertionError(f"bad score/label {s.score} {s.label}")
        covered += sum(not c.isspace() for c in s.text)
        prev = s.end
    if covered != sum(not c.isspace() for c in text):
        raise AssertionError("segments do not cover every non-blank character")


def check_clean(out: str, text: str) -> None:
    for line in out.splitlines():
        if line not in text:
            raise AssertionError("clean() emitted a line that is not in the input")


def report() -> None:
    mins = (time.time() - START[0]) / 60
    print(f"fuzz: {COUNT['inputs']} inputs in {mins:.1f} min ({COUNT['text']} text, "
          f"{COUNT['html_bytes']} HTML bytes, {COUNT['html_str']} HTML str; "
          f"{COUNT['input_errors']} bytes refused as not text)", file=sys.stderr, flush=True)


START = [time.time(), time.time()]  # start, last report


def one_input(data: bytes) -> None:
    COUNT["inputs"] += 1
    if time.time() - START[1] > 60:  # libFuzzer exits without atexit: report as we go
        START[1] = time.time()
        report()
    if not data:
        return
    mode, payload = data[0] % 3, data[1:]
    fdp = atheris.FuzzedDataProvider(payload)
    if mode == 0 and "html" not in ARGS.only:
        COUNT["text"] += 1
        text = fdp.ConsumeUnicodeNoSurrogates(len(payload)) if payload[:1] < b"\x80" else \
            fdp.ConsumeUnicode(len(payload))
        segs = DET.classify(text)
        check_cover(text, segs)
        if DET.classify(text) != segs:
            raise AssertionError("classify() is not deterministic")
        check_clean(DET.clean(text, keep=EVERY, threshold=0.0), text)
        check_clean(DET.clean(text), text)
        return
    if "text" in ARGS.only:
        return
    page: bytes | str
    if mode == 1:
        COUNT["html_bytes"] += 1
        page = payload
    else:
        COUNT["html_str"] += 1
        page = fdp.ConsumeUnicode(len(payload))
    try:
        text = boilerkit.html_text(page)
    except boilerkit.InputError:
        if isinstance(page, str):
            raise
        COUNT["input_errors"] += 1
        try:
            DET.classify_html(page)
        except boilerkit.InputError:
            return
        raise AssertionError("html_text refused the bytes but classify_html accepted them")
    segs = DET.classify_html(page)
    check_cover(text, segs)
    check_clean(DET.clean_html(page, keep=EVERY, threshold=0.0), text)
    bk_html.page_title(page)


def main() -> None:
    global ARGS, DET
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=5.0, help="how long to run (default 5)")
    ap.add_argument("--corpus", default=None, help="libFuzzer corpus directory (kept between runs)")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--html-only", dest="only", action="store_const", const="html", default="")
    g.add_argument("--text-only", dest="only", action="store_const", const="text")
    ARGS, rest = ap.parse_known_args()
    DET = boilerkit.load()
    DET.html_model  # load both models before fuzzing starts
    START[:] = [time.time(), time.time()]
    argv = [sys.argv[0], f"-max_total_time={int(ARGS.minutes * 60)}", "-max_len=65536", "-rss_limit_mb=12288",
            "-timeout=60", *rest]
    if ARGS.corpus:
        argv.append(ARGS.corpus)
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
