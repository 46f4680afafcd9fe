"""Automatic labels of the gold corpora: markup captions overrule a gold that keeps them,
and the markup's headline is marked for the title model."""

import numpy as np

from boilerkit import features
from boilerkit.markdown import model_segments
from training.corpora import LabelledDoc, markup_captions, markup_titles, relabel_captions
from boilerkit.segment import segment_text
from training.dataset import build

PAGE = """<html><body><article>
<p>The ferry to the outer islands will run twice a day from the first of June.</p>
<figure><img src="x.jpg"><figcaption>The new ferry at the quay. Photo: A. Berg</figcaption></figure>
<div class="image-credit">Picture by the harbour office</div>
<p>Tickets can be bought on board or at the harbour office.</p>
<div class="wp-caption-text">Passengers waiting in the rain.</div>
</article></body></html>"""


def test_captions_are_found_by_element_and_by_class_token():
    caps = markup_captions(PAGE)
    assert caps == {"the new ferry at the quay photo a berg", "picture by the harbour office",
                    "passengers waiting in the rain"}


def test_a_caption_that_repeats_a_body_line_is_not_a_caption():
    page = PAGE.replace("Passengers waiting in the rain.</div>",
                        "Passengers waiting in the rain.</div><p>Passengers waiting in the rain.</p>")
    assert "passengers waiting in the rain" not in markup_captions(page)


def test_relabel_changes_only_caption_lines_and_keeps_offsets():
    text = "Tickets are on sale.\nThe new ferry at the quay. Photo: A. Berg\nMore news"
    spans = [(0, 20, "body"), (21, 62, "body"), (63, 72, "boilerplate")]
    out = relabel_captions(text, spans, markup_captions(PAGE))
    assert out == [(0, 20, "body"), (21, 62, "caption"), (63, 72, "boilerplate")]
    assert relabel_captions(text, spans, set()) == spans


def test_the_dataset_cache_is_written_beside_another_runs_temporary_file(tmp_path, monkeypatch):
    """Two training runs share training/.cache; one's temporary file must not be the other's."""
    from training import corpora

    docs = [corpora.LabelledDoc("set/1/blocks", "A line of text.\nAnother one.", [(0, 15, "body")],
                                "example.org", "set", "en", {"id": "1"})]
    data = tmp_path / "data"
    data.mkdir()
    (data / "set.jsonl.xz").write_bytes(b"")
    cache = tmp_path / "cache"
    monkeypatch.setattr(corpora, "CACHE", cache)
    monkeypatch.setattr(corpora, "_dataset_docs_uncached", lambda *a: docs)
    cache.mkdir()
    path = cache / f"{corpora._cache_key('set', data, None)}.jsonl.gz"
    other = path.with_suffix(".tmp")  # the name every run used before
    other.write_text("another run is writing here")
    assert corpora.dataset_docs("set", data) == docs
    assert other.read_text() == "another run is writing here"
    assert corpora.dataset_docs("set", data) == docs  # read back from the cache
    assert sorted(p.name for p in cache.iterdir()) == sorted([path.name, other.name])


TITLED = ("<html><head><title>Ferry to run twice a day \u2013 Island Post</title></head><body>"
          "<nav>Home</nav><h1>Ferry to run twice a day</h1><p>Tickets can be bought on board.</p></body></html>")


def test_markup_titles_hold_the_headline_with_and_without_the_site_name():
    assert markup_titles(TITLED) == {"ferry to run twice a day island post", "ferry to run twice a day"}
    assert markup_titles("<title>Home</title>") == set()  # too short to mark anything safely
    assert markup_titles("") == set()


def test_rows_equal_to_a_markup_title_are_marked_and_no_others():
    text = ("Home\nFerry to run twice a day\nTickets can be bought on board.\n"
            "Ferry to run twice a day, says the harbour office\nFERRY TO RUN TWICE A DAY!")
    spans = [(s, e, "body") for s, e, _ in model_segments(text)[0].tolist()]
    doc = LabelledDoc("wcxb/1/blocks", text, spans, "island.example", "wcxb",
                      meta={"titles": sorted(markup_titles(TITLED))})
    bare = LabelledDoc("wcxb/2/blocks", text, spans, "island.example", "wcxb")
    tab = build([doc, bare], evaluate=[False, False])
    assert tab.markup_title.tolist() == [False, True, False, False, True] + [False] * 5
    assert tab.subset(tab.doc == 0).markup_title.sum() == 2
    assert np.array_equal(tab.subset(tab.doc == 1).markup_title, np.zeros(5, bool))
    # the headline and its capitals copy are one repeat group, another in the other document
    r = tab.repeat.tolist()
    assert r[1] == r[4] >= 0 and r[6] == r[9] >= 0 and r[1] != r[6]
    assert [r[i] for i in (0, 2, 3, 5, 7, 8)] == [-1] * 6
    assert tab.subset(tab.doc == 1).repeat.tolist() == r[5:]


def test_html_training_reads_page_text_as_html_mode_does():
    # HTML mode segments a page's text without the Markdown view: a page
    # that shows Markdown as code must give its table the same rows as prediction
    text = "Write a link as [words](https://example.org/a) in the editor.\nIt becomes a link.\n"
    spans = [(0, 61, "body"), (62, 80, "body")]
    doc = LabelledDoc("wcxb/3/blocks", text, spans, "docs.example", "wcxb")
    X = build([doc], [False], markdown=False).X
    assert np.array_equal(X, features.compute(text, segment_text(text)), equal_nan=True)
    assert not np.array_equal(X, build([doc], [False]).X, equal_nan=True)  # text mode reads the link's words
    assert model_segments(text, markdown=False)[1] == text and model_segments(text)[1] != text
