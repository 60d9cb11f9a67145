"""The deck conventions, read from the lesson notebooks (no execution, no browser):

- speaker notes: markdown cells with slide_type "notes" opening with
  `**Speaker notes · N min**` and then talking points; every section (slide_type "slide")
  has some; a lesson's live minutes (notes off the `lecture-skip` path left out,
  slide_decks.lecture_minutes) are at most LIVE_MINUTES;
- at least one "predict before you run" step: a subslide whose heading starts
  `### Predict:`, with no code of its own; the next slide holds the answer (a run);
- every slide and subslide opens with a markdown heading;
- every code cell a deck shows (not skipped, not a claim check, not `deck-hide-code`) has
  at most MAX_LINES lines of at most MAX_CHARS characters;
- the README's lecturing table gives each lesson's minutes as its notes add them up (every
  lesson, whether converted or not), and each question the README quotes as an example
  is asked on a lesson's Predict slide.
The per-lesson cases run for the lessons in slide_decks.CONVERTED; the helpers'
own tests (claim checks, minutes) run always.
"""

import re

import nbformat
import pytest

from tests.support import slide_decks
from tests.support.slide_decks import (HIDE_CODE, NOTES, ROOT, is_claim_check, lecture_minutes,
                                       slide_type)

LIVE_MINUTES = 50
MAX_LINES, MAX_CHARS = 12, 80
PREDICT = "### Predict:"
HEADING = re.compile(r"\A\s*#{1,6} \S")
README = ROOT / "README.md"
LESSONS = pytest.mark.parametrize("path", slide_decks.CONVERTED_LESSONS, ids=lambda p: p.stem)


def read(path):
    return nbformat.read(path, as_version=4)


def slides(nb):
    """The notebook's slides in order: lists of the cells each shows (from a cell with
    slide_type slide/subslide to the next; notes included, skipped cells not)."""
    found = []
    for cell in nb.cells:
        if slide_type(cell) == "skip":
            continue
        if slide_type(cell) in ("slide", "subslide") or not found:
            found.append([])
        found[-1].append(cell)
    return found


def first_line(cell):
    return cell.source.strip().splitlines()[0][:70] if cell.source.strip() else "(empty)"


def shown_code(nb):
    return [c for c in nb.cells if c.cell_type == "code" and slide_type(c) != "skip"
            and not is_claim_check(c) and HIDE_CODE not in c.metadata.get("tags", [])]


@LESSONS
def test_speaker_notes_give_minutes_and_talking_points(path):
    nb = read(path)
    notes = slide_decks.notes_cells(nb)
    bad = [f"cell {c.id}: {first_line(c)!r}" for c in notes
           if not NOTES.match(c.source) or len(NOTES.sub("", c.source).strip()) < 20]
    assert not bad, ("notes cells must open with `**Speaker notes · N min**` followed by "
                     "talking points:\n" + "\n".join(bad))
    odd = [c.id for c in nb.cells if slide_type(c) == "notes" and c.cell_type != "markdown"]
    assert not odd, f"code cells marked as notes: {odd}"
    sections = []
    for cell in nb.cells:                  # notes anywhere in a section (its subslides too)
        if slide_type(cell) == "slide":
            sections.append([cell, False])
        elif slide_type(cell) == "notes" and sections:
            sections[-1][1] = True
    without = [first_line(c) for c, has in sections if not has]
    assert not without, "sections without speaker notes:\n" + "\n".join(without)


@LESSONS
def test_live_path_fits_a_50_minute_lecture(path):
    live, total = lecture_minutes(read(path))
    assert 0 < live <= LIVE_MINUTES, (
        f"{path.stem}: {live:g} live minutes of {total:g} (at most {LIVE_MINUTES}): tag "
        "what to skip live with `lecture-skip`")


@LESSONS
def test_a_predict_slide_comes_before_its_answer(path):
    shown = slides(read(path))
    predicts = [i for i, s in enumerate(shown) if s[0].source.lstrip().startswith(PREDICT)]
    assert predicts, f"{path.stem}: no `{PREDICT}` subslide (ask before a key result)"
    for i in predicts:
        question = first_line(shown[i][0])
        assert slide_type(shown[i][0]) == "subslide", f"{question!r}: make it a subslide"
        code = [c.id for c in shown[i] if c.cell_type == "code"]
        assert not code, f"{question!r}: the answer (code {code}) is on the question's slide"
        assert i + 1 < len(shown), f"{question!r}: no slide after it for the answer"
        after = shown[i + 1]
        assert any(c.cell_type == "code" for c in after), (
            f"{question!r}: the next slide ({first_line(after[0])!r}) runs nothing")


@LESSONS
def test_every_slide_opens_with_a_heading(path):
    missing = [f"cell {s[0].id}: {first_line(s[0])!r}" for s in slides(read(path))
               if s[0].cell_type != "markdown" or not HEADING.match(s[0].source)]
    assert not missing, "slides that do not open with a markdown heading:\n" + "\n".join(missing)


