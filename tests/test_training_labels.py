"""Automatic labels of the gold corpora: markup captions overrule a gold that keeps them."""

from training.corpora import markup_captions, relabel_captions

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
