import numpy as np
import pytest

from boilerkit.segment import LONG_LINE, segment_text
from scaling import growth


def covered(text, segs):
    """Characters covered by segments, and whether they are in order and disjoint."""
    mask = np.zeros(len(text), bool)
    prev = 0
    for s, e, _ in segs.tolist():
        assert prev <= s < e <= len(text)
        assert not mask[s:e].any()
        mask[s:e] = True
        prev = e
    return mask


@pytest.mark.parametrize("text", [
    "", "   \n\n\t", "one line", "a\nb\r\nc\rd", "  padded  \n\n  two  ",
    "x" * 5000, "Word. " * 400, "line\u2028sep\x85next\x0cform",
])
def test_segments_cover_every_non_blank_character_once(text):
    segs = segment_text(text)
    mask = covered(text, segs)
    for i, ch in enumerate(text):
        assert mask[i] or ch.isspace(), (i, ch)
    for s, e, _ in segs.tolist():
        assert not text[s].isspace() and not text[e - 1].isspace()


def test_short_lines_are_whole_segments_with_their_line_number():
    text = "First line\n\nSecond line here\nThird"
    segs = segment_text(text)
    assert [text[s:e] for s, e, _ in segs.tolist()] == ["First line", "Second line here", "Third"]
    assert segs[:, 2].tolist() == [0, 1, 2]


def test_long_lines_split_into_sentences():
    body = "The river rose overnight. Nobody was hurt in the flood! Was it expected? Officials said no."
    text = " ".join([body] * 3)
    assert len(text) > LONG_LINE
    pieces = [text[s:e] for s, e, _ in segment_text(text).tolist()]
    assert pieces[:4] == ["The river rose overnight.", "Nobody was hurt in the flood!",
                          "Was it expected?", "Officials said no."]


def test_no_split_inside_dates_abbreviations_and_initials():
    text = ("On 18. júní 2024 the mayor met Dr. Lindqvist and J. Okafor at 9.30 in the hall "
            "to sign the agreement, z. B. about water. ") * 3
    pieces = [text[s:e] for s, e, _ in segment_text(text).tolist()]
    assert all(p.startswith("On 18. júní") for p in pieces), pieces


def test_ten_megabytes_in_one_line_scales_linearly():
    unit = "Short sentence number one. Another one follows here, gluedTogether! "
    small = unit * (1_000_000 // len(unit))
    big = unit * (10_000_000 // len(unit))
    ratio, _, segs = growth(segment_text, small, big, repeat=2)
    assert segs[-1, 1] == len(big.rstrip())
    assert ratio < 20, ratio  # 10x the input; quadratic would be ~100x


@pytest.mark.parametrize("mark", [".", "?", "…", "。", '!"'])
def test_a_run_of_sentence_marks_without_a_space_scales_linearly(mark):
    small, big = mark * (10_000 // len(mark)), mark * (100_000 // len(mark))
    ratio, _, segs = growth(segment_text, small, big, repeat=1)
    assert segs[-1, 1] == len(big)
    assert ratio < 20, ratio  # 10x the input; quadratic would be ~100x


def test_glued_blocks_are_split_in_long_lines_only():
    glued = "A headline about the harbour sealsThe colony has grown every year since the clean-up began"
    pieces = [glued[s:e] for s, e, _ in segment_text(glued).tolist()]
    assert pieces == ["A headline about the harbour seals",
                      "The colony has grown every year since the clean-up began"]
    # short lines and ordinary camel-case names stay whole
    assert len(segment_text("Open it in PowerPoint")) == 1
    assert len(segment_text("We met the McDonald family and an iPhone user at the harbour yesterday noon")) == 1


# Hard-wrapped dumps (lynx, w3m, html2text and mail put a paragraph on several lines of
# at most N columns). Text written for these tests.
_PARAS = [
    "The harbour board met on Thursday to agree the timetable for dredging the inner basin, "
    "which has silted up so badly that the evening ferry now waits for the tide before it can dock.",
    "fishermen at the meeting asked for the work to start after the herring season, when fewer "
    "boats use the quay, and the board said it would consider moving the start to late October.",
    "A survey of the sediment found old paint, rope and the remains of a rowing boat, but none of "
    "the chemicals that had been feared when the tannery upstream closed twenty years ago.",
    "the dredged mud will be spread on the salt marsh to the north, where it is expected to help "
    "the reed beds recover after the storms of the last two winters.",
]


def _wrapped(width: int, newline: str = "\n", paras=_PARAS) -> str:
    import textwrap

    blocks = ["Harbour news", *(textwrap.fill(p, width) for p in paras), "Share this story"]
    return (newline * 2).join(blocks).replace("\n", newline)


def _blocks(text, segs):
    """Segment texts grouped by their line number, whitespace collapsed."""
    out: dict[int, list[str]] = {}
    for s, e, line in segs.tolist():
        out.setdefault(line, []).append(text[s:e])
    return [" ".join(" ".join(parts).split()) for parts in out.values()]


_LONG_PARAS = [_PARAS[0] + " " + _PARAS[1], _PARAS[2] + " " + _PARAS[3]] * 2  # 3-4 lines each at 100


@pytest.mark.parametrize("width,newline,paras", [(60, "\n", _PARAS), (72, "\n", _PARAS), (78, "\r\n", _PARAS),
                                                 (100, "\n", _LONG_PARAS)])
def test_hard_wrapped_paragraphs_are_one_block_each(width, newline, paras):
    text = _wrapped(width, newline, paras)
    assert max(map(len, text.splitlines())) <= width
    segs = segment_text(text)
    assert _blocks(text, segs) == ["Harbour news", *paras, "Share this story"]
    mask = covered(text, segs)
    assert all(mask[i] or ch.isspace() for i, ch in enumerate(text))


def test_a_break_where_the_next_word_would_have_fit_is_kept():
    text = _wrapped(72).replace("Share this story", "A heron on the quay.\nPhoto: R. Lund")
    assert _blocks(text, segment_text(text))[-2:] == ["A heron on the quay.", "Photo: R. Lund"]


def test_lists_and_unwrapped_text_keep_their_lines():
    items = "\n".join(f"Stainless steel mug number {i:02d}, large, blue EUR {i}.99" for i in range(20))
    assert len(segment_text(items)) == 20
    one_per_line = "\n".join(_PARAS * 3)
    assert _blocks(one_per_line, segment_text(one_per_line)) == _PARAS * 3


def test_wrapped_text_scales_linearly():
    unit = _wrapped(72) + "\n\n"
    ratio, _, _ = growth(segment_text, unit * 500, unit * 5000)
    assert ratio < 20, ratio  # 10x the input; quadratic would be ~100x
