"""Turn every source of labels into one shape: a LabelledDoc.

A LabelledDoc is a text plus character spans labelled with a taxonomy class,
"boilerplate" (not body, class unknown: what binary gold data can say) or
"unknown" (left out of training). Sources:

- hand labels (training/labels/, seeds and data documents): full taxonomy;
- HTML datasets with gold text: each page dumped in every style of
  training/dumps.py, each line aligned to the gold text (see align_spans);
- trafilatura_eval (snippets only): lines holding a `with` snippet are body,
  lines holding a `without` snippet boilerplate, the rest unknown;
- line-labelled datasets (turku_*): their own 0/1 line labels.

On HTML pages, lines the page's own markup calls a caption (see markup_captions)
are labelled `caption` whatever the gold says: several gold sets keep captions as
main text, the taxonomy does not, and the body model learns mostly from the corpora.

newspaper_tests is left out: its "gold" is other extractors' regression output,
often truncated, so most of its body would be labelled boilerplate.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from boilerkit.atomic import atomic_write
from boilerkit.html import headline_texts, html_blocks
from boilerkit.segment import lines

from . import dumps, labelfile, sources

BOILERPLATE = "boilerplate"
UNKNOWN = "unknown"

# Relative weight of one labelled segment from each source. Hand labels are the
# only verified labels and the only ones with the fine classes, but they are
# 1% of the segments: at weight 10 they count about as much as one mid-sized
# corpus. wcxb is large, English only and machine-drafted, so it is
# down-weighted to keep it from dominating.
SOURCE_WEIGHT = {
    "seed": 10.0,
    "hand": 10.0,
    "wcxb": 0.4,
    "daniel_waddle": 1.0,
    "readability_testpages": 1.0,
    "cleanportaleval": 1.0,
    "htmltotext_leogao": 1.0,
    "trafilatura_eval": 1.0,
    "turku_text_quality": 1.0,
    "turku_wac_xii": 1.0,
}
EXCLUDED = {"newspaper_tests": "weak gold: regression output of other extractors, often truncated"}
# Pages whose main content *is* a list of links to other pages: their gold labels such
# lists as content, which the taxonomy calls `headlines`, so they would teach the opposite.
EXCLUDED_PAGE_TYPES = {"listing", "collection"}
GOLD_TEXT_SETS = ("wcxb", "daniel_waddle", "readability_testpages", "cleanportaleval", "htmltotext_leogao")
LINE_SETS = ("turku_text_quality", "turku_wac_xii")
SNIPPET_SETS = ("trafilatura_eval",)

CACHE = Path(__file__).resolve().parent / ".cache"
ALIGN_VERSION = 2


@dataclass
class LabelledDoc:
    name: str  # unique, e.g. "wcxb/0001/blocks" or "seed/000_....txt"
    text: str
    spans: list  # (start, end, label) with label in LABELS, BOILERPLATE or UNKNOWN
    group: str  # cross-validation group (site)
    source: str  # key of SOURCE_WEIGHT
    lang: str = ""
    meta: dict = field(default_factory=dict)

    @property
    def weight(self) -> float:
        return SOURCE_WEIGHT.get(self.source, 1.0)


# ---------------------------------------------------------------------------
# alignment of dump lines to gold text

_TOKEN = re.compile(r"\w+")


def _tokens(s: str) -> list[str]:
    return _TOKEN.findall(s.lower())


def _cjk_heavy(s: str) -> bool:
    return sum(1 for c in s if "\u3000" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af") > len(s) * 0.3


def _units(s: str) -> list[str]:
    """Word tokens, or characters for scripts written without spaces."""
    if _cjk_heavy(s):
        return [c for c in s.lower() if c.isalnum()]
    return _tokens(s)


def line_spans(text: str) -> list[tuple[int, int]]:
    return [(s, e) for _, s, e in lines(text)]


def align_spans(text: str, spans, gold: str, hi: float = 0.7, lo: float = 0.2) -> list[tuple[int, int, str]]:
    """Label each (start, end) span of a dump, one per line in training, "body",
    BOILERPLATE or UNKNOWN by the gold text.

    A line of three or more units is body when at least `hi` of its unit
    trigrams occur in the gold, boilerplate when at most `lo` do, unknown in
    between. Shorter lines are body only when they equal a whole gold line,
    unknown when they occur inside one, boilerplate otherwise. Tolerates the
    whitespace, entity and punctuation differences between dump and gold. Other spans
    than lines serve benchmarks/dump_styles.py, whose dumps can hold a page on one line.
    """
    gold_lines = [g for g in (" ".join(_units(x)) for x in gold.splitlines()) if g]
    gold_whole = set(gold_lines)
    gold_joined = " " + " ".join(gold_lines) + " "
    grams = set()
    for g in gold_lines:
        u = g.split()
        grams.update(zip(u, u[1:], u[2:]))
    # trigrams across gold line breaks too (a dump may join lines the gold splits)
    u = gold_joined.split()
    grams.update(zip(u, u[1:], u[2:]))

    out = []
    for s, e in spans:
        units = _units(text[s:e])
        if len(units) >= 3:
            tri = list(zip(units, units[1:], units[2:]))
            frac = sum(t in grams for t in tri) / len(tri)
            lab = "body" if frac >= hi else BOILERPLATE if frac <= lo else UNKNOWN
        elif units:
            key = " ".join(units)
            lab = "body" if key in gold_whole else UNKNOWN if f" {key} " in gold_joined else BOILERPLATE
        else:
            lab = BOILERPLATE
        out.append((s, e, lab))
    return out


def snippet_spans(text: str, spans, with_: list[str], without: list[str]) -> list[tuple[int, int, str]]:
    """Label spans (lines in training) holding a gold snippet; everything else unknown."""
    norm = lambda x: " ".join(_tokens(x))  # noqa: E731
    w = [norm(x) for x in with_ if norm(x)]
    wo = [norm(x) for x in without if norm(x)]
    out = []
    for s, e in spans:
        ln = norm(text[s:e])
        lab = UNKNOWN
        if ln:
            has_w = any(x in ln for x in w if len(x) >= 8 or x == ln)
            has_wo = any(x in ln for x in wo if len(x) >= 4 or x == ln)
            if has_w and not has_wo:
                lab = "body"
            elif has_wo and not has_w:
                lab = BOILERPLATE
        out.append((s, e, lab))
    return out


# class/id tokens that name an image caption or credit (boilerkit.html splits names
# such as "wp-caption-text" or "imageCredit" into such tokens)
_CAPTION_TOKENS = frozenset({"caption", "credit", "credits"})


def markup_captions(page: str) -> set[str]:
    """Normalised text (see _units) of the page's lines that its markup marks as a
    caption: inside <figcaption>, or with a caption token among the first eight
    class/id tokens of its element and the five nearest ancestors (nearest first,
    boilerkit.html.Block.tokens). A text that is also a line
    outside such markup is left out, so a caption repeating a body sentence does not
    relabel that sentence.

    Measured on the hand-labelled pages' blocks dumps: these lines hold 64% of the
    hand-labelled caption characters and none of the body characters.
    """
    text, blocks = html_blocks(page)
    cap, rest = set(), set()
    for line, b in zip(text.split("\n"), blocks):
        key = " ".join(_units(line))
        if key:
            hit = "figcaption" in b.ancestors or not _CAPTION_TOKENS.isdisjoint(b.tokens[:8])
            (cap if hit else rest).add(key)
    return cap - rest


_TITLE_SEP = re.compile(r"\s+[|\-\u2013\u2014:\u00b7\u2022\u00bb/]+\s+")


def markup_titles(page: str) -> set[str]:
    """Normalised text (see _units) of the page's own headline as its markup gives it:
    og:title, <title> and the first three <h1>, each also as its longest part when a
    separator joins it to a site name ("Headline | Site").

    The corpora's gold keeps the headline as main text, so the body model learns it as
    body; the title model, which decides between body and title among the segments the
    body model keeps, learns from these lines that it is the headline (train.py,
    --markup-title-weight). On the hand-labelled pages of HTML datasets the segments equal
    to one of these hold 92% of the hand-labelled title characters, and 92% of their
    characters are hand-labelled title."""
    out = set()
    for t in headline_texts(page):
        parts = _TITLE_SEP.split(t)
        for piece in {t, max(parts, key=len)}:
            key = title_key(piece)
            if len(key) >= 8:
                out.add(key)
    return out


def title_key(text: str) -> str:
    """The form markup_titles' entries take, for comparing a segment with them."""
    return " ".join(_units(text))


