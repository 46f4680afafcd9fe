import numpy as np
import pytest

from boilerkit import dom
from boilerkit.html import headline_texts, html_blocks, html_to_lines, page_title
from boilerkit.segment import segment_text

PAGE = """<html><head><title>Harbour seals return</title>
<meta property="og:title" content="Harbour seals return to the bay"></head><body>
<nav class="mainNav"><a href="/">Home</a> <a href="/news">News</a></nav>
<div id="story" class="article-body"><h1>Harbour seals return</h1>
<p>Volunteers counted eleven pups on the sandbank this spring, more than in any year
since the count began. <a href="/count">The count</a> is held every May.</p>
<p style="display: none">Hidden promo text that no reader sees.</p></div>
<ul class="related"><li><a href="/a">First other story</a></li><li><a href="/b">Second other story</a></li>
<li><a href="/c">Third other story</a></li></ul>
<footer><p>Copyright notice</p></footer></body></html>"""


def test_blocks_match_lines_one_to_one():
    text, blocks = html_blocks(PAGE)
    assert text == html_to_lines(PAGE)
    assert len(blocks) == len(text.split("\n"))


def test_block_context():
    text, blocks = html_blocks(PAGE)
    by_line = dict(zip(text.split("\n"), blocks))
    nav = by_line["Home News"]
    assert nav.link_chars == nav.chars and "nav" in nav.ancestors and "nav" in nav.tokens
    para = next(b for line, b in by_line.items() if line.startswith("Volunteers"))
    assert 0 < para.link_chars < para.chars and para.tag == "p"
    assert "article" in para.tokens and "story" in para.tokens and not para.hidden
    assert by_line["Hidden promo text that no reader sees."].hidden
    items = [b for line, b in by_line.items() if "other story" in line]
    assert len({b.path for b in items}) == 1 and len({b.container for b in items}) == 1
    assert "footer" in by_line["Copyright notice"].ancestors


def test_dom_features_follow_the_segments_line():
    text, blocks = html_blocks(PAGE)
    segs = segment_text(text)
    weights = np.zeros(dom.TOK_SIZE, dtype=np.float32)
    weights[dom.token_bucket("related")] = -2.0
    X = dom.compute(text, segs, blocks, weights)
    assert X.shape == (len(segs), len(dom.DOM_FEATURE_NAMES)) and X.dtype == np.float32
    col = {n: i for i, n in enumerate(dom.DOM_FEATURE_NAMES)}
    pieces = [text[s:e] for s, e, _ in segs.tolist()]
    story = [i for i, p in enumerate(pieces) if "other story" in p]
    assert all(X[i, col["tok_near"]] == -2.0 and X[i, col["dom_same_path"]] > 0 for i in story)
    assert all(X[i, col["in_list"]] == 1 and X[i, col["dom_link_ratio"]] == 1 for i in story)
    hidden = dom.hidden_rows(X)
    assert [pieces[i] for i in np.flatnonzero(hidden)] == ["Hidden promo text that no reader sees."]


def test_degenerate_pages():
    for page in ("", "   ", b"", "<html></html>", "plain words, no tags"):
        text, blocks = html_blocks(page)
        segs = segment_text(text)
        assert dom.compute(text, segs, blocks, None).shape == (len(segs), len(dom.DOM_FEATURE_NAMES))


@pytest.mark.parametrize("page,title", [
    (PAGE, "Harbour seals return to the bay"),
    ("<html><head><title> A  title </title></head><body><h1>Head</h1></body></html>", "A title"),
    ("<body><h1>Only <b>a</b> heading</h1></body>", "Only a heading"),
    ("<body><p>no title</p></body>", ""),
    (b"", ""),
])
def test_page_title(page, title):
    assert page_title(page) == title


def test_headline_texts_lists_every_declared_headline_in_order():
    page = ('<html><head><meta property="og:title" content=""><title>Ferry  news | Island Post</title></head>'
            "<body><h1>Ferry runs twice a day</h1><h1>Second</h1><h1>Third</h1><h1>Fourth</h1></body></html>")
    assert headline_texts(page) == ["Ferry news | Island Post", "Ferry runs twice a day", "Second", "Third"]
    assert headline_texts(page, h1s=1) == ["Ferry news | Island Post", "Ferry runs twice a day"]
    assert headline_texts(b"") == [] and headline_texts("<p>no headline</p>") == []


def test_html_mode_drops_hidden_text_and_related_list(detector):
    segs = detector.classify_html(PAGE)
    by_text = {s.text: s for s in segs}
    assert by_text["Hidden promo text that no reader sees."].label == "other"
    out = detector.clean_html(PAGE)
    assert "Volunteers counted eleven pups" in out
    assert "Hidden promo" not in out and "Home News" not in out


@pytest.mark.parametrize("threshold", [None, 0.2, 0.8])
def test_clean_html_matches_classify_html(detector, threshold):
    from boilerkit.detector import join_kept
    from boilerkit.html import html_to_lines

    for page in (PAGE, PAGE.replace("<p", "<div").replace("</p>", "</div>")):
        segs = detector.classify_html(page, threshold=threshold)
        expect = join_kept(html_to_lines(page), [(s.start, s.end, s.keep) for s in segs])
        assert detector.clean_html(page, threshold=threshold) == expect
