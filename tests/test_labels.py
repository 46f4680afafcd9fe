import pytest

from boilerkit.labels import DEFAULT_KEEP, DESCRIPTIONS, LABELS, parse_keep


def test_taxonomy_is_documented_and_body_first():
    assert LABELS[0] == "body" and set(DESCRIPTIONS) == set(LABELS)
    assert DEFAULT_KEEP == ("body",)


def test_parse_keep():
    assert parse_keep("body,title") == ("body", "title")
    assert parse_keep(["title", " body "]) == ("title", "body")
    with pytest.raises(ValueError, match="unknown label"):
        parse_keep("body,adverts")
    with pytest.raises(ValueError):
        parse_keep("")
