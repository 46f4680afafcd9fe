"""The model artifact: LightGBM text models plus JSON metadata, never pickle.

A model directory holds:
- ``meta.json``: format and feature-schema versions, label list, threshold,
  file digests, training-data digest and validation metrics;
- ``body.txt``: binary LightGBM model, P(body) for each segment;
- ``classes.txt``: multi-class LightGBM model over the taxonomy, which names
  what a non-body segment is;
- ``title.txt``: binary LightGBM model, P(title): whether a segment the body model
  keeps is the article's headline. It is small, and it is all that body-only cleaning
  needs beside the body model (the class model runs only on segments that are not kept);
- ``lexicon.npy``: float32 weights of hashed character trigrams (the lexical
  features), a plain .npy array read with allow_pickle=False;
- HTML models (meta ``kind`` = "html", in the ``html/`` folder beside a text model) add
  ``domtokens.npy``, the weights of hashed class/id tokens (boilerkit.dom), and take the
  DOM features after the text features.

Loading checks the format version, the feature schema and each file's SHA-256
before LightGBM parses anything, and reads nothing outside the given directory.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import features
from .errors import ModelError
from .labels import LABELS

FORMAT = "boilerkit-model"
FORMAT_VERSION = 2  # 2: title.txt added
META = "meta.json"
FILES = {"body": "body.txt", "classes": "classes.txt", "title": "title.txt", "lexicon": "lexicon.npy"}
HTML_FILES = {**FILES, "tokens": "domtokens.npy"}
KINDS = ("text", "html")


def feature_names(kind: str) -> list[str]:
    from . import dom

    return list(features.FEATURE_NAMES) + (list(dom.DOM_FEATURE_NAMES) if kind == "html" else [])


def default_model_dir() -> Path:
    """The model installed inside the package, or models/default in a source checkout."""
    here = Path(__file__).resolve().parent
    for cand in (here / "models" / "default", here.parent / "models" / "default"):
        if (cand / META).is_file():
            return cand
    raise ModelError(
        "no bundled model found (looked in boilerkit/models/default and models/default); "
        "reinstall boilerkit or pass a model path"
    )


@dataclass
class Model:
    path: Path
    meta: dict
    body: object  # boilerkit.booster.Booster (or a lightgbm.Booster: both predict alike)
    classes: object
    title: object
    lexicon: np.ndarray
    kind: str = "text"
    tokens: np.ndarray | None = None  # class/id token weights (HTML models)
    threshold: float = field(init=False)

    def __post_init__(self):
        self.threshold = float(self.meta.get("threshold", 0.5))

    @property
    def version(self) -> str:
        return str(self.meta.get("model_version", "unknown"))

    def predict(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(P(body), class probabilities in LABELS order, P(title)) for every row."""
        return self.predict_body(X), self.predict_classes(X), self.predict_title(X)

    def predict_body(self, X: np.ndarray) -> np.ndarray:
        if len(X) == 0:
            return np.zeros(0)
        return np.asarray(self.body.predict(X, num_threads=1), dtype=np.float64)

    def predict_title(self, X: np.ndarray) -> np.ndarray:
        if len(X) == 0:
            return np.zeros(0)
        return np.asarray(self.title.predict(X, num_threads=1), dtype=np.float64)

    def predict_classes(self, X: np.ndarray) -> np.ndarray:
        if len(X) == 0:
            return np.zeros((0, len(LABELS)))
        return np.asarray(self.classes.predict(X, num_threads=1), dtype=np.float64).reshape(len(X), -1)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_meta(path: Path) -> dict:
    meta_path = path / META
    try:
        raw = meta_path.read_bytes()
    except FileNotFoundError:
        raise ModelError(f"{path}: not a boilerkit model directory (no {META})") from None
    except OSError as exc:
        raise ModelError(f"{meta_path}: cannot read: {exc.strerror or exc}") from None
    try:
        meta = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{meta_path}: not valid JSON metadata ({exc})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelError(f"{meta_path}: not a boilerkit model (format field is not {FORMAT!r})")
    return meta


