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


def test_cut_inline_turns_spaces_into_breaks_and_keeps_every_label():
    from training.augment import cut_inline
    from training.corpora import line_spans

    lines = [("Harbour news", "title"),
             ("The ferry will run twice a day from June, and the old quay reopens for small boats "
              "once the repairs to the wall are finished in the autumn.", "body"),
             ("Home Weather Sport Culture Opinion Letters Archive Contact", "boilerplate")]
    doc = _doc("cut", lines)
    made = [v for i in range(40) for v in cut_inline(_doc(f"cut{i}", lines), rate=1.0)]
    assert made and cut_inline(doc, rate=0.0) == [] and cut_inline(made[0], rate=1.0) == []
    for v in made:
        assert len(v.text) == len(doc.text) and v.text.count("\n") > doc.text.count("\n")
        assert [c for c, o in zip(v.text, doc.text) if c != o] == ["\n"] * (v.text.count("\n") - 2)
        assert all(doc.text[i] == " " for i, c in enumerate(v.text) if c == "\n" and doc.text[i] != "\n")
        label = {i: lab for s, e, lab in doc.spans for i in range(s, e)}
        kept = {i: lab for s, e, lab in v.spans for i in range(s, e)}
        assert kept == {i: lab for i, lab in label.items() if v.text[i] != "\n"}  # only the breaks lose theirs
        lines_at = line_spans(v.text)
        assert all(any(ls <= s and e <= le for ls, le in lines_at) for s, e, _ in v.spans)  # no span crosses a line
    assert cut_inline(_doc("cut3", lines), rate=1.0) == cut_inline(_doc("cut3", lines), rate=1.0)  # seeded by name
