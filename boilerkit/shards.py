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


class _ZstdReader(io.RawIOBase):
    """The decompressed bytes of a .zst file, frame after frame. zstandard's stream_reader
    ends quietly where a truncated frame stops (a shard cut in half reads as empty); this
    raises EOFError there instead, as gzip does."""

    def __init__(self, raw):
        self.raw = raw
        self.zstd = _zstd()
        self.dec = self.zstd.ZstdDecompressor().decompressobj()
        self.buf = b""
        self.pos = 0
        self.in_frame = False  # compressed bytes fed since the last frame's end
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while self.pos >= len(self.buf) and not self.done:
            chunk = self.raw.read(1 << 20)
            if not chunk:
                if self.in_frame:
                    raise EOFError("the file ends inside a zstd frame")
                self.done = True
                break
            out = []
            while chunk:
                out.append(self.dec.decompress(chunk))
                self.in_frame = True
                if not self.dec.eof:
                    break
                chunk = self.dec.unused_data  # the next frame starts here
                self.dec = self.zstd.ZstdDecompressor().decompressobj()
                self.in_frame = False
            self.buf, self.pos = b"".join(out), 0
        n = min(len(b), len(self.buf) - self.pos)
        b[:n] = self.buf[self.pos:self.pos + n]
        self.pos += n
        return n


def _decode_errors():
    """Exceptions that mean a compressed shard is corrupt or truncated."""
    import zlib

    errors = [EOFError, zlib.error, gzip.BadGzipFile]
    try:
        import zstandard

        errors.append(zstandard.ZstdError)
    except ImportError:
        pass
    return tuple(errors)


@contextmanager
def _open_text_read(path: Path):
    # utf-8-sig: a byte order mark at the start of a shard is not part of its first record
    name = str(path).lower()
    if name.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8-sig", errors="surrogateescape", newline="\n") as f:
            yield f
    elif name.endswith(".zst"):
        with open(path, "rb") as raw:
            yield io.TextIOWrapper(io.BufferedReader(_ZstdReader(raw)), encoding="utf-8-sig",
                                   errors="surrogateescape", newline="\n")
    else:
        with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="\n") as f:
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
    n = 0
    try:
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
                    yield {"_raw": line.rstrip("\n"),
                           "_error": f"line {n}: a JSON {type(rec).__name__}, not an object"}
                    continue
                yield rec
    except _decode_errors() as exc:  # the caller reports the shard as failed, not half done
        raise InputError(f"corrupt or truncated compressed data after line {n}: {exc}") from None


def parquet_schema(path):
    """The input shard's Arrow schema (Parquet only), so output keeps its column types."""
    return _pyarrow().parquet.ParquetFile(path).schema_arrow


class _JsonlSink:
    def __init__(self, f):
        self.f = f

    def write(self, records: list[dict]) -> None:
        for rec in records:
            line = json.dumps(rec, ensure_ascii=False)
            try:
                # bytes that were not UTF-8 in the input (read as surrogate escapes) go out as
                # they came in
                data = line.encode("utf-8", "surrogateescape")
            except UnicodeEncodeError:
                # a lone surrogate from a JSON escape ("\\ud800") cannot be UTF-8: keep it
                # escaped, as the input had it
                data = json.dumps(rec, ensure_ascii=True).encode("ascii")
            self.f.write(data + b"\n")


class _ParquetSink:
    def __init__(self, f, schema):
        pa = _pyarrow()
        self.pa = pa
        self.schema = schema
        self.writer = pa.parquet.ParquetWriter(f, schema, compression="zstd")

    def write(self, records: list[dict]) -> None:
        if records:
            try:
                table = self.pa.Table.from_pylist(records, schema=self.schema)
            except self.pa.ArrowException as exc:
                raise InputError(f"cannot write the records as Parquet: {exc}") from None
            self.writer.write_table(table)

    def close(self) -> None:
        self.writer.close()

    def abort(self) -> None:
        """Close the writer before its file goes away (else it complains when collected)."""
        try:
            self.writer.close()
        except Exception:  # noqa: BLE001 - the shard is being discarded anyway
            pass


@contextmanager
def atomic_shard(path, schema=None):
    """A sink with write(records); the file appears at `path` only if the block completes."""
    path = Path(path)
    fmt = shard_format(path)
    with atomic_write(path, binary=True) as raw:
        name = path.name.lower()
        if fmt == "parquet":
            sink = _ParquetSink(raw, schema)
            try:
                yield sink
            except BaseException:
                sink.abort()
                raise
            sink.close()
        elif name.endswith(".gz"):
            with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as gz:
                yield _JsonlSink(gz)
        elif name.endswith(".zst"):
            with _zstd().ZstdCompressor(level=3).stream_writer(raw, closefd=False) as zw:
                yield _JsonlSink(zw)
        else:
            yield _JsonlSink(raw)