def check_compatible(meta: dict, where: Path) -> None:
    """Raise ModelError unless the artifact was written for this code's format and features."""
    from . import __version__

    fv = meta.get("format_version")
    if fv != FORMAT_VERSION:
        raise ModelError(
            f"{where}: model format version {fv} (written by boilerkit {meta.get('boilerkit_version')}) "
            f"but this boilerkit {__version__} reads format version {FORMAT_VERSION}"
        )
    kind = meta.get("kind", "text")
    if kind not in KINDS:
        raise ModelError(f"{where}: unknown model kind {kind!r} (this boilerkit reads {', '.join(KINDS)})")
    sv = meta.get("schema_version")
    names = meta.get("feature_names")
    if kind == "html":
        from . import dom

        if meta.get("dom_schema_version") != dom.DOM_SCHEMA_VERSION:
            raise ModelError(f"{where}: HTML model DOM schema {meta.get('dom_schema_version')} does not "
                             f"match this boilerkit's {dom.DOM_SCHEMA_VERSION}; retrain it")
    if sv != features.SCHEMA_VERSION or names != feature_names(kind):
        raise ModelError(
            f"{where}: model feature schema {sv} ({len(names or [])} features, boilerkit "
            f"{meta.get('boilerkit_version')}) does not match this boilerkit {__version__}'s schema "
            f"{features.SCHEMA_VERSION} ({len(features.FEATURE_NAMES)} features); retrain or "
            f"install the matching boilerkit"
        )
    if list(meta.get("labels", [])) != list(LABELS):
        raise ModelError(f"{where}: model labels {meta.get('labels')} differ from {list(LABELS)}")


def load(path: str | Path | None = None) -> Model:
    from .booster import Booster, LightGBMError

    if path is None:
        path = default_model_dir()
    path = Path(path)
    if path.is_file() and path.name == META:
        path = path.parent
    if not path.is_dir():
        what = "not a model directory (a model is the directory training writes)" if path.exists() \
            else "no such model directory"
        raise ModelError(f"{path}: {what}")
    meta = _read_meta(path)
    check_compatible(meta, path)
    kind = meta.get("kind", "text")
    files = HTML_FILES if kind == "html" else FILES
    boosters = {}
    digests = meta.get("sha256", {})
    raws = {}
    for role, name in files.items():
        fpath = path / name
        try:
            raw = fpath.read_bytes()
        except OSError as exc:
            raise ModelError(f"{fpath}: cannot read model file: {exc.strerror or exc}") from None
        if digests.get(name) != sha256(raw):
            raise ModelError(f"{fpath}: file does not match the SHA-256 recorded in {META} "
                             "(truncated or modified)")
        raws[role] = raw
    lexicon = _read_array(path / FILES["lexicon"], raws.pop("lexicon"), features.LEX_SIZE)
    tokens = None
    if kind == "html":
        from . import dom

        tokens = _read_array(path / HTML_FILES["tokens"], raws.pop("tokens"), dom.TOK_SIZE)
    for role, raw in raws.items():
        fpath = path / FILES[role]
        try:
            booster = Booster(raw.decode("utf-8"))
        except (UnicodeDecodeError, LightGBMError) as exc:
            raise ModelError(f"{fpath}: LightGBM cannot parse it: {exc}") from None
        if booster.feature_name() != feature_names(kind):
            raise ModelError(f"{fpath}: its feature names differ from the schema in {META}")
        boosters[role] = booster
    return Model(path=path, meta=meta, body=boosters["body"], classes=boosters["classes"],
                 title=boosters["title"], lexicon=lexicon, kind=kind, tokens=tokens)


def _read_array(fpath: Path, raw: bytes, size: int) -> np.ndarray:
    import io

    try:
        arr = np.load(io.BytesIO(raw), allow_pickle=False)
    except (ValueError, OSError) as exc:
        raise ModelError(f"{fpath}: not a plain .npy array ({exc})") from None
    if arr.dtype != np.float32 or arr.shape != (size,):
        raise ModelError(f"{fpath}: expected {size} float32 weights, found {arr.dtype} {arr.shape}")
    return arr


def save(path: str | Path, boosters, meta: dict, lexicon: np.ndarray,
         tokens: np.ndarray | None = None) -> Path:
    """Write an artifact; `meta` gets the format, schema, labels and file digests added.
    `boosters` is (body, classes, title); passing `tokens` (class/id token weights) makes
    it an HTML model."""
    import io

    from . import __version__

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    digests = {}

    def write_array(name: str, arr: np.ndarray) -> None:
        buf = io.BytesIO()
        np.save(buf, np.asarray(arr, dtype=np.float32), allow_pickle=False)
        (path / name).write_bytes(buf.getvalue())
        digests[name] = sha256(buf.getvalue())

    write_array(FILES["lexicon"], lexicon)
    extra: dict = {"kind": "text"}
    if tokens is not None:
        from . import dom

        write_array(HTML_FILES["tokens"], tokens)
        extra = {"kind": "html", **dom.schema(), "feature_names": feature_names("html")}
    for booster, role in zip(boosters, ("body", "classes", "title"), strict=True):
        name = FILES[role]
        text = booster.model_to_string(num_iteration=-1)
        data = text.encode("utf-8")
        (path / name).write_bytes(data)
        digests[name] = sha256(data)
    full = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "boilerkit_version": __version__,
        **features.schema(),
        "labels": list(LABELS),
        **extra,
        **meta,
        "sha256": digests,
    }
    (path / META).write_text(json.dumps(full, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    return path
