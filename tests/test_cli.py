"""End-to-end through the installed command line (python -m boilerkit)."""

import json
import os
import subprocess
import sys

import pytest

from conftest import REPO

EXAMPLE = REPO / "docs" / "example.txt"


def run(*args, stdin=None, cwd=None):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "boilerkit", *map(str, args)], input=stdin,
                          capture_output=True, cwd=cwd, env=env, timeout=120)


def test_clean_file_prints_body_only():
    r = run("clean", EXAMPLE)
    out = r.stdout.decode()
    assert r.returncode == 0, r.stderr
    assert "disused canal basin" in out and "RELATED STORIES" not in out and "Read more" not in out


def test_clean_markdown_keeps_the_links_of_the_body():
    r = run("clean", REPO / "docs" / "example.md")
    out = r.stdout.decode()
    assert r.returncode == 0, r.stderr
    assert "[harbour board](https://harbour.example/board)" in out
    assert "Subscribe" not in out and "Related stories" not in out and "Read more" not in out


def test_clean_stdin_and_dash_match_file():
    data = EXAMPLE.read_bytes()
    by_file = run("clean", EXAMPLE).stdout
    assert run("clean", stdin=data).stdout == by_file
    assert run("clean", "-", stdin=data).stdout == by_file


def test_classify_reads_stdin_without_a_file_like_clean():
    data = EXAMPLE.read_bytes()
    by_file = run("classify", EXAMPLE)
    assert by_file.returncode == 0 and by_file.stdout
    assert run("classify", stdin=data).stdout == by_file.stdout


def test_jsonl_records(tmp_path):
    r = run("clean", "--format", "jsonl", "--keep", "body,title", EXAMPLE)
    assert r.returncode == 0
    recs = [json.loads(x) for x in r.stdout.decode().splitlines()]
    text = EXAMPLE.read_text(encoding="utf-8")
    assert recs and set(recs[0]) == {"doc", "start", "end", "label", "score", "keep", "text"}
    for rec in recs:
        assert text[rec["start"]:rec["end"]] == rec["text"]
        assert rec["keep"] == (rec["label"] in ("body", "title"))


def test_html_input(tmp_path):
    page = tmp_path / "p.html"
    body = "".join(f"<p>{line}</p>" for line in EXAMPLE.read_text(encoding="utf-8").splitlines())
    page.write_bytes(f"<html><head><meta charset='latin-1'></head><body>{body}</body></html>".encode("latin-1", "replace"))
    r = run("clean", "--html", page)
    assert r.returncode == 0 and b"disused canal basin" in r.stdout


def test_html_jsonl_has_tag_paths_and_title(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><head><title>Seal count</title></head><body><div class='story'>"
                    "<p>Volunteers counted eleven pups on the sandbank this spring.</p></div></body></html>",
                    encoding="utf-8")
    r = run("clean", "--html", "--format", "jsonl", "--title", page)
    recs = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert r.returncode == 0 and recs[0] == {"doc": str(page), "title": "Seal count"}
    paths = {rec["text"]: rec["path"] for rec in recs[1:]}
    assert paths["Volunteers counted eleven pups on the sandbank this spring."] == "html/body/div/p"
    r = run("clean", "--html", "--title", page)
    assert r.stdout.decode().splitlines()[0] == "Seal count"


def test_classify_listing():
    r = run("classify", EXAMPLE, "--width", "30")
    rows = r.stdout.decode().splitlines()
    assert r.returncode == 0 and rows
    label, score = rows[0].split()[:2]
    assert float(score) >= 0 and all(len(x) < 60 for x in rows)


def test_several_files_one_failing_still_processes_the_rest(tmp_path):
    r = run("clean", EXAMPLE, tmp_path / "missing.txt", EXAMPLE)
    assert r.returncode == 1
    assert r.stdout.decode().count("disused canal basin") == 2
    assert b"missing.txt: no such file" in r.stderr and b"Traceback" not in r.stderr


@pytest.mark.parametrize("case", ["missing", "directory", "undecodable", "option", "model", "keep",
                                  "threshold", "title", "width"])