def relabel_captions(text: str, spans: list, captions: set[str]) -> list:
    """spans (from align_spans or snippet_spans) with caption lines relabelled."""
    if not captions:
        return spans
    return [(s, e, "caption" if " ".join(_units(text[s:e])) in captions else lab) for s, e, lab in spans]


def _parse_snippets(v) -> dict:
    if isinstance(v, dict):
        return v
    if isinstance(v, str):
        import ast

        try:
            return ast.literal_eval(v)
        except (ValueError, SyntaxError):
            return {}
    return {}


# ---------------------------------------------------------------------------
# per-dataset loaders (cached: dumping and aligning 600 MB of HTML takes minutes)


def page_captions(page: str) -> set[str]:
    """markup_captions, or none for a page lxml cannot walk (no caption relabelling then)."""
    try:
        return markup_captions(page)
    except Exception:  # noqa: BLE001 - a broken page loses only its caption labels
        return set()


def gold_labels(dataset: str, rec: dict, text: str, spans, captions: set[str]) -> list[tuple[int, int, str]]:
    """Labels of spans of a dump of an HTML record's page: its gold snippets or aligned gold
    text, then the page's markup captions (from page_captions)."""
    if dataset in SNIPPET_SETS:
        sn = _parse_snippets(rec.get("gold_snippets"))
        labs = snippet_spans(text, spans, sn.get("with", []), sn.get("without", []))
    else:
        labs = align_spans(text, spans, rec.get("gold_text") or "")
    return relabel_captions(text, labs, captions)


