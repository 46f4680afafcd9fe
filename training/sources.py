"""Where training text comes from: the seed dumps and the shared gold datasets.

Nothing here copies third-party text into the repository; it reads it from the
shared folder (default ../shared, or $BOILERKIT_SHARED) at run time.
"""

from __future__ import annotations

import json
import lzma
import os
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    return Path(os.environ.get("BOILERKIT_SHARED", REPO.parent / "shared")).resolve()


def data_dir() -> Path:
    return shared_dir() / "data"


def seeds_dir() -> Path:
    return shared_dir() / "seeds"


def have_shared() -> bool:
    return seeds_dir().is_dir() and data_dir().is_dir()


def seed_names() -> list[str]:
    return sorted(p.name for p in seeds_dir().glob("*.txt"))


def read_seed(name: str) -> str:
    # newline="" keeps \r\n as it is, so offsets are offsets into the file's text.
    with open(seeds_dir() / name, encoding="utf-8", newline="") as f:
        return f.read()


def dataset_names(data: Path | None = None) -> list[str]:
    data = data or data_dir()
    return sorted(p.name[: -len(".jsonl.xz")] for p in Path(data).glob("*.jsonl.xz"))


def iter_records(dataset: str, data: Path | None = None):
    path = Path(data or data_dir()) / f"{dataset}.jsonl.xz"
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


@lru_cache(maxsize=16)
def _index(dataset: str, data: str) -> dict:
    return {r["id"]: r for r in iter_records(dataset, Path(data))}


def get_record(dataset: str, rid: str, data: Path | None = None) -> dict:
    return _index(dataset, str(data or data_dir()))[rid]


def site_of(rec: dict) -> str:
    """The grouping key for cross-validation: a site must not sit in two folds.

    A site is a registrable domain (the public suffix list's "private suffix"):
    regional and section subdomains (amur.kp.ru, ul.kp.ru; top.rbc.ru, rbc.ru) share
    their templates, so putting them in different folds would let a model be scored
    on a template it was trained on.
    """
    for key in ("site", "domain"):
        if rec.get(key):
            return registrable_domain(str(rec[key]))
    url = rec.get("url")
    if url and url != "None" and "://" in url:
        return registrable_domain(url.split("://", 1)[1].split("/", 1)[0])
    rid = str(rec.get("id", ""))
    # ids such as "bbc.co.uk_news_01" or "n3k-247wallst.com1" carry the site
    return f"{rec.get('dataset')}:{rid.split('_')[0]}"


@lru_cache(maxsize=1)
def _suffix_list():
    # Pinned in the train extra: the list's version decides which pages share a fold.
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def registrable_domain(host: str) -> str:
    """A host's site: "news.example.co.uk:8080" -> "example.co.uk". A host the list cannot
    reduce (an IP address, "localhost", a bare public suffix) is returned lowercased."""
    host = host.strip().lower().rsplit("@", 1)[-1]
    if host.startswith("["):  # IPv6 literal
        return host.split("]", 1)[0] + "]"
    host = host.split(":", 1)[0].rstrip(".")
    if host.replace(".", "").isdigit():
        return host
    return _suffix_list().privatesuffix(host) or host.removeprefix("www.")
