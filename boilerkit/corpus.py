"""Corpus mode: clean every record of JSONL/Parquet shards, on several cores.

One record in, one record out, in order: every input field is kept, the text field
(or --output-field) gets the cleaned text, and a `boilerkit` field carries the
per-document figures (characters kept and dropped per label, model version, error).
A record that cannot be cleaned is written unchanged with the error set, never
dropped. Workers are processes that each load the model once; only a bounded number
of batches is in flight, so memory does not grow with the shard.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import sys
import time
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import BoilerkitError, InputError
from .labels import LABELS

FIGURES = "boilerkit"
SEGMENTS = "boilerkit_segments"


def figures(segs, version: str) -> dict:
    """Characters kept and dropped per label for one document (the same record in every
    mode: CLI, datatrove, Spark)."""
    kept = dict.fromkeys(LABELS, 0)
    dropped = dict.fromkeys(LABELS, 0)
    for s in segs:
        (kept if s.keep else dropped)[s.label] += s.end - s.start
    return {"model": version, "kept_chars": kept, "dropped_chars": dropped, "error": None}


def totals(spans, version: str) -> dict:
    """figures() without labels: characters kept and dropped, as two numbers."""
    kept = sum(e - s for s, e, k in spans if k)
    return {"model": version, "kept_chars": kept, "dropped_chars": sum(e - s for s, e, _ in spans) - kept,
            "error": None}


def char_total(counts) -> int | None:
    """The characters of a figures field: per-label counts summed, a total as it is."""
    return sum(counts.values()) if isinstance(counts, dict) else counts


def failed(version: str, error: str) -> dict:
    """The figures of a document that could not be cleaned (its text is passed through)."""
    return {"model": version, "kept_chars": None, "dropped_chars": None, "error": error}


def model_version(det, html: bool) -> str:
    """The version of the model that classifies the documents: for HTML pages the HTML
    model's, when the model directory has one (otherwise pages fall back to the text model)."""
    if html and det.html_model is not None:
        return det.html_model.version
    return det.version


def clean_text(det, text: str, keep, threshold, html: bool = False, with_segments: bool = False,
               repeated: frozenset | None = None, labels: bool = True):
    """(cleaned text, figures, segments or None) for one document. Segments whose
    repeat_key is in `repeated` (text found on many pages of the site) are not kept.

    labels=False leaves the class model out (it names what each dropped segment is, and
    costs as much as everything else together): the figures then hold character totals."""
    from .detector import join_kept

    if not labels:
        if with_segments:
            raise ValueError("segments carry labels: they need labels=True")
        full, spans = det._kept_spans(text, keep, threshold, html)
        spans = [(s, e, k and repeat_key(full[s:e]) not in repeated) for s, e, k in spans] if repeated \
            else list(spans)
        return join_kept(full, spans, markdown=not html), totals(spans, model_version(det, html)), None
    if html:
        segs, full, _ = det._classify_html(text, keep, threshold)
    else:
        full, segs = text, det.classify(text, keep=keep, threshold=threshold)

    if repeated:
        segs = [s if not s.keep or repeat_key(s.text) not in repeated else replace(s, keep=False)
                for s in segs]

    out = join_kept(full, [(s.start, s.end, s.keep) for s in segs], markdown=not html)
    seg_list = ([{"start": s.start, "end": s.end, "label": s.label, "score": round(s.score, 4)} for s in segs]
                if with_segments else None)
    return out, figures(segs, model_version(det, html)), seg_list


# --- cross-page repetition (CCNet-style) ----------------------------------------------------

_NORM = re.compile(r"\W+")
REPEAT_MIN_CHARS = 10


def repeat_key(text: str) -> int | None:
    """A 64-bit hash of the segment's text, case and punctuation folded; None when short."""
    norm = _NORM.sub(" ", text.lower()).strip()
    if len(norm) < REPEAT_MIN_CHARS:
        return None
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def site_of(url) -> str | None:
    from urllib.parse import urlsplit

    if not isinstance(url, str) or not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    return host[4:] if host and host.startswith("www.") else host


def count_repeats(pages_of_sites, min_pages: int = 3, min_share: float = 0.3, html: bool = False) -> dict:
    """First pass over (site, text) pairs: site -> frozenset of repeat keys found on at
    least min_pages pages of the site and on at least min_share of them (menus, footers,
    "related" headers). With html, the texts are pages and the keys come from their text.

    Measured out of fold on the gold corpora's sites with >= 3 pages
    (benchmarks/site_repeats.py, schema-4 model): body F1 0.858 -> 0.886. Memory grows with the distinct
    segments per site; run very large inputs in groups of shards.
    """
    from .html import html_to_lines
    from .markdown import model_segments

    pages: dict[str, int] = {}
    counts: dict[str, dict[int, int]] = {}
    for site, text in pages_of_sites:
        if site is None or not isinstance(text, (str, bytes) if html else str):
            continue
        if html:  # the page's text, segmented as HTML mode segments it (not its markup)
            try:
                text = html_to_lines(text)
            except (InputError, ValueError):  # the cleaning pass reports the page
                continue
        segs = model_segments(text, markdown=not html)[0]
        pages[site] = pages.get(site, 0) + 1
        c = counts.setdefault(site, {})
        keys = {repeat_key(text[s:e]) for s, e, _ in segs.tolist()}
        keys.discard(None)
        for k in keys:
            c[k] = c.get(k, 0) + 1
    out = {}
    for site, c in counts.items():
        need = max(min_pages, math.ceil(min_share * pages[site]))
        rep = frozenset(k for k, n in c.items() if n >= need)
        if rep:
            out[site] = rep
    return out


