"""The title model's training rows and the report's clean() line."""

from types import SimpleNamespace

import numpy as np

from boilerkit.labels import LABELS
from training.dataset import Table
from training.train import evaluate_rows, title_rows

BODY, TITLE = LABELS.index("body"), LABELS.index("title")
BOILER = len(LABELS)  # the corpora's "boilerplate": not body, class unknown


def _table():
    y = np.array([BODY, TITLE, BODY, BOILER, BODY, -1], dtype=np.int16)
    hint = np.array([False, False, True, True, False, True])
    n = len(y)
    return Table(np.arange(n, dtype=np.float32)[:, None], y, np.zeros(n, np.int32), np.full(n, 10.0),
                 np.full(n, 2.0), {}, hint)


def test_without_markup_weight_the_taxonomy_labels_alone_teach_titles():
    t = _table()
    use, target, weight = title_rows(t, t.y >= 0, 0.0)
    assert use.tolist() == [True, True, True, False, True, False]
    assert target.tolist() == [0, 1, 0, 0]
    assert weight.tolist() == [2.0] * 4


def test_markup_headlines_are_titles_with_their_own_weight_and_unknown_rows_stay_out():
    t = _table()
    use, target, weight = title_rows(t, t.y >= 0, 0.5)
    assert use.tolist() == [True, True, True, True, True, False]
    assert target.tolist() == [0, 1, 1, 1, 0]
    assert weight.tolist() == [2.0, 2.0, 1.0, 1.0, 2.0]
    rows = np.array([True, True, False, True, True, False])  # e.g. a validation fold held out
    use, target, _ = title_rows(t, rows, 0.5)
    assert use.tolist() == [True, True, False, True, True, False] and target.tolist() == [0, 1, 1, 0]


def test_the_clean_line_drops_what_the_title_model_calls_a_headline():
    t = _table()
    mask = t.y >= 0
    p = np.array([0.9, 0.9, 0.9, 0.1, 0.2, 0.0])
    title = np.array([0.0, 0.9, 0.0, 0.0, 0.9, 0.0])
    out = evaluate_rows(t, mask, p, 0.5, title)
    # body rows 0, 2, 4; kept by P(body): 0, 1, 2; clean() also drops the headline (row 1)
    assert out["model"]["chars"]["precision"] == round(2 / 3, 4) and out["clean"]["chars"]["precision"] == 1.0
    assert out["clean"]["chars"]["recall"] == out["model"]["chars"]["recall"] == round(2 / 3, 4)
    assert "clean" not in evaluate_rows(t, mask, p, 0.5)
