"""training.probe: the stacked stage's context features, against a plain per-document loop."""

import math

import numpy as np
import pytest

pytest.importorskip("lightgbm")

from training import lexicon, probe  # noqa: E402


def _plain(p, chars, doc):
    """The STACK_NAMES columns of one row at a time, written the obvious way."""
    rows = []
    for i in range(len(p)):
        ids = [j for j in range(len(p)) if doc[j] == doc[i]]
        k = ids.index(i)
        q = [p[j] for j in ids]
        c = [chars[j] for j in ids]

        def at(o):
            return q[k + o] if 0 <= k + o < len(q) else math.nan

        def window(r):
            lo, hi = max(k - r, 0), min(k + r + 1, len(q))
            others = [q[j] for j in range(lo, hi) if j != k]
            mean = sum(others) / max(len(others), 1)
            weighted = sum(q[j] * c[j] for j in range(lo, hi)) / max(sum(c[lo:hi]), 1)
            return mean, weighted

        body = sum(a * b for a, b in zip(q, c))
        high = [j for j in range(len(q)) if q[j] >= 0.5]
        before = [k - j for j in high if j < k]
        after = [j - k for j in high if j > k]
        rows.append([q[k], at(-1), at(-2), at(1), at(2), *window(3), *window(10),
                     sum(q[j] * c[j] for j in range(k)) / max(body, 1e-9), body / max(sum(c), 1),
                     max(q[:k]) if k else math.nan, max(q[k + 1:]) if k + 1 < len(q) else math.nan,
                     min(min(before), 50) if before else math.nan, min(min(after), 50) if after else math.nan])
    return np.array(rows, dtype=np.float32)


def test_stack_features_match_their_plain_definition():
    rng = np.random.default_rng(3)
    doc = np.repeat(np.arange(4), [1, 7, 30, 12])  # a one-row document and longer ones
    p = rng.random(len(doc))
    p[10:20] = 0.1  # a long run without likely body: distances are capped at 50 only beyond
    chars = rng.integers(1, 300, len(doc)).astype(float)
    got = probe.stack_features({"doc": doc, "chars": chars}, p)
    assert got.shape == (len(doc), len(probe.STACK_NAMES))
    np.testing.assert_allclose(got, _plain(p, chars, doc), rtol=1e-5, atol=1e-6, equal_nan=True)


def test_scores_pick_the_threshold_and_report_each_set():
    y = np.array([0, 0, 7, 7, 0, 7, 0, 7])  # body = 0, boilerplate = 7
    src = np.array(["a", "a", "a", "a", "b", "b", "seed", "seed"])
    p = np.array([0.9, 0.6, 0.45, 0.1, 0.8, 0.3, 0.7, 0.2])
    t = {"y": y, "chars": np.full(len(y), 10.0), "src": src, "aug": np.zeros(len(y), bool),
         "src_names": np.array(["a", "b", "seed"]), "src_docs": np.array([4, 1, 1])}
    res = probe.scores(t, p)
    assert 0.45 < res["threshold"] <= 0.6  # the one cut that keeps every body row and no boilerplate
    best = res[f"{res['threshold']:.2f}"]
    assert best["corpora"] == best["a"] == best["b"] == best["seeds"] == 1.0
    assert res["0.40"]["a"] < 1.0  # 0.45 is boilerplate kept at 0.40


def test_doc_features_match_their_plain_definition():
    rng = np.random.default_rng(5)
    names = probe.FEATURE_NAMES
    doc = np.repeat(np.arange(3), [1, 6, 9])
    X = np.zeros((len(doc), len(names)), dtype=np.float32)
    X[:, names.index("end_terminal")] = rng.integers(0, 2, len(doc))
    X[:, names.index("n_words")] = rng.integers(0, 20, len(doc))
    X[:, names.index("log_chars")] = rng.random(len(doc)) * 6
    chars = rng.integers(1, 300, len(doc)).astype(float)
    got = probe.doc_features({"doc": doc, "chars": chars, "X": X})
    assert got.shape == (len(doc), len(probe.DOC_NAMES))
    for i in range(len(doc)):
        ids = [j for j in range(len(doc)) if doc[j] == doc[i]]
        prose = sum(chars[j] for j in ids if X[j, names.index("end_terminal")] > 0
                    and X[j, names.index("n_words")] >= 8)
        want = [math.log1p(prose), prose / sum(chars[j] for j in ids),
                max(X[j, names.index("log_chars")] for j in ids), math.log1p(len(ids))]
        np.testing.assert_allclose(got[i], want, rtol=1e-5)


