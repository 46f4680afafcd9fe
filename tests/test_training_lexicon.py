"""The out-of-fold lexicon: which weights score which page's lexical columns."""

import numpy as np
import pytest

pytest.importorskip("lightgbm")

from boilerkit import features  # noqa: E402
from training import dataset, lexicon  # noqa: E402
from training.corpora import LabelledDoc  # noqa: E402

LEX = lexicon.COLUMNS


def _doc(name, lang, body, other):
    text = body + "\n" + other
    return LabelledDoc(name, text, [(0, len(body), "body"), (len(body) + 1, len(text), "other")],
                       group=name, source="wcxb", lang=lang)


def _pages():
    # German and English pages whose words share few trigrams, so that weights learned
    # without German know little of a German page
    de = [_doc(f"de{i}", "de", "Der kluge Hund wartet lange vor dem Zaun und bellt nie.", "Zurueck Impressum")
          for i in range(3)]
    en = [_doc(f"en{i}", "en", "A quiet fox walks by this old mill at dusk.", "Top Privacy") for i in range(3)]
    return de + en


def test_language_groups_put_related_languages_together_and_leave_the_rest_out():
    docs = [LabelledDoc(str(i), "x", [], str(i), "wcxb", lang) for i, lang in
            enumerate(["de", "sv", "is", "fi", "zh", "ja", "en", "", "tg"])]
    g = lexicon.language_groups(docs)
    assert g[0] != g[1] and g[1] == g[2] == g[3] and g[4] == g[5]
    assert g[6:].tolist() == [-1, -1, -1]


def test_grouped_pages_learn_from_weights_without_their_language_and_validate_by_their_fold():
    docs = _pages()
    fold = np.array([0, 1, 2, 0, 1, 2])

    def filled(groups):
        tab = dataset.build(docs, [False] * len(docs))
        out = lexicon.fill_out_of_fold(docs, tab, fold, 3, log=lambda *a: None, group_of_doc=groups)
        return tab, out

    tab_site, (w_site, fold_w, none) = filled(None)
    assert none is None
    groups = lexicon.language_groups(docs)
    tab, (w_all, fold_w2, val) = filled(groups)
    np.testing.assert_array_equal(w_all, w_site)  # the shipped weights see everything either way
    for a, b in zip(fold_w, fold_w2):
        np.testing.assert_array_equal(a, b)
    german = tab.doc < 3
    # validation reads what site folds gave; English pages (no group) train on the same
    np.testing.assert_array_equal(val, tab_site.X[:, LEX])
    np.testing.assert_array_equal(tab.X[~german][:, LEX], tab_site.X[~german][:, LEX])
    # a German page trains on weights that never saw German: its German trigrams score as
    # unseen buckets do, the same for body and menu, where by its site fold they tell them apart
    body = german & (tab.y == 0)
    menu = german & (tab.y != 0)
    lex_score = LEX[0]
    assert (tab_site.X[body, lex_score] > tab_site.X[menu, lex_score].max()).all()
    assert abs(tab.X[body, lex_score].mean() - tab.X[menu, lex_score].mean()) < \
        abs(tab_site.X[body, lex_score].mean() - tab_site.X[menu, lex_score].mean()) / 2


def test_validation_rows_take_the_fold_columns_and_leave_the_table_alone():
    X = np.arange(4 * len(features.FEATURE_NAMES), dtype=np.float32).reshape(4, -1)
    before = X.copy()
    val = np.full((4, len(lexicon.COLUMNS)), -1.0, dtype=np.float32)
    rows = np.array([False, True, False, True])
    got = lexicon.validation_rows(X, rows, val)
    assert (got[:, lexicon.COLUMNS] == -1).all()
    rest = [j for j in range(X.shape[1]) if j not in lexicon.COLUMNS]
    np.testing.assert_array_equal(got[:, rest], before[rows][:, rest])
    np.testing.assert_array_equal(X, before)  # a copy: the training columns stay
    np.testing.assert_array_equal(lexicon.validation_rows(X, rows, None), before[rows])
