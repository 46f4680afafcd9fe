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
