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


def test_hand_pages_carry_the_hand_share_of_the_threshold_choice():
    # the same preferences with the small set as the hand-labelled pages: by document count
    # (10,000 corpus pages against 4) the corpus wins; given 30% of the weight, the hand
    # pages win, and with no hand share they weigh by their own count again
    from training import train

    truth = np.array([1] * 95 + [1] * 5 + [0] * 100 + [1, 0], dtype=bool)
    score = np.array([0.9] * 95 + [0.32] * 5 + [0.1] * 100 + [0.9, 0.32])
    chars = np.array([100.0] * 200 + [50.0, 50.0])
    src = np.array(["wcxb"] * 200 + ["hand"] * 2)
    n_docs = {"wcxb": 10_000, "hand": 4, "seed": 5}
    assert train.choose_threshold(truth, score, chars, src, n_docs, hand_share=0.3) == 0.35
    assert train.choose_threshold(truth, score, chars, src, n_docs, hand_share=0.0) <= 0.3
    assert train.choose_threshold(truth[:200], score[:200], chars[:200], src[:200], n_docs) <= 0.3