def _docs_from_record(dataset: str, rec: dict) -> list[LabelledDoc]:
    group = sources.site_of(rec)
    lang = rec.get("lang") or ""
    base = f"{dataset}/{rec['id']}"
    if dataset in LINE_SETS:
        text = "\n".join(rec["lines"])
        spans = []
        pos = 0
        for line, lab in zip(rec["lines"], rec["labels"]):
            s, e = pos, pos + len(line)
            pos = e + 1
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append((s, e, "body" if int(lab) == 1 else BOILERPLATE))
        return [LabelledDoc(f"{base}/lines", text, spans, group, dataset, lang, meta={"id": rec["id"]})]
    out = []
    captions = page_captions(rec["html"])
    try:
        titles = sorted(markup_titles(rec["html"]))
    except Exception:  # noqa: BLE001 - a page lxml cannot walk only loses its title hints
        titles = []
    for style in dumps.STYLES:
        try:
            text = dumps.dump(rec["html"], style)
        except Exception:  # noqa: BLE001 - a page one dumper cannot handle is skipped, not fatal
            continue
        if not text.strip():
            continue
        spans = gold_labels(dataset, rec, text, line_spans(text), captions)
        out.append(LabelledDoc(f"{base}/{style}", text, spans, group, dataset, lang,
                               meta={"id": rec["id"], "titles": titles}))
    return out


def _dataset_docs_uncached(dataset: str, data: Path, limit: int | None) -> list[LabelledDoc]:
    docs = []
    for i, rec in enumerate(sources.iter_records(dataset, data)):
        if limit is not None and i >= limit:
            break
        if rec.get("page_type") in EXCLUDED_PAGE_TYPES:
            continue
        docs.extend(_docs_from_record(dataset, rec))
    return docs


