import random

import numpy as np
import pytest

from boilerkit.markdown import model_segments, reader_view
from boilerkit.segment import segment_text
from scaling import growth


def assert_covers(text, segs):
    """In order, disjoint, stripped, and every non-blank character in exactly one segment."""
    mask = np.zeros(len(text), bool)
    prev = 0
    for s, e, _ in segs.tolist():
        assert prev <= s < e <= len(text), (s, e, prev)
        assert not text[s].isspace() and not text[e - 1].isspace(), repr(text[s:e])
        assert not mask[s:e].any()
        mask[s:e] = True
        prev = e
    missed = [i for i, ch in enumerate(text) if not mask[i] and not ch.isspace()]
    assert not missed, [text[i] for i in missed]


def seen(text):
    view = reader_view(text)
    return text if view is None else view.text


def test_links_read_as_their_words_and_images_vanish():
    text = ('See the [harbour timetable](https://ferries.example/times "Winter times") and '
            '![a gull](/img/gull.jpg) the [quay map](<https://example.org/a b>).')
    assert seen(text) == "See the harbour timetable and  the quay map."


def test_targets_with_escaped_and_balanced_parentheses():
    text = "[Tide table](https://example.org/wiki/Tide_(sea)) and [Go back](javascript:history.go\\(-1\\))"
    assert seen(text) == "Tide table and Go back"


def test_a_linked_image_is_dropped_with_its_link_brackets():
    assert seen("[![Logo](/logo.png)](/) Home of the quay") == " Home of the quay"


def test_a_title_over_several_lines_goes_with_its_link():
    # html2text copies a title attribute as it is, blank lines included
    blank = '* [Poem](/poem "The tide came in,\n\nand the tide went out.")\n* [Home](/)'
    assert seen(blank) == "* Poem\n* Home"
    text = '* [Ferry news](/news "The ferry left late.\nIt came back early.")\nNext line'
    assert seen(text) == "* Ferry news\nNext line"
    segs, _, vsegs = model_segments(text)
    assert [text[s:e] for s, e, _ in segs.tolist()] == [text[:text.index("\nNext")], "Next line"]
    assert len(vsegs) == 2


def test_a_line_of_images_leaves_the_view_and_joins_the_segment_before():
    # block dumps of a page show no line for an image: the view has none either
    text = "Body sentence here.\n![](/spacer.gif) ![Harbour at dawn](/dawn.jpg)\n[ ](/a)[ ](/b)\nMore body."
    assert seen(text) == "Body sentence here.\nMore body."
    segs, _, _ = model_segments(text)
    assert [text[s:e] for s, e, _ in segs.tolist()] == [text[:text.index("\nMore")], "More body."]
    top = "  ![Logo](/logo.png)  \n\nTitle of the page\nBody."
    assert seen(top) == "  \nTitle of the page\nBody."
    assert [top[s:e] for s, e, _ in model_segments(top)[0].tolist()] == [top.strip().split("\nBody")[0], "Body."]


def test_a_page_of_images_only_reads_their_alt_text():
    text = "![](/a.gif)\n![Harbour at dawn](/dawn.jpg)\n[ ](/x)"
    assert seen(text) == "![]\n![Harbour at dawn]\n[ ]"
    assert [text[s:e] for s, e, _ in model_segments(text)[0].tolist()] == text.split("\n")


@pytest.mark.parametrize("text", ["Plain prose, nothing to do.", "Footnote marks.[6][7] More text.[12]\nA line."])
def test_text_without_link_syntax_is_read_as_it_stands(text):
    assert reader_view(text) is None
    segs, seen_text, vsegs = model_segments(text)
    assert seen_text is text and vsegs is segs and np.array_equal(segs, segment_text(text))


def test_deleted_runs_join_the_segment_they_touch():
    text = "[Home](/) [News](/news \"All the news\")\nA first sentence with a [link](http://x.example/a). " \
           "A second sentence that is long enough to be cut from the first one at its full stop here " \
           "because the line is long, long, long, long, long, long, long, long and longer still, past " \
           "two hundred characters.[Next page](/page/2)"
    segs, view_text, vsegs = model_segments(text)
    assert_covers(text, segs)
    pieces = [text[s:e] for s, e, _ in segs.tolist()]
    assert pieces[0] == '[Home](/) [News](/news "All the news")'
    assert pieces[1].endswith("[link](http://x.example/a).")
    assert [view_text[s:e] for s, e, _ in vsegs.tolist()][1].endswith("with a link.")
    assert pieces[-1].endswith("[Next page](/page/2)")


