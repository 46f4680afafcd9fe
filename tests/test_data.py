"""Data-backed tests: they need ../shared (or $BOILERKIT_SHARED) and are skipped without it."""

import json

import pytest

from conftest import REPO, needs_shared

pytestmark = [needs_shared, pytest.mark.data]


def test_every_label_file_matches_its_source():
    from training import labelfile

    files = labelfile.all_files()
    assert len([f for f in files if f.parent.name == "seeds"]) == 5
    assert len([f for f in files if f.parent.name == "hand"]) >= 40
    for path in files:
        labelfile.load_checked(path)  # raises LabelMismatch on any drift


def test_a_shifted_label_file_fails_loudly(tmp_path):
    from training import labelfile

    src = sorted(labelfile.all_files())[0]
    lines = src.read_text(encoding="utf-8").splitlines()
    i = next(k for k, line in enumerate(lines) if line[:1].isdigit())
    s, e, lab, h = lines[i].split("\t")
    lines[i] = "\t".join([str(int(s) + 1), e, lab, h])
    bad = tmp_path / src.name
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(labelfile.LabelMismatch, match="hash mismatch|no label"):
        labelfile.load_checked(bad)


@pytest.fixture(scope="module")
def quick_runs(tmp_path_factory):
    """Two quick training runs with identical inputs (the first also scores the seeds
    leave-one-out, which does not touch the final model)."""
    from training import train

    outs = []
    for k in range(2):
        d = tmp_path_factory.mktemp(f"quick{k}")
        args = ["--quick", "--out", str(d / "model"), "--report", str(d / "report")]
        if not k:
            args.append("--seed-loo")
        assert train.main(args) == 0
        outs.append(d)
    return outs


def test_quick_training_gives_a_loadable_model_and_a_report(quick_runs):
    import boilerkit

    d = quick_runs[0]
    det = boilerkit.load(d / "model")
    assert det.classify("A sentence of body text that is long enough to matter here.")
    for name in ("metrics.json", "report.md", "pr.png", "confusion.png"):
        assert (d / "report" / name).is_file(), name
    metrics = json.loads((d / "report" / "metrics.json").read_text())
    assert {"grouped_cv", "seeds_oof", "seeds_loo", "label_noise", "grouped_cv_hand_classes"} <= set(metrics)
    # the F1-by-threshold table agrees with the figures at the threshold the run chose
    by_thr = metrics["grouped_cv_f1_by_threshold"][f"{metrics['threshold']:.2f}"]
    for name, figures in metrics["grouped_cv"].items():
        assert by_thr[name] == figures["model"]["chars"]["f1"], name


def test_training_is_byte_identical(quick_runs):
    a, b = (d / "model" for d in quick_runs)
    for name in ("body.txt", "classes.txt", "title.txt"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_quick_run_reports_held_out_seeds_with_baselines(quick_runs):
    metrics = json.loads((quick_runs[0] / "report" / "metrics.json").read_text())
    for key in ("seeds_oof", "seeds_loo"):  # out of fold by default, leave-one-out on request
        seeds = metrics[key]["binary"]
        assert set(seeds["overall"]) >= {"model", "c4", "justext", "keep_all"}
        n = seeds["overall"]["model"]["n_segments"]
        assert n == seeds["overall"]["c4"]["n_segments"] > 0  # same folds, same segments
        assert sum(v["model"]["n_segments"] for k, v in seeds.items() if k != "overall") == n
    assert "seeds_loo" not in json.loads((quick_runs[1] / "report" / "metrics.json").read_text())


@pytest.mark.parametrize("held_out", ["seeds_oof", "seeds_loo"])
def test_shipped_model_held_out_seeds_beat_c4(held_out):
    # the figures the full training run (with --seed-loo) recorded in the shipped model's
    # metadata: out of fold and leave-one-seed-out, on the same segments as the C4 rule
    seeds = json.loads((REPO / "models" / "default" / "meta.json").read_text())["metrics"][held_out]
    assert seeds["model"]["chars"]["f1"] > seeds["c4"]["chars"]["f1"], seeds


def test_shipped_model_comes_from_the_training_script():
    meta = json.loads((REPO / "models" / "default" / "meta.json").read_text())
    assert meta["training"]["command"].startswith("python -m training.train")
    assert meta["training"]["quick"] is False


def test_quick_html_training_gives_an_html_model(tmp_path):
    from boilerkit import model as model_mod
    from boilerkit.detector import Detector
    from training import train_html

    out = tmp_path / "m" / "html"
    argv = ["--quick", "--jobs", "1", "--out", str(out), "--report", str(tmp_path / "r")]
    assert train_html.main(argv) == 0
    m = model_mod.load(out)
    assert m.kind == "html" and m.tokens is not None
    digest = m.meta["training"]["data_digest"]  # a retrained HTML model gets its own version
    assert len(digest) == 64 and m.version.endswith(f"+html.{digest[:10]}")
    assert train_html.html_digest(train_html.parser().parse_args(argv)) == digest  # recomputable from the command
    metrics = json.loads((tmp_path / "r" / "metrics.json").read_text())
    assert "text_features_only" in metrics["grouped_cv"]["overall"]
    det = Detector(model_mod.load(), html_model=m)
    page = "<html><body><p>A sentence of body text that is long enough to matter here.</p></body></html>"
    assert [s.text for s in det.classify_html(page)] == ["A sentence of body text that is long enough to matter here."]


def test_shipped_html_model_comes_from_its_training_script():
    meta = json.loads((REPO / "models" / "default" / "html" / "meta.json").read_text())
    assert meta["kind"] == "html" and meta["training"]["command"].startswith("python -m training.train_html")
    assert meta["model_version"].endswith("+html." + meta["training"]["data_digest"][:10])
