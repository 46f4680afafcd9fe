"""Memory stays flat while a stream of documents goes through (issue: no unbounded growth)."""

import os
import subprocess
import sys

import pytest

from conftest import REPO

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs Linux /proc")


def _doc(i: int) -> str:
    # every document different, so no cache can serve it from an earlier one
    words = " ".join(f"w{i}x{j}" for j in range(40))
    return (f"Headline number {i} about {words[:30]}\nBy Reporter {i}\n"
            + "\n".join(f"Paragraph {k} of story {i} says {words} and then ends here." for k in range(12))
            + f"\nRead more »\nRELATED\nOther story {i + 1}\nOther story {i + 2}\n")


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_classify_iter_stream_does_not_grow(detector):
    for _ in detector.classify_iter(_doc(i) for i in range(300)):  # warm up caches and arenas
        pass
    before = _rss_mb()
    n = 0
    for segs in detector.classify_iter(_doc(i) for i in range(300, 3300)):
        n += len(segs)
    grown = _rss_mb() - before
    assert n > 3000 * 15
    assert grown < 20, f"RSS grew by {grown:.1f} MB over 3,000 documents"


def test_classify_iter_in_parallel_keeps_order(detector):
    docs = [_doc(i) for i in range(40)]
    assert list(detector.classify_iter(iter(docs), n_jobs=2)) == [detector.classify(d) for d in docs]


def _cli_peak_mb(tmp_path, n: int) -> float:
    d = tmp_path / f"docs{n}"
    d.mkdir()
    for i in range(n):
        (d / f"{i:05d}.txt").write_text(_doc(i), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    p = subprocess.Popen([sys.executable, "-m", "boilerkit", "clean", "-r", str(d), "-o", str(tmp_path / f"o{n}")],
                         env=env, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, p.stderr.read()
    return usage.ru_maxrss / 1024


def test_cli_peak_memory_does_not_grow_with_the_number_of_files(tmp_path):
    small, big = _cli_peak_mb(tmp_path, 50), _cli_peak_mb(tmp_path, 1000)
    assert big - small < 25, f"peak RSS {small:.0f} MB for 50 files, {big:.0f} MB for 1,000"
