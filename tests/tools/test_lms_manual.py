"""LMS import files (`course grade --format canvas|moodle --roster`) and written questions
graded by hand (`needs manual grading`, OUT/manual.csv, `course merge-manual`).

The expected Canvas and Moodle files below are written out by hand from the layout each
LMS documents and exports (Canvas: Student, ID, SIS User ID, SIS Login ID, Section, the
assignments, then a "Points Possible" row; Moodle: names, ID number, Email address and the
grade items), never produced by the code under test. The end-to-end part grades a class of
four on a tiny exercise of its own with a written question (cheap: two notebooks run).
"""
import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from course_lib.tools.grading.lms import export, match_roster, read_roster
from course_lib.tools.release import release_notebook
from tests.tools.test_gradebook import NAME, _cell, _course, source
from tests.tools.test_grading import SANDBOX_PROBLEM

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = "Rubric: 1 point for naming the factor 2, 1 point for the sign."


def _out(folder):
    """A graded class's output folder, written by hand: totals.csv and grading.json."""
    folder.mkdir()
    (folder / "totals.csv").write_text(
        "student,02_a,03_b,total,out_of,late_penalty,needs_manual_grading,renamed,ignored\n"
        "smithalice,4,2.5,6.5,10,0,0,,\n"
        "jonesbob,3,0,3,10,0,1,,\n"
        "stranger,1,1,2,10,0,0,,\n", encoding="utf-8")
    (folder / "grading.json").write_text(json.dumps(
        {"shard": [1, 1], "students": ["jonesbob", "smithalice", "stranger"], "sandboxed": True,
         "exercises": {"02_a": [["c1", 3], ["written_02", 2]], "03_b": [["c2", 5]]}}))
    return folder


CANVAS_ROSTER = ('Student,ID,SIS User ID,SIS Login ID,Section\n'
                 '    Points Possible,,,,\n'
                 '"Smith, Alice",101,S-101,asmith,Lab 1\n'
                 '"Jones, Bob",102,S-102,bjones,Lab 2\n'
                 '"Hopper, Grace",103,S-103,ghopper,Lab 2\n')


def test_the_canvas_file_is_canvas_gradebook_import_layout(tmp_path):
    out = _out(tmp_path / "out")
    (tmp_path / "roster.csv").write_text(CANVAS_ROSTER, encoding="utf-8")
    summary = export(out, "canvas", tmp_path / "roster.csv")
    assert (out / "canvas.csv").read_text(encoding="utf-8").splitlines() == [
        "Student,ID,SIS User ID,SIS Login ID,Section,02_a,03_b",
        "    Points Possible,,,,,5,5",
        '"Smith, Alice",101,S-101,asmith,Lab 1,4,2.5',
        '"Jones, Bob",102,S-102,bjones,Lab 2,3,0']
    assert "2 of 3 students" in summary
    assert "not in it, no single roster row: stranger (no roster row)" in summary
    assert "roster rows no folder matched: Hopper, Grace" in summary
    assert json.loads((out / "lms.json").read_text())["format"] == "canvas"


def test_the_moodle_file_has_an_identifier_column_and_a_column_per_exercise(tmp_path):
    out = _out(tmp_path / "out")
    (tmp_path / "roster.csv").write_text(
        "folder,First name,Last name,ID number,Email address\n"
        "smithalice,Alice,Smith,A1,alice@uni.example\n"
        "jonesbob,Bob,Jones,B2,bob@uni.example\n"
        "stranger,Sam,Stranger,C3,sam@uni.example\n", encoding="utf-8")
    export(out, "moodle", tmp_path / "roster.csv")
    assert (out / "moodle.csv").read_text(encoding="utf-8").splitlines() == [
        "First name,Last name,ID number,Email address,02_a,03_b",
        "Alice,Smith,A1,alice@uni.example,4,2.5",
        "Bob,Jones,B2,bob@uni.example,3,0",
        "Sam,Stranger,C3,sam@uni.example,1,1"]


