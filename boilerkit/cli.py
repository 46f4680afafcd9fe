"""The command line: `boilerkit clean` and `boilerkit classify`.

Exit status: 0 all inputs processed, 1 some input could not be processed (the
others still are; failures are listed on stderr at the end), 2 usage error or
unusable model, 130 interrupted. Errors are one line on stderr, never a
traceback. Input files are only ever read; --output is written to a temporary
file beside it and renamed into place at the end, so an interrupted run leaves
no half-written file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from contextlib import contextmanager
from pathlib import Path

from . import __version__
from .atomic import atomic_write
from .errors import BoilerkitError, InputError, ModelError
from .labels import DESCRIPTIONS, LABELS, parse_keep

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2

CLEAN_EXAMPLES = """\
examples:
  boilerkit clean page.txt                    body text of a plain-text dump
  cat page.txt | boilerkit clean              the same from stdin
  boilerkit clean --html page.html            body text of an HTML page
  boilerkit clean --keep body,title a.txt b.txt
  boilerkit clean --format jsonl page.txt     one JSON record per segment
  boilerkit clean -r pages/ -o body.txt       every file under pages/, into body.txt
  boilerkit clean --input shards/ --output out/ --jobs 2
                                              corpus mode: JSONL (.gz, .zst) or Parquet shards

Corpus mode (--input): each shard is written to the --output directory under its own
name, atomically; every record keeps its fields, gets the cleaned text in --text-field
(or --output-field) and a "boilerkit" field with characters kept and dropped per label,
the model version (the HTML model's with --html) and any error (a record that fails is
written unchanged, never dropped). --resume skips shards whose output exists.

With several inputs, text output separates documents with an empty line.
jsonl records carry: doc, start, end, label, score, keep, text (and with --html,
path: the tag path of the block the segment came from).
Labels: """ + ", ".join(LABELS) + """.
Exit status: 0 ok, 1 some input failed (the rest is processed), 2 usage or model error,
130 interrupted.
"""

CLASSIFY_EXAMPLES = """\
examples:
  boilerkit classify page.txt
  boilerkit classify --html page.html

