import numpy as np

from training import metrics


def test_threshold_counts_every_dataset_the_same():
    # A large dataset whose few body lines scored 0.32 prefers a low threshold; a small one
    # whose junk also scored 0.32 needs a higher one (scores off the 0.05 grid). Pooled characters follow the large set;
    # the per-dataset mean gives the small set an equal say.
    truth = np.array([1] * 95 + [1] * 5 + [0] * 100 + [1, 0], dtype=bool)
    score = np.array([0.9] * 95 + [0.32] * 5 + [0.1] * 100 + [0.9, 0.32])
    chars = np.array([100.0] * 200 + [50.0, 50.0])
    groups = np.array(["large"] * 200 + ["small"] * 2)
    assert metrics.best_threshold(truth, score, chars) <= 0.3
    assert metrics.best_threshold(truth, score, chars, groups) == 0.35


def test_binary_scores_by_segment_and_character():
    r = metrics.binary(np.array([1, 1, 0], bool), np.array([1, 0, 1], bool), np.array([10.0, 30.0, 10.0]))
    assert r["segments"]["precision"] == 0.5 and r["segments"]["recall"] == 0.5
    assert r["chars"]["precision"] == 0.5 and r["chars"]["recall"] == 0.25


def test_threshold_weights_move_it_between_equal_and_pooled():
    # the same two sets: with the large set weighted 100:1 its preference wins, as pooled
    truth = np.array([1] * 95 + [1] * 5 + [0] * 100 + [1, 0], dtype=bool)
    score = np.array([0.9] * 95 + [0.32] * 5 + [0.1] * 100 + [0.9, 0.32])
    chars = np.array([100.0] * 200 + [50.0, 50.0])
    groups = np.array(["large"] * 200 + ["small"] * 2)
    assert metrics.best_threshold(truth, score, chars, groups, {"large": 1, "small": 1}) == 0.35
    assert metrics.best_threshold(truth, score, chars, groups, {"large": 100, "small": 1}) <= 0.3
