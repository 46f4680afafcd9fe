"""Corpus mode end to end: `boilerkit clean --input ... --output DIR` on JSONL and Parquet."""

import gzip
import json
import os
import subprocess
import sys

import pytest

from conftest import REPO

EXAMPLE = (REPO / "docs" / "example.txt").read_text(encoding="utf-8")


def run(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "boilerkit", "clean", *map(str, args)], capture_output=True,
                          cwd=cwd, env=env, timeout=300)


def records(n=40):
    out = []
    for i in range(n):
        out.append({"id": f"d{i}", "url": f"https://news.example/{i}", "lang": "en",
                    "text": EXAMPLE if i % 4 else f"Note {i}.\nRead more »"})
    out.append({"id": "null", "text": None})
    out.append({"id": "number", "text": 12})
    return out


def write_jsonl(path, recs, extra_line=None):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r) + "\n")
        if extra_line:
            f.write(extra_line + "\n")


def read_jsonl(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_jsonl_records_keep_fields_and_failures_are_passed_through(tmp_path, detector):
    src = tmp_path / "in" / "shard-0.jsonl.gz"
    src.parent.mkdir()
    recs = records()
    write_jsonl(src, recs, extra_line="{this is not json")
    r = run("--input", src.parent, "--output", tmp_path / "out", "--segments")
    assert r.returncode == 0, r.stderr
    out = read_jsonl(tmp_path / "out" / "shard-0.jsonl.gz")
    assert len(out) == len(recs) + 1  # nothing dropped, in order
    for a, b in zip(recs, out):
        assert {k: b[k] for k in a if k != "text"} == {k: v for k, v in a.items() if k != "text"}
    body = out[1]
    assert body["text"] == detector.clean(EXAMPLE)
    figs = body["boilerkit"]
    assert figs["model"] == detector.version and figs["error"] is None
    assert figs["kept_chars"]["body"] > 0 and figs["dropped_chars"]["headlines"] > 0
    assert sum(figs["kept_chars"].values()) + sum(figs["dropped_chars"].values()) == \
        sum(s["end"] - s["start"] for s in body["boilerkit_segments"])
    assert out[-3]["text"] is None and "missing" in out[-3]["boilerkit"]["error"]
    assert out[-2]["text"] == 12 and "not text" in out[-2]["boilerkit"]["error"]
    assert out[-1]["_raw"] == "{this is not json" and "invalid JSON" in out[-1]["boilerkit"]["error"]
    assert "3 failed" in r.stderr.decode()


def test_output_field_and_parallel_workers_give_the_same_output(tmp_path):
    src = tmp_path / "a.jsonl"
    write_jsonl(src, records(60))
    assert run("--input", src, "--output", tmp_path / "one", "--output-field", "clean").returncode == 0
    assert run("--input", src, "--output", tmp_path / "two", "--output-field", "clean", "--jobs", "2").returncode == 0
    one = read_jsonl(tmp_path / "one" / "a.jsonl")
    assert one == read_jsonl(tmp_path / "two" / "a.jsonl")
    assert one[1]["text"] == EXAMPLE and "disused canal basin" in one[1]["clean"]


def test_resume_skips_finished_shards_and_no_half_shard_is_left(tmp_path):
    ins = []
    for k in range(3):
        p = tmp_path / f"s{k}.jsonl"
        write_jsonl(p, records(8))
        ins.append(p)
    out = tmp_path / "out"
    out.mkdir()
    (out / "s1.jsonl").write_text("finished before\n")
    r = run("--input", *ins, "--output", out, "--resume")
    assert r.returncode == 0 and b"1 skipped" in r.stderr
    assert (out / "s1.jsonl").read_text() == "finished before\n"
    assert len(read_jsonl(out / "s0.jsonl")) == 10 and len(read_jsonl(out / "s2.jsonl")) == 10
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_interrupted_shard_leaves_nothing(tmp_path, monkeypatch):
    from boilerkit import corpus

    src = tmp_path / "a.jsonl"
    write_jsonl(src, records(10))
    calls = {"n": 0}
    real = corpus.clean_record

    def interrupting(det, rec, opt):
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt
        return real(det, rec, opt)

    monkeypatch.setattr(corpus, "clean_record", interrupting)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(KeyboardInterrupt):
        corpus.run_shards([src], out, corpus.Options(), jobs=1, progress=False)
    assert list(out.iterdir()) == []


def test_parquet_in_and_out(tmp_path):
    pa = pytest.importorskip("pyarrow", reason="Parquet needs the corpus extra (pyarrow)")
    import pyarrow.parquet as pq

    recs = [r for r in records(20) if isinstance(r["text"], str) or r["text"] is None]
    pq.write_table(pa.Table.from_pylist(recs), tmp_path / "p.parquet")
    r = run("--input", tmp_path / "p.parquet", "--output", tmp_path / "out", "--segments")
    assert r.returncode == 0, r.stderr
    t = pq.read_table(tmp_path / "out" / "p.parquet")
    assert t.column_names[:4] == ["id", "url", "lang", "text"]
    rows = t.to_pylist()
    assert len(rows) == len(recs) and rows[1]["boilerkit"]["kept_chars"]["body"] > 0
    assert rows[-1]["boilerkit"]["error"] and rows[-1]["text"] is None


def test_zstd_shards(tmp_path):
    zstd = pytest.importorskip("zstandard", reason=".zst needs the corpus extra (zstandard)")
    data = "".join(json.dumps(r) + "\n" for r in records(10)).encode()
    (tmp_path / "z.jsonl.zst").write_bytes(zstd.ZstdCompressor().compress(data))
    r = run("--input", tmp_path / "z.jsonl.zst", "--output", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    text = zstd.ZstdDecompressor().stream_reader(open(tmp_path / "out" / "z.jsonl.zst", "rb")).read()
    assert len(text.decode().splitlines()) == 12


@pytest.mark.parametrize("kind", ["zst corrupt", "zst truncated", "gz truncated", "gz corrupt"])
def test_a_broken_compressed_shard_is_reported_and_the_others_still_run(tmp_path, kind):
    data = "".join(json.dumps(r) + "\n" for r in records(30)).encode()
    if kind.startswith("zst"):
        zstd = pytest.importorskip("zstandard", reason=".zst needs the corpus extra (zstandard)")
        packed = zstd.ZstdCompressor().compress(data)
        name = "a-bad.jsonl.zst"
    else:
        packed = gzip.compress(data)
        name = "a-bad.jsonl.gz"
    broken = {"corrupt": b"not compressed data" + packed[20:], "truncated": packed[: len(packed) // 2]}
    src = tmp_path / "in"
    src.mkdir()
    (src / name).write_bytes(broken[kind.split()[1]])
    write_jsonl(src / "b-good.jsonl", records(3))
    r = run("--input", src, "--output", tmp_path / "out")
    err = r.stderr.decode()
    assert r.returncode == 1 and "Traceback" not in err
    assert f"{name}: corrupt or truncated compressed data" in err, err
    assert not (tmp_path / "out" / name).exists()  # no half shard passes for a whole one
    assert len(read_jsonl(tmp_path / "out" / "b-good.jsonl")) == 5


def test_jsonl_output_is_the_input_bytes_where_they_were_not_utf8(tmp_path):
    src = tmp_path / "in.jsonl"
    # a BOM before the first record, an invalid byte inside a text, a lone surrogate escape,
    # and an unparsable line holding an invalid byte
    lines = [b'\xef\xbb\xbf{"id": 1, "note": "Caf\xe9", "text": "Notes on the harbour seals."}',
             b'{"id": 2, "text": "A lone half \\ud800 of a pair, in a sentence."}',
             b'{broken \xff line']
    src.write_bytes(b"\n".join(lines) + b"\n")
    r = run("--input", src, "--output", tmp_path / "out", "--no-labels")
    assert r.returncode == 0, r.stderr
    out = (tmp_path / "out" / "in.jsonl").read_bytes().split(b"\n")
    assert b'"note": "Caf\xe9"' in out[0] and b"_raw" not in out[0]  # the byte as it came, record 1 parsed
    rec2 = json.loads(out[1].decode("utf-8"))  # valid UTF-8, the same value
    assert rec2["id"] == 2 and "\ud800" in rec2["text"]
    assert json.loads(out[2].decode("utf-8", "surrogateescape"))["_raw"] == "{broken \udcff line"
    assert b"\xed" not in b"".join(out)  # no UTF-8-encoded surrogates


def test_parquet_text_column_of_numbers_is_a_clear_error(tmp_path):
    pa = pytest.importorskip("pyarrow", reason="Parquet needs the corpus extra (pyarrow)")
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"text": pa.array([1, 2])}), tmp_path / "ints.parquet")
    r = run("--input", tmp_path / "ints.parquet", "--output", tmp_path / "out")
    err = r.stderr.decode()
    assert r.returncode == 1 and "Traceback" not in err and "closed file" not in err
    assert "column 'text' holds int64, not text" in err, err


@pytest.mark.parametrize("case", ["no output", "output is a file", "name clash", "unknown format"])
def test_corpus_usage_errors(tmp_path, case):
    a = tmp_path / "x" / "a.jsonl"
    b = tmp_path / "y" / "a.jsonl"
    for p in (a, b):
        p.parent.mkdir()
        write_jsonl(p, records(2))
    (tmp_path / "file").write_text("")
    (tmp_path / "w.csv").write_text("id,text\n")
    args = {"no output": ("--input", a),
            "output is a file": ("--input", a, "--output", tmp_path / "file"),
            "name clash": ("--input", a, b, "--output", tmp_path / "out"),
            "unknown format": ("--input", tmp_path / "w.csv", "--output", tmp_path / "out")}[case]
    r = run(*args)
    err = r.stderr.decode()
    assert r.returncode != 0 and "Traceback" not in err and err.startswith("boilerkit")


def test_site_repeats_drop_text_found_on_many_pages_of_a_site(tmp_path):
    from boilerkit import corpus

    boiler = "Our newsroom follows the editorial code of the press council in every story we publish."
    recs = []
    for i in range(5):
        body = (f"Story {i} begins with a long paragraph about the harbour, written for this test and "
                f"unlike the others because it names the number {i} several times: {i}, {i}, {i}.")
        recs.append({"url": f"https://www.paper.example/story/{i}", "text": f"{body}\n{boiler}"})
    recs.append({"url": "https://other.example/a", "text": f"A page on another site, long enough.\n{boiler}"})
    src = tmp_path / "s.jsonl"
    write_jsonl(src, recs)
    pairs = [(corpus.site_of(r["url"]), r["text"]) for r in recs]
    assert corpus.count_repeats(pairs)["paper.example"]  # 5 of 5 pages share the line
    plain = run("--input", src, "--output", tmp_path / "plain")
    passed = run("--input", src, "--output", tmp_path / "rep", "--site-repeats")
    assert plain.returncode == 0 and passed.returncode == 0, passed.stderr
    before = read_jsonl(tmp_path / "plain" / "s.jsonl")
    after = read_jsonl(tmp_path / "rep" / "s.jsonl")
    assert all(boiler in r["text"] for r in before[:5])  # the model alone keeps it
    assert not any(boiler in r["text"] for r in after[:5])
    assert all(f"Story {i} begins" in after[i]["text"] for i in range(5))
    assert boiler in after[5]["text"]  # one page of another site: not repeated there


def _html_page(i: int) -> str:
    return (f"<html><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav><article><h1>Title {i}</h1>"
            f"<p>The council met on Tuesday to discuss the plan for the harbour, which has been debated "
            f"for years by residents who want a say in it, and item {i} was on the agenda.</p>"
            f"<p>Members agreed to publish the full report next month after a public hearing.</p>"
            f"</article><footer>Contact us | Privacy</footer></body></html>")


def test_site_repeats_of_html_pages_are_counted_on_their_text(tmp_path):
    # the first pass used to hash lines of the pages' markup, which never match a segment
    from boilerkit import corpus

    shared = "Members agreed to publish the full report next month after a public hearing."
    recs = [{"url": f"https://council.example/{i}", "text": _html_page(i)} for i in range(4)]
    rep = corpus.count_repeats(((corpus.site_of(r["url"]), r["text"]) for r in recs), html=True)
    assert corpus.repeat_key(shared) in rep["council.example"]
    src = tmp_path / "h.jsonl"
    write_jsonl(src, recs)
    plain = run("--input", src, "--output", tmp_path / "plain", "--html")
    passed = run("--input", src, "--output", tmp_path / "rep", "--html", "--site-repeats")
    assert plain.returncode == 0 and passed.returncode == 0, passed.stderr
    assert all(shared in r["text"] for r in read_jsonl(tmp_path / "plain" / "h.jsonl"))
    after = read_jsonl(tmp_path / "rep" / "h.jsonl")
    assert not any(shared in r["text"] for r in after)
    assert all(f"item {i} was on the agenda" in after[i]["text"] for i in range(4))


@pytest.mark.parametrize("html", [False, True])
def test_without_labels_the_text_is_the_same_and_the_figures_are_totals(detector, html):
    from boilerkit import corpus

    docs = [_html_page(i) for i in range(3)] if html else [EXAMPLE, "Note 1.\nRead more »", "x", ""]
    rep = frozenset({corpus.repeat_key("Members agreed to publish the full report next month after a public "
                                       "hearing."), corpus.repeat_key(EXAMPLE.splitlines()[0])} - {None})
    for doc in docs:
        for repeated in (None, rep):
            full, figs, _ = corpus.clean_text(detector, doc, ("body",), None, html, repeated=repeated)
            fast, totals, segs = corpus.clean_text(detector, doc, ("body",), None, html, repeated=repeated,
                                                   labels=False)
            assert fast == full and segs is None
            # the figures name the model that classified: the HTML model for pages
            want = detector.html_model.version if html else detector.version
            assert figs["model"] == totals["model"] == want
            assert totals["kept_chars"] == corpus.char_total(figs["kept_chars"])
            assert totals["dropped_chars"] == corpus.char_total(figs["dropped_chars"])
    with pytest.raises(ValueError, match="labels"):
        corpus.clean_text(detector, EXAMPLE, ("body",), None, with_segments=True, labels=False)


def test_no_labels_in_corpus_mode_jsonl_and_parquet(tmp_path):
    src = tmp_path / "a.jsonl"
    write_jsonl(src, records(12))
    assert run("--input", src, "--output", tmp_path / "lab").returncode == 0
    r = run("--input", src, "--output", tmp_path / "tot", "--no-labels")
    assert r.returncode == 0, r.stderr
    lab, tot = read_jsonl(tmp_path / "lab" / "a.jsonl"), read_jsonl(tmp_path / "tot" / "a.jsonl")
    assert [x["text"] for x in lab] == [x["text"] for x in tot]
    for a, b in zip(lab, tot):
        if a["boilerkit"]["error"]:
            assert b["boilerkit"] == a["boilerkit"]
        else:
            assert b["boilerkit"]["kept_chars"] == sum(a["boilerkit"]["kept_chars"].values())
            assert b["boilerkit"]["dropped_chars"] == sum(a["boilerkit"]["dropped_chars"].values())
    r = run("--input", src, "--output", tmp_path / "seg", "--no-labels", "--segments")
    assert r.returncode == 2 and "--no-labels" in r.stderr.decode()
    pa = pytest.importorskip("pyarrow", reason="Parquet needs the corpus extra (pyarrow)")
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([x for x in records(6) if not isinstance(x["text"], int)]),
                   tmp_path / "p.parquet")
    r = run("--input", tmp_path / "p.parquet", "--output", tmp_path / "pq", "--no-labels")
    assert r.returncode == 0, r.stderr
    rows = pq.read_table(tmp_path / "pq" / "p.parquet").to_pylist()
    assert rows[1]["boilerkit"]["kept_chars"] > 0 and rows[-1]["boilerkit"]["kept_chars"] is None