def _cache_key(dataset: str, data: Path, limit: int | None) -> str:
    p = Path(data) / f"{dataset}.jsonl.xz"
    st = p.stat()
    code = "".join(Path(m.__file__).read_text(encoding="utf-8") for m in (dumps, sources)) + \
        Path(__file__).read_text(encoding="utf-8")
    h = hashlib.sha1(f"{ALIGN_VERSION}|{p.name}|{st.st_size}|{limit}|".encode() + code.encode())
    from boilerkit import html as bk_html

    h.update(Path(bk_html.__file__).read_bytes())
    return f"{dataset}-{h.hexdigest()[:16]}"


def dataset_docs(dataset: str, data: Path, limit: int | None = None, use_cache: bool = True) -> list[LabelledDoc]:
    key = _cache_key(dataset, data, limit)
    path = CACHE / f"{key}.jsonl.gz"
    if use_cache and path.exists():
        docs = []
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                d["spans"] = [tuple(s) for s in d["spans"]]
                docs.append(LabelledDoc(**d))
        return docs
    docs = _dataset_docs_uncached(dataset, data, limit)
    if use_cache:
        CACHE.mkdir(parents=True, exist_ok=True)
        # a unique temporary file: two runs sharing the cache must not write the same one
        with atomic_write(path, binary=True) as raw, gzip.open(raw, "wt", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps(d.__dict__, ensure_ascii=False) + "\n")
    return docs


def hand_docs(data: Path | None = None) -> list[LabelledDoc]:
    """Seeds and hand-labelled data documents, checked against their sources."""
    out = []
    for path in labelfile.all_files():
        lf, text = labelfile.load_checked(path, data)
        if lf.source[0] == "seed":
            out.append(LabelledDoc(f"seed/{lf.source[1]}", text, list(lf.spans), f"seed:{lf.source[1]}",
                                   "seed", meta={"seed": True}))
        else:
            _, dataset, rid, style = lf.source
            rec = sources.get_record(dataset, rid, data)
            out.append(LabelledDoc(f"hand:{dataset}/{rid}/{style}", text, list(lf.spans),
                                   sources.site_of(rec), "hand", rec.get("lang") or "",
                                   meta={"dataset": dataset, "id": rid, "style": style}))
    return out


def seed_lang(name: str) -> str:
    return {"000": "sv", "001": "is", "002": "de", "003": "is", "004": "de"}.get(name[:3], "")


def load_all(data: Path, limit: int | None = None, n_jobs: int = 1, log=print) -> list[LabelledDoc]:
    """Every labelled document: hand labels first, then each dataset in name order.

    Dataset documents whose page is also hand-labelled are dropped, so the
    hand labels are the only labels of that page.
    """
    docs = hand_docs(data)
    for d in docs:
        if d.source == "seed":
            d.lang = seed_lang(d.name.split("/", 1)[1])
    hand_pages = {(d.meta["dataset"], d.meta["id"]) for d in docs if d.source == "hand"}
    names = [n for n in sources.dataset_names(data) if n in SOURCE_WEIGHT]
    if n_jobs != 1:
        from joblib import Parallel, delayed

        results = Parallel(n_jobs=n_jobs)(delayed(dataset_docs)(n, data, limit) for n in names)
    else:
        results = [dataset_docs(n, data, limit) for n in names]
    for name, ds in zip(names, results):
        kept = [d for d in ds if (name, d.meta["id"]) not in hand_pages]
        log(f"  {name}: {len(kept)} documents")
        docs.extend(kept)
    return docs


def char_labels(doc: LabelledDoc, classes: dict[str, int]) -> np.ndarray:
    """Per-character label index (-1 unlabelled) for mapping labels onto segments."""
    arr = np.full(len(doc.text), -1, dtype=np.int16)
    for s, e, lab in doc.spans:
        arr[s:e] = classes[lab]
    return arr
