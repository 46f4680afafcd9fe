"""Command-line helper for hand labelling by reference.

    python -m training.labeltool lines KEY            numbered non-blank lines of a source
    python -m training.labeltool apply KEY SPEC.json  write training/labels/... from a spec
    python -m training.labeltool show KEY|FILE        review: each span's label and text
    python -m training.labeltool check                verify every label file

KEY is "seed/<file name>" or "<dataset>/<id>/<dump style>" (styles: see training/dumps.py).

SPEC.json (keep it outside the repository: it quotes the source) maps every
non-blank line number printed by `lines` to a label, or to a list of
[anchor, label] pairs for a line that mixes kinds; each anchor is the exact text
where that part starts, searched left to right, the first at the line start:

    {"labeller": "name", "lines": {"1": "title", "2": [["Some body", "body"], ["Photo: X", "caption"]]}}
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from boilerkit.labels import LABEL_INDEX
from boilerkit.segment import lines

from . import labelfile as lfm

def numbered_lines(text: str) -> list[tuple[int, int, int]]:
    """(line number from 1, start, end) of the non-blank lines, stripped."""
    return [(n + 1, s, e) for n, s, e in lines(text)]


def spans_from_spec(text: str, spec: dict) -> list[tuple[int, int, str]]:
    given = {int(k): v for k, v in spec["lines"].items()}
    spans = []
    missing = []
    for n, s, e in numbered_lines(text):
        if n not in given:
            missing.append(n)
            continue
        v = given.pop(n)
        if isinstance(v, str):
            spans.append((s, e, _check_label(v, n)))
            continue
        starts = []
        pos = s
        for anchor, lab in v:
            i = text.find(anchor, pos, e)
            if i < 0:
                raise SystemExit(f"line {n}: anchor {anchor[:40]!r} not found after offset {pos - s}")
            starts.append((i, _check_label(lab, n)))
            pos = i + max(1, len(anchor))
        if not starts or text[s:starts[0][0]].strip():
            raise SystemExit(f"line {n}: the first anchor must be where the line starts")
        starts[0] = (s, starts[0][1])
        for j, (i, lab) in enumerate(starts):
            end = starts[j + 1][0] if j + 1 < len(starts) else e
            while end > i and text[end - 1].isspace():
                end -= 1
            if end > i:
                spans.append((i, end, lab))
    if missing:
        raise SystemExit(f"no label for line(s) {missing[:30]}{' ...' if len(missing) > 30 else ''}")
    if given:
        raise SystemExit(f"spec labels line(s) that are blank or absent: {sorted(given)[:30]}")
    return spans


def _check_label(lab: str, n: int) -> str:
    if lab not in LABEL_INDEX:
        raise SystemExit(f"line {n}: unknown label {lab!r} (known: {', '.join(LABEL_INDEX)})")
    return lab


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.labeltool", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("lines")
    p.add_argument("key")
    p.add_argument("--width", type=int, default=0, help="cut lines to this many characters")
    p = sub.add_parser("apply")
    p.add_argument("key")
    p.add_argument("spec")
    p = sub.add_parser("show")
    p.add_argument("target")
    sub.add_parser("check")
    a = ap.parse_args(argv)

    if a.cmd == "lines":
        text = lfm.source_text(lfm.parse_key(a.key))
        for n, s, e in numbered_lines(text):
            t = text[s:e]
            if a.width and len(t) > a.width:
                t = t[: a.width] + f" ...[{len(t)} chars]"
            print(f"{n}\t{t}")
    elif a.cmd == "apply":
        source = lfm.parse_key(a.key)
        text = lfm.source_text(source)
        spec = json.loads(Path(a.spec).read_text(encoding="utf-8"))
        spans = spans_from_spec(text, spec)
        lf = lfm.LabelFile(source=source, spans=spans, labeller=spec.get("labeller", ""))
        path = lfm.write(lf, text)
        print(f"wrote {path} ({len(spans)} spans)")
    elif a.cmd == "show":
        path = Path(a.target) if a.target.endswith(".tsv") else lfm.file_for(lfm.parse_key(a.target))
        lf, text = lfm.load_checked(path)
        for s, e, lab in lf.spans:
            t = text[s:e].replace("\n", " ")
            print(f"{lab:10s} {s:7d} {e:7d}  {t[:100]}{' ...' if len(t) > 100 else ''}")
    elif a.cmd == "check":
        bad = 0
        files = lfm.all_files()
        for path in files:
            try:
                lfm.load_checked(path)
            except (lfm.LabelMismatch, KeyError, OSError) as exc:
                bad += 1
                print(f"FAIL {path}: {exc}", file=sys.stderr)
        print(f"{len(files) - bad}/{len(files)} label files match their sources")
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
