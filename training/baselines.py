"""Baselines the report puts beside the model, on the same segments and folds.

Both decide per input line (as they do in practice); every segment of a line
inherits the line's decision.
- C4 line rule: keep lines of >= 3 words that end in terminal punctuation.
- jusText on the lines: each line becomes one paragraph of a synthetic page,
  classified with the stoplist of the document's language (English when the
  language has none).
"""

from __future__ import annotations

import html
import re

import numpy as np

_TERMINAL = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")

JUSTEXT_LANG = {
    "en": "English", "de": "German", "fr": "French", "sv": "Swedish", "is": "Icelandic",
    "fi": "Finnish", "es": "Spanish", "pl": "Polish", "ru": "Russian", "el": "Greek",
    "hr": "Croatian", "cs": "Czech", "pt": "Portuguese", "it": "Italian", "nl": "Dutch",
    "da": "Danish", "no": "Norwegian_Bokmal", "nb": "Norwegian_Bokmal", "ja": "Japanese",
    "ar": "Arabic", "tr": "Turkish", "hu": "Hungarian", "ro": "Romanian", "uk": "Ukrainian",
}


def c4_keep(line: str) -> bool:
    return len(line.split()) >= 3 and bool(_TERMINAL.search(line.strip()))


def justext_keep(lines: list[str], lang: str) -> list[bool]:
    import justext

    if not lines:
        return []
    name = JUSTEXT_LANG.get(lang, "English")
    try:
        stop = justext.get_stoplist(name)
    except ValueError:
        stop = justext.get_stoplist("English")
    page = "<html><body>" + "".join(f"<p>{html.escape(x)}</p>" for x in lines) + "</body></html>"
    try:
        paras = justext.justext(page.encode("utf-8"), stop, encoding="utf-8")
    except Exception:  # noqa: BLE001 - a page jusText cannot handle counts as "keeps nothing"
        return [False] * len(lines)
    if len(paras) == len(lines):
        return [not p.is_boilerplate for p in paras]
    # jusText dropped or merged paragraphs: match by normalised text, in order
    norm = lambda s: " ".join(s.split())  # noqa: E731
    out = [False] * len(lines)
    j = 0
    for p in paras:
        t = norm(p.text)
        while j < len(lines) and norm(lines[j]) != t:
            j += 1
        if j < len(lines):
            out[j] = not p.is_boilerplate
            j += 1
    return out


def segment_predictions(text: str, segments: np.ndarray, lang: str) -> dict[str, np.ndarray]:
    """Per-segment keep decisions of each baseline for one document."""
    from .corpora import line_spans

    if len(segments) == 0:
        return {"keep_all": np.zeros(0, bool), "c4": np.zeros(0, bool), "justext": np.zeros(0, bool)}
    spans = line_spans(text)
    starts = np.array([s for s, _ in spans])
    lines = [text[s:e] for s, e in spans]
    c4 = np.array([c4_keep(x) for x in lines])
    jt = np.array(justext_keep(lines, lang))
    li = np.searchsorted(starts, segments[:, 0], side="right") - 1
    return {"keep_all": np.ones(len(segments), bool), "c4": c4[li], "justext": jt[li]}