def test_roster_rows_match_folders_by_login_email_or_name_and_mismatches_are_listed(tmp_path):
    (tmp_path / "r.csv").write_text(
        "Student,SIS Login ID,Email\n"
        '"Smith, Alice",asmith,alice@uni.example\n'     # the folder is Canvas's "smithalice"
        '"Lee, Carol",carol7,clee@uni.example\n'        # the folder is her email's user
        '"Kim, Dave",dkim,dave@uni.example\n'
        '"Kim, Dave",dkim2,dave2@uni.example\n'        # two rows fit the folder "kimdave"
        '"Hopper, Grace",ghopper,grace@uni.example\n', encoding="utf-8")
    roster = read_roster(tmp_path / "r.csv", "canvas")
    matched, problems, left = match_roster(["smithalice", "clee", "kimdave", "asmith", "nobody"],
                                           roster)
    assert {k: v["SIS Login ID"] for k, v in matched.items()} == {"smithalice": "asmith",
                                                                  "clee": "carol7"}
    assert problems == ["kimdave (2 roster rows)",
                        "asmith (the same roster row as smithalice)", "nobody (no roster row)"]
    assert [r["name"] for r in left] == ["Kim, Dave", "Kim, Dave", "Hopper, Grace"]


def test_a_roster_without_the_lms_ids_is_refused_naming_the_columns(tmp_path):
    (tmp_path / "r.csv").write_text("name,mark\nAlice,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="a canvas import needs a column ID or SIS User ID or "
                                         "SIS Login ID"):
        read_roster(tmp_path / "r.csv", "canvas")
    with pytest.raises(ValueError, match="a moodle import needs a column Email address or ID number"):
        read_roster(tmp_path / "r.csv", "moodle")
    proc = _course("grade", str(tmp_path), "--out", str(tmp_path.parent / "o"), "--format", "canvas")
    assert proc.returncode == 2 and "--format and --roster go together" in proc.stderr


# -- written questions --------------------------------------------------------------------------

def written_source(answer=None):
    """The tiny exercise of test_gradebook with a written question at the end."""
    nb = source(answer)
    question = _cell("written-question", "## Written question\n\nWhy 2 * x?", cell_type="markdown")
    written = _cell("written_01", f"**Your answer:**\n\n### BEGIN SOLUTION\n{RUBRIC}\n"
                                  "### END SOLUTION", "answer", cell_type="markdown")
    written["metadata"]["nbgrader"].update(grade=True, points=2)
    nb["cells"] += [question, written]
    return nb


def test_the_release_keeps_the_question_and_drops_the_rubric():
    released = release_notebook(written_source())
    cell = released["cells"][-1]
    assert "".join(cell["source"]) == "**Your answer:**\n\nYOUR ANSWER HERE"
    assert "Rubric" not in json.dumps(released) and "Why 2 * x?" in json.dumps(released)


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "solutions").glob("*.ipynb")))
def test_every_exercise_ends_with_a_written_question_whose_rubric_stays_in_solutions(name):
    sol = json.loads((ROOT / "solutions" / f"{name}.ipynb").read_text(encoding="utf-8"))
    ex = json.loads((ROOT / "exercises" / f"{name}.ipynb").read_text(encoding="utf-8"))
    for nb in (sol, ex):
        heading, answer = nb["cells"][-2:]
        assert "".join(heading["source"]).startswith("## Written question\n")
        meta = answer["metadata"]["nbgrader"]
        assert answer["cell_type"] == "markdown" and meta["grade"] and meta["solution"]
        assert meta["points"] == 2 and meta["grade_id"] == f"written_{name[:2]}"
    assert "**Rubric (2 points).**" in "".join(sol["cells"][-1]["source"])
    assert "".join(ex["cells"][-1]["source"]) == "**Your answer:**\n\nYOUR ANSWER HERE"


def _csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