@dataclass
class Options:
    text_field: str = "text"
    output_field: str | None = None  # default: text_field
    keep: tuple = ("body",)
    threshold: float | None = None
    html: bool = False
    segments: bool = False
    labels: bool = True  # False: no class model; figures are character totals
    model: str | None = None
    url_field: str = "url"
    repeats: dict | None = None  # site -> repeat keys from count_repeats (the first pass)


def clean_record(det, rec: dict, opt: Options) -> dict:
    out = dict(rec)
    if "_raw" in rec and "_error" in rec:  # a line that was not a JSON object: pass it through
        out[FIGURES] = failed(model_version(det, opt.html), rec["_error"])
        del out["_error"]
        return out
    text = rec.get(opt.text_field)
    err = None
    if not isinstance(text, (str, bytes) if opt.html else str):
        err = (f"field {opt.text_field!r} is missing or null" if text is None
               else f"field {opt.text_field!r} is a {type(text).__name__}, not text")
    else:
        try:
            rep = opt.repeats.get(site_of(rec.get(opt.url_field))) if opt.repeats else None
            cleaned, figs, seg_list = clean_text(det, text, opt.keep, opt.threshold, opt.html, opt.segments, rep,
                                                 opt.labels)
        except BoilerkitError as exc:
            err = str(exc)
        except Exception as exc:  # noqa: BLE001 - one bad record must not end the run
            err = f"internal error: {type(exc).__name__}: {exc}"
    if err is not None:
        out[FIGURES] = failed(model_version(det, opt.html), err)
        if opt.segments:
            out[SEGMENTS] = None
        return out
    out[opt.output_field or opt.text_field] = cleaned
    out[FIGURES] = figs
    if opt.segments:
        out[SEGMENTS] = seg_list
    return out


# --- worker processes -------------------------------------------------------------------

_W: dict = {}


def _init_worker(opt: Options) -> None:
    from .detector import load

    _W["det"] = load(opt.model)
    _W["opt"] = opt


def _clean_batch(batch: list[dict]) -> list[dict]:
    det, opt = _W["det"], _W["opt"]
    return [clean_record(det, r, opt) for r in batch]


class Cleaner:
    """Cleans records in input order, in this process (jobs=1) or in `jobs` spawned worker
    processes that each load the model once and live as long as the Cleaner, so a run
    over many shards pays the start-up once. At most 2 * jobs batches are in flight."""

    def __init__(self, opt: Options, jobs: int = 1, batch: int = 32):
        self.opt, self.jobs, self.batch = opt, jobs, batch
        self.pool = self.det = None

    def __enter__(self):
        if self.jobs > 1:
            import multiprocessing as mp

            # spawn, not fork: a forked child of a process that has run LightGBM (OpenMP) can hang
            self.pool = mp.get_context("spawn").Pool(self.jobs, initializer=_init_worker,
                                                     initargs=(self.opt,))
        else:
            from .detector import load

            self.det = load(self.opt.model)
        return self

    def __exit__(self, *exc):
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def map(self, records):
        if self.pool is None:
            for r in records:
                yield clean_record(self.det, r, self.opt)
            return
        pending: deque = deque()
        buf: list[dict] = []
        for r in records:
            buf.append(r)
            if len(buf) == self.batch:
                pending.append(self.pool.apply_async(_clean_batch, (buf,)))
                buf = []
                while len(pending) >= 2 * self.jobs:
                    yield from pending.popleft().get()
        if buf:
            pending.append(self.pool.apply_async(_clean_batch, (buf,)))
        while pending:
            yield from pending.popleft().get()


# --- shards -------------------------------------------------------------------------------

@dataclass
class Totals:
    shards: int = 0
    skipped: int = 0
    docs: int = 0
    failed: int = 0
    bytes_in: int = 0
    chars_kept: int = 0
    chars_in: int = 0
    failures: list = field(default_factory=list)
    summary: str = ""


def output_path(inp: Path, out_dir: Path) -> Path:
    return out_dir / inp.name


def _output_schema(inp: Path, opt: Options):
    """Parquet: the input's columns, the output field as a string, and the figures."""
    import pyarrow as pa

    from .shards import parquet_schema

    schema = parquet_schema(inp)
    i = schema.get_field_index(opt.text_field)
    if i >= 0 and not (pa.types.is_string(t := schema.field(i).type) or pa.types.is_large_string(t)
                       or pa.types.is_binary(t) or pa.types.is_large_binary(t)):
        raise InputError(f"column {opt.text_field!r} holds {t}, not text")
    labels = pa.struct([(lab, pa.int64()) for lab in LABELS]) if opt.labels else pa.int64()
    added = [(opt.output_field or opt.text_field, pa.string()),
             (FIGURES, pa.struct([("model", pa.string()), ("kept_chars", labels), ("dropped_chars", labels),
                                  ("error", pa.string())]))]
    if opt.segments:
        added.append((SEGMENTS, pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64()),
                                                    ("label", pa.string()), ("score", pa.float64())]))))
    for name, typ in added:
        i = schema.get_field_index(name)
        schema = schema.set(i, pa.field(name, typ)) if i >= 0 else schema.append(pa.field(name, typ))
    return schema


