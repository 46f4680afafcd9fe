"""Text mode on dump styles it was never trained on: an out-of-fold robustness check.

    python -m training.train --no-save --save-folds training/.cache/folds   # text fold models
    pip install ".[train,bench]"
    python benchmarks/dump_styles.py --folds training/.cache/folds [--limit 200] [--json FILE]

Users hold text that other tools dumped from HTML, in ways boilerkit's training never
saw. Training dumps every page in two styles (training/dumps.py: "blocks" and
"resiliparse"); this script dumps the same gold pages with other converters as well:

- html_text:  html-text's extract_text (one block per line, like "blocks")
- inscriptis: inscriptis' layout-preserving text (indentation, bullets, blank lines)
- markdown:   html2text, links and images dropped, no wrapping ("# " headings, "* " items)
- mdlinks:    html2text with links and images kept as Markdown, no wrapping
              ("[words](target "title")", "![alt](src)"), as scrapers that feed
              language models write pages
- mdwrapped:  html2text's defaults: links and images kept, hard-wrapped at 78 columns
              (a long target or title is broken over lines too)
- wrapped:    html2text, links and images dropped, hard-wrapped at 78 columns, so
              a paragraph spans several lines and a line can hold the end of one
              block and the start of the next
- soup:       BeautifulSoup's get_text("\n") (scripts and styles removed): every text
              node on its own line, so a link or a bold word inside a sentence cuts it
              into several lines, and whitespace between tags makes runs of blank lines
- oneline:    the "blocks" dump with every line break made a space: the whole page
              on one line, as some crawl exports store it
- textcontent: lxml's text_content() of the page (scripts and styles removed): the
              text nodes joined with nothing between them, so blocks keep only the
              whitespace the page's source had between its tags, and a minified page
              glues a heading to its paragraph ("...a sentence.Next heading")

Every page is classified by the text fold model that held out its site, and labelled
per segment by the same alignment to the gold that labels training data
(training/corpora.py: align_spans, snippet_spans, captions from the markup), so a giant
line is scored per segment, not as one unit. Segments the alignment leaves unknown are
not scored. Beside the model, on the same segments: the C4 line rule and jusText, which
decide per input line (each segment inherits its line's decision), and keeping
everything. Prints character-weighted body F1 per style and dataset.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from boilerkit import features  # noqa: E402
from boilerkit import model as model_mod  # noqa: E402
from boilerkit.detector import Detector, body_mask  # noqa: E402
from boilerkit.markdown import reader_view  # noqa: E402
from boilerkit.segment import segment_text  # noqa: E402
from training import corpora, dumps, sources  # noqa: E402
from training.baselines import segment_predictions  # noqa: E402
from training.metrics import prf  # noqa: E402

DATASETS = ("wcxb", "daniel_waddle", "trafilatura_eval", "cleanportaleval", "readability_testpages",
            "htmltotext_leogao")


def _html2text(wrap: int, links: bool = False):
    import html2text

    def run(page: str) -> str:
        h = html2text.HTML2Text()
        h.ignore_links = not links
        h.ignore_images = not links
        h.body_width = wrap
        return h.handle(page)
    return run


def _html_text(page: str) -> str:
    import html_text

    return html_text.extract_text(page)


def _inscriptis(page: str) -> str:
    import inscriptis

    return inscriptis.get_text(page)


def _soup(page: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    return soup.get_text("\n")


def _text_content(page: str) -> str:
    import lxml.html

    root = lxml.html.fromstring(page)
    for el in root.xpath("//script|//style|//noscript|//template"):
        el.drop_tree()
    return root.text_content()


def _oneline(page: str) -> str:
    return " ".join(dumps.dump(page, "blocks").splitlines())


STYLES = {
    "blocks": lambda page: dumps.dump(page, "blocks"),
    "resiliparse": lambda page: dumps.dump(page, "resiliparse"),
    "html_text": _html_text,
    "inscriptis": _inscriptis,
    "markdown": _html2text(0),
    "wrapped": _html2text(78),
    "oneline": _oneline,
    "soup": _soup,
    "textcontent": _text_content,
    "mdlinks": _html2text(0, links=True),
    "mdwrapped": _html2text(78, links=True),
}
TRAINED = ("blocks", "resiliparse")
TOOLS = ("boilerkit", "c4", "justext", "keep_all")


def label_segments(dataset: str, rec: dict, text: str, spans, captions: set[str]) -> np.ndarray:
    """1 body, 0 boilerplate, -1 unknown for each (start, end) span, as training labels lines."""
    labs = corpora.gold_labels(dataset, rec, text, spans, captions)
    return np.array([1 if lab == "body" else -1 if lab == corpora.UNKNOWN else 0 for _, _, lab in labs])


def reader_spans(text: str, spans: np.ndarray) -> tuple[str, np.ndarray]:
    """The text a reader sees (Markdown link targets and images gone) and the spans in it."""
    view = reader_view(text)
    if view is None:
        return text, spans
    return view.text, view.view_pos(spans)


def f1(tp: float, fp: float, fn: float) -> float:
    return prf(tp, fp, fn)["f1"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=Path, required=True, help="directory written by train.py --save-folds")
    ap.add_argument("--limit", type=int, default=200, help="pages per dataset (default 200)")
    ap.add_argument("--styles", default=",".join(STYLES), help="comma-separated (default: all)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    ap.add_argument("--raw-markdown", action="store_true",
                    help="featurise Markdown link syntax as it stands, as before boilerkit/markdown.py")
    a = ap.parse_args(argv)
    fold_of = json.loads((a.folds / "folds.json").read_text())["pages"]
    dets = {int(p.name[4:]): Detector(model_mod.load(p)) for p in sorted(a.folds.glob("fold*")) if p.is_dir()}
    styles = a.styles.split(",")
    # acc[style][dataset][tool] = [tp, fp, fn] in characters
    acc = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: np.zeros(3))))
    pages = defaultdict(int)
    for ds in DATASETS:
        n = 0
        for rec in sources.iter_records(ds):
            if n >= a.limit:
                break
            key = f"{ds}/{rec['id']}"
            if rec.get("page_type") in corpora.EXCLUDED_PAGE_TYPES or key not in fold_of:
                continue
            n += 1
            det = dets[fold_of[key]]
            captions = corpora.page_captions(rec["html"])
            lang = rec.get("lang") or "en"
            for style in styles:
                try:
                    text = STYLES[style](rec["html"])
                except Exception:  # noqa: BLE001 - a page a converter cannot handle is skipped
                    continue
                if a.raw_markdown:
                    segs = segment_text(text)
                    X, group = features.compute_with_repeats(text, segs, det._model.lexicon)
                else:
                    segs, X, group = det._features(text)
                if not len(segs):
                    continue
                keep = body_mask(det._model, X, det.threshold, group)  # what clean() keeps
                arr = segs[:, :2]
                # labels and weights from the words a reader sees (boilerkit.markdown's
                # view): a link's target is neither body nor boilerplate
                seen, seen_spans = reader_spans(text, arr)
                truth = label_segments(ds, rec, seen, seen_spans.tolist(), captions)
                chars = (seen_spans[:, 1] - seen_spans[:, 0]).astype(float)
                known = (truth >= 0) & (chars > 0)
                body = truth == 1
                base = segment_predictions(text, arr, lang)
                preds = {"boilerkit": keep, "c4": base["c4"],
                         "justext": base["justext"], "keep_all": base["keep_all"]}
                for tool, p in preds.items():
                    p = p.astype(bool)
                    acc[style][ds][tool] += [chars[known & body & p].sum(), chars[known & ~body & p].sum(),
                                             chars[known & body & ~p].sum()]
                pages[(style, ds)] += 1
        print(f"{ds}: {n} pages", file=sys.stderr, flush=True)
    res = {st: {ds: {t: f1(*acc[st][ds][t]) for t in TOOLS} for ds in DATASETS} for st in styles}
    for st in styles:
        tot = {t: sum((acc[st][ds][t] for ds in DATASETS), np.zeros(3)) for t in TOOLS}
        res[st]["all (chars pooled)"] = {t: f1(*tot[t]) for t in TOOLS}
        res[st]["mean of datasets"] = {t: round(float(np.mean([res[st][ds][t] for ds in DATASETS])), 4)
                                       for t in TOOLS}
    print("| style | " + " | ".join(DATASETS) + " | mean of datasets |")
    print("|---" * (len(DATASETS) + 2) + "|")
    for st in styles:
        name = st + (" (trained)" if st in TRAINED else "")
        cells = [" / ".join(f"{res[st][ds][t]:.3f}" for t in ("boilerkit", "c4", "justext"))
                 for ds in (*DATASETS, "mean of datasets")]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\ncells: boilerkit / C4 rule / jusText body F1 (characters); keep-everything baseline in --json")
    if a.json:
        a.json.write_text(json.dumps({"pages": {f"{s}/{d}": n for (s, d), n in pages.items()},
                                      "f1": res}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
