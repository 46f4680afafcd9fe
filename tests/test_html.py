import codecs

import pytest

import boilerkit
from boilerkit.html import decode, html_to_lines


def test_blocks_become_lines_and_scripts_vanish():
    page = ("<html><head><title>T</title><style>p{}</style></head><body><nav><a>Home</a> <a>News</a></nav>"
            "<p>First <b>bold</b> para.</p><script>var x=1;</script><ul><li>one</li><li>two</li></ul>"
            "line<br>break<!-- comment --></body></html>")
    assert html_to_lines(page).splitlines() == ["T", "Home News", "First bold para.", "one", "two", "line", "break"]


@pytest.mark.parametrize("data,expect", [
    ("<p>Grüße</p>".encode("latin-1"), "Grüße"),  # undeclared Latin-1
    (codecs.BOM_UTF8 + "<p>Grüße</p>".encode("utf-8"), "Grüße"),
    ("<meta charset='utf-8'><p>Grüße</p>".encode("cp1252"), "Grüße"),  # declared charset is wrong
    ("<meta charset='windows-1251'><p>Привет</p>".encode("cp1251"), "Привет"),
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
