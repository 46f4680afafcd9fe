import codecs

import pytest

import boilerkit
from boilerkit.html import decode, html_to_lines
from scaling import growth


def test_blocks_become_lines_and_scripts_vanish():
    page = ("<html><head><title>T</title><style>p{}</style></head><body><nav><a>Home</a> <a>News</a></nav>"
            "<p>First <b>bold</b> para.</p><script>var x=1;</script><ul><li>one</li><li>two</li></ul>"
            "line<br>break<!-- comment --></body></html>")
    assert html_to_lines(page).splitlines() == ["T", "Home News", "First bold para.", "one", "two", "line", "break"]


@pytest.mark.parametrize("page,expect", [
    ("<div>Hello <!-- a note --> world, and the rest.</div>", ["Hello world, and the rest."]),
    ("<p>one<?php echo 1; ?>two</p>", ["onetwo"]),
    ("<p>a<![CDATA[x]]>b</p>", ["ab"]),
    ("<!-- top --><p>first</p><!-- between -->loose<p>last</p>", ["first", "loose", "last"]),
    ("<div><script>x<!-- c -->y</script>after<!-- c -->tail</div>", ["aftertail"]),
])
def test_text_after_a_comment_or_processing_instruction_is_kept(page, expect):
    assert html_to_lines(page).splitlines() == expect


@pytest.mark.parametrize("data,expect", [
    ("<p>Grüße</p>".encode("latin-1"), "Grüße"),  # undeclared Latin-1
    (codecs.BOM_UTF8 + "<p>Grüße</p>".encode("utf-8"), "Grüße"),
    ("<meta charset='utf-8'><p>Grüße</p>".encode("cp1252"), "Grüße"),  # declared charset is wrong
    ("<meta charset='windows-1251'><p>Привет</p>".encode("cp1251"), "Привет"),
    ("<?xml version='1.0' encoding='iso-8859-2'?><html xmlns='http://www.w3.org/1999/xhtml'>"
     "<body><p>Łódź</p></body></html>".encode("iso-8859-2"), "Łódź"),  # XHTML, XML declaration
    # Latin-1 declared, cp1252 meant (as browsers read it): quotes and the euro sign, not C1 controls
    ("<meta charset='iso-8859-1'><p>\u201cFrancs\u201d cost 5 \u20ac</p>".encode("cp1252"),
     "\u201cFrancs\u201d cost 5 \u20ac"),
    ("<meta charset='iso-8859-1'><p>Caf\u00e9 cr\u00e8me</p>".encode("utf-8"), "Caf\u00e9 cr\u00e8me"),  # UTF-8 after all
    ("<meta charset='shift_jis'><p>\u3053\u3093\u306b\u3061\u306f</p>".encode("shift_jis"),
     "\u3053\u3093\u306b\u3061\u306f"),
])
def test_decoding(data, expect):
    assert expect in html_to_lines(data)


def test_non_html_input_types():
    with pytest.raises(boilerkit.InputError):
        decode(12345)
    assert html_to_lines("") == "" and html_to_lines(b"   ") == ""


def test_deep_nesting_does_not_overflow():
    page = "<div>" * 5000 + "<p>deep text</p>" + "</div>" * 5000
    assert "deep text" in html_to_lines(page)


@pytest.mark.parametrize("make,check,n", [
    # 3,000 vs 30,000 nested levels (both beyond libxml2's depth limit: the fallback path)
    (lambda n: "<div>" * n + "<p>deep text</p>" + "</div>" * n, lambda out, n: "deep text" in out, 3000),
    # 5,000 vs 50,000 tiny paragraphs
    (lambda n: "<body>" + "".join(f"<p>p{i}</p>" for i in range(n)) + "</body>",
     lambda out, n: out.count("\n") == n - 1, 5000),
    # attribute bomb: one element with 20,000 vs 200,000 attributes
    (lambda n: "<p " + " ".join(f'a{i}="{i}"' for i in range(n)) + ">attrs</p>", lambda out, n: out == "attrs",
     20000),
    # a tag name that runs on to the end of the page, 4,000 vs 40,000 characters
    (lambda n: "<p>kept</p><" + "a" * n, lambda out, n: out == "kept", 4000),
    # past the depth limit, 2,000 vs 20,000 unclosed scripts or comments: each hides the
    # rest of the page, as in a browser
    (lambda n: "<div>" * 3000 + "<p>kept</p>" + "<script>x" * n, lambda out, n: out == "kept", 2000),
    (lambda n: "<div>" * 3000 + "<p>kept</p>" + "<!--x" * n, lambda out, n: out == "kept", 2000),
])
def test_pathological_pages_scale_linearly(make, check, n):
    # inputs large enough to take milliseconds: the ratio, not noise, is tested
    ratio, out_small, out_big = growth(html_to_lines, make(n), make(10 * n))
    assert check(out_small, n) and check(out_big, 10 * n)
    assert ratio < 25, ratio  # 10x the input; quadratic ~100x


def test_html_classify_scales_with_many_blocks(detector):
    # the whole HTML path (parse, segment, features, model) on 5,000 vs 50,000 tiny paragraphs
    page = lambda n: "<body>" + "".join(f"<p>item {i}</p>" for i in range(n)) + "</body>"  # noqa: E731
    ratio, segs, segs_big = growth(detector.classify_html, page(5000), page(50000), repeat=2)
    assert len(segs) == 5000 and len(segs_big) == 50000
    assert ratio < 25, ratio


def test_link_hub_gives_little_text(detector):
    # a page that is only navigation: no article, so (almost) nothing is kept
    items = ["Home", "World", "Politics", "Business", "Science", "Sport", "Culture", "Travel",
             "Weather", "Contact", "About us", "Jobs", "Newsletter", "Log in", "Archive"]
    page = ("<html><body><nav><ul>" + "".join(f"<li><a href='/{i}'>{w}</a></li>" for i, w in enumerate(items))
            + "</ul></nav><footer><a href='/privacy'>Privacy</a> <a href='/terms'>Terms</a></footer></body></html>")
    out = detector.clean_html(page)
    assert len(out) <= 0.2 * len(html_to_lines(page)), out
