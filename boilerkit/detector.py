"""The predictor users hold: segment, featurise, predict, label, join."""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from . import dom, features
from . import model as model_mod
from .errors import InputError
from .html import decode_text, html_blocks
from .labels import DEFAULT_KEEP, LABEL_INDEX, LABELS, parse_keep
from .markdown import model_segments, reader_view

_TITLE = LABEL_INDEX["title"]
TITLE_THRESHOLD = 0.5  # a kept segment is the headline when P(title) exceeds this
_NORM = re.compile(r"\W+")
_BREAK = re.compile(r"[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_BODY = LABEL_INDEX["body"]
_OTHER = LABEL_INDEX["other"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A labelled piece of the input: text == input[start:end]."""

    start: int
    end: int
    text: str
    label: str
    score: float  # probability that the segment is body (shared by the copies of a repeated text)
    keep: bool

    def to_dict(self) -> dict:
        return asdict(self)


def _as_text(text) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        return decode_text(text)
    raise InputError(f"input must be str, not {type(text).__name__}")


class Detector:
    """A loaded model. Thread-safe for prediction; load once, reuse for many documents."""

    def __init__(self, model: model_mod.Model, html_model: model_mod.Model | None = None):
        self._model = model
        self._html = html_model
        self._html_checked = html_model is not None

    @property
    def html_model(self) -> model_mod.Model | None:
        """The HTML model (DOM features) shipped in the text model's ``html/`` folder, or
        None: then HTML pages are flattened to lines and classified by the text model."""
        if not self._html_checked:
            sub = Path(self._model.path) / "html"
            if (sub / model_mod.META).is_file():
                self._html = model_mod.load(sub)
            self._html_checked = True
        return self._html

    @property
    def path(self) -> Path:
        return self._model.path

    @property
    def version(self) -> str:
        return self._model.version

    @property
    def threshold(self) -> float:
        return self._model.threshold

    @property
    def meta(self) -> dict:
        return self._model.meta

    def __repr__(self) -> str:
        return f"Detector(version={self.version!r}, path={str(self.path)!r})"

    # -- core -------------------------------------------------------------
    def _features(self, text: str):
        segs, seen, seen_segs = model_segments(text)
        return (segs, *features.compute_with_repeats(seen, seen_segs, self._model.lexicon))

    def classify(self, text: str, keep=DEFAULT_KEEP, threshold: float | None = None) -> list[Segment]:
        text = _as_text(text)
        keep = parse_keep(keep)
        thr = self.threshold if threshold is None else _check_threshold(threshold)
        segs, X, group = self._features(text)
        p, lab = predict_labels(self._model, X, thr, group)
        return _segments(text, segs, p, lab, keep)

    def _keep_mask(self, text: str, keep, thr: float):
        """Segments and which to keep. Body-only output needs the body and title models
        alone: the same decision as classify(), without the class model."""
        segs, X, group = self._features(text)
        if frozenset(keep) != {"body"}:
            return segs, np.isin(predict_labels(self._model, X, thr, group)[1], [LABEL_INDEX[k] for k in keep])
        return segs, body_mask(self._model, X, thr, group)

    def clean(self, text: str, keep=DEFAULT_KEEP, threshold: float | None = None) -> str:
        return join_kept(*self._kept_spans(text, keep, threshold))

    def _kept_spans(self, doc, keep=DEFAULT_KEEP, threshold: float | None = None, html: bool = False):
        """(text, (start, end, keep) for every segment) of a document or, with html, of a
        page's text: what clean() and clean_html() join. Body-only output needs no class
        model. The spans are an iterator (a list only where classification made one)."""
        keep = parse_keep(keep)
        if html:
            m = self.html_model
            if m is None or frozenset(keep) != {"body"}:
                segs, text, _ = self._classify_html(doc, keep, threshold)
                return text, [(s.start, s.end, s.keep) for s in segs]
            thr = m.threshold if threshold is None else _check_threshold(threshold)
            text, blocks = html_blocks(doc)
            spans, X, hidden, group = _html_features(m, text, blocks)
            mask = body_mask(m, X, thr, group) & ~hidden
        else:
            text = _as_text(doc)
            thr = self.threshold if threshold is None else _check_threshold(threshold)
            spans, mask = self._keep_mask(text, keep, thr)
        return text, zip(spans[:, 0].tolist(), spans[:, 1].tolist(), mask.tolist())

    def classify_html(self, html: str | bytes, keep=DEFAULT_KEEP, threshold: float | None = None) -> list[Segment]:
        """Classify an HTML page; offsets refer to `boilerkit.html_text(html)` (the page's
        text, one block per line). Text in hidden elements is labelled `other`."""
        return self._classify_html(html, keep, threshold)[0]

    def _classify_html(self, html, keep, threshold):
        keep = parse_keep(keep)
        text, blocks = html_blocks(html)
        m = self.html_model
        if m is None:
            return self.classify(text, keep=keep, threshold=threshold), text, blocks
        thr = m.threshold if threshold is None else _check_threshold(threshold)
        segs, X, hidden, group = _html_features(m, text, blocks)
        p, lab = predict_labels(m, X, thr, group)
        lab[hidden] = _OTHER
        return _segments(text, segs, p, lab, keep), text, blocks

    def clean_html(self, html: str | bytes, keep=DEFAULT_KEEP, threshold: float | None = None) -> str:
        return join_kept(*self._kept_spans(html, keep, threshold, html=True), markdown=False)

    def classify_many(self, texts, n_jobs: int = 1, **kw) -> list[list[Segment]]:
        """Classify many documents; n_jobs > 1 uses joblib worker processes."""
        return list(self.classify_iter(texts, n_jobs=n_jobs, **kw))

    def classify_iter(self, texts, n_jobs: int = 1, **kw):
        """Classify an iterable of documents lazily, yielding results in input order.

        Memory stays flat however many documents stream through (classify_many keeps every
        result); with n_jobs > 1 each joblib worker loads the model once and only a few
        documents per worker are read ahead.
        """
        if isinstance(texts, (str, bytes, bytearray, memoryview)):
            raise InputError("classify_many/classify_iter take an iterable of documents, not one "
                             f"{type(texts).__name__} (its characters would each be a document); "
                             "use classify() for one")
        return self._iter(texts, n_jobs, kw)

    def _iter(self, texts, n_jobs: int, kw: dict):
        if n_jobs == 1:
            for t in texts:
                yield self.classify(t, **kw)
            return
        from joblib import Parallel, delayed

        yield from Parallel(n_jobs=n_jobs, return_as="generator", pre_dispatch="4*n_jobs")(
            delayed(_classify_in_worker)(str(self.path), t, kw) for t in texts
        )


def _html_features(m: model_mod.Model, text: str, blocks):
    """Segments of an HTML page's text, their text + DOM features (the HTML model's input),
    which of them sit in hidden elements, and their repeat groups."""
    segs = model_segments(text, markdown=False)[0]
    D = dom.compute(text, segs, blocks, m.tokens)
    X, group = features.compute_with_repeats(text, segs, m.lexicon)
    return segs, np.hstack([X, D]), dom.hidden_rows(D), group


def _segments(text: str, segs: np.ndarray, p: np.ndarray, lab: np.ndarray, keep) -> list[Segment]:
    keepset = frozenset(keep)
    labels = [LABELS[i] for i in lab.tolist()]
    return [Segment(int(s), int(e), text[s:e], la, float(sc), la in keepset)
            for (s, e, _), la, sc in zip(segs.tolist(), labels, p.tolist())]


def _nonbody(q: np.ndarray) -> np.ndarray:
    """The most likely class other than body, per row of class probabilities."""
    nonbody = q.copy()
    nonbody[:, _BODY] = -1.0
    return nonbody.argmax(axis=1)


def decide_labels(p: np.ndarray, q: np.ndarray, t: np.ndarray, threshold: float) -> np.ndarray:
    """Label index per segment: body when P(body) >= threshold (title instead when the
    title model says P(title) > TITLE_THRESHOLD), else the most likely non-body class.

    Training applies this to its validation predictions (every model on every row);
    prediction gets the same answer from predict_labels, which runs each model only on
    the rows whose label it can decide.
    """
    if len(p) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.where(p >= threshold, np.where(t > TITLE_THRESHOLD, _TITLE, _BODY), _nonbody(q))


def share_repeats(p: np.ndarray, group: np.ndarray | None) -> np.ndarray:
    """P(body) averaged over each repeat group (features.compute_with_repeats; -1 for none).

    The same text twice is one kind of text twice (the labelling guide: a body passage
    repeated is body both times, a title repeated is title), but the two copies sit in
    different contexts and the model may keep one and drop the other; averaging lets the
    doubtful copy borrow the other's evidence and gives the group one decision."""
    if group is None or len(p) == 0:
        return p
    rep = group >= 0
    if not rep.any():
        return p
    _, inv = np.unique(group[rep], return_inverse=True)
    out = p.copy()
    out[rep] = (np.bincount(inv, weights=p[rep]) / np.bincount(inv))[inv]
    return out


def predict_labels(m: model_mod.Model, X: np.ndarray, threshold: float,
                   group: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(P(body), label index) per row: the title model on the rows the body model keeps,
    the class model on the others; P(body) shared within repeat groups (share_repeats)."""
    p = share_repeats(m.predict_body(X), group)
    lab = np.empty(len(p), dtype=np.int64)
    keep = p >= threshold
    if keep.any():
        lab[keep] = np.where(m.predict_title(X[keep]) > TITLE_THRESHOLD, _TITLE, _BODY)
    if not keep.all():
        lab[~keep] = _nonbody(m.predict_classes(X[~keep]))
    return p, lab


def body_mask(m: model_mod.Model, X: np.ndarray, threshold: float, group: np.ndarray | None = None) -> np.ndarray:
    """Which rows predict_labels would label body, without running the class model."""
    mask = share_repeats(m.predict_body(X), group) >= threshold
    if mask.any():
        mask[mask] = ~(m.predict_title(X[mask]) > TITLE_THRESHOLD)
    return mask


def _check_threshold(threshold) -> float:
    if isinstance(threshold, bool):  # True would pass as 1.0
        raise ValueError(f"threshold must be a number between 0 and 1, not {threshold!r}")
    try:
        thr = float(threshold)
    except (TypeError, ValueError):
        raise ValueError(f"threshold must be a number between 0 and 1, not {threshold!r}") from None
    if not 0.0 <= thr <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, not {thr}")
    return thr


def join_kept(text: str, spans, dedup: bool = True, markdown: bool = True) -> str:
    """Kept segments in order, one input line per output line; `spans` holds
    (start, end, keep) for every segment in order (Segment objects unpack to more, so
    callers pass tuples).

    Pieces of one input line keep the characters that separated them in the input
    (a space, or nothing where a dump glued two blocks), so the output is always
    input text. With dedup, a passage of 20+ characters that was already emitted
    (same text after case and punctuation folding) is emitted only once. With markdown
    (text mode), a passage is compared by what a reader sees: its Markdown links' words,
    not their targets, so one passage shown twice with other links is emitted once.
    """
    lines: list[list[str]] = []  # the pieces of each output line (joined once: += on a
    seen: set[str] = set()          # long line would copy it for every piece)
    prev_end = None
    for start, end, keep in spans:
        if not keep:
            prev_end = None
            continue
        piece = text[start:end]
        if dedup:
            seen_piece = piece
            if markdown and "](" in piece:
                view = reader_view(piece)
                if view is not None:
                    seen_piece = view.text
            key = _NORM.sub("", seen_piece.lower())
            if len(key) >= 20:
                if key in seen:
                    prev_end = None
                    continue
                seen.add(key)
        gap = text[prev_end:start] if prev_end is not None else "\n"
        if lines and not _BREAK.search(gap):
            lines[-1] += (gap, piece)
        else:
            lines.append([piece])
        prev_end = end
    return "\n".join("".join(parts) for parts in lines)


_WORKER: dict[str, Detector] = {}


def _classify_in_worker(path: str, text: str, kw: dict) -> list[Segment]:
    det = _WORKER.get(path)
    if det is None:
        det = _WORKER[path] = Detector(model_mod.load(path))
    return det.classify(text, **kw)


_DEFAULT: Detector | None = None
_LOCK = threading.Lock()


def load(path=None) -> Detector:
    """The bundled default model when path is None, else a model directory from training."""
    return Detector(model_mod.load(path))


def default() -> Detector:
    global _DEFAULT
    with _LOCK:
        if _DEFAULT is None:
            _DEFAULT = load()
        return _DEFAULT


def clean(text: str, **kw) -> str:
    return default().clean(text, **kw)


def clean_html(html: str | bytes, **kw) -> str:
    return default().clean_html(html, **kw)
