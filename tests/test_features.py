import numpy as np
import pytest

from boilerkit import features
from boilerkit.segment import segment_text

from conftest import NEWS_PAGE


LEX = [features.FEATURE_NAMES.index(n) for n in features.LEX_FEATURES]
NON_LEX = [i for i in range(len(features.FEATURE_NAMES)) if i not in LEX]


def test_matrix_shape_and_finite():
    segs = segment_text(NEWS_PAGE)
    X = features.compute(NEWS_PAGE, segs)
    assert X.shape == (len(segs), len(features.FEATURE_NAMES))
    assert X.dtype == np.float32
    assert np.isfinite(X[:, NON_LEX]).all()
    assert np.isnan(X[:, LEX[:3]]).all()  # no lexicon: lexical scores are missing, not zero
    lexicon = np.linspace(-1, 1, features.LEX_SIZE, dtype=np.float32)
    Xl = features.compute(NEWS_PAGE, segs, lexicon)
    assert np.isfinite(Xl[:, LEX[0]]).all() and np.isfinite(Xl[:, NON_LEX]).all()


def test_lexical_score_is_the_mean_trigram_weight():
    text = "abcd\nxy"
    cps = features._codepoints(text)
    h = features.trigram_hashes(cps)
    w = np.zeros(features.LEX_SIZE, dtype=np.float32)
    w[h[0]] += 1.0  # "abc"
    w[h[1]] += 3.0  # "bcd"
    segs = segment_text(text)
    lex = features.lexical_scores(cps, segs[:, 0], segs[:, 1], w)
    assert lex[0] == pytest.approx((w[h[0]] + w[h[1]]) / 2) and np.isnan(lex[1])
    # case and digits are folded: "ABCD" and "abcd" hash alike, "2024" and "1999" too
    assert (features.trigram_hashes(features._codepoints("ABCD")) == h[:2]).all()
    assert (features.trigram_hashes(features._codepoints("2024")) ==
            features.trigram_hashes(features._codepoints("1999"))).all()


def test_empty_document():
    X = features.compute("", segment_text(""))
    assert X.shape == (0, len(features.FEATURE_NAMES))


def test_names_unique_and_schema_recorded():
    assert len(set(features.FEATURE_NAMES)) == len(features.FEATURE_NAMES)
    assert features.schema()["feature_names"] == features.FEATURE_NAMES


def column(text, name):
    return features.compute(text, segment_text(text))[:, features.FEATURE_NAMES.index(name)]


def test_stopword_density_separates_prose_from_menus():
    text = "Home News Sport Weather Login\nThe council said that it would not close the library this year."
    stop = column(text, "stop_ratio")
    assert stop[1] > stop[0] + 0.25


def test_repetition_and_cut_captions_are_flagged():
    text = ("A quiet title for the story\nSome body text follows here.\n"
            "A seal pup on the mud bank near …\nA seal pup on the mud bank near the lock gates.\n"
            "A quiet title for the story")
    assert column(text, "dup_before").tolist() == [0, 0, 0, 0, 1]
    assert column(text, "cut_prefix_of_next").tolist() == [0, 0, 1, 0, 0]


def test_patterns_are_counted_per_segment():
    text = "Updated 09:12 on 14.03.2025\nVisit https://example.org for more »"
    assert column(text, "pat_time").tolist() == [1, 0]
    assert column(text, "pat_date").tolist() == [1, 0]
    assert column(text, "pat_url")[1] >= 1 and column(text, "pat_arrow").tolist() == [0, 1]


def test_dates_written_with_year_month_day_signs_are_dates():
    text = "更新于2024年3月12日\n2024년 3월 12일 발표\n3月5日\n2024年的计划\nTotal 2024 units"
    assert column(text, "pat_date").tolist() == [1, 1, 1, 0, 0]
    assert column(text, "pat_year").tolist() == [0, 0, 0, 1, 1]


def test_odd_characters_do_not_break_features():
    text = "emoji 😀 line\nlone \ud800 surrogate\nNUL \x00 here\nمرحبا بالعالم\n漢字だけの行"
    X = features.compute(text, segment_text(text))
    assert np.isfinite(X[:, NON_LEX]).all() and len(X) == 5


def test_every_feature_is_in_exactly_one_ablation_group():
    grouped = [n for names in features.GROUPS.values() for n in names]
    assert sorted(grouped) == sorted(features.FEATURE_NAMES)


def _col(X, name):
    return X[:, features.FEATURE_NAMES.index(name)]


