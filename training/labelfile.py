"""Hand labels stored by reference: offsets into a source text plus a hash of each span.

One TSV file per document under training/labels/. Header lines start with "#":

    # boilerkit-labels 1
    # source<TAB>seed<TAB>000_e265a02364332756.txt
    # source<TAB>data<TAB>wcxb<TAB>0001<TAB>blocks      (dataset, id, dump style)
    # text_sha1<TAB><sha1 of the whole source text>
    # labeller<TAB><who>
    start<TAB>end<TAB>label<TAB>sha1_8

Each row labels text[start:end]; sha1_8 is the first 8 hex digits of the SHA-1 of
that span's UTF-8 text, so a label file that no longer matches its source fails
loudly instead of training on shifted labels. The third-party text itself never
enters the repository.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from boilerkit.labels import LABEL_INDEX

from . import dumps, sources

LABEL_DIR = Path(__file__).resolve().parent / "labels"
FORMAT = "boilerkit-labels 1"


class LabelMismatch(Exception):
    """A label file does not match the text it refers to."""


def span_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class LabelFile:
    source: tuple[str, ...]  # ("seed", name) or ("data", dataset, id, style)
    spans: list[tuple[int, int, str]]
    text_sha1: str = ""
    labeller: str = ""
    path: Path | None = field(default=None, compare=False)

    @property
    def key(self) -> str:
        return "/".join(self.source[1:])

    def load_text(self, data: Path | None = None) -> str:
        return source_text(self.source, data)


def source_text(source: tuple[str, ...], data: Path | None = None) -> str:
    if source[0] == "seed":
        return sources.read_seed(source[1])
    if source[0] == "data":
        _, dataset, rid, style = source
        rec = sources.get_record(dataset, rid, data)
        if "lines" in rec:
            return "\n".join(rec["lines"])
        return dumps.dump(rec["html"], style)
    raise ValueError(f"unknown source kind {source[0]!r}")


def parse_key(key: str) -> tuple[str, ...]:
    """'seed/NAME' or 'DATASET/ID/STYLE' -> a source tuple."""
    if key.startswith("seed/"):
        return ("seed", key[5:])
    dataset, rest = key.split("/", 1)
    rid, style = rest.rsplit("/", 1)
    return ("data", dataset, rid, style)


def file_for(source: tuple[str, ...]) -> Path:
    if source[0] == "seed":
        return LABEL_DIR / "seeds" / (Path(source[1]).stem + ".tsv")
    _, dataset, rid, style = source
    safe = "".join(c if c.isalnum() or c in "-._" else "_" for c in rid)
    return LABEL_DIR / "hand" / f"{dataset}__{safe}__{style}.tsv"


def write(lf: LabelFile, text: str, path: Path | None = None) -> Path:
    validate(lf, text, require_hashes=False)
    path = Path(path or file_for(lf.source))
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [f"# {FORMAT}", "# source\t" + "\t".join(lf.source), f"# text_sha1\t{text_sha1(text)}"]
    if lf.labeller:
        rows.append(f"# labeller\t{lf.labeller}")
    rows.append("start\tend\tlabel\tsha1_8")
    rows += [f"{s}\t{e}\t{lab}\t{span_hash(text[s:e])}" for s, e, lab in lf.spans]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def read(path: Path) -> LabelFile:
    path = Path(path)
    source: tuple[str, ...] = ()
    sha = labeller = ""
    spans = []
    hashes = []
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0] != f"# {FORMAT}":
        raise LabelMismatch(f"{path}: first line must be '# {FORMAT}'")
    for n, line in enumerate(lines[1:], 2):
        if line.startswith("#"):
            parts = line[1:].strip().split("\t")
            if parts[0] == "source":
                source = tuple(parts[1:])
            elif parts[0] == "text_sha1":
                sha = parts[1]
            elif parts[0] == "labeller":
                labeller = parts[1] if len(parts) > 1 else ""
            continue
        if line.startswith("start\t") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise LabelMismatch(f"{path}:{n}: expected start, end, label, sha1_8")
        spans.append((int(parts[0]), int(parts[1]), parts[2]))
        hashes.append(parts[3])
    if not source:
        raise LabelMismatch(f"{path}: no '# source' line")
    lf = LabelFile(source=source, spans=spans, text_sha1=sha, labeller=labeller, path=path)
    lf._hashes = hashes  # type: ignore[attr-defined]
    return lf


def validate(lf: LabelFile, text: str, require_hashes: bool = True) -> None:
    """Raise LabelMismatch unless the spans are sorted, disjoint, valid and match text."""
    where = lf.path or lf.key
    prev_end = 0
    for i, (s, e, lab) in enumerate(lf.spans):
        if lab not in LABEL_INDEX:
            raise LabelMismatch(f"{where}: span {i} has unknown label {lab!r}")
        if not (prev_end <= s < e <= len(text)):
            raise LabelMismatch(f"{where}: span {i} ({s}, {e}) out of order or outside the text")
        prev_end = e
    if require_hashes:
        if lf.text_sha1 and lf.text_sha1 != text_sha1(text):
            raise LabelMismatch(f"{where}: source text changed (sha1 {text_sha1(text)[:12]}, "
                                f"label file expects {lf.text_sha1[:12]})")
        for i, ((s, e, _), h) in enumerate(zip(lf.spans, getattr(lf, "_hashes", []))):
            if span_hash(text[s:e]) != h:
                raise LabelMismatch(f"{where}: span {i} ({s}, {e}) hash mismatch")
    uncovered = uncovered_chars(lf.spans, text)
    if uncovered:
        s, e = uncovered[0]
        raise LabelMismatch(f"{where}: non-blank text at ({s}, {e}) has no label")


def uncovered_chars(spans, text: str) -> list[tuple[int, int]]:
    """Runs of non-whitespace characters that no span covers."""
    gaps = []
    pos = 0
    for s, e, _ in list(spans) + [(len(text), len(text), "")]:
        if s > pos and text[pos:s].strip():
            gaps.append((pos, s))
        pos = max(pos, e)
    return gaps


def all_files() -> list[Path]:
    return sorted(LABEL_DIR.glob("*/*.tsv"))


def load_checked(path: Path, data: Path | None = None) -> tuple[LabelFile, str]:
    lf = read(path)
    text = lf.load_text(data)
    validate(lf, text)
    return lf, text
