"""LightGBM prediction through LightGBM's own C library, without importing its Python package.

`import lightgbm` imports SciPy and, where it is installed, scikit-learn: 0.6 s to 2.5 s
on this project's machines, ten times what loading a boilerkit model takes, paid by every
`boilerkit` command. Prediction needs a handful of functions of lib_lightgbm, the
library that the lightgbm package ships and loads; this module loads the same file and
calls them with ctypes, the way the package does. If the library is not where the package
keeps it, the package is imported and its already-loaded library used instead.

LightGBM walks every tree for one row before the next row; for a model whose nodes do not
fit the processor's nearest caches, that reloads them row after row. On batches of rows,
`predict` therefore asks for the raw scores of a few dozen trees at a time, adds them up and
applies the objective's link (sigmoid or softmax) itself: 1.35x to 1.7x faster on the
shipped body and class models (see docs/experiments.md). The sum is taken in a different
order, so scores differ from the package's in the last bits (under 1e-12, tested); small
batches and unknown objectives take the single call, whose scores are the package's to
the bit.
"""

from __future__ import annotations

import ctypes
import importlib.util
import platform
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

_LIB_NAMES = {"Windows": "lib_lightgbm.dll", "Darwin": "lib_lightgbm.dylib"}
_FLOAT32, _FLOAT64 = 0, 1  # C_API_DTYPE_*
_ROW_MAJOR = 1
_PREDICT_NORMAL, _PREDICT_RAW = 0, 1
_BLOCK_NODES = 2560  # split nodes per call when predicting by blocks of trees (measured)
_BLOCK_MIN_ROWS = 64  # below this, a call's fixed cost (~20 us) outweighs the cache gain


class LightGBMError(RuntimeError):
    """The C library refused a call; the message is LightGBM's."""


def _library_file() -> Path | None:
    """Where the lightgbm package keeps lib_lightgbm (the places its libpath.py searches)."""
    spec = importlib.util.find_spec("lightgbm")
    if spec is None or not spec.submodule_search_locations:
        return None
    pkg = Path(next(iter(spec.submodule_search_locations)))
    name = _LIB_NAMES.get(platform.system(), "lib_lightgbm.so")
    for folder in (pkg.parent, pkg / "bin", pkg / "lib"):
        if (folder / name).is_file():
            return folder / name
    return None


@lru_cache(maxsize=1)
def library() -> ctypes.CDLL:
    path = _library_file()
    if path is not None:
        lib = ctypes.cdll.LoadLibrary(str(path))
    else:  # an unusual layout: let the package find its library
        from lightgbm.basic import _LIB as lib
    lib.LGBM_GetLastError.restype = ctypes.c_char_p
    return lib


def _check(ret: int) -> None:
    if ret != 0:
        raise LightGBMError(library().LGBM_GetLastError().decode("utf-8", "replace"))


class Booster:
    """A LightGBM model parsed from its text form; predicts like lightgbm.Booster.predict."""

    def __init__(self, model_str: str):
        self._lib = lib = library()  # kept: __del__ may run after module teardown
        self._handle = ctypes.c_void_p()
        iterations = ctypes.c_int()
        _check(lib.LGBM_BoosterLoadModelFromString(model_str.encode("utf-8"), ctypes.byref(iterations),
                                                    ctypes.byref(self._handle)))
        out = ctypes.c_int()
        _check(lib.LGBM_BoosterGetNumClasses(self._handle, ctypes.byref(out)))
        self.num_class = out.value
        _check(lib.LGBM_BoosterGetNumFeature(self._handle, ctypes.byref(out)))
        self.num_feature = out.value
        self._names = _header_feature_names(model_str)
        self._link, self._block = _blocking(model_str, iterations.value)

    def feature_name(self) -> list[str]:
        return list(self._names)

    def predict(self, X: np.ndarray, num_threads: int = 1) -> np.ndarray:
        """Probabilities: shape (n,) for a binary model, (n * num_class,) row-major otherwise."""
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != self.num_feature:
            raise ValueError(f"expected a 2-D array of {self.num_feature} columns, got shape {X.shape}")
        if X.dtype == np.float32:
            X, dtype = np.ascontiguousarray(X), _FLOAT32
        else:
            X, dtype = np.ascontiguousarray(X, dtype=np.float64), _FLOAT64
        n = X.shape[0]
        if n == 0:
            return np.zeros(0)
        params = f"num_threads={int(num_threads)}".encode()
        if self._block is None or n < _BLOCK_MIN_ROWS:
            return self._call(X, dtype, params, _PREDICT_NORMAL, 0, -1)
        total, per = self._block
        raw = self._call(X, dtype, params, _PREDICT_RAW, 0, per)
        for first in range(per, total, per):
            raw += self._call(X, dtype, params, _PREDICT_RAW, first, per)
        return self._link(raw)

    def _call(self, X, dtype, params, kind, start, count) -> np.ndarray:
        n = X.shape[0]
        out = np.empty(n * self.num_class, dtype=np.float64)
        out_len = ctypes.c_int64()
        _check(self._lib.LGBM_BoosterPredictForMat(
            self._handle, X.ctypes.data_as(ctypes.c_void_p), ctypes.c_int(dtype), ctypes.c_int32(n),
            ctypes.c_int32(X.shape[1]), ctypes.c_int(_ROW_MAJOR), ctypes.c_int(kind),
            ctypes.c_int(start), ctypes.c_int(count), params,
            ctypes.byref(out_len), out.ctypes.data_as(ctypes.POINTER(ctypes.c_double))))
        if out_len.value != len(out):
            raise LightGBMError(f"LightGBM returned {out_len.value} scores for {n} rows")
        return out

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle is not None and handle.value:
            self._lib.LGBM_BoosterFree(handle)
            self._handle = None


def _blocking(model_str: str, iterations: int):
    """(link function, (iterations, iterations per block)) when predicting by blocks of
    trees pays and the objective's link is one we apply exactly as LightGBM does; else
    (None, None)."""
    head = _header(model_str)
    objective = next((ln.split("=", 1)[1].split() for ln in head.splitlines() if ln.startswith("objective=")), [])
    if not objective or "average_output" in head.splitlines():
        return None, None
    args = dict(a.split(":", 1) for a in objective[1:] if ":" in a)
    try:
        if objective[0] == "binary":
            scale = float(args.get("sigmoid", 1.0))
            link = lambda raw: 1.0 / (1.0 + np.exp(-scale * raw))  # noqa: E731
        elif objective[0] == "multiclass":
            k = int(args["num_class"])
            link = lambda raw: _softmax(raw.reshape(-1, k)).ravel()  # noqa: E731
        else:
            return None, None
    except (KeyError, ValueError):
        return None, None
    leaves = [int(x) for x in re.findall(r"^num_leaves=(\d+)$", model_str, flags=re.M)]
    if iterations <= 0 or not leaves:
        return None, None
    nodes_per_iteration = max(1.0, (sum(leaves) - len(leaves)) / iterations)
    per_block = max(1, int(_BLOCK_NODES // nodes_per_iteration))
    if per_block >= iterations:
        return None, None
    return link, (iterations, per_block)


def _softmax(raw: np.ndarray) -> np.ndarray:
    e = np.exp(raw - raw.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _header(model_str: str) -> str:
    """The model's header: the part before the first tree."""
    return model_str[: model_str.find("\nTree=")] if "\nTree=" in model_str else model_str


def _header_feature_names(model_str: str) -> list[str]:
    """The feature_names line of the model's header."""
    for line in _header(model_str).splitlines():
        if line.startswith("feature_names="):
            return line[len("feature_names="):].split(" ")
    return []
