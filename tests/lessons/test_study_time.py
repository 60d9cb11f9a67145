"""The README's time per lesson is what tests/support/study_time.py counts in the lessons."""

import json
import re

from tests.support import study_time

README = study_time.ROOT / "README.md"


def test_the_readme_states_the_minutes_counted_from_the_lessons():
    text = README.read_text()
    found = re.search(r"<!-- study-time table[^>]*-->\n(.*?)\n<!-- end of study-time table -->",
                      text, re.S)
    assert found, "README.md has no study-time table between its markers"
    assert found.group(1) == study_time.table(), (
        "README.md's time per lesson is out of date: paste the output of "
        ".venv/bin/python tests/support/study_time.py between its markers")


def test_an_optional_section_counts_apart_and_speaker_notes_and_claim_checks_not_at_all(tmp_path):
    def md(text, slide_type="-"):
        return {"cell_type": "markdown", "source": text,
                "metadata": {"slideshow": {"slide_type": slide_type}}}

    def code(text):
        return {"cell_type": "code", "source": text, "metadata": {}, "outputs": [],
                "execution_count": None}

    cells = [md("# Title\n" + "word " * 199), code("x = 1"), code("assert x == 1"),
             md("**Speaker notes · 5 min**\n" + "note " * 500, "notes"),
             md("## Optional: depth\n" + "deep " * 96), code("OptimizerRace(f)"),
             md("## Back on the path"), code("y = 2")]
    path = tmp_path / "01_lesson.ipynb"
    path.write_text(json.dumps({"cells": cells}))
    core, optional = study_time.minutes(path)
    # "Title" + 199 words + "Back on the path" (4) at 100 a minute, and two code cells (the
    # claim check, a cell of asserts, does not count)
    assert abs(core - ((1 + 199 + 4) / 100 + 2.0)) < 1e-9
    # "Optional depth" + 96 words, then one widget cell: 1 + 2 minutes
    assert abs(optional - ((2 + 96) / 100 + 3.0)) < 1e-9
