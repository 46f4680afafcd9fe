"""Build boilerkit/data/stopwords.txt.gz from jusText's stoplists (100 languages).

The dump's language is unknown at prediction time, so the feature uses one union
list. Long entries are mostly content words that would blur the signal, so only
short words (<= 5 characters after stripping punctuation) are kept; function
words in almost every language are short.

    python -m training.build_stopwords
"""

import gzip
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "boilerkit" / "data" / "stopwords.txt.gz"


def strip_punct(word: str) -> str:
    return "".join(c for c in word if not unicodedata.category(c).startswith("P"))


def main() -> None:
    import justext

    words = set()
    for lang in justext.get_stoplists():
        for w in justext.get_stoplist(lang):
            w = strip_punct(w.lower())
            if w and len(w) <= 5 and not w.isdigit():
                words.add(w)
    data = "\n".join(sorted(words)).encode("utf-8") + b"\n"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the file byte-identical across rebuilds
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(data)
    print(f"wrote {OUT}: {len(words)} words")


if __name__ == "__main__":
    main()