@LESSONS
def test_code_on_slides_is_at_most_12_lines_of_80_characters(path):
    bad = []
    for cell in shown_code(read(path)):
        lines = cell.source.rstrip().splitlines()
        if len(lines) > MAX_LINES:
            bad.append(f"cell {cell.id}: {len(lines)} lines ({first_line(cell)!r})")
        bad += [f"cell {cell.id}: a line of {len(line)} characters: {line.strip()[:50]!r}"
                for line in lines if len(line) > MAX_CHARS]
    assert not bad, (f"code shown on slides: at most {MAX_LINES} lines of {MAX_CHARS} "
                     "characters (split the cell, or hide code with the `deck-hide-code` "
                     "tag, or move set-up to a skipped cell):\n" + "\n".join(bad))


def lecturing_section():
    text = README.read_text(encoding="utf-8")
    start = text.index("### Lecturing")
    end = text.index("\n### ", start + 1)
    return text[start:end]


def readme_minutes():
    """{lesson stem: (live, all) as the README's lecturing table writes them}."""
    rows = re.findall(r"^\|\s*(\d\d_\w+)\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*$",
                      lecturing_section(), re.M)
    return {stem: (live, total) for stem, live, total in rows}


@pytest.mark.parametrize("path", slide_decks.LESSONS, ids=lambda p: p.stem)
def test_readme_gives_each_lessons_lecture_minutes_from_its_notes(path):
    live, total = lecture_minutes(read(path))
    expected = (slide_decks.number(live), slide_decks.number(total))
    assert readme_minutes().get(path.stem) == expected, (
        f"README, Lecturing: the row of {path.stem} must read "
        f"`| {path.stem} | {expected[0]} | {expected[1]} |` (from its speaker notes; "
        "`python tests/support/slide_decks.py --minutes` prints the whole table)")


def test_readme_table_has_one_row_per_lesson_in_order():
    assert list(readme_minutes()) == [p.stem for p in slide_decks.LESSONS]


def test_every_question_the_readme_quotes_is_asked_on_a_predict_slide():
    quoted = re.findall(r'"([^"]+\?)"', lecturing_section())
    assert quoted, "the README's lecturing advice quotes no example question"
    asked = [c.source.lower() for p in slide_decks.LESSONS for c in read(p).cells
             if c.cell_type == "markdown" and c.source.lstrip().startswith(PREDICT)]
    missing = [q for q in quoted if not any(q.lower() in a for a in asked)]
    assert not missing, f"no lesson asks these on a `{PREDICT}` slide: {missing}"


# -- the helpers' own tests -------------------------------------------------------------

def cell(source, kind="-", tags=(), cell_type="code"):
    make = nbformat.v4.new_code_cell if cell_type == "code" else nbformat.v4.new_markdown_cell
    made = make(source)
    made.metadata["slideshow"] = {"slide_type": kind}
    if tags:
        made.metadata["tags"] = list(tags)
    return made


@pytest.mark.parametrize("source, expected", [
    ("assert x == 1\nassert y > 0   # why", True),
    ("# Claim check: the runs converge.\nfor lr in rates:\n    gap = run(lr)\n"
     "    assert gap < 1e-6, lr", True),
    ("if fast:\n    assert steps < 10\nelse:\n    assert steps < 100", True),
    ("gap = run(0.1)\nassert gap < 1e-6", False),             # computes at top level
    ("for lr in rates:\n    print(lr)\n    assert lr > 0", False),    # prints
    ("assert ok\nresult", False),                             # displays `result`
    ("x = 1", False), ("", False), ("%timeit f()", False),
])
def test_claim_checks_are_cells_of_asserts_only(source, expected):
    assert is_claim_check(cell(source)) is expected


def test_a_claim_check_leaves_the_deck_and_hands_on_its_slide_start():
    nb = nbformat.v4.new_notebook()
    nb.cells = [cell("# Title", "slide", cell_type="markdown"), cell("run()"),
                cell("assert ok", "subslide"), cell("plot()"),
                cell("assert done"), cell("## Next", "slide", cell_type="markdown")]
    deck = slide_decks.deck_notebook(nb)
    assert [c.source for c in deck.cells] == ["# Title", "run()", "plot()", "## Next"]
    assert [slide_type(c) for c in deck.cells] == ["slide", "-", "subslide", "slide"]
    assert [slide_type(c) for c in nb.cells][2] == "subslide"        # the notebook keeps it


def test_minutes_add_up_notes_and_leave_skipped_ones_out_of_the_live_path():
    notes = lambda n, tags=(): cell(f"**Speaker notes · {n} min**\n\n- a point", "notes",
                                    tags, cell_type="markdown")
    nb = nbformat.v4.new_notebook()
    nb.cells = [cell("# A", "slide", cell_type="markdown"), notes(5),
                cell("### B", "subslide", ["lecture-skip"], cell_type="markdown"), notes(4),
                cell("## C", "slide", cell_type="markdown"), notes(2.5, ["lecture-skip"]),
                notes(3), cell("not notes", "notes", cell_type="markdown")]
    assert lecture_minutes(nb) == (8, 14.5)
