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


def test_data_digest_of_a_parsed_command_is_the_one_its_run_records(tmp_path):
    """A model's version must be recomputable from its recorded command: the digest resolves
    the defaults that main() fills in (the class and title models' rounds, --quick's caps)."""
    import lzma

    from training import train

    (tmp_path / "set.jsonl.xz").write_bytes(lzma.compress(b'{"id": "1"}\n'))
    parsed = train.parser().parse_args(["--data", str(tmp_path), "--seed-loo"])
    assert parsed.class_rounds is None  # what the digest must not see unresolved
    ran = train.resolve(train.parser().parse_args(["--data", str(tmp_path), "--seed-loo"]))
    assert train.data_digest(tmp_path, parsed) == train.data_digest(tmp_path, ran)
    assert parsed.class_rounds is None  # the caller's namespace is left as it was
    explicit = train.parser().parse_args(["--data", str(tmp_path), "--class-rounds", "150", "--title-rounds", "100"])
    assert train.data_digest(tmp_path, explicit) == train.data_digest(tmp_path, parsed)
    quick = train.parser().parse_args(["--data", str(tmp_path), "--quick"])
    assert train.data_digest(tmp_path, quick) == train.data_digest(tmp_path, train.resolve(quick))