def test_lex_page_matches_its_plain_definition():
    rng = np.random.default_rng(7)
    doc = np.repeat(np.arange(3), [2, 5, 3])
    lex = rng.normal(size=len(doc))
    lex[[3, 7, 8, 9]] = np.nan  # unscored segments count for nothing; doc 2 has no score at all
    chars = rng.integers(1, 300, len(doc)).astype(float)
    got = probe.lex_page({"doc": doc, "chars": chars}, lex, probe.LEX_PAGE_NAMES)
    for i in range(len(doc)):
        ids = [j for j in range(len(doc)) if doc[j] == doc[i] and not math.isnan(lex[j])]
        if not ids:
            assert np.isnan(got[i]).all()
            continue
        w = sum(chars[j] for j in ids)
        mean = sum(chars[j] * lex[j] for j in ids) / w
        spread = math.sqrt(sum(chars[j] * (lex[j] - mean) ** 2 for j in ids) / w)
        np.testing.assert_allclose(got[i], [mean, spread], rtol=1e-4, atol=1e-6)
    only = probe.lex_page({"doc": doc, "chars": chars}, lex, ["lex_doc_spread"])
    np.testing.assert_array_equal(only[:, 0], got[:, 1])


def _arranged(folds, share):
    X = np.zeros((4, len(probe.FEATURE_NAMES)), np.float32)
    X[:, lexicon.COLUMNS] = 1.0  # by weights without the page's language group (English: its site)
    X[3, lexicon.COLUMNS] = 2.0
    t = {"X": X, "lex_val": np.full((4, len(lexicon.COLUMNS)), 2.0, np.float32),  # without the site
         "fold": np.array([0, 1, 2, 0]), "group": np.array([0, 1, 1, -1]), "draw": np.array([0.1, 0.6, 0.3, 0.2])}
    held = probe.arrange(t, folds, share)
    return t, held[:, 0].tolist(), t["X"][:, lexicon.COLUMNS[0]].tolist()


def test_arrange_scores_held_out_pages_as_the_shipped_model_would_meet_them():
    # site folds: held-out rows scored by weights without their site, as a seen language is
    t, held, trained = _arranged("site", 1.0)
    assert t["fold"].tolist() == [0, 1, 2, 0] and held == [2, 2, 2, 2] and trained == [1, 1, 1, 2]
    # language folds: a held-out group scored by weights that never saw it; English never held out
    t, held, trained = _arranged("language", 1.0)
    assert t["fold"].tolist() == [0, 1, 1, -1] and held == [1, 1, 1, 2] and trained == [1, 1, 1, 2]
    # a share of the pages trains by weights without their group, the rest without their site
    assert _arranged("language", 0.5)[1:] == ([1, 1, 1, 2], [1, 2, 1, 2])
    assert _arranged("site", 0.0)[1:] == ([2, 2, 2, 2], [2, 2, 2, 2])  # the rule before


def test_scores_count_only_held_out_rows_and_report_languages_with_ten_documents():
    n = 30
    doc = np.arange(n)
    lang = np.array(["de"] * 10 + ["fr"] * 9 + ["en"] * 11)
    y = np.where(doc % 2 == 0, 0, 7)
    p = np.where(y == 0, 0.9, 0.1)
    p[19:] = 1 - p[19:]  # English is scored all wrong, but never held out
    t = {"y": y, "chars": np.full(n, 10.0), "src": np.full(n, "a"), "aug": np.zeros(n, bool),
         "doc": doc, "lang": lang, "fold": np.where(lang == "en", -1, 0),
         "src_names": np.array(["a"]), "src_docs": np.array([n])}
    row = probe.scores(t, p)["0.45"]
    assert row["corpora"] == row["lang de"] == 1.0
    assert "lang fr" not in row and "lang en" not in row  # 9 documents; never held out