def test_errors_are_one_line_without_traceback(tmp_path, case):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 \xff\xfe")
    broken = tmp_path / "model"
    broken.mkdir()
    (broken / "meta.json").write_text("{")
    args = {
        "missing": ("clean", tmp_path / "nope.txt"),
        "directory": ("clean", tmp_path),
        "undecodable": ("clean", bad),
        "option": ("clean", "--frobnicate", EXAMPLE),
        "model": ("clean", "--model", broken, EXAMPLE),
        "keep": ("clean", "--keep", "adverts", EXAMPLE),
        "threshold": ("clean", "--threshold", "3", EXAMPLE),
        "title": ("clean", "--title", EXAMPLE),
        "width": ("classify", "--width", "0", EXAMPLE),
    }[case]
    r = run(*args)
    err = r.stderr.decode()
    assert r.returncode == (1 if case in ("missing", "directory", "undecodable") else 2), err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and err.startswith("boilerkit")
    assert bad.read_bytes() == b"caf\xe9 \xff\xfe"  # inputs are never modified


@pytest.mark.parametrize("cmd", [(), ("clean",), ("classify",)])
def test_help_has_examples(cmd):
    r = run(*cmd, "--help")
    assert r.returncode == 0 and b"usage:" in r.stdout
    if cmd:
        assert b"example" in r.stdout


