import json

from boilerkit.labels import LABELS
from training.ablation import write_table


def _metrics(threshold, cv, at45, hand45):
    return {
        "threshold": threshold,
        "grouped_cv": {"overall": {"model": {"chars": {"f1": cv}}}},
        "grouped_cv_f1_by_threshold": {"0.45": {"overall": at45, "hand": hand45}},
        "seeds_oof": {"binary": {"overall": {"model": {"chars": {"f1": 0.5}}}}},
        "grouped_cv_hand_classes": {c: {"chars": {"f1": 0.25}} for c in LABELS},
    }


def test_rows_give_the_fixed_threshold_beside_the_runs_own_choice(tmp_path):
    for group, m in {"none": _metrics(0.40, 0.913, 0.912, 0.934), "runs": _metrics(0.50, 0.905, 0.899, 0.921)}.items():
        (tmp_path / group).mkdir()
        (tmp_path / group / "metrics.json").write_text(json.dumps(m))
    table = write_table(tmp_path, 150, ["none", "runs", "lexical"])  # lexical never ran: left out
    rows = table.splitlines()
    assert len(rows) == 4
    assert rows[2].startswith("| all features | 0.40 | 0.913 | 0.912 | 0.934 | 0.500 |")
    assert rows[3].startswith("| without runs | 0.50 | 0.905 | 0.899 | 0.921 |")
    summary = json.loads((tmp_path / "ablation.json").read_text())
    assert set(summary) == {"none", "runs"} and summary["runs"]["hand_f1_at_0.45"] == 0.921
    assert "at 0.45" in (tmp_path / "ablation.md").read_text()


def test_ablated_columns_are_exactly_the_groups_features():
    from boilerkit.features import FEATURE_NAMES, GROUPS
    from training.train import kept_columns

    cols = kept_columns(["repetition", "line"])
    kept = [FEATURE_NAMES[i] for i in cols]
    assert kept == [n for n in FEATURE_NAMES if n not in GROUPS["repetition"] and n not in GROUPS["line"]]
    assert len(kept) == len(FEATURE_NAMES) - len(GROUPS["repetition"]) - len(GROUPS["line"]) > 0
    assert kept_columns([]).tolist() == list(range(len(FEATURE_NAMES)))
