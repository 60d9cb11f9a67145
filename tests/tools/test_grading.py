"""`course grade`: restores the official checks, survives broken submissions, writes a gradebook.

The fixture submissions are generated here from exercises/ and solutions/ (so they never go
stale): one class folder, graded by a single `course grade` run with small time limits, two
workers. Each test then reads the gradebook for one kind of submission. Expected scores come
from the sources' nbgrader metadata, never from the grader.
"""
import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS, EXERCISES = ROOT / "solutions", ROOT / "exercises"
NAMES = sorted(p.stem for p in SOLUTIONS.glob("*.ipynb"))
CELL_TIMEOUT, NOTEBOOK_TIMEOUT = 5, 20

pytestmark = pytest.mark.skipif(len(NAMES) < 2, reason="needs two exercises in solutions/")
A, B = (NAMES + ["", ""])[:2]


# -- building submissions ------------------------------------------------------------------

def _read(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _text(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def checks(name):
    """[(grade_id, points)] of the source's check cells, in order."""
    return [(_meta(c)["grade_id"], _meta(c)["points"]) for c in _read(SOLUTIONS / f"{name}.ipynb")["cells"]
            if _meta(c).get("grade")]


def full_marks(name):
    return sum(points for _, points in checks(name))


def student(name, answer="solution"):
    """The exercise notebook with each answer cell set by ``answer(solution, stub)``."""
    nb = _read(EXERCISES / f"{name}.ipynb")
    solutions = {c["id"]: _text(c) for c in _read(SOLUTIONS / f"{name}.ipynb")["cells"]}
    make = {"solution": lambda sol, stub: sol, "blank": lambda sol, stub: stub}.get(answer, answer)
    for cell in nb["cells"]:
        if _meta(cell).get("solution"):
            cell["source"] = make(solutions[cell["id"]], _text(cell))
    return nb


def in_body(line):
    """An answer maker: the solution with ``line`` as the first statement of its body."""
    def make(solution, stub):
        out = []
        for text in solution.split("\n"):
            out.append(text)
            if text.strip() == "### BEGIN SOLUTION":
                out.append(text[:len(text) - len(text.lstrip())] + line)
        return "\n".join(out)
    return make


def first_only():
    seen = []

    def make(solution, stub):
        seen.append(solution)
        return solution if len(seen) == 1 else stub
    return make


def after_first(code):
    seen = []

    def make(solution, stub):
        seen.append(solution)
        return solution + "\n" + code if len(seen) == 1 else solution
    return make


UNSTOPPABLE = """
import time
while True:
    try:
        time.sleep(0.5)
    except BaseException:
        pass
"""

TAMPER = """
import numpy as np
import course_lib.checks as _c
from course_lib import gradients as _g
_c.expect.__code__ = (lambda *a, **k: None).__code__
_c.check_function = _c.check_value = _c.expect = _c.expect_close = lambda *a, **k: None
_c.check.__exit__ = lambda self, *exc: True
np.allclose = lambda *a, **k: True
_g.numerical_gradient = lambda f, w, h=1e-5: 0 * w


def check_function(*args, **kwargs):
    print("✓ passed")


class check:
    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return True
"""


def restructured(name):
    """Correct answers; checks deleted; cells reversed; each answer duplicated as a stub."""
    nb, blank = student(name), student(name, "blank")
    stubs = {c["id"]: c for c in blank["cells"]}
    cells = []
    for cell in nb["cells"]:
        if _meta(cell).get("grade") or _meta(cell).get("locked"):
            continue
        cells.append(cell)
        if _meta(cell).get("solution"):
            cells.append(dict(stubs[cell["id"]], id=cell["id"] + "-copy"))
    nb["cells"] = cells[::-1]
    return nb


def with_helpers(name):
    """Correct answers that use helpers and an import from the student's own cells."""
    nb = student(name, in_body("assert my_helper(2) == 4 and my_math.pi > 3"))
    cells = [{"cell_type": "code", "id": "my-import", "metadata": {}, "outputs": [],
              "execution_count": None, "source": "import math as my_math"}]
    for cell in nb["cells"]:
        if _meta(cell).get("solution"):
            cells.append({"cell_type": "code", "id": f"my-helper-{len(cells)}", "metadata": {},
                          "outputs": [], "execution_count": None,
                          "source": "def my_helper(x):\n    return x * x\n"})
        cells.append(cell)
    nb["cells"] = cells
    return nb


def tampered_checks(name):
    """Blank answers; every check cell replaced by one that passes."""
    nb = student(name, "blank")
    for cell in nb["cells"]:
        if _meta(cell).get("grade"):
            cell["source"] = "print('✓ all good')\npass"
    return nb


def _build(root):
    plan = {  # the slowest first (sorted names), so the two workers finish together
        "correct": {name: student(name) for name in NAMES},
        "blank": {name: student(name, "blank") for name in NAMES},
        "partly": {A: student(A, first_only()), B: student(B)},
        "edited_checks": {A: tampered_checks(A), B: tampered_checks(B)},
        "restructured": {A: restructured(A), B: restructured(B)},
        "helpers": {A: with_helpers(A), B: with_helpers(B)},
        "os_exit": {A: student(A, in_body("import os; os._exit(3)")), B: student(B)},
        "sys_exit": {A: student(A, in_body("import sys; sys.exit('bye')")),
                     B: student(B, after_first("print('x' * 3_000_000)"))},
        "2_unstoppable": {A: student(A, after_first(UNSTOPPABLE)),
                        B: student(B, after_first("while True:\n    print(\"x\" * 100_000)"))},
        "monkeypatch": {A: student(A, lambda sol, stub: stub + "\n" + TAMPER),
                        B: student(B, lambda sol, stub: stub + "\n" + TAMPER)},
        "1_slow": {A: student(A, lambda sol, stub: "import time\ntime.sleep(4)\n"
                              + in_body("import time; time.sleep(3)")(sol, stub)),
                   B: student(B)},
    }
    for who, notebooks in plan.items():
        (root / who).mkdir()
        for name, nb in notebooks.items():
            (root / who / f"{name}.ipynb").write_text(json.dumps(nb, indent=1), encoding="utf-8")
    # invalid JSON, a missing notebook, unexpected extra files
    (root / "broken").mkdir()
    (root / "broken" / f"{A}.ipynb").write_text(json.dumps(student(A))[:-400], encoding="utf-8")
    (root / "broken" / "notes.txt").write_text("I did my best\n")
    (root / "broken" / "scratch.ipynb").write_text(json.dumps(student(A)), encoding="utf-8")
    return sorted(plan) + ["broken"]


def _hashes(root):
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    subs, out = root / "submissions", root / "out"
    subs.mkdir()
    students = _build(subs)
    before = _hashes(subs)
    proc = subprocess.run(
        [sys.executable, "-m", "course_lib.tools.cli", "grade", str(subs), "--out", str(out),
         "--jobs", "2", "--timeout", str(CELL_TIMEOUT), "--notebook-timeout", str(NOTEBOOK_TIMEOUT)],
        cwd=ROOT, capture_output=True, text=True, timeout=400)
    rows = list(csv.DictReader(open(out / "grades.csv", encoding="utf-8")))
    return {"proc": proc, "rows": rows, "out": out, "students": students,
            "before": before, "after": _hashes(subs)}


def rows_of(graded, who, name):
    rows = [r for r in graded["rows"] if r["student"] == who and r["exercise"] == name]
    assert [r["check"] for r in rows] == [gid for gid, _ in checks(name)], "one row per check"
    return rows


def score(rows):
    return sum(float(r["points"]) for r in rows)


# -- the run as a whole -----------------------------------------------------------------------

def test_grading_exits_zero_and_prints_a_summary_per_exercise(graded):
    proc = graded["proc"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    for name in NAMES:
        assert name in proc.stdout
    assert "full marks" in proc.stdout and "median" in proc.stdout


def test_gradebook_has_one_row_per_student_exercise_and_check(graded):
    expected = sum(len(checks(n)) for n in NAMES) * len(graded["students"])
    assert len(graded["rows"]) == expected
    assert set(graded["rows"][0]) >= {"student", "exercise", "check", "points", "max_points",
                                      "status", "message"}
    for row in graded["rows"]:
        assert row["status"] in {"passed", "failed", "error", "timeout", "missing"}
        assert "\n" not in row["message"]
        assert float(row["points"]) in (0.0, float(row["max_points"]))


def test_no_submission_file_is_modified(graded):
    assert graded["after"] == graded["before"]


def test_each_student_gets_markdown_feedback_with_totals(graded):
    for who in graded["students"]:
        text = (graded["out"] / "feedback" / f"{who}.md").read_text(encoding="utf-8")
        total = sum(score(rows_of(graded, who, n)) for n in NAMES)
        assert f"Total: {total:g} / {sum(full_marks(n) for n in NAMES):g} points" in text


# -- one test per kind of submission ----------------------------------------------------------

def test_correct_submission_gets_full_marks(graded):
    for name in NAMES:
        rows = rows_of(graded, "correct", name)
        assert {r["status"] for r in rows} == {"passed"}, rows
        assert score(rows) == full_marks(name)


def test_blank_submission_fails_every_check_as_not_implemented(graded):
    for name in NAMES:
        for row in rows_of(graded, "blank", name):
            assert (row["status"], row["points"]) == ("failed", "0")
            assert "not implemented yet" in row["message"]


def test_helpers_and_imports_in_the_students_own_cells_cost_nothing(graded):
    for name in (A, B):
        rows = rows_of(graded, "helpers", name)
        assert {r["status"] for r in rows} == {"passed"}, rows


def test_partly_correct_submission_gets_the_checks_of_its_solved_part(graded):
    rows = rows_of(graded, "partly", A)
    cells = _read(SOLUTIONS / f"{A}.ipynb")["cells"]
    answers = [i for i, c in enumerate(cells) if _meta(c).get("solution")]
    first_checks = {_meta(c)["grade_id"] for c in cells[answers[0]:answers[1]] if _meta(c).get("grade")}
    assert first_checks, "the source should check its first answer before the second"
    for row in rows:
        expected = "passed" if row["check"] in first_checks else "failed"
        assert row["status"] == expected, row
    assert 0 < score(rows) < full_marks(A)
    assert score(rows_of(graded, "partly", B)) == full_marks(B)


def test_check_cells_edited_to_pass_are_restored(graded):
    for name in (A, B):
        rows = rows_of(graded, "edited_checks", name)
        assert {r["status"] for r in rows} == {"failed"} and score(rows) == 0


def test_deleted_reordered_and_duplicated_cells_are_matched_by_id(graded):
    for name in (A, B):
        assert score(rows_of(graded, "restructured", name)) == full_marks(name)
    notes = (graded["out"] / "feedback" / "restructured.md").read_text(encoding="utf-8")
    assert "appears 2 times" in notes


def test_a_student_cell_that_kills_the_kernel_is_an_error_and_spares_the_next_notebook(graded):
    for row in rows_of(graded, "os_exit", A):
        assert (row["status"], row["points"]) == ("error", "0"), row
        assert "kernel" in row["message"]
    assert score(rows_of(graded, "os_exit", B)) == full_marks(B)


def test_sys_exit_is_an_error_and_megabytes_of_output_are_harmless(graded):
    for row in rows_of(graded, "sys_exit", A):
        assert row["status"] == "error" and "exit" in row["message"], row
    assert score(rows_of(graded, "sys_exit", B)) == full_marks(B)


def test_endless_loops_time_out_and_grading_goes_on(graded):
    # an answer cell that ignores interrupts: the kernel is stopped, the checks time out
    for row in rows_of(graded, "2_unstoppable", A):
        assert (row["status"], row["points"]) == ("timeout", "0"), row
    # a plain endless loop after the function: interrupted, then every check runs and passes
    assert score(rows_of(graded, "2_unstoppable", B)) == full_marks(B)
    notes = (graded["out"] / "feedback" / "2_unstoppable.md").read_text(encoding="utf-8")
    assert "took longer" in notes


def test_patching_the_check_helpers_does_not_pass_the_checks(graded):
    for name in (A, B):
        for row in rows_of(graded, "monkeypatch", name):
            assert (row["status"], row["points"]) == ("failed", "0"), row
            assert "not implemented yet" in row["message"]


def test_a_notebook_over_its_overall_time_limit_is_stopped_and_the_next_one_graded(graded):
    rows = rows_of(graded, "1_slow", A)
    assert {r["status"] for r in rows} <= {"timeout", "passed"}
    stopped = [r for r in rows if f"{NOTEBOOK_TIMEOUT} s in all" in r["message"]]
    assert stopped and {r["status"] for r in stopped} == {"timeout"}
    assert score(rows_of(graded, "1_slow", B)) == full_marks(B)


def test_invalid_json_missing_notebook_and_extra_files(graded):
    for row in rows_of(graded, "broken", A):
        assert row["status"] == "error" and "not valid notebook JSON" in row["message"]
    for row in rows_of(graded, "broken", B):
        assert row["status"] == "missing" and f"no {B}.ipynb" in row["message"]
    notes = (graded["out"] / "feedback" / "broken.md").read_text(encoding="utf-8")
    assert "notes.txt" in notes and "scratch.ipynb" in notes
    assert notes.count(f"no {B}.ipynb in the submission") == 1, "said once, not once per check"


# -- usage errors and the rebuild, without running any kernel ---------------------------------

def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "course_lib.tools.cli", "grade", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


def test_usage_errors_exit_2_with_a_clear_message(tmp_path):
    proc = _cli(str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2 and "is not a folder" in proc.stderr
    proc = _cli(str(tmp_path), "--out", str(tmp_path / "grades"))
    assert proc.returncode == 2 and "inside SUBMISSIONS" in proc.stderr
    proc = _cli(str(tmp_path), "--out", str(tmp_path.parent / "g"), "--jobs", "0")
    assert proc.returncode == 2 and "--jobs must be > 0" in proc.stderr
    proc = _cli(str(tmp_path))
    assert proc.returncode == 2 and "--out" in proc.stderr


def test_rebuild_replaces_official_cells_and_keeps_the_students_own_in_place():
    from course_lib.tools.grading import load_exercise, rebuild
    exercise = load_exercise(SOLUTIONS / f"{A}.ipynb")
    nb = student(A, lambda sol, stub: "# mine\n" + stub)
    for cell in nb["cells"]:           # new ids, as if cut and pasted: the grade_id still matches
        if _meta(cell).get("solution"):
            cell["id"] = "pasted-" + cell["id"]
        elif _meta(cell).get("grade"):
            cell["source"] = "pass  # edited check"
    first_answer = next(i for i, c in enumerate(nb["cells"]) if _meta(c).get("solution"))
    helper = {"cell_type": "code", "id": "my-helper", "metadata": {}, "outputs": [],
              "execution_count": None, "source": "def helper():\n    return 1\n"}
    nb["cells"].insert(first_answer, helper)
    nb["cells"].append(dict(helper, id="my-scratch", source="x = helper()"))
    rebuilt, notes = rebuild(exercise, nb)
    source = _read(SOLUTIONS / f"{A}.ipynb")["cells"]
    body = [c for c in rebuilt["cells"] if c["id"] != "course-grade-guard"]
    ids = [c["id"] for c in body]
    assert [i for i in ids if not i.startswith("my-")] == [c["id"] for c in source], "official order"
    # the student's own cells stay where they were: after the official cell they followed
    assert ids[ids.index("my-helper") - 1] == source[first_answer - 1]["id"]
    assert ids[-1] == "my-scratch" and "x = helper()" in _text(body[-1])
    for mine, official in zip([c for c in body if not c["id"].startswith("my-")], source):
        if _meta(official).get("solution"):
            assert _text(mine).startswith("# mine\n")
        elif _meta(official).get("grade"):
            assert _text(official) in _text(mine), "the official check, hidden tests included"
    assert "edited check" not in json.dumps(rebuilt)
    assert not notes


def test_rebuild_without_hidden_tests_is_what_course_check_runs():
    from course_lib.tools.grading import load_exercise, rebuild
    exercise = load_exercise(SOLUTIONS / f"{A}.ipynb", hidden=False)
    rebuilt, _ = rebuild(exercise, student(A))
    assert "BEGIN HIDDEN TESTS" not in json.dumps(rebuilt)
    assert "BEGIN HIDDEN TESTS" in json.dumps(load_exercise(SOLUTIONS / f"{A}.ipynb")["nb"])


def test_guard_undoes_patches_to_modules_functions_classes_and_setup_globals():
    code = """
import sys
import course_lib.tools.grading.guard as guard
guard.snapshot("course_lib.checks")
import numpy as np, course_lib.checks as checks, course_lib.gradients as gradients
namespace = {"np": np}
guard.remember(namespace, ["np"])
allclose, exit_, gradient = np.allclose, checks.check.__exit__, gradients.numerical_gradient
np.allclose = lambda *a, **k: True
checks.expect.__code__ = (lambda *a, **k: None).__code__
checks.check.__exit__ = lambda self, *exc: True
checks.sneaky = 1
gradients.numerical_gradient = None
namespace["np"] = "not numpy"
sys.modules["course_lib.checks"] = object()
guard.restore(namespace)
assert np.allclose is allclose and gradients.numerical_gradient is gradient
assert checks.check.__exit__ is exit_ and not hasattr(checks, "sneaky")
assert sys.modules["course_lib.checks"] is checks and namespace["np"] is np
try:
    checks.expect(False, "still checks")
except checks.CheckFailed as err:
    print("caught:", err)
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "caught: still checks" in proc.stdout


# -- `course check`: a student's self-check, the way the grader runs it ------------------------

def _mistaken_gradients():
    """Exercise 03 as a student might hand it in: a syntax error in the first answer, a
    helper in a cell of their own, and mse_gradient summing where a mean belongs."""
    nb = student("03_gradients")
    cells = []
    for cell in nb["cells"]:
        if cell["id"] == "numerical_gradient":
            cell["source"] = "def numerical_gradient(f, w, h=1e-5):\n    return [f(w) for i in range(len(w)]\n"
        if cell["id"] == "mse_gradient":
            cells.append({"cell_type": "code", "id": "my-residuals", "metadata": {}, "outputs": [],
                          "execution_count": None,
                          "source": "def residuals(w, b, x, y):\n    return w * x + b - y\n"})
            cell["source"] = ("def mse_gradient(w, b, x, y):\n    r = residuals(w, b, x, y)\n"
                              "    return 2 * np.sum(r * x), 2 * np.sum(r)\n")
        cells.append(cell)
    nb["cells"] = cells
    return nb


def _check_lines(text):
    """The per-check lines of a report (the header names the file, which differs)."""
    return [line for line in text.splitlines() if line.startswith("  ")]


@pytest.mark.skipif("03_gradients" not in NAMES, reason="uses exercise 03")
def test_course_check_prints_the_graders_lines_with_the_diagnosis_as_nbval_does(tmp_path):
    path = tmp_path / "03_gradients.ipynb"
    path.write_text(json.dumps(_mistaken_gradients(), indent=1), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "course_lib.tools.cli", "check", str(path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = _check_lines(proc.stdout)
    text = "\n".join(lines)
    # the syntax error is the answer cell's own error, and the checks that need it say so
    assert any("numerical_gradient" in l and "(answer cell) SyntaxError" in l for l in lines), text
    first = next(l for l in lines if "check_numerical_gradient_known" in l)
    assert "not run: your answer cell `numerical_gradient` has an error" in first, text
    assert "is not defined" not in text
    # the helper in the student's own cell is kept: mse_gradient runs, and is diagnosed
    at = next(i for i, l in enumerate(lines) if "check_mse_gradient " in l)
    assert "✗" in lines[at] and "0/2" in lines[at]
    below = "\n".join(lines[at + 1:at + 6])
    assert "expected:" in below and "got:" in below, text
    assert "This looks like a known mistake: a sum where a mean belongs." in below, text
    assert sum("hidden: runs when your work is graded" in l for l in lines) == 3
    # pytest --nbval-lax on the same notebook prints the same lines
    nbval = subprocess.run(
        [sys.executable, "-m", "pytest", str(path), "--nbval-lax", "--nbval-current-env",
         "-p", "course_lib.tools.nbval_plugin", "-p", "no:cacheprovider", "-q"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300)
    section = nbval.stdout.split("exercise checks")[-1].split("\n=")[0]
    assert _check_lines(section) == lines, nbval.stdout[-3000:]


def test_course_check_on_something_that_is_not_an_exercise_exits_2(tmp_path):
    path = tmp_path / "homework.ipynb"
    path.write_text(json.dumps(student(A)), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "course_lib.tools.cli", "check", str(path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "not an exercise of this course" in proc.stderr