def test_main_block_distance_and_templated_neighbourhood():
    para = ("The ferry crossing was cancelled again on Tuesday because of the wind, and the "
            "harbour office expects the timetable to return to normal by the weekend.")
    teasers = []
    for i, topic in enumerate(("bridge tolls", "school meals", "river levels")):
        teasers += [f"Why {topic} are rising this year, explained in full by our reporters.",
                    f"{i + 2} hrs ago", "Read more »"]
    lines = ["Menu | News | Sport", "Ferry cancelled", para, para.replace("Tuesday", "Monday"),
             para.replace("wind", "fog"), "Similar stories"] + teasers
    text = "\n".join(lines)
    X = features.compute(text, segment_text(text))
    dist, share, tmpl = _col(X, "main_dist"), _col(X, "main_share"), _col(X, "dup_win4")
    assert (dist[:2] < 0).all() and (dist[2:5] == 0).all() and (dist[5:] > 0).all()
    assert (np.diff(dist[5:]) > 0).all()  # further from the article, larger
    assert 0.5 < share[0] < 1 and (share == share[0]).all()
    # "N hrs ago" lines with different numbers count as one repeated template
    assert tmpl[-4] > 0.5 and tmpl[2:5].max() < tmpl[6:].min()
    # no long segment: no main block, and a share of zero says so
    short = "Home\nNews\nSport"
    Xs = features.compute(short, segment_text(short))
    assert (_col(Xs, "main_share") == 0).all() and (_col(Xs, "main_dist") == 0).all()


@pytest.mark.parametrize("mark", [[], [0], [1], [0, 0, 0], [1, 0, 0, 1, 0], [0, 1, 1, 0, 0, 0, 1]])
def test_gaps_to_the_nearest_marked_segment_match_their_plain_definition(mark):
    mark = np.array(mark, dtype=bool)
    prev, nxt = features._gaps(mark)
    assert len(prev) == len(nxt) == len(mark)
    marked = np.flatnonzero(mark).tolist()
    for i in range(len(mark)):
        before = [i - j for j in marked if j < i]
        after = [j - i for j in marked if j > i]
        assert prev[i] == (np.log1p(min(before)) if before else -1.0)
        assert nxt[i] == (np.log1p(min(after)) if after else -1.0)


def test_teaser_items_know_how_far_the_next_read_more_line_is():
    para = ("The council met on Thursday evening and agreed to repair the old footbridge before "
            "the spring floods, after residents had asked for it for three years.")
    teasers = ["Why the ferry timetable changes in May, and what it means for commuters.",
               "The harbour office said the new boats arrive in the autumn.", "Read more »",
               "Bakers in the old town raise their prices for the second time this year.", "Read more »"]
    text = "\n".join([para, para.replace("Thursday", "Monday"), "More news"] + teasers)
    X = features.compute(text, segment_text(text))
    prev, nxt = _col(X, "prev_rep"), _col(X, "next_rep")
    assert (prev[:5] == -1).all() and (nxt[-1] == -1)
    assert nxt[3] == pytest.approx(np.log1p(2)) and nxt[4] == pytest.approx(np.log1p(1))
    assert nxt[0] > nxt[3] and prev[-1] == pytest.approx(np.log1p(2))


def test_comment_lines_know_the_dated_lines_around_them():
    """Each reader comment sits between short lines carrying a date or a time; the
    article's paragraphs are far from its one dated line."""
    para = ("The council met on Thursday evening and agreed to repair the old footbridge before "
            "the spring floods, after residents had asked for it for three years.")
    lines = ["Town news", "12.03.2024 10:15", para, para.replace("Thursday", "Monday"),
             para.replace("Thursday", "Friday"), para.replace("Thursday", "Sunday"), "Comments",
             "Anna", "13.03.2024 08:00", "About time too, the old bridge has been shaking for years now.",
             "Ben", "13.03.2024 09:30", "I walk across it every day and had not noticed any shaking."]
    text = "\n".join(lines)
    X = features.compute(text, segment_text(text))
    assert len(X) == len(lines)
    prev, nxt, win = _col(X, "prev_stamp"), _col(X, "next_stamp"), _col(X, "stamp_win5")
    dated = [1, 8, 11]  # short lines with a date or time; long ones never count
    for i in range(len(lines)):
        before = [i - j for j in dated if j < i]
        after = [j - i for j in dated if j > i]
        assert prev[i] == pytest.approx(np.log1p(min(before)) if before else -1.0)
        assert nxt[i] == pytest.approx(np.log1p(min(after)) if after else -1.0)
        lo, hi = max(i - 5, 0), min(i + 6, len(lines))
        assert win[i] == pytest.approx(sum(lo <= j < hi for j in dated) / (hi - lo))
    assert win[9] > win[4]  # a comment has more dated lines around it than the article's middle