class Progress:
    """documents/s and MB/s on stderr while running (only on a terminal), and a summary."""

    def __init__(self, totals: Totals, enabled: bool):
        self.t = totals
        self.enabled = enabled
        self.t0 = time.monotonic()
        self.last = 0.0

    def tick(self, force: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not force and now - self.last < 0.5):
            return
        self.last = now
        dt = max(now - self.t0, 1e-9)
        sys.stderr.write(f"\r{self.t.docs:,} docs, {self.t.docs / dt:,.0f} docs/s, "
                         f"{self.t.bytes_in / dt / 1e6:.2f} MB/s, shard {self.t.shards + self.t.skipped}")
        sys.stderr.flush()

    def summary(self) -> str:
        dt = max(time.monotonic() - self.t0, 1e-9)
        if self.enabled:
            sys.stderr.write("\n")
        t = self.t
        kept = t.chars_kept / t.chars_in if t.chars_in else 0.0
        return (f"boilerkit: {t.shards} shards written, {t.skipped} skipped (done before); {t.docs:,} documents, "
                f"{t.failed:,} failed; {t.bytes_in / 1e6:.1f} MB in {dt:.1f} s "
                f"({t.docs / dt:,.0f} docs/s, {t.bytes_in / dt / 1e6:.2f} MB/s); {kept:.1%} of characters kept")


def run_shards(inputs: list[Path], out_dir: Path, opt: Options, jobs: int = 1, resume: bool = False,
               progress: bool | None = None) -> Totals:
    """Clean every shard into out_dir (same file name). A shard that cannot be read or
    written is listed in Totals.failures and the others are still processed."""
    from .shards import atomic_shard, read_records, shard_format

    totals = Totals()
    prog = Progress(totals, sys.stderr.isatty() if progress is None else progress)
    field_name = opt.text_field
    with Cleaner(opt, jobs) as cleaner:
        for inp in inputs:
            target = output_path(inp, out_dir)
            if resume and target.exists():
                totals.skipped += 1
                continue
            try:
                fmt = shard_format(inp)
                schema = _output_schema(inp, opt) if fmt == "parquet" else None

                def counted(records):
                    for r in records:
                        v = r.get(field_name)
                        if isinstance(v, (str, bytes)):
                            totals.bytes_in += len(v.encode("utf-8", "surrogatepass") if isinstance(v, str) else v)
                            totals.chars_in += len(v)
                        yield r

                with atomic_shard(target, schema=schema) as sink:
                    buf = []
                    for rec in cleaner.map(counted(read_records(inp))):
                        totals.docs += 1
                        figs = rec.get(FIGURES) or {}
                        if figs.get("error"):
                            totals.failed += 1
                        elif figs.get("kept_chars"):
                            totals.chars_kept += char_total(figs["kept_chars"])
                        buf.append(rec)
                        if len(buf) >= 256:
                            sink.write(buf)
                            buf = []
                            prog.tick()
                    sink.write(buf)
                totals.shards += 1
                prog.tick(force=True)
            except (OSError, InputError, ValueError) as exc:
                msg = getattr(exc, "strerror", None) or str(exc)
                totals.failures.append(f"{inp}: {msg}")
    totals.summary = prog.summary()
    return totals


def sites_and_texts(inputs: list[Path], text_field: str, url_field: str):
    """(site, text) of every record of every readable shard, for count_repeats
    (unreadable shards are reported by the cleaning pass)."""
    from .shards import read_records

    for inp in inputs:
        try:
            for rec in read_records(inp):
                yield site_of(rec.get(url_field)), rec.get(text_field)
        except (OSError, InputError, ValueError):
            continue


def check_inputs(inputs: list[str], out_dir: str) -> list[Path]:
    """Input shard paths (directories expand to their shard files), checked before any work:
    two inputs with one file name would overwrite each other's output."""
    from .shards import JSONL_SUFFIXES, PARQUET_SUFFIXES

    paths: list[Path] = []
    for name in inputs:
        p = Path(name)
        if p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.is_file() and q.name.lower().endswith(JSONL_SUFFIXES + PARQUET_SUFFIXES))
            paths.extend(found)
        else:
            paths.append(p)
    seen: dict[str, Path] = {}
    out = Path(out_dir).resolve()
    for p in paths:
        if p.name in seen:
            raise InputError(f"{seen[p.name]} and {p} have the same file name: their outputs would collide")
        seen[p.name] = p
        if p.exists() and p.resolve().parent == out:
            raise InputError(f"{p} is inside the output directory: inputs are never overwritten")
    return paths


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
