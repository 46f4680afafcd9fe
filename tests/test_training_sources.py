"""Cross-validation groups: pages of one site, under any subdomain, share a fold."""
import pytest

pytest.importorskip("publicsuffixlist", reason="the train extra is not installed")

from training import sources  # noqa: E402


@pytest.mark.parametrize("host, site", [
    ("www.example.com", "example.com"),
    ("amur.example.ru", "example.ru"),
    ("News.Example.co.uk:8080", "example.co.uk"),
    ("user@shop.example.de", "example.de"),
    ("someblog.blogspot.com", "someblog.blogspot.com"),  # a private suffix: each blog is a site
    ("192.0.2.7", "192.0.2.7"),
    ("localhost", "localhost"),
    ("co.uk", "co.uk"),
])
def test_registrable_domain(host, site):
    assert sources.registrable_domain(host) == site


def test_subdomains_of_one_site_are_one_group_and_other_sites_are_not():
    recs = [{"url": "https://top.example.ru/a"}, {"url": "http://example.ru/b"},
            {"domain": "WWW.example.ru"}, {"url": "https://example.org/c"}]
    assert [sources.site_of(r) for r in recs] == ["example.ru"] * 3 + ["example.org"]


def test_records_without_a_host_keep_their_id_prefix():
    assert sources.site_of({"dataset": "d", "id": "site1_page_02", "url": "None"}) == "d:site1"


def test_inputs_digest_follows_the_records_not_their_compression(tmp_path):
    import lzma

    from training.train import inputs_digest

    records = b'{"id": "1", "html": "<p>One page.</p>"}\n'
    fast, best, other = (tmp_path / d for d in ("fast", "best", "other"))
    for folder, data, preset in ((fast, records, 0), (best, records, 9), (other, records + b"\n", 9)):
        folder.mkdir()
        (folder / "set.jsonl.xz").write_bytes(lzma.compress(data, preset=preset))
    assert (fast / "set.jsonl.xz").read_bytes() != (best / "set.jsonl.xz").read_bytes()
    opts = {"rounds": 300}
    assert inputs_digest(fast, opts) == inputs_digest(best, opts)
    assert inputs_digest(other, opts) != inputs_digest(best, opts)
    assert inputs_digest(best, {"rounds": 301}) != inputs_digest(best, opts)