def _repetition_by_regex(text, starts, ends):
    """The plain per-segment definition that features._repetition computes in bulk."""
    import re
    keys = [re.sub(r"\W+", "", text[s:e].lower()) for s, e in zip(starts, ends)]
    shapes = [re.sub(r"\d+", "0", k) for k in keys]
    out = np.zeros((6, len(keys)))
    for i, k in enumerate(keys):
        if len(k) >= 4:
            before, total = keys[:i].count(k), keys.count(k)
            out[0, i], out[1, i], out[2, i] = before > 0, total - before - 1 > 0, total - 1
            out[3, i] = len(k) >= 10 and i + 1 < len(keys) and len(keys[i + 1]) > len(k) and keys[i + 1].startswith(k)
            out[4, i] = i > 0 and k == keys[0]
        out[5, i] = len(shapes[i]) >= 3 and shapes.count(shapes[i]) > 1
    return out


@pytest.mark.parametrize("text", [
    "Ferry news\nThe ferry is late\nThe ferry is late!\nferry news\n2 hrs ago\n15 hrs ago\nok\nok",
    "A photo of the bridge at dusk\nA photo of the bridge at dusk, seen from the north bank",
    # characters whose lower case is longer (İ), astral letters and digits, other scripts' digits
    "İstanbul news today\nistanbul news today\n𝐁𝐨𝐥𝐝 𝟏𝟐 items\n𝐁𝐨𝐥𝐝 𝟑 items\n٣ hours ago\n٤٥ hours ago",
    "Straße und Weg 12\nSTRASSE UND WEG 13\nstraße und weg 14\n\ud800 lone surrogate line",
])
def test_repetition_matches_its_plain_definition(text):
    segs = segment_text(text)
    starts, ends = segs[:, 0].astype(np.int64), segs[:, 1].astype(np.int64)
    *columns, group = features._repetition(text, starts, ends)
    np.testing.assert_array_equal(np.array(columns), _repetition_by_regex(text, starts.tolist(), ends.tolist()))
    import re
    keys = [re.sub(r"\W+", "", text[s:e].lower()) for s, e in zip(starts.tolist(), ends.tolist())]
    repeated = [len(k) >= 4 and keys.count(k) > 1 for k in keys]
    assert [g >= 0 for g in group.tolist()] == repeated
    for i in range(len(keys)):
        for j in range(len(keys)):
            if repeated[i] and repeated[j]:
                assert (group[i] == group[j]) == (keys[i] == keys[j])


def test_lexical_context_columns_match_their_plain_definition():
    rng = np.random.default_rng(5)
    text = "".join(rng.choice(list("abcdefgh ")) for _ in range(600))
    starts = np.array([0, 40, 41, 120, 300, 302, 450])  # 41-43 and 302-304: under 3 characters
    ends = np.array([40, 41, 120, 300, 302, 450, 600])
    cps = features._codepoints(text)
    w = rng.normal(size=features.LEX_SIZE).astype(np.float32)
    in_main = np.array([False, False, True, True, True, False, False])
    got = features.lexical_columns(cps, starts, ends, w, in_main)
    lex = features.lexical_scores(cps, starts, ends, w)
    scored = [j for j in range(len(lex)) if not np.isnan(lex[j])]
    size = ends - starts

    def mean(ids):
        return sum(lex[j] * size[j] for j in ids) / sum(size[j] for j in ids)

    main = [j for j in scored if in_main[j]]
    for i in range(len(lex)):
        near = [0.0 if np.isnan(lex[j]) else lex[j] for j in range(max(i - 10, 0), min(i + 11, len(lex)))]
        assert got["rel_lex"][i] == pytest.approx(lex[i] - mean(scored), nan_ok=True)
        assert got["main_lex_diff"][i] == pytest.approx(lex[i] - mean(main), nan_ok=True)
        assert got["lex_win10"][i] == pytest.approx(sum(near) / len(near))
    # no main block: the difference from it is missing, not zero
    none = features.lexical_columns(cps, starts, ends, w, np.zeros(len(starts), bool))
    assert np.isnan(none["main_lex_diff"]).all() and not np.isnan(none["rel_lex"][0])


def test_han_and_kana_characters_count_as_words_and_their_function_characters_as_stopwords():
    text = "今天的天气很好我们去公园\n首页 新闻 体育\nこれは日本語の文です\nThe day is fine and we go out"
    segs = segment_text(text)
    X = features.compute(text, segs)
    col = {n: X[:, features.FEATURE_NAMES.index(n)] for n in ("n_words", "mean_word_len", "stop_ratio")}
    assert col["n_words"].tolist()[:3] == [12.0, 6.0, 10.0]
    assert col["mean_word_len"][0] == pytest.approx(1.0)
    # 的 很 们 in the Chinese sentence, none in the menu; hiragana in the Japanese one
    assert col["stop_ratio"][0] == pytest.approx(3 / 12) and col["stop_ratio"][1] == 0.0
    assert col["stop_ratio"][2] == pytest.approx(6 / 10)  # こ れ は の で す
    # a spaced script is counted as before: by spaces
    assert col["n_words"][3] == 8.0
