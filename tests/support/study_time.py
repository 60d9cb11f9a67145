"""How long a lesson takes a student on their own: the README's "Time per lesson" table.

Counted from the notebook itself, so the table follows the lessons as they change (a test,
tests/lessons/test_study_time.py, keeps the README equal to this module's output):

- prose: the words of every markdown cell a student reads (speaker notes, slide_type
  "notes", are for the lecturer and left out) at READING words per minute, a pace for
  technical text with formulas to follow, well below the ~200-250 of ordinary prose;
- code: CODE_CELL minutes per code cell, to read it, run it and look at what it printed
  or drew (claim checks, cells of asserts that show nothing, are left out:
  tests/support/claim_checks.py);
- widgets: WIDGET more minutes per cell that builds a slider or a race (its call names
  one of course_lib.widgets' explorers, or `interact`), to move it and see what changes.

A section whose `##` heading starts with "Optional" (until the next `##` heading) is
counted apart: the core path leaves it out. Minutes are rounded to the nearest five.
These are estimates from the text, not timings of students; they are stated as such.

Run: .venv/bin/python tests/support/study_time.py   (prints the README's table)
"""

import json
import re
import sys
from pathlib import Path

if __package__ in (None, ""):                # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.support.claim_checks import is_claim_check  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
READING, CODE_CELL, WIDGET = 100, 1.0, 2.0
WIDGETS = re.compile(r"\b(LearningRateExplorer|MomentumExplorer|OptimizerRace|"
                     r"BatchSizeExplorer|interact)\(")


def minutes(path):
    """(core, optional) minutes of the lesson at `path`, unrounded."""
    core = optional = 0.0
    in_optional = False
    for cell in json.loads(Path(path).read_text())["cells"]:
        text = "".join(cell["source"])
        heading = re.match(r"##\s+(.*)", text)
        if cell["cell_type"] == "markdown" and heading and not text.startswith("###"):
            in_optional = heading.group(1).lower().startswith("optional")
        if cell["metadata"].get("slideshow", {}).get("slide_type") == "notes" \
                or is_claim_check(cell):
            continue
        if cell["cell_type"] == "markdown":
            cost = len(re.findall(r"\w+", text)) / READING
        else:
            cost = CODE_CELL + (WIDGET if WIDGETS.search(text) else 0.0)
        if in_optional:
            optional += cost
        else:
            core += cost
    return core, optional


def rounded(value):
    return int(5 * round(value / 5))


def table(lessons=LESSONS):
    """The README's markdown table: one row per lesson, then the total."""
    rows = ["| lesson | core path (min) | optional (min) |", "|---|---|---|"]
    total_core = total_optional = 0
    for path in lessons:
        core, optional = map(rounded, minutes(path))
        total_core, total_optional = total_core + core, total_optional + optional
        rows.append(f"| {path.stem} | {core} | {optional if optional else '-'} |")
    rows.append(f"| all ten | {total_core} | {total_optional} |")
    return "\n".join(rows)


if __name__ == "__main__":
    sys.stdout.write(table() + "\n")