_TOKENS = ["[", "]", "(", ")", "![", "](", "](/a)", "](http://x.example/p?q=1)", ' "t"', "'", '"',
           "\\", "\\(", "word", "Word.", " ", "  ", "\n", "\n\n", "\r\n", "\u2028", "\t", "é", "字", "<", ">",
           "* ", "# ", "[a](b)", "![](c)", "[![i](j)](k)", '[x](y "multi\nline")', "x" * 90, ". " * 3]


@pytest.mark.parametrize("seed", range(300))
def test_random_markdown_is_covered_exactly_once(seed):
    rng = random.Random(seed)
    text = "".join(rng.choice(_TOKENS) for _ in range(rng.randint(1, 120)))
    segs, view_text, vsegs = model_segments(text)
    assert_covers(text, segs)
    assert len(segs) == len(vsegs)
    assert_covers(view_text, vsegs)
    view = reader_view(text)
    if view is not None:  # view and input positions map both ways
        v = np.arange(len(view.text))
        p = view.input_pos(v)
        assert "".join(text[i] for i in p.tolist()) == view.text
        assert np.array_equal(view.view_pos(p), v)


@pytest.mark.parametrize("unit", ["[a](", "[![a](b)", '[a](b "', "\\[a](b\\(", "[a](b(c(", "[ab cd](x) "])
def test_adversarial_link_syntax_is_linear(unit):
    small, big = unit * 20_000, unit * 200_000
    ratio, _, out = growth(lambda t: model_segments(t)[0], small, big, repeat=2)
    assert_covers(big[:5000], model_segments(big[:5000])[0])
    assert ratio < 25, ratio  # 10x the input; quadratic would be ~100x


def test_a_target_broken_over_lines_by_a_wrapping_dumper_is_still_a_target():
    text = "Take our free sample [driving\ntest](https://example.org/driving-\ntests) today.\n"
    assert seen(text) == "Take our free sample driving\ntest today.\n"


def test_hard_wrapping_is_judged_on_the_input_lines():
    import textwrap

    sentence = ("The [ferry](https://ferries.example/routes/northern-islands-night-crossing) to the "
                "islands left at [nine](/times \"Timetable\") and came back before the morning tide.")
    paras = [" ".join([sentence] * 4) for _ in range(6)]
    text = "\n\n".join(textwrap.fill(p, 78, break_on_hyphens=False) for p in paras)
    segs, view_text, vsegs = model_segments(text)
    assert_covers(text, segs)
    pieces = [view_text[s:e] for s, e, _ in vsegs.tolist()]
    assert len(pieces) == 24 and all(p.endswith("tide.") for p in pieces), pieces[:3]


def test_wrapping_hidden_by_unbroken_link_lines_is_judged_on_the_view():
    # html2text leaves a line of links unbroken, past the width: the input's line
    # lengths then point at the wrong width, the view's do not
    import textwrap

    para = ("The harbour board met on Thursday to agree the timetable for dredging the inner basin, "
            "which has silted up so badly that the evening ferry now waits for the tide before it can dock. ") * 2
    links = [f"* [Story {i}](https://harbour.example/stories/{i:03d}/a-story-left-unwrapped.html)" for i in range(12)]
    text = "\n".join(links[:6]) + "\n\n" + "\n\n".join([textwrap.fill(para, 72)] * 3) + "\n\n" + "\n".join(links[6:])
    segs, view_text, vsegs = model_segments(text)
    assert_covers(text, segs)
    pieces = [view_text[s:e] for s, e, _ in vsegs.tolist()]
    assert pieces[:6] == [f"* Story {i}" for i in range(6)] and pieces[-1] == "* Story 11"
    assert len(pieces) == 18 and all(p.endswith("dock.") for p in pieces[6:12])


@pytest.mark.parametrize("small,big", [
    ("[" + '![](\n"")' * 8, "[" + '![](\n"")' * 20),  # a break that could be target or title: exponential
    ("[a](b" + "\n" * 2_000, "[a](b" + "\n" * 20_000),  # a run of breaks split both ways: quadratic
    ("\\[" * 1000 + "](" + "x" * 2_000, "\\[" * 1000 + "](" + "x" * 20_000),  # a thousand escaped starts that all reached one target
])
def test_inputs_that_once_backtracked_are_linear(small, big):
    ratio, _, out = growth(lambda t: model_segments(t)[0], small, big, repeat=2)
    assert_covers(big, out)
    assert ratio < 25, ratio