Prints one row per segment: label, P(body), text (shortened to --width).
Labels:
""" + "\n".join(f"  {k:10s} {v}" for k, v in DESCRIPTIONS.items())


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _common(p: argparse.ArgumentParser, corpus: bool = False) -> None:
    p.add_argument("--html", action="store_true", help="inputs are HTML pages (any charset)")
    p.add_argument("--keep", default="body", metavar="LABELS",
                   help="comma-separated labels to keep (default: body)")
    p.add_argument("--threshold", type=float, default=None, metavar="P",
                   help="minimum P(body) for body, 0..1 (default: the model's)")
    p.add_argument("--model", default=None, metavar="DIR", help="model directory (default: bundled model)")
    p.add_argument("-r", "--recursive", action="store_true",
                   help="a directory argument stands for every file under it (sorted); "
                        "without this a directory is an error")
    p.add_argument("-o", "--output", default=None, metavar="FILE",
                   help="write to FILE instead of stdout (- is stdout), atomically (temporary file "
                        "+ rename); never one of the inputs"
                        + (". With --input: the output directory" if corpus else ""))


def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="boilerkit", description="Separate article body from boilerplate, line by line.",
                 epilog="Run 'boilerkit COMMAND --help' for each command's options and examples.")
    ap.add_argument("--version", action="version", version=f"boilerkit {__version__}")
    sub = ap.add_subparsers(dest="cmd", parser_class=_Parser, metavar="COMMAND")
    sub.required = True
    p = sub.add_parser("clean", help="print the kept text", description="Print the kept text of each input.",
                       epilog=CLEAN_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="*", metavar="FILE", help="input files; none or '-' reads stdin")
    p.add_argument("--format", choices=("text", "jsonl"), default="text", help="output format (default: text)")
    p.add_argument("--title", action="store_true",
                   help="with --html: print the page title (og:title, <title> or the first <h1>) first; "
                        "in jsonl a {doc, title} record")
    _common(p, corpus=True)
    c = p.add_argument_group("corpus mode")
    c.add_argument("--input", nargs="+", metavar="PATH",
                   help="JSONL (.jsonl, .jsonl.gz, .jsonl.zst) or Parquet shards, or directories of them; "
                        "needs --output DIR")
    c.add_argument("--text-field", default="text", metavar="NAME", help="field holding the text (default: text)")
    c.add_argument("--output-field", default=None, metavar="NAME",
                   help="field for the cleaned text (default: the text field, replaced)")
    c.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (default 1; 0 = all cores)")
    c.add_argument("--segments", action="store_true",
                   help="also write each segment's offsets, label and score (field boilerkit_segments)")
    c.add_argument("--no-labels", dest="labels", action="store_false",
                   help="do not name the dropped segments' classes: leaves out the class model, about twice "
                        "as fast; the figures' kept_chars and dropped_chars are then character totals")
    c.add_argument("--resume", action="store_true", help="skip shards whose output already exists")
    c.add_argument("--site-repeats", action="store_true",
                   help="first pass over all inputs: text found on >= 3 pages and >= 30%% of the pages of "
                        "a site (by --url-field) is not kept (menus, footers, list headers)")
    c.add_argument("--url-field", default="url", metavar="NAME", help="field holding the page URL (default: url)")
    c.add_argument("--progress", choices=("auto", "on", "off"), default="auto",
                   help="progress line on stderr (default: only on a terminal)")
    p = sub.add_parser("classify", help="list every segment with its label",
                       description="List every segment of each input with its label and P(body).",
                       epilog=CLASSIFY_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="*", metavar="FILE", help="input files; none or '-' reads stdin")
    p.add_argument("--width", type=int, default=80, help="shorten text to this many characters (default 80)")
    _common(p)
    return ap


def _read(name: str, html: bool):
    """The document as str (text mode) or bytes (HTML mode). Raises InputError."""
    try:
        if name == "-":
            data = sys.stdin.buffer.read()
        else:
            if os.path.isdir(name):
                raise InputError(f"{name}: is a directory (use -r to read the files under it)")
            with open(name, "rb") as f:
                data = f.read()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if html:
        return data
    from .html import decode_text

    try:
        return decode_text(data)
    except InputError as exc:
        raise InputError(f"{name}: {str(exc).replace('the HTML path', '--html')}") from None


def _expand(names: list[str], recursive: bool) -> list[str]:
    """Input names with directories replaced by the files under them (with --recursive);
    other names, even missing ones, stay so that their error is reported in order."""
    out: list[str] = []
    for name in names:
        if recursive and name != "-" and os.path.isdir(name):
            for root, dirs, files in os.walk(name):
                dirs.sort()
                for f in sorted(files):
                    path = os.path.join(root, f)
                    if os.path.exists(path) and not os.path.isfile(path):  # a FIFO or device would block or never end
                        print(f"boilerkit: warning: {path}: skipped, not a regular file", file=sys.stderr)
                    else:
                        out.append(path)
        else:
            out.append(name)
    return out


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@contextmanager
def _output(path: str | None):
    """stdout (no path, or "-"), or `path` written atomically: an interrupted run leaves no
    half-written output."""
    if path is None or path == "-":
        if sys.stdout is None:  # started with stdout closed (`>&-`)
            raise OSError("standard output is closed")
        yield sys.stdout
        return
    with atomic_write(path) as f:
        yield f


def _fold(line: str) -> str:
    return " ".join(line.split()).casefold()


def _looks_like_html(text: str) -> bool:
    head = text[:1024].lstrip("\ufeff \t\r\n").lower()
    return head.startswith(("<!doctype html", "<html"))


def _shorten(text: str, width: int) -> str:
    """At most `width` characters, never cutting inside a character sequence that displays
    as one (a letter and its combining marks, an emoji joined with U+200D)."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = max(width - 1, 1)
    while cut > 1 and (unicodedata.category(text[cut])[0] == "M" or "\u200d" in text[cut - 1:cut + 1]):
        cut -= 1  # a mark (variation selectors are marks too) or a zero-width joiner at the cut
    return text[:cut] + "…"


