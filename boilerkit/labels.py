"""The label taxonomy: the one place that defines what each class means.

Everything else (segments, training, reports, CLI) imports LABELS from here, so
the order below is also the column order of the model's class probabilities.
"""

LABELS: tuple[str, ...] = ("body", "title", "caption", "meta", "headlines", "links", "other")

DESCRIPTIONS: dict[str, str] = {
    "body": "the article's running text: lead/standfirst, paragraphs, in-article "
    "subheadings, quotes, lists that belong to the article",
    "title": "the article's own headline (also when repeated)",
    "caption": "image/video captions and photo or agency credits",
    "meta": "byline, this article's date/time, source or site name, section/category "
    "label, tags and keyword lines",
    "headlines": "lists of other articles: their headers, items, teaser text, timestamps, "
    "sources in parentheses",
    "links": "link spam and calls to action, ads and promo teasers, share/subscribe "
    "prompts, leftover HTML link markup",
    "other": "navigation menus, legal footers, stray punctuation, code residue, anything "
    "else that is not content",
}

DEFAULT_KEEP: tuple[str, ...] = ("body",)

LABEL_INDEX: dict[str, int] = {name: i for i, name in enumerate(LABELS)}


def parse_keep(keep) -> tuple[str, ...]:
    """Normalise a keep set given as "body,title" or an iterable; reject unknown labels."""
    if isinstance(keep, str):
        keep = keep.split(",")
    try:
        keep = list(keep)
    except TypeError:
        raise ValueError(f"keep must be labels such as 'body,title' or ('body', 'title'), "
                         f"not {keep!r}") from None
    if not all(isinstance(k, str) for k in keep):
        raise ValueError(f"keep must hold label names (str), not {keep!r}")
    names = tuple(dict.fromkeys(k.strip() for k in keep if k and k.strip()))
    unknown = [k for k in names if k not in LABEL_INDEX]
    if unknown:
        raise ValueError(f"unknown label(s) {', '.join(unknown)}; known: {', '.join(LABELS)}")
    if not names:
        raise ValueError(f"keep needs at least one label; known: {', '.join(LABELS)}")
    return names