_GRADE = []   # the options of the class's `course grade` (set by the fixture)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("manual")
    (root / "solutions").mkdir()
    (root / "solutions" / f"{NAME}.ipynb").write_text(json.dumps(written_source()), encoding="utf-8")
    student = release_notebook(written_source())
    for cell in student["cells"]:   # the right code for everyone
        if cell["id"] == "double":
            cell["source"] = "def double(x):\n    return 2 * x\n"
    for who, answer in (("ann", "Because doubling is 2 * x."), ("ben", None)):
        nb = json.loads(json.dumps(student))
        if answer:
            nb["cells"][-1]["source"] = f"**Your answer:**\n\n{answer}"
        (root / "subs" / who).mkdir(parents=True)
        (root / "subs" / who / f"{NAME}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (root / "subs" / "cat").mkdir()                       # hands in nothing
    (root / "roster.csv").write_text("folder,ID\nann,11\nben,12\ncat,13\n", encoding="utf-8")
    _GRADE[:] = ["--solutions", str(root / "solutions"), "--jobs", "2", "--timeout", "20",
                 "--quiet", *(["--no-sandbox"] if SANDBOX_PROBLEM else [])]
    proc = _course("grade", str(root / "subs"), "--out", str(root / "out"), *_GRADE,
                   "--format", "canvas", "--roster", str(root / "roster.csv"))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return root, proc


def test_a_written_answer_needs_manual_grading_and_is_listed_in_manual_csv(graded):
    root, proc = graded
    rows = {(r["student"], r["check"]): r for r in _csv(root / "out" / "grades.csv")}
    assert rows[("ann", "written_01")]["status"] == "needs manual grading"
    assert rows[("ben", "written_01")]["status"] == "failed", "left blank: 0 without a grader"
    assert rows[("cat", "written_01")]["status"] == "missing"
    assert rows[("ann", "check_double")]["status"] == "passed"
    assert _csv(root / "out" / "manual.csv") == [
        {"student": "ann", "exercise": NAME, "question": "written_01", "max_points": "2",
         "points": "", "comment": "", "answer": "Because doubling is 2 * x."}]
    assert RUBRIC in (root / "out" / "rubrics.md").read_text(encoding="utf-8")
    totals = {t["student"]: t for t in _csv(root / "out" / "totals.csv")}
    assert [totals[s]["needs_manual_grading"] for s in ("ann", "ben", "cat")] == ["1", "0", "0"]
    assert (totals["ann"]["total"], totals["ann"]["out_of"]) == ("4", "6")
    feedback = (root / "out" / "feedback" / "ann.md").read_text(encoding="utf-8")
    assert "- ✍ `written_01`: 0 / 2 (needs manual grading)" in feedback and RUBRIC not in feedback
    assert "1 written answer(s) need grading by hand" in proc.stdout


def test_merge_manual_puts_the_scores_into_grades_totals_feedback_and_the_lms_file(graded, tmp_path):
    root, _ = graded
    out = tmp_path / "out"
    shutil.copytree(root / "out", out)
    scores = tmp_path / "scores.csv"
    scores.write_text("student,exercise,question,max_points,points,comment\n"
                      f"ann,{NAME},written_01,2,1.5,Say why the factor is 2.\n", encoding="utf-8")
    proc = _course("merge-manual", str(scores), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "Merged 1 hand-graded score(s)" in proc.stdout and "0 written answer(s) still" in proc.stdout
    row = next(r for r in _csv(out / "grades.csv") if r["student"] == "ann" and r["check"] == "written_01")
    assert (row["points"], row["status"], row["message"]) == ("1.5", "graded by hand",
                                                              "Say why the factor is 2.")
    totals = {t["student"]: t for t in _csv(out / "totals.csv")}
    assert (totals["ann"]["total"], totals["ann"]["needs_manual_grading"]) == ("5.5", "0")
    assert (out / "canvas.csv").read_text(encoding="utf-8").splitlines()[2] == ",11,,,,5.5"
    feedback = (out / "feedback" / "ann.md").read_text(encoding="utf-8")
    assert "- ✍ `written_01`: 1.5 / 2 (graded by hand)\n  > Say why the factor is 2." in feedback
    assert "**Total: 5.5 / 6 points**" in feedback and f"## {NAME}: 5.5 / 6 points" in feedback
    # merged again with another score: replaced, not added
    scores.write_text(scores.read_text().replace(",1.5,", ",2,"), encoding="utf-8")
    assert _course("merge-manual", str(scores), "--out", str(out)).returncode == 0
    assert {t["student"]: t for t in _csv(out / "totals.csv")}["ann"]["total"] == "6"
    stats = _course("stats", str(out))
    assert re.search(r"written_01 +1/2 +graded by hand, mean 2\.00 / 2; 0 waiting, 1 blank",
                     stats.stdout), stats.stdout
    # regraded alone (--student): the hand-graded score stays while the answer is unchanged
    regrade = [*_GRADE, "--student", "ann"]
    proc = _course("grade", str(root / "subs"), "--out", str(out), *regrade)
    assert proc.returncode == 0 and "Kept 1 hand-graded score(s) of ann" in proc.stdout, proc.stderr
    assert {t["student"]: t for t in _csv(out / "totals.csv")}["ann"]["total"] == "6"
    assert (out / "canvas.csv").read_text(encoding="utf-8").splitlines()[2] == ",11,,,,6"
    # a new answer waits for a grader again
    subs = tmp_path / "subs"
    shutil.copytree(root / "subs", subs)
    nb = json.loads((subs / "ann" / f"{NAME}.ipynb").read_text(encoding="utf-8"))
    nb["cells"][-1]["source"] = "**Your answer:**\n\nA better answer."
    (subs / "ann" / f"{NAME}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    assert _course("grade", str(subs), "--out", str(out), *regrade).returncode == 0
    ann = {t["student"]: t for t in _csv(out / "totals.csv")}["ann"]
    assert (ann["total"], ann["needs_manual_grading"]) == ("4", "1")
    assert [r["answer"] for r in _csv(out / "manual.csv")] == ["A better answer."]


def test_merge_manual_names_every_bad_row_and_its_value_and_writes_nothing(graded, tmp_path):
    root, _ = graded
    before = {p.name: p.read_bytes() for p in (root / "out").iterdir() if p.is_file()}
    scores = tmp_path / "scores.csv"
    scores.write_text("student,exercise,question,max_points,points,comment\n"
                      f"ann,{NAME},written_01,2,3,\n"
                      f"zed,{NAME},written_01,2,1,\n"
                      f"ann,{NAME},written_01,2,two,\n"
                      f"ben,{NAME},written_01,2,,\n", encoding="utf-8")
    proc = _course("merge-manual", str(scores), "--out", str(root / "out"))
    assert proc.returncode == 2
    assert f"{scores} line 2: points 3 is outside 0..2 (max_points of written_01)" in proc.stderr
    assert f"line 3: no written answer 'written_01' of exercise '{NAME}' by student 'zed'" in proc.stderr
    assert "line 4: ann, 01_double, written_01 is given twice (also line 2)" in proc.stderr
    assert "line 4: points 'two' is not a number" in proc.stderr
    assert "line 5" not in proc.stderr, "a blank score is skipped, not an error"
    assert {p.name: p.read_bytes() for p in (root / "out").iterdir() if p.is_file()} == before
    scores.write_text("name,score\nann,1\n", encoding="utf-8")
    proc = _course("merge-manual", str(scores), "--out", str(root / "out"))
    assert proc.returncode == 2 and "missing column(s) exercise, points, question, student" in proc.stderr


def _question(name):
    nb = json.loads((ROOT / "solutions" / f"{name}.ipynb").read_text(encoding="utf-8"))
    return "".join(nb["cells"][-2]["source"])


def test_the_numbers_the_written_questions_state_are_true():
    import numpy as np
    # 04: A = diag(1, 100) from (1, 1) with lr = 0.01: 50.5, then 0.49, then 2 % less per step
    A, w = np.diag([1.0, 100.0]), np.array([1.0, 1.0])
    losses = []
    for _ in range(5):
        losses.append(0.5 * w @ A @ w)
        w = w - 0.01 * A @ w
    assert "falls from 50.5 to 0.49 on the first step" in _question("04_gradient_descent")
    assert (f"{losses[0]:.1f}", f"{losses[1]:.2f}") == ("50.5", "0.49")
    assert "about 2 % less per step" in _question("04_gradient_descent")
    assert all(abs(b / a - 0.98) < 0.001 for a, b in zip(losses[1:], losses[2:]))
    # 08: the lesson's ravine, lr = 0.05: steps until the loss first falls below 1e-6
    A, steps = np.diag([0.2, 4.0]), []
    for beta in (0.0, 0.5, 0.9, 0.99):
        w, v = np.array([-2.8, 1.0]), np.zeros(2)
        for t in range(1, 5000):
            v = beta * v + 0.05 * A @ w
            w = w - v
            if 0.5 * w @ A @ w < 1e-6:
                break
        steps.append(t)
    said = re.search(r"after (\d+), (\d+), (\d+) and (\d+) steps", _question("08_momentum"))
    assert [int(n) for n in said.groups()] == steps == [676, 330, 126, 1052]
