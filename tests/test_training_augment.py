"""Augmentation keeps every label on its characters, whatever the size of the title pool."""

from training.augment import inject_headlines, title_pool
from training.corpora import LabelledDoc

LINES = [("Harbour news", "title"), ("The ferry will run twice a day from June.", "body"),
         ("Tickets are sold on board.", "body")]


def _doc(name: str, lines=LINES) -> LabelledDoc:
    spans, pos = [], 0
    for line, lab in lines:
        spans.append((pos, pos + len(line), lab))
        pos += len(line) + 1
    return LabelledDoc(name, "\n".join(t for t, _ in lines), spans, "site", "wcxb", "en")


def test_title_pool_takes_title_and_body_lines_without_end_punctuation():
    assert title_pool([_doc("a")]) == {}  # "Harbour news" has two words; the body lines end with "."
    doc = _doc("b", [("Night trains return to the valley", "title"),
                     ("A new timetable for the summer months", "body"),
                     ("Four carriages and a dining car", "boilerplate")])
    assert title_pool([doc]) == {"en": ["Night trains return to the valley", "A new timetable for the summer months"]}


def test_a_pool_smaller_than_twice_the_list_still_gives_a_list():
    # 40 titles pass the pool's minimum, and a list of up to 25 items draws up to 50 of them
    pool = {"en": [f"Headline number {i} about the town" for i in range(40)]}
    made = [v for i in range(300) for v in inject_headlines(_doc(f"d{i}"), pool, rate=1.0)]
    assert made
    for v in made:
        for s, e, lab in v.spans:
            if lab == "headlines":
                assert v.text[s:e] in pool["en"] or v.text[s:e][0].isdigit()
        assert [(v.text[s:e], lab) for s, e, lab in v.spans if lab != "headlines"] == LINES