def test_works_from_another_directory(tmp_path):
    (tmp_path / "x.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    code = "import boilerkit; print(boilerkit.clean(open('x.txt').read()))"
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, timeout=120,
                       env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert r.returncode == 0 and b"disused canal basin" in r.stdout


def test_recursive_directory_processes_the_rest_and_reports_failures(tmp_path):
    d = tmp_path / "pages"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_bytes(EXAMPLE.read_bytes())
    (d / "sub" / "b.txt").write_bytes(EXAMPLE.read_bytes())
    (d / "bad.txt").write_bytes(b"caf\xe9 \xff")
    (d / "gone.txt").symlink_to(tmp_path / "nowhere")  # unreadable: a dangling link
    r = run("clean", "-r", d)
    err = r.stderr.decode()
    assert r.returncode == 1 and "Traceback" not in err
    assert r.stdout.decode().count("disused canal basin") == 2
    assert "bad.txt: not UTF-8" in err and "gone.txt: no such file" in err
    assert err.strip().splitlines()[-1].startswith("boilerkit: 2 of 4 inputs failed")
    assert run("clean", d).returncode == 1  # without -r a directory is an error


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_recursive_directory_skips_a_named_pipe_instead_of_waiting_on_it(tmp_path):
    d = tmp_path / "pages"
    d.mkdir()
    (d / "a.txt").write_bytes(EXAMPLE.read_bytes())
    os.mkfifo(d / "pipe")  # nothing ever writes to it: opening it would block for good
    r = run("clean", "-r", d)
    assert r.returncode == 0, r.stderr
    assert "pipe: skipped, not a regular file" in r.stderr.decode()
    assert "disused canal basin" in r.stdout.decode()


def test_an_output_encoding_that_cannot_hold_the_text_is_one_line(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("Über den Hafen: a sentence of body text, written for this test, about the café.\n",
                    encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="ascii")
    r = subprocess.run([sys.executable, "-m", "boilerkit", "classify", page], capture_output=True, env=env,
                       timeout=120)
    err = r.stderr.decode()
    assert r.returncode == 1 and "Traceback" not in err
    assert err.startswith("boilerkit: error: the output's encoding (ascii) cannot write the text"), err


def test_html_title_is_printed_once_and_html_read_as_text_is_flagged(tmp_path):
    page = tmp_path / "page.html"
    paras = "".join(f"<p>Paragraph {i} of the story about the lock gates goes on for a while.</p>" for i in range(4))
    page.write_text("<!DOCTYPE html><html><head><title>Lock gates open again</title></head><body>"
                    f"<h1>Lock gates open again</h1>{paras}</body></html>", encoding="utf-8")
    # everything kept, so the <h1> is among the kept lines
    r = run("clean", "--html", "--title", "--keep", "body,title", "--threshold", "0", page)
    assert r.returncode == 0 and r.stdout.decode().count("Lock gates open again") == 1, r.stdout
    r = run("clean", page)
    assert r.returncode == 0 and "looks like an HTML page" in r.stderr.decode()
    assert "looks like" not in run("clean", EXAMPLE).stderr.decode()


def test_utf16_without_bom_is_read_as_text(tmp_path):
    # ASCII and NULs are valid UTF-8: read as UTF-8 this file printed nothing at all
    u16 = tmp_path / "u16.txt"
    u16.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("utf-16-le"))
    r = run("clean", u16)
    assert r.returncode == 0 and r.stdout == run("clean", EXAMPLE).stdout


def test_output_file_is_written_whole_and_never_an_input(tmp_path):
    src = tmp_path / "in.txt"
    src.write_bytes(EXAMPLE.read_bytes())
    out = tmp_path / "out.txt"
    r = run("clean", src, "-o", out)
    assert r.returncode == 0 and r.stdout == b""
    assert out.read_bytes() == run("clean", src).stdout
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left
    r = run("clean", src, "--output", src)
    assert r.returncode == 2 and b"never overwritten" in r.stderr
    assert src.read_bytes() == EXAMPLE.read_bytes()


def test_output_writes_through_links_and_special_files_and_keeps_the_mode(tmp_path):
    from boilerkit.cli import _output

    target = tmp_path / "target.txt"
    target.write_text("old")
    target.chmod(0o600)
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    with _output(str(link)) as f:
        f.write("new")
    assert link.is_symlink() and target.read_text() == "new"  # the link still points at it
    assert target.stat().st_mode & 0o777 == 0o600
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    with _output(str(fifo)) as f:
        f.write("through the pipe")
    assert reader.communicate(timeout=30)[0] == b"through the pipe"
    assert fifo.is_fifo()  # not replaced by a regular file


def test_output_dash_is_stdout_and_a_closed_stdout_is_one_line(tmp_path):
    r = run("clean", EXAMPLE, "-o", "-", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == run("clean", EXAMPLE).stdout
    assert list(tmp_path.iterdir()) == []  # no file named "-"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    r = subprocess.run([sys.executable, "-m", "boilerkit", "clean", str(EXAMPLE)], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, env=env, timeout=120,
                       preexec_fn=lambda: os.close(1))
    assert r.returncode == 1 and r.stderr.decode().count("\n") == 1, r.stderr
    assert b"Traceback" not in r.stderr


def test_interrupted_output_leaves_no_file(tmp_path):
    from boilerkit.cli import _output

    target = tmp_path / "out.txt"
    with pytest.raises(KeyboardInterrupt):
        with _output(str(target)) as f:
            f.write("half a result")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    target.write_text("old result")
    with pytest.raises(RuntimeError):
        with _output(str(target)) as f:
            f.write("new")
            raise RuntimeError("worker died")
    assert target.read_text() == "old result"  # the previous file survives a failed run


def test_broken_pipe_exits_quietly(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text((EXAMPLE.read_text(encoding="utf-8") + "\n") * 400, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    p = subprocess.Popen([sys.executable, "-m", "boilerkit", "clean", "--format", "jsonl", big],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    p.stdout.readline()
    p.stdout.close()  # like `| head -1`
    err = p.stderr.read()
    assert p.wait(timeout=120) == 0, err
    assert b"Traceback" not in err and b"Broken pipe" not in err


def test_binary_file_as_html_is_a_clear_input_error(tmp_path):
    png = tmp_path / "image.html"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    r = run("clean", "--html", png, EXAMPLE)
    err = r.stderr.decode()
    assert r.returncode == 1 and "image.html: not HTML or text: looks like a PNG image" in err
    assert "Traceback" not in err


def test_classify_display_never_cuts_inside_a_joined_emoji_or_a_combining_mark():
    import unicodedata

    from boilerkit.cli import _shorten

    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    text = f"abcdefgh {family} e\u0301 tail text that goes on"
    for width in range(10, len(text)):
        out = _shorten(text, width)
        assert len(out) <= width and out.endswith("…")
        kept = out[:-1]
        assert text.startswith(kept) and not kept.endswith("\u200d")
        rest = text[len(kept):]
        assert unicodedata.category(rest[0])[0] != "M" and rest[0] != "\u200d"