def run(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        keep = parse_keep(args.keep)
    except ValueError as exc:
        print(f"boilerkit: error: --keep: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        print(f"boilerkit: error: --threshold must be between 0 and 1, not {args.threshold}", file=sys.stderr)
        return EXIT_USAGE
    if getattr(args, "title", False) and not args.html:
        print("boilerkit: error: --title needs --html (a page title comes from the HTML head)", file=sys.stderr)
        return EXIT_USAGE
    if getattr(args, "width", 80) < 10:
        print(f"boilerkit: error: --width must be at least 10, not {args.width}", file=sys.stderr)
        return EXIT_USAGE
    if getattr(args, "input", None):
        return _run_corpus(args, keep)
    from .detector import load

    try:
        det = load(args.model)
    except ModelError as exc:
        print(f"boilerkit: error: cannot load model: {exc}", file=sys.stderr)
        return EXIT_USAGE
    files = _expand(args.files or ["-"], args.recursive)
    if args.output is not None:
        if os.path.isdir(args.output):
            print(f"boilerkit: error: --output {args.output}: is a directory", file=sys.stderr)
            return EXIT_USAGE
        if not os.path.isdir(os.path.dirname(os.path.abspath(args.output))):
            print(f"boilerkit: error: --output {args.output}: no such directory", file=sys.stderr)
            return EXIT_USAGE
        clash = [f for f in files if f != "-" and _same_file(f, args.output)]
        if clash:
            print(f"boilerkit: error: --output {args.output} is also an input; inputs are never "
                  "overwritten", file=sys.stderr)
            return EXIT_USAGE
    try:
        with _output(args.output) as out:
            failures = _process(args, det, keep, files, out)
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        print(f"boilerkit: error: cannot write {args.output or 'output'}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_INPUT
    if failures:
        if len(files) > 1:
            print(f"boilerkit: {len(failures)} of {len(files)} inputs failed: {', '.join(failures)}",
                  file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


def _run_corpus(args, keep) -> int:
    from . import corpus
    from .model import load as load_model

    if args.files:
        print("boilerkit: error: give shards with --input, not as FILE arguments", file=sys.stderr)
        return EXIT_USAGE
    if not args.output:
        print("boilerkit: error: --input needs --output DIR", file=sys.stderr)
        return EXIT_USAGE
    if os.path.exists(args.output) and not os.path.isdir(args.output):
        print(f"boilerkit: error: --output {args.output}: not a directory", file=sys.stderr)
        return EXIT_USAGE
    if args.jobs < 0:
        print("boilerkit: error: --jobs must be 0 (all cores) or more", file=sys.stderr)
        return EXIT_USAGE
    try:
        inputs = corpus.check_inputs(args.input, args.output)
        load_model(args.model)  # fail before any work, not in every worker
    except ModelError as exc:
        print(f"boilerkit: error: cannot load model: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BoilerkitError as exc:
        print(f"boilerkit: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.segments and not args.labels:
        print("boilerkit: error: --segments lists each segment's label: it cannot go with --no-labels",
              file=sys.stderr)
        return EXIT_USAGE
    os.makedirs(args.output, exist_ok=True)
    opt = corpus.Options(text_field=args.text_field, output_field=args.output_field, keep=keep,
                         threshold=args.threshold, html=args.html, segments=args.segments, model=args.model,
                         url_field=args.url_field, labels=args.labels)
    if args.site_repeats:
        opt.repeats = corpus.count_repeats(corpus.sites_and_texts(inputs, args.text_field, args.url_field),
                                           html=args.html)
    jobs = args.jobs or corpus.default_jobs()
    progress = None if args.progress == "auto" else args.progress == "on"
    totals = corpus.run_shards(inputs, Path(args.output), opt, jobs=jobs, resume=args.resume, progress=progress)
    for f in totals.failures:
        print(f"boilerkit: error: {f}", file=sys.stderr)
    print(totals.summary, file=sys.stderr)
    return EXIT_INPUT if totals.failures else EXIT_OK  # failed records are in the output and the summary


def _process(args, det, keep, files: list[str], out) -> list[str]:
    """Write each input's result to `out`; the names of the inputs that failed."""
    from .dom import dom_paths
    from .html import page_title

    failures: list[str] = []
    first = True
    for name in files:
        try:
            data = _read(name, args.html)
            if not args.html and _looks_like_html(data):
                print(f"boilerkit: warning: {name}: looks like an HTML page; --html reads it as one "
                      "(as text its markup is classified too)", file=sys.stderr)
            paths = None
            title = page_title(data) if args.html and getattr(args, "title", False) else None
            if args.html and args.cmd == "clean" and args.format == "text":
                kept = det.clean_html(data, keep=keep, threshold=args.threshold)
            elif args.html:
                segs, text, blocks = det._classify_html(data, keep, args.threshold)
                paths = dom_paths(text, segs, blocks)
            elif args.cmd == "clean" and args.format == "text":
                text, kept = data, det.clean(data, keep=keep, threshold=args.threshold)
            else:
                text, segs = data, det.classify(data, keep=keep, threshold=args.threshold)
        except BoilerkitError as exc:
            msg = str(exc) if str(exc).startswith(name) else f"{name}: {exc}"
            print(f"boilerkit: error: {msg}", file=sys.stderr)
            failures.append(name)
            continue
        label = "<stdin>" if name == "-" else name
        if args.cmd == "classify":
            if len(files) > 1:
                out.write(f"== {label}\n")
            for s in segs:
                out.write(f"{s.label:10s} {s.score:.3f}  {_shorten(s.text, args.width)}\n")
        elif args.format == "jsonl":
            if title is not None:
                out.write(json.dumps({"doc": label, "title": title}, ensure_ascii=False) + "\n")
            for i, s in enumerate(segs):
                rec = {"doc": label, "start": s.start, "end": s.end, "label": s.label,
                       "score": round(s.score, 4), "keep": s.keep, "text": s.text}
                if paths is not None:
                    rec["path"] = paths[i]
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            if not first:
                out.write("\n")
            if title:
                out.write(title + "\n")
                # the headline is printed above: not again where the page's body holds it
                kept = "\n".join(line for line in kept.split("\n") if _fold(line) != _fold(title))
            if kept:
                out.write(kept + "\n")
        first = False
    out.flush()
    return failures


def main(argv=None) -> int:
    try:
        code = run(argv)
    except BrokenPipeError:
        # the reader went away (e.g. `| head`): stop quietly
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        code = EXIT_OK
    except KeyboardInterrupt:
        code = 130
    except UnicodeEncodeError as exc:  # e.g. PYTHONIOENCODING=ascii, or a legacy console code page
        enc = getattr(sys.stdout, "encoding", None) or exc.encoding
        print(f"boilerkit: error: the output's encoding ({enc}) cannot write the text; "
              "use UTF-8 (PYTHONIOENCODING=utf-8) or -o FILE", file=sys.stderr)
        code = EXIT_INPUT
    sys.exit(code)
