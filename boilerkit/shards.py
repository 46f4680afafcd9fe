"""Corpus shards: JSON lines (plain, .gz, .zst) and Parquet, read lazily, written atomically.

The format follows the file name. A shard is written to a temporary file beside its
target and renamed into place only when complete, so a crash or Ctrl-C never leaves a
half-written shard, and a file that exists is a finished one (what --resume relies on).
"""

from __future__ import annotations

import gzip
import io
import json
from contextlib import contextmanager
from pathlib import Path

from .atomic import atomic_write
from .errors import InputError

BATCH = 256  # records per Parquet batch read or written

JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson", ".jsonl.gz", ".json.gz", ".ndjson.gz",
                  ".jsonl.zst", ".json.zst", ".ndjson.zst")
PARQUET_SUFFIXES = (".parquet",)


def shard_format(path) -> str:
    name = str(path).lower()
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    raise InputError(f"{path}: unknown shard format (expected {', '.join(JSONL_SUFFIXES + PARQUET_SUFFIXES)})")


def _zstd():
    try:
        import zstandard
    except ImportError:
        raise InputError("reading or writing .zst needs zstandard: pip install 'boilerkit[corpus]'") from None
    return zstandard


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise InputError("Parquet needs pyarrow: pip install 'boilerkit[corpus]'") from None
    return pyarrow


@contextmanager
def _open_text_read(path: Path):
    name = str(path).lower()
    if name.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8", errors="surrogateescape", newline="\n") as f:
            yield f
    elif name.endswith(".zst"):
        with open(path, "rb") as raw:
            reader = _zstd().ZstdDecompressor().stream_reader(raw)
            yield io.TextIOWrapper(reader, encoding="utf-8", errors="surrogateescape", newline="\n")
    else:
        with open(path, encoding="utf-8", errors="surrogateescape", newline="\n") as f:
            yield f


def read_records(path) -> "iter[dict]":
    """The shard's records in order. A JSON line that does not parse comes back as
    {"_raw": line, "_error": reason}, so the caller can pass it through, not drop it."""
    path = Path(path)
    if shard_format(path) == "parquet":
        pq = _pyarrow().parquet
        pf = pq.ParquetFile(path)
        for batch in pf.iter_batches(batch_size=BATCH):
            yield from batch.to_pylist()
        return
    with _open_text_read(path) as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError as exc:
                yield {"_raw": line.rstrip("\n"), "_error": f"line {n}: invalid JSON ({exc.msg})"}
                continue
            if not isinstance(rec, dict):
                yield {"_raw": line.rstrip("\n"), "_error": f"line {n}: a JSON {type(rec).__name__}, not an object"}
                continue
            yield rec


def parquet_schema(path):
    """The input shard's Arrow schema (Parquet only), so output keeps its column types."""
    return _pyarrow().parquet.ParquetFile(path).schema_arrow


class _JsonlSink:
    def __init__(self, f):
        self.f = f

    def write(self, records: list[dict]) -> None:
        for rec in records:
            self.f.write(json.dumps(rec, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n")


class _ParquetSink:
    def __init__(self, f, schema):
        pa = _pyarrow()
        self.pa = pa
        self.schema = schema
        self.writer = pa.parquet.ParquetWriter(f, schema, compression="zstd")

    def write(self, records: list[dict]) -> None:
        if records:
            self.writer.write_table(self.pa.Table.from_pylist(records, schema=self.schema))

    def close(self) -> None:
        self.writer.close()


@contextmanager
def atomic_shard(path, schema=None):
    """A sink with write(records); the file appears at `path` only if the block completes."""
    path = Path(path)
    fmt = shard_format(path)
    with atomic_write(path, binary=True) as raw:
        name = path.name.lower()
        if fmt == "parquet":
            sink = _ParquetSink(raw, schema)
            yield sink
            sink.close()
        elif name.endswith(".gz"):
            with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as gz:
                yield _JsonlSink(gz)
        elif name.endswith(".zst"):
            with _zstd().ZstdCompressor(level=3).stream_writer(raw, closefd=False) as zw:
                yield _JsonlSink(zw)
        else:
            yield _JsonlSink(raw)
