"""Property-based tests: odd input never raises, never loses or invents text."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boilerkit.detector import default
from boilerkit.html import html_to_lines

ODD_CHARS = st.sampled_from(["\x00", "\x1c", "\u2028", "\r", "\r\n", "\n", "\t", " ", "\u00a0", "\ud800",
                             "\u202e", "\u0301", "😀", "。", ".", "»", "<", "&amp;", "A", "é", "ж", "字"])
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(ODD_CHARS, st.text(max_size=30)), max_size=80).map("".join),
    st.lists(st.sampled_from(["Word.", "Title Case Words", "2 hrs ago", "Read more »", "", "  "]),
             max_size=60).map("\n".join),
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXTS)
def test_classify_covers_non_blank_text_exactly_once(text):
    det = default()
    segs = det.classify(text)
    covered = np.zeros(len(text), bool)
    prev = 0
    for s in segs:
        assert prev <= s.start < s.end <= len(text) and s.text == text[s.start:s.end]
        assert not covered[s.start:s.end].any()
        covered[s.start:s.end] = True
        prev = s.end
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(text))
    assert det.classify(text) == segs  # deterministic


@SETTINGS
@given(TEXTS, st.floats(0, 1))
def test_clean_only_returns_input_text(text, threshold):
    out = default().clean(text, threshold=threshold, keep=("body", "title", "other"))
    for line in out.splitlines():
        assert line in text


@SETTINGS
@given(st.one_of(st.binary(max_size=600), TEXTS.map(lambda t: f"<html><body><p>{t}</p></body></html>")))
def test_html_path_never_raises(page):
    text = html_to_lines(page)
    assert isinstance(text, str)
    default().classify(text)