def test_hmm_smooth_equals_the_chains_posterior_by_enumeration():
    """Each row's smoothed score is the exact posterior of body under the chain whose
    transitions, start and prior come from the other fold's labelled rows."""
    import itertools

    rng = np.random.default_rng(3)
    doc = np.repeat(np.arange(6), [4, 5, 3, 6, 2, 5])
    n = len(doc)
    fold = (doc % 2).astype(np.int64)
    y = rng.choice([0, 1, 2], n, p=[0.5, 0.3, 0.2]).astype(np.int16)
    y[[2, 9]] = -1
    t = {"y": y, "doc": doc, "fold": fold, "weight": rng.uniform(0.5, 2, n), "aug": np.zeros(n, bool)}
    p = rng.uniform(0.02, 0.98, n)
    alpha = 0.7
    q = probe.hmm_smooth(t, p, alpha)
    body = y == 0
    for k in (0, 1):
        seen = (fold != k) & (y >= 0)
        pairs = [(i, i + 1) for i in range(n - 1) if seen[i] and seen[i + 1] and doc[i] == doc[i + 1]]
        bb = np.mean([body[j] for i, j in pairs if body[i]])
        nb = np.mean([body[j] for i, j in pairs if not body[i]])
        starts = [i for i in range(n) if seen[i] and (i == 0 or doc[i - 1] != doc[i])]
        f0 = np.mean([body[i] for i in starts])
        pi = np.sum(t["weight"][seen] * body[seen]) / np.sum(t["weight"][seen])
        for d in np.unique(doc[fold == k]):
            rows = np.flatnonzero(doc == d)
            odds = (p[rows] / (1 - p[rows]) / (pi / (1 - pi))) ** alpha
            post, total = np.zeros(len(rows)), 0.0
            for states in itertools.product([0, 1], repeat=len(rows)):
                pr = f0 if states[0] else 1 - f0
                for a, b in zip(states, states[1:]):
                    stay = bb if a else nb
                    pr *= stay if b else 1 - stay
                for s, o in zip(states, odds):
                    pr *= o / (1 + o) if s else 1 / (1 + o)
                total += pr
                post += pr * np.array(states)
            np.testing.assert_allclose(q[rows], post / total, rtol=1e-9)


def test_error_pages_draw_only_pages_with_error_and_flag_each_segment(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from boilerkit.markdown import model_segments
    from training import corpora

    texts = ["An opening paragraph that says something at length.\nMenu\nHome",
             "Another page with one body line here.\nShare this",
             "A page the model gets right.\nFooter"]
    docs = [SimpleNamespace(text=x, name=f"ds/page{i}/blocks", lang="en") for i, x in enumerate(texts)]
    monkeypatch.setattr(corpora, "load_all", lambda data, log=None: docs)
    counts = [len(model_segments(x)[0]) for x in texts]
    assert counts == [3, 2, 2]
    doc = np.repeat(np.arange(3), counts)
    y = np.array([0, 1, 1, 0, 1, 0, 1], np.int16)
    p = np.array([0.9, 0.8, 0.1, 0.2, 0.1, 0.9, 0.1])  # page 0: one FP; page 1: one FN; page 2 right
    t = {"y": y, "doc": doc, "src": np.array(["ds"] * 7), "aug": np.zeros(7, bool), "fold": np.zeros(7, int),
         "chars": np.array([len(x) for x in "\n".join(texts).split("\n")])}
    probe.error_pages(t, p, tmp_path, tmp_path / "out", 8)
    index = (tmp_path / "out" / "INDEX").read_text().splitlines()
    assert len(index) == 8 and not any("page2" in line for line in index)
    page0 = next(f for f in sorted((tmp_path / "out").glob("*.txt")) if "page0" in f.read_text())
    rows = page0.read_text().splitlines()[2:]
    assert [r[:6] for r in rows] == ["   B B", "FP - B", "   - -"]
    assert rows[1].endswith("| Menu")
    t["fold"] = np.where(doc == 1, -1, 0)  # a page no fold held out (languages folds: English) is not drawn
    probe.error_pages(t, p, tmp_path, tmp_path / "held", 8)
    assert not any("page1" in line for line in (tmp_path / "held" / "INDEX").read_text().splitlines())
    t["src"] = np.array(["ds"] * 3 + ["hand"] * 4)  # page 0 from a dataset, pages 1 and 2 hand-labelled
    t["fold"] = np.zeros(7, int)
    probe.error_pages(t, p, tmp_path, tmp_path / "hand", 8, hand=True)
    drawn = (tmp_path / "hand" / "INDEX").read_text()
    assert "page1" in drawn and "page0" not in drawn  # page 1's rows are hand-labelled; page 2 has no error
