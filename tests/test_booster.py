import hashlib
import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

import boilerkit
from boilerkit import booster, model as model_mod


def _inputs(n_features: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    X = (rng.normal(size=(2000, n_features)) * 3).astype(np.float32)
    X[rng.random(X.shape) < 0.05] = np.nan  # missing values take the trees' default branch
    return X


@pytest.mark.parametrize("kind,role", [("text", "body"), ("text", "classes"), ("text", "title"),
                                       ("html", "body")])
def test_scores_equal_the_lightgbm_package(kind, role):
    lgb = pytest.importorskip("lightgbm")
    path = model_mod.default_model_dir() / ("html" if kind == "html" else "")
    ours = getattr(model_mod.load(path), role)
    theirs = lgb.Booster(model_str=(path / model_mod.FILES[role]).read_text(encoding="utf-8"))
    X = _inputs(len(model_mod.feature_names(kind)))
    for dtype in (np.float32, np.float64):
        _assert_same_scores(ours, theirs, X.astype(dtype))
    assert ours.feature_name() == theirs.feature_name()
    assert (ours._block is not None) == (role != "title")  # the title model is small: one call


def _assert_same_scores(ours, theirs, X):
    """Blocks of trees add up in another order than LightGBM: equal to 1e-12. Batches too
    small for blocks take LightGBM's single call: equal to the bit."""
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X).ravel(), rtol=0, atol=1e-12)
    small = X[: booster._BLOCK_MIN_ROWS - 1]
    np.testing.assert_array_equal(ours.predict(small), theirs.predict(small).ravel())


@pytest.mark.parametrize("params", [{"objective": "binary", "sigmoid": 0.7},
                                    {"objective": "multiclass", "num_class": 3},
                                    {"objective": "regression"}])
def test_other_objectives_and_link_parameters(params):
    # scaled sigmoid and softmax are applied by us after the blocks; other objectives
    # (no link we reproduce) fall back to LightGBM's single call
    lgb = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(3)
    X = rng.normal(size=(3000, 6))
    y = (X[:, 0] + X[:, 1] * X[:, 2] > 0).astype(int) + (X[:, 3] > 1) * (params["objective"] != "binary")
    trained = lgb.train({**params, "num_leaves": 63, "min_data_in_leaf": 5, "verbose": -1, "seed": 1},
                        lgb.Dataset(X, y.astype(float)), num_boost_round=120)
    model_str = trained.model_to_string()
    ours = booster.Booster(model_str)
    assert (ours._block is None) == (params["objective"] == "regression")
    _assert_same_scores(ours, lgb.Booster(model_str=model_str), rng.normal(size=(500, 6)))


def test_the_package_is_not_imported_to_load_a_model_and_clean():
    # importing lightgbm imports SciPy (and scikit-learn where installed): seconds per command
    code = ("import sys, boilerkit; boilerkit.load().clean('A sentence of text here. Another one.\\nMenu\\n'); "
            "print(sorted(m for m in ('lightgbm', 'scipy', 'sklearn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_fallback_to_the_packages_library_gives_the_same_scores(monkeypatch):
    pytest.importorskip("lightgbm")
    path = model_mod.default_model_dir()
    X = _inputs(len(model_mod.feature_names("text")), seed=1)
    expected = model_mod.load(path).body.predict(X)
    monkeypatch.setattr(booster, "_library_file", lambda: None)
    booster.library.cache_clear()
    try:
        assert booster.library() is not None
        np.testing.assert_array_equal(model_mod.load(path).body.predict(X), expected)  # same library, same sums
    finally:
        booster.library.cache_clear()


def test_wrong_shape_and_empty_input():
    body = model_mod.load().body
    with pytest.raises(ValueError, match="columns"):
        body.predict(np.zeros((3, 5), dtype=np.float32))
    with pytest.raises(ValueError, match="columns"):
        body.predict(np.zeros(87, dtype=np.float32))
    assert body.predict(np.zeros((0, body.num_feature), dtype=np.float32)).shape == (0,)


def test_a_model_file_lightgbm_cannot_parse_is_a_model_error(tmp_path):
    dst = tmp_path / "m"
    shutil.copytree(model_mod.default_model_dir(), dst, ignore=shutil.ignore_patterns("html"))
    data = b"tree\nversion=v4\nnum_class=1\nTree=0\nthis is not a tree\n"
    (dst / "title.txt").write_bytes(data)
    meta = json.loads((dst / "meta.json").read_text())
    meta["sha256"]["title.txt"] = hashlib.sha256(data).hexdigest()
    (dst / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(boilerkit.ModelError, match="LightGBM cannot parse it"):
        boilerkit.load(dst)


def test_threads_predicting_at_once_get_the_sequential_answers():
    # ctypes releases the GIL in LightGBM's predict: the Detector's thread-safety claim is real
    from concurrent.futures import ThreadPoolExecutor

    det = boilerkit.load()
    docs = [f"Headline {i}\nThe council met on day {i} to discuss the harbour plan, which residents "
            f"have debated for years.\nRead more »\n" * (1 + i % 7) for i in range(40)]
    expected = [det.classify(d) for d in docs]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(det.classify, docs * 3))
    assert got == expected * 3
