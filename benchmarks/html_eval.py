"""HTML mode against other extractors, on the same pages, in one process.

    pip install ".[train,bench]"   # jusText and Resiliparse (train), trafilatura and readability-lxml (bench)
    python -m training.train_html --save-folds training/.cache/html-folds   # out-of-fold models
    python benchmarks/html_eval.py --folds training/.cache/html-folds [--limit 200]

Every page is scored with the boilerkit model of the validation fold that held out its
site (so no tool is scored on pages its model was trained on). Scoring:
- trafilatura_eval (snippets): a `with` snippet found in the output is a true positive,
  missed a false negative; a `without` snippet found is a false positive (whitespace is
  collapsed on both sides first). P, R, F1 over all snippets of the set.
- full-gold sets (wcxb, daniel_waddle, readability_testpages, cleanportaleval): token
  bag overlap of output and gold text per page (words; CJK characters one by one),
  P, R, F1 micro-averaged over the set's tokens.
Speed: documents per second of each tool over all pages, single process, after each tool
is imported (boilerkit: its fold models loaded) and has cleaned one small warm-up page
per fold, so no tool is timed on one-off set-up; peak RSS is read after boilerkit's run,
before any other tool has run.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SNIPPET_SETS = ("trafilatura_eval",)
GOLD_SETS = ("wcxb", "daniel_waddle", "readability_testpages", "cleanportaleval")
TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]|[^\W_]+")


def tokens(text: str) -> Counter:
    return Counter(TOKEN.findall(text.lower()))


def squash(text: str) -> str:
    return " ".join(text.split())


def tool_boilerkit(folds_dir: Path):
    """HTML fold models (train_html.py --save-folds) run as the detector's HTML model;
    text fold models (train.py --save-folds) classify the page's lines.

    Every fold model is loaded here, before the clock starts, as the other tools' imports
    are: a user loads a model once and then cleans many pages."""
    from boilerkit import model as model_mod
    from boilerkit.detector import Detector

    cache: dict[int, Detector] = {}
    for sub in sorted(p for p in folds_dir.glob("fold*") if p.is_dir()):
        m = model_mod.load(sub)
        cache[int(sub.name[4:])] = Detector(m, html_model=m) if m.kind == "html" else Detector(m)

    def run(html: str, fold: int, lang: str) -> str:
        return cache[fold].clean_html(html)
    return run


def tool_trafilatura():
    import trafilatura

    return lambda html, fold, lang: trafilatura.extract(html) or ""


def tool_justext():
    import justext

    from training.baselines import JUSTEXT_LANG

    def run(html: str, fold: int, lang: str) -> str:
        try:
            stop = justext.get_stoplist(JUSTEXT_LANG.get(lang, "English"))
        except ValueError:
            stop = justext.get_stoplist("English")
        try:
            paras = justext.justext(html.encode("utf-8", "replace"), stop, encoding="utf-8")
        except Exception:  # noqa: BLE001 - a page it cannot parse yields nothing
            return ""
        return "\n".join(p.text for p in paras if not p.is_boilerplate)
    return run


def tool_readability():
    import lxml.html
    from readability import Document

    def run(html: str, fold: int, lang: str) -> str:
        try:
            summary = Document(html).summary(html_partial=True)
            return lxml.html.fromstring(summary).text_content()
        except Exception:  # noqa: BLE001
            return ""
    return run


def tool_resiliparse():
    from resiliparse.extract.html2text import extract_plain_text

    return lambda html, fold, lang: extract_plain_text(html, main_content=True)


TOOLS = {"boilerkit": tool_boilerkit, "trafilatura": tool_trafilatura, "jusText": tool_justext,
         "readability-lxml": tool_readability, "resiliparse": tool_resiliparse}


def load_pages(folds: dict, limit: int | None):
    from training import sources

    pages = []
    for ds in SNIPPET_SETS + GOLD_SETS:
        n = 0
        for rec in sources.iter_records(ds):
            fold = folds.get(f"{ds}/{rec['id']}")
            if fold is None or not rec.get("html"):
                continue  # not in the validation folds (excluded from training data)
            if ds in GOLD_SETS and not rec.get("gold_text"):
                continue
            if ds in SNIPPET_SETS and not rec.get("gold_snippets"):
                continue
            pages.append((ds, rec, fold))
            n += 1
            if limit and n >= limit:
                break
    return pages


def score(ds: str, rec: dict, out: str, acc: dict) -> None:
    if ds in SNIPPET_SETS:
        o = squash(out)
        for s in rec["gold_snippets"].get("with", []):
            acc["tp" if squash(s) in o else "fn"] += 1
        for s in rec["gold_snippets"].get("without", []):
            acc["fp" if squash(s) in o else "tn"] += 1
    else:
        got, gold = tokens(out), tokens(rec["gold_text"])
        common = sum((got & gold).values())
        acc["tp"] += common
        acc["fp"] += sum(got.values()) - common
        acc["fn"] += sum(gold.values()) - common


def prf(acc: dict) -> tuple[float, float, float]:
    p = acc["tp"] / (acc["tp"] + acc["fp"]) if acc["tp"] + acc["fp"] else 0.0
    r = acc["tp"] / (acc["tp"] + acc["fn"]) if acc["tp"] + acc["fn"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def memory_run(limit: int | None) -> int:
    import boilerkit
    from training import sources

    det = boilerkit.load()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = 0
    for ds in SNIPPET_SETS + GOLD_SETS:
        for i, rec in enumerate(sources.iter_records(ds)):
            if limit and i >= limit:
                break
            if rec.get("html"):
                det.clean_html(rec["html"])
                n += 1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{n} pages streamed through clean_html: peak RSS {peak:.0f} MB "
          f"({base:.0f} MB after loading the model, before the first page)")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=Path, required=True, help="directory written by train.py --save-folds")
    ap.add_argument("--limit", type=int, default=None, help="pages per dataset (default: all)")
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma-separated (default: all)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    ap.add_argument("--memory", action="store_true",
                    help="only measure boilerkit's peak memory: stream the pages one at a time through "
                         "the shipped model (nothing else held in memory) and print the peak RSS")
    a = ap.parse_args()
    if a.memory:
        return memory_run(a.limit)
    folds = json.loads((a.folds / "folds.json").read_text())["pages"]
    pages = load_pages(folds, a.limit)
    names = a.tools.split(",")
    results: dict = {}
    for name in names:
        run = TOOLS[name](a.folds) if name == "boilerkit" else TOOLS[name]()
        accs = {ds: Counter() for ds in SNIPPET_SETS + GOLD_SETS}
        for fold in sorted({f for _, _, f in pages}):  # first-call set-up of every tool (and fold model)
            run("<html><body><p>A warm-up page with one short paragraph.</p></body></html>", fold, "en")
        t0 = time.perf_counter()
        outs = [run(rec["html"], fold, rec.get("lang") or "en") for ds, rec, fold in pages]
        secs = time.perf_counter() - t0
        for (ds, rec, _), out in zip(pages, outs):
            score(ds, rec, out, accs[ds])
        results[name] = {"docs_per_s": len(pages) / secs, "seconds": secs,
                         **{ds: prf(acc) for ds, acc in accs.items()}}
        if name == "boilerkit":
            results[name]["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{name}: {len(pages) / secs:.1f} docs/s", file=sys.stderr, flush=True)
    counts = Counter(ds for ds, _, _ in pages)
    head = "| dataset (pages) | " + " | ".join(f"{n} P / R / F1" for n in names) + " |"
    rows = [head, "|---" * (1 + len(names)) + "|"]
    for ds in SNIPPET_SETS + GOLD_SETS:
        cells = [" / ".join(f"{x:.3f}" for x in results[n][ds]) for n in names]
        rows.append(f"| {ds} ({counts[ds]}) | " + " | ".join(cells) + " |")
    rows.append("| docs/s | " + " | ".join(f"{results[n]['docs_per_s']:.1f}" for n in names) + " |")
    print("\n".join(rows))
    if "boilerkit" in results:
        print(f"\nboilerkit peak RSS after its run: {results['boilerkit']['peak_rss_mb']:.0f} MB")
    if a.json:
        a.json.write_text(json.dumps({"pages": dict(counts), "results": results}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
