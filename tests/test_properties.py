"""Property-based tests: odd input never raises, never loses or invents text."""

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from boilerkit import InputError
from boilerkit.detector import default
from boilerkit import html_text

ODD_CHARS = st.sampled_from(["\x00", "\x1c", "\u2028", "\r", "\r\n", "\n", "\t", " ", "\u00a0", "\ud800",
                             "\u202e", "\u0301", "😀", "。", ".", "»", "<", "&amp;", "A", "é", "ж", "字"])


def _hard_wrapped(words: list[str], width: int) -> str:
    """Paragraphs wrapped at `width` columns (the segmenter puts such text back together)."""
    import textwrap

    paras = [" ".join(words[i:i + 60]) for i in range(0, len(words), 60)]
    return "\n\n".join(textwrap.fill(p, width) for p in paras)


_PROSE = st.sampled_from(["the", "harbour", "ferry", "Quay", "said.", "and", "waits", "for", "a", "«tide»",
                          "1979,", "under", "grey", "skies"])
# Markdown link syntax, whole and in pieces (boilerkit/markdown.py reads links as their words)
MARKDOWN = st.sampled_from(["[", "]", "(", ")", "![", "](", "](/a)", '](/b "a title")', "[ ](/x)", "[a](b)",
                            "![](c.gif)", "[![i](j)](k)", '[x](y "two\nlines")', "\\(", "* ", "# "])
WORDS = st.one_of(_PROSE, st.sampled_from(["字", "\u00a0", "\r\n", "😀", "\x00"]), st.text(max_size=12))
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(ODD_CHARS, st.text(max_size=30)), max_size=80).map("".join),
    st.lists(st.sampled_from(["Word.", "Title Case Words", "2 hrs ago", "Read more »", "", "  "]),
             max_size=60).map("\n".join),
    st.builds(_hard_wrapped, st.lists(_PROSE, min_size=150, max_size=500), st.integers(40, 120)),
    st.builds(_hard_wrapped, st.lists(WORDS, min_size=50, max_size=400), st.integers(40, 120)),
    st.lists(st.one_of(MARKDOWN, ODD_CHARS, _PROSE), max_size=120).map("".join),
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_covers(text, segs):
    covered = np.zeros(len(text), bool)
    prev = 0
    for s in segs:
        assert prev <= s.start < s.end <= len(text) and s.text == text[s.start:s.end]
        assert not covered[s.start:s.end].any()
        covered[s.start:s.end] = True
        prev = s.end
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(text))


@SETTINGS
@given(TEXTS)
def test_classify_covers_non_blank_text_exactly_once(text):
    det = default()
    segs = det.classify(text)
    assert_covers(text, segs)
    assert det.classify(text) == segs  # deterministic


ODD_DOCUMENTS = {
    "empty": "",
    "whitespace": " \t\n\u00a0\u3000 \n",
    "controls and NUL": "Text\x00with\x01controls\x1b and\x7f more.\x00\n\x0c\x0b",
    "lone surrogates": "A sentence \ud800 with a lone surrogate.\n\udfff",
    "rtl and combining": "\u202eThis line is reversed.\u202c\nE\u0301\u0301\u0301 combining marks stack.",
    "emoji": "😀" * 300 + "\nA line with 🎉 emoji in it. 👍🏽",
    "1 MB without a newline": ("Words in a long run, with commas and. Full stops. " * 21000)[:1_000_000],
    "100,000 empty lines": "\n" * 100_000 + "One line at the end.",
    "CRLF": "First line here.\r\nSecond line here.\r\n\r\nThird.",
    "lone CR": "Old Mac text.\rSecond line.\rThird line.\r",
}


@pytest.mark.parametrize("name", ODD_DOCUMENTS)
def test_odd_documents(name):
    text = ODD_DOCUMENTS[name]
    det = default()
    segs = det.classify(text)
    assert_covers(text, segs)
    every = ("body", "title", "other", "links", "headlines", "meta", "caption")
    assert all(s.keep for s in det.classify(text, keep=every, threshold=0.0))
    out = det.clean(text, keep=every, threshold=0.0)
    assert all(line in text for line in out.splitlines())  # clean() drops repeats, never adds
    assert det.clean(text) == det.clean(text)


@SETTINGS
@given(TEXTS, st.floats(0, 1))
def test_clean_only_returns_input_text(text, threshold):
    out = default().clean(text, threshold=threshold, keep=("body", "title", "other"))
    for line in out.splitlines():
        assert line in text


HTML_PARTS = st.sampled_from(["<p>", "</p>", "<div class='nav'>", "</div>", "<a href='x'>", "</a>", "<br>",
                              "<script>", "</script>", "<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "&#xD800;",
                              "<table><tr><td>", "<meta charset='utf-16'>", "<?xml encoding='koi8-r'?>",
                              "<p hidden>", "<b style='display:none'>", "\x00", "\udc80"])
PAGES = st.one_of(
    st.binary(max_size=600),
    TEXTS.map(lambda t: f"<html><body><p>{t}</p></body></html>"),
    st.lists(st.one_of(HTML_PARTS, st.text(max_size=20)), max_size=60).map("".join),
    st.lists(st.one_of(HTML_PARTS, st.text(max_size=20)), max_size=60).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass")),
)


@SETTINGS
@given(PAGES)
@example(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
@example(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
def test_html_path_never_raises(page):
    """Any bytes or str: an InputError (bytes that are not text, see html._binary_kind)
    or segments covering the page's text; never another exception."""
    det = default()
    try:
        text = html_text(page)
    except InputError:
        assert isinstance(page, bytes)
        with pytest.raises(InputError):
            det.classify_html(page)
        return
    segs = det.classify_html(page)
    assert_covers(text, segs)
    for line in det.clean_html(page, threshold=0.0, keep=("body", "other")).splitlines():
        assert line in text
