import json
import shutil

import pytest

import boilerkit
from boilerkit import model as model_mod


@pytest.fixture()
def model_copy(tmp_path):
    src = model_mod.default_model_dir()
    dst = tmp_path / "m"
    shutil.copytree(src, dst)
    return dst


def edit_meta(path, **changes):
    meta = json.loads((path / "meta.json").read_text())
    meta.update(changes)
    (path / "meta.json").write_text(json.dumps(meta))


def test_default_model_loads_with_version_and_path():
    det = boilerkit.load()
    assert det.path.is_dir() and (det.path / "meta.json").is_file()
    assert det.version and det.version != "unknown"
    assert 0.0 < det.threshold < 1.0


def test_load_from_explicit_directory_or_meta_file(model_copy):
    assert boilerkit.load(model_copy).path == model_copy
    assert boilerkit.load(model_copy / "meta.json").path == model_copy


def test_feature_schema_mismatch_names_both_versions(model_copy):
    edit_meta(model_copy, schema_version=999, boilerkit_version="9.9.9")
    with pytest.raises(boilerkit.ModelError, match=r"schema 999.*9\.9\.9.*" + boilerkit.__version__):
        boilerkit.load(model_copy)


def test_feature_names_mismatch(model_copy):
    meta = json.loads((model_copy / "meta.json").read_text())
    edit_meta(model_copy, feature_names=meta["feature_names"][:-1])
    with pytest.raises(boilerkit.ModelError, match="does not match"):
        boilerkit.load(model_copy)


def test_newer_format_version_is_refused(model_copy):
    edit_meta(model_copy, format_version=model_mod.FORMAT_VERSION + 1)
    with pytest.raises(boilerkit.ModelError, match="format version"):
        boilerkit.load(model_copy)


def test_truncated_or_tampered_model_file(model_copy):
    body = model_copy / "body.txt"
    body.write_bytes(body.read_bytes()[:1000])
    with pytest.raises(boilerkit.ModelError, match="SHA-256"):
        boilerkit.load(model_copy)


def test_foreign_or_broken_metadata(model_copy, tmp_path):
    (model_copy / "meta.json").write_text("{not json")
    with pytest.raises(boilerkit.ModelError, match="not valid JSON"):
        boilerkit.load(model_copy)
    (model_copy / "meta.json").write_text(json.dumps({"format": "something-else"}))
    with pytest.raises(boilerkit.ModelError, match="not a boilerkit model"):
        boilerkit.load(model_copy)
    with pytest.raises(boilerkit.ModelError, match="no such model directory"):
        boilerkit.load(tmp_path / "missing")
    stray = tmp_path / "notes.txt"
    stray.write_text("not a model")
    with pytest.raises(boilerkit.ModelError, match="not a model directory"):
        boilerkit.load(stray)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(boilerkit.ModelError, match="no meta.json"):
        boilerkit.load(empty)


def test_errors_share_a_base_class():
    assert issubclass(boilerkit.ModelError, boilerkit.BoilerkitError)
    assert issubclass(boilerkit.InputError, boilerkit.BoilerkitError)


def test_lexicon_must_be_a_plain_float_array(model_copy):
    import hashlib

    import numpy as np

    np.save(model_copy / "lexicon.npy", np.zeros(10, dtype=np.float32))
    data = (model_copy / "lexicon.npy").read_bytes()
    meta = json.loads((model_copy / "meta.json").read_text())
    meta["sha256"]["lexicon.npy"] = hashlib.sha256(data).hexdigest()
    (model_copy / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(boilerkit.ModelError, match="float32 weights"):
        boilerkit.load(model_copy)


def test_html_model_ships_beside_the_text_model_and_checks_its_schema(tmp_path):
    det = boilerkit.load()
    assert det.html_model is not None and det.html_model.kind == "html"
    dst = tmp_path / "h"
    shutil.copytree(det.path / "html", dst)
    edit_meta(dst, dom_schema_version=999)
    with pytest.raises(boilerkit.ModelError, match="DOM schema 999"):
        model_mod.load(dst)
    shutil.rmtree(dst)
    shutil.copytree(det.path / "html", dst)
    edit_meta(dst, kind="video")
    with pytest.raises(boilerkit.ModelError, match="unknown model kind"):
        model_mod.load(dst)
    shutil.rmtree(dst)
    shutil.copytree(det.path / "html", dst)
    (dst / "domtokens.npy").write_bytes(b"\x93NUMPY not really")
    with pytest.raises(boilerkit.ModelError, match="SHA-256"):
        model_mod.load(dst)


def test_missing_title_model_is_refused(model_copy):
    (model_copy / "title.txt").unlink()
    with pytest.raises(boilerkit.ModelError, match="title.txt: cannot read"):
        boilerkit.load(model_copy)
