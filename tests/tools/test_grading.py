"""`course grade`: restores the official checks, survives broken and hostile submissions.

The fixture submissions are generated here from exercises/ and solutions/ (so they never go
stale): one class folder, graded by a single `course grade` run with small time limits, two
workers, each student in the bubblewrap sandbox. Each test then reads the gradebook for one
kind of submission. Expected scores come from the sources' nbgrader metadata, never from the
grader. The hostile students (tests/hostile.py) sit in the same class as the honest ones:
their attacks must change nothing, and the honest students must be graded as ever.

Without bubblewrap the class is graded with --no-sandbox and the sandbox tests skip, naming
the package; with COURSE_REQUIRE_SANDBOX=1 (set by .ci/run) a missing sandbox fails instead.
"""
import csv
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from course_lib.tools.grading.sandbox import Limits, Sandbox, SandboxUnavailable
from tests.support import hostile

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS, EXERCISES = ROOT / "solutions", ROOT / "exercises"
NAMES = sorted(p.stem for p in SOLUTIONS.glob("*.ipynb"))
CELL_TIMEOUT, NOTEBOOK_TIMEOUT = 5, 20

pytestmark = pytest.mark.skipif(len(NAMES) < 2, reason="needs two exercises in solutions/")
A, B = (NAMES + ["", ""])[:2]
MEMORY = "2G"


def _sandbox_problem():
    try:
        Sandbox(Limits()).check()
    except SandboxUnavailable as err:
        if os.environ.get("COURSE_REQUIRE_SANDBOX") == "1":
            raise RuntimeError(f"COURSE_REQUIRE_SANDBOX=1: the sandbox tests must run, but "
                               f"{err}") from None
        return f"needs the sandbox: install Debian's package bubblewrap ({err})"
    return None


SANDBOX_PROBLEM = _sandbox_problem()
needs_sandbox = pytest.mark.skipif(SANDBOX_PROBLEM is not None, reason=SANDBOX_PROBLEM or "")


# -- building submissions ------------------------------------------------------------------

def _read(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _text(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def checks(name):
    """[(grade_id, points)] of the source's check cells, in order (written questions,
    graded by hand, are not checks: see ``written``)."""
    return [(_meta(c)["grade_id"], _meta(c)["points"]) for c in _read(SOLUTIONS / f"{name}.ipynb")["cells"]
            if _meta(c).get("grade") and c["cell_type"] == "code"]


def written(name):
    """[(grade_id, points)] of the source's written questions (markdown, graded by hand)."""
    return [(_meta(c)["grade_id"], _meta(c)["points"]) for c in _read(SOLUTIONS / f"{name}.ipynb")["cells"]
            if _meta(c).get("grade") and c["cell_type"] == "markdown"]


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


def _build(root, paths, port):
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
    if SANDBOX_PROBLEM is None:  # never without the sandbox: they would do what they try
        plan.update({
            "hostile": {A: student(A, hostile.after_solution(hostile.reach_out(paths, port))),
                        B: student(B)},
            "fork_bomb": {A: student(A, hostile.after_solution(hostile.FORK_BOMB))},
            "memory_bomb": {A: student(A, hostile.after_solution(hostile.MEMORY_BOMB)),
                            B: student(B, hostile.after_solution(hostile.MEMORY_BOMB_FORKED))}})
        plan = dict(sorted(plan.items()))
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


def _course_hashes():
    """Every file of the course a grading run could tamper with: course_lib, the sources,
    the exercises, and the names (and .pth files) of the environment's site-packages."""
    import course_lib
    package = Path(course_lib.__file__).resolve().parent
    found = {f"course_lib/{k}": v for k, v in _hashes(package).items()}
    for folder in (SOLUTIONS, EXERCISES):
        found.update({f"{folder.name}/{k}": v for k, v in _hashes(folder).items()})
    site = Path(next(p for p in sys.path if p.endswith("site-packages")))
    for entry in sorted(site.iterdir()):
        found[f"site-packages/{entry.name}"] = (
            hashlib.sha256(entry.read_bytes()).hexdigest() if entry.suffix == ".pth" else "")
    return found


class _Listener:
    """A TCP server on the grader's loopback that counts the connections it gets."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port, self.connections, self.stop = self.server.getsockname()[1], 0, False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stop:
            try:
                self.server.accept()[0].close()
                self.connections += 1
            except OSError:
                pass

    def close(self):
        self.stop = True
        self.thread.join()
        self.server.close()


def _hostile_processes():
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if hostile.MARKER.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except (OSError, ValueError):
            pass
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    subs, out = root / "submissions", root / "out"
    subs.mkdir()
    import course_lib
    paths = {"course_lib": Path(course_lib.__file__).resolve().parent,
             "site_packages": next(p for p in sys.path if p.endswith("site-packages")),
             "other": subs / "correct" / f"{A}.ipynb", "others": subs / "correct",
             "solutions": SOLUTIONS / f"{B}.ipynb", "out": out}
    listener = _Listener()
    students = _build(subs, paths, listener.port)
    before, course_before = _hashes(subs), _course_hashes()
    sandbox = ["--memory", MEMORY] if SANDBOX_PROBLEM is None else ["--no-sandbox"]
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "course_lib.tools.cli", "grade", str(subs), "--out", str(out),
             "--jobs", "2", "--timeout", str(CELL_TIMEOUT), "--notebook-timeout",
             str(NOTEBOOK_TIMEOUT), *sandbox],
            cwd=ROOT, capture_output=True, text=True, timeout=400,
            env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
        left_running = _hostile_processes()
    finally:
        listener.close()
    rows = list(csv.DictReader(open(out / "grades.csv", encoding="utf-8")))
    return {"proc": proc, "rows": rows, "out": out, "students": students,
            "before": before, "after": _hashes(subs), "course_before": course_before,
            "course_after": _course_hashes(), "connections": listener.connections,
            "left_running": left_running}


def rows_of(graded, who, name):
    by_hand = {gid for gid, _ in written(name)}
    rows = [r for r in graded["rows"] if r["student"] == who and r["exercise"] == name
            and r["check"] not in by_hand]
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
    expected = sum(len(checks(n)) + len(written(n)) for n in NAMES) * len(graded["students"])
    assert len(graded["rows"]) == expected
    assert set(graded["rows"][0]) >= {"student", "exercise", "check", "points", "max_points",
                                      "status", "message"}
    for row in graded["rows"]:
        assert row["status"] in {"passed", "failed", "error", "timeout", "missing",
                                 "needs manual grading"}
        assert "\n" not in row["message"]
        assert float(row["points"]) in (0.0, float(row["max_points"]))


def test_no_submission_file_is_modified(graded):
    assert graded["after"] == graded["before"]


def test_each_student_gets_markdown_feedback_with_totals(graded):
    for who in graded["students"]:
        text = (graded["out"] / "feedback" / f"{who}.md").read_text(encoding="utf-8")
        total = sum(score(rows_of(graded, who, n)) for n in NAMES)
        out_of = sum(full_marks(n) + sum(p for _, p in written(n)) for n in NAMES)
        assert f"Total: {total:g} / {out_of:g} points" in text


def test_a_written_answer_waits_for_manual_grading_and_a_blank_one_scores_0(graded):
    for name in NAMES:
        for who, status in (("correct", "needs manual grading"), ("blank", "failed")):
            rows = [r for r in graded["rows"] if r["student"] == who and r["exercise"] == name
                    and r["check"] in {gid for gid, _ in written(name)}]
            assert [(r["status"], r["points"]) for r in rows] == [(status, "0")] * len(written(name))


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


# -- hostile submissions, in the same class: none of them reaches beyond its own run -----------

def _hostile_report(graded):
    notes = (graded["out"] / "feedback" / "hostile.md").read_text(encoding="utf-8")
    line = next(l for l in notes.splitlines() if "hostile report:" in l)
    return dict(part.split(": ", 1) for part in line.split("hostile report: ")[1].split("; "))


@needs_sandbox
def test_a_hostile_class_leaves_the_course_and_its_environment_as_they_were(graded):
    changed = {k for k in graded["course_before"].keys() | graded["course_after"].keys()
               if graded["course_before"].get(k) != graded["course_after"].get(k)}
    assert not changed, f"grading changed the course's files: {sorted(changed)}"
    assert graded["after"] == graded["before"], "a submission changed"
    assert graded["connections"] == 0, "a submission reached the grader's network"
    assert graded["left_running"] == [], "a submission's process outlived its run"


@needs_sandbox
def test_each_attempt_to_reach_beyond_the_run_fails(graded):
    report = _hostile_report(graded)
    assert report["notebooks in view"] == "DONE []", report   # not even its own, once collected
    assert report["background"] == "DONE True", report        # it ran, and died with the run
    assert report["network"] == "ConnectionRefusedError", report   # its own loopback only
    for attempt in ("course_lib", "course_lib new file", "venv", "other student read",
                    "other student write", "solutions", "results pipe", "work folder's parent"):
        assert not report[attempt].startswith("DONE"), (attempt, report)
    # the output folder's path lies in /tmp here: it wrote into its own private /tmp
    assert "pwned" not in (graded["out"] / "grades.csv").read_text(encoding="utf-8")
    # doing all that cost it nothing of its own: its answers still pass
    assert score(rows_of(graded, "hostile", A)) == full_marks(A)
    assert score(rows_of(graded, "hostile", B)) == full_marks(B)


@needs_sandbox
def test_honest_students_in_a_hostile_class_are_graded_as_ever(graded):
    for name in NAMES:
        assert score(rows_of(graded, "correct", name)) == full_marks(name)
        assert {r["status"] for r in rows_of(graded, "blank", name)} == {"failed"}
    assert {r["sandbox"] for r in graded["rows"]} == {"bubblewrap"}


@needs_sandbox
def test_a_fork_bomb_hits_the_process_limit_and_loses_only_its_own_points(graded):
    notes = (graded["out"] / "feedback" / "fork_bomb.md").read_text(encoding="utf-8")
    assert "BlockingIOError" in notes and "limit: 128 processes and threads]" in notes, notes
    assert "memory" not in notes, "forked processes share their memory: counted once"
    assert {r["status"] for r in rows_of(graded, "fork_bomb", B)} == {"missing"}


@needs_sandbox
def test_memory_bombs_hit_the_memory_limit_which_the_feedback_names(graded):
    notes = (graded["out"] / "feedback" / "memory_bomb.md").read_text(encoding="utf-8")
    assert "MemoryError" in notes and f"memory limit: {MEMORY[:-1]} GiB" in notes, notes
    # B spreads 2.7 GB over 6 processes, each far under the address-space limit: the
    # grader's watch of the run's memory as a whole stops it, and B alone loses its points
    for row in rows_of(graded, "memory_bomb", B):
        assert row["status"] == "error", row
        assert f"more than the sandbox's memory limit of {MEMORY[:-1]} GiB" in row["message"], row
    assert score(rows_of(graded, "memory_bomb", A)) == full_marks(A)


def test_without_bubblewrap_course_grade_says_what_to_install(tmp_path):
    (tmp_path / "alice").mkdir()
    proc = subprocess.run([sys.executable, "-m", "course_lib.tools.cli", "grade", str(tmp_path),
                           "--out", str(tmp_path.parent / "out-nobwrap")], cwd=ROOT,
                          capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PATH=str(tmp_path / "no-such-bin")))
    assert proc.returncode == 2, proc.stderr
    assert "bubblewrap" in proc.stderr and "apt-get install bubblewrap" in proc.stderr
    assert "--no-sandbox" in proc.stderr


def test_no_sandbox_is_written_into_the_summary_and_the_gradebook(tmp_path):
    from course_lib.tools.grading.report import write_outputs
    exercises = {A: {"checks": [("c1", 1.0)]}}
    results = {"alice": {"rows": [{"student": "alice", "exercise": A, "check": "c1",
                                   "points": 1.0, "max_points": 1.0, "status": "passed",
                                   "message": ""}], "notes": []}}
    summary = write_outputs(tmp_path, exercises, [tmp_path / "alice"], results, sandboxed=False)
    assert "--no-sandbox" in summary.splitlines()[-1]
    rows = list(csv.DictReader(open(tmp_path / "grades.csv", encoding="utf-8")))
    assert rows[0]["sandbox"] == "none: --no-sandbox"


def test_a_memory_size_that_is_too_small_or_not_a_size_is_a_usage_error(tmp_path):
    for size in ("12M", "lots"):
        proc = _cli(str(tmp_path), "--out", str(tmp_path.parent / "g"), "--memory", size)
        assert proc.returncode == 2 and "--memory must be a size of at least 256M" in proc.stderr


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
    # the written question is listed last (graded by hand: no score here)
    assert "· written_03" in lines[-1] and "?/2" in lines[-1], text
    # pytest --nbval-lax on the same notebook prints the same lines (written ones aside)
    nbval = subprocess.run(
        [sys.executable, "-m", "pytest", str(path), "--nbval-lax", "--nbval-current-env",
         "-p", "course_lib.tools.nbval_plugin", "-p", "no:cacheprovider", "-q"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300)
    section = nbval.stdout.split("exercise checks")[-1].split("\n=")[0]
    assert _check_lines(section) == lines[:-1], nbval.stdout[-3000:]


@pytest.mark.skipif("02_loss_surfaces" not in NAMES, reason="uses exercise 02")
def test_course_check_lists_the_written_question_answered_or_blank(tmp_path):
    """The same notebook, all checks passing, with the written answer and with the cell left
    as handed out: only the written line and the exit status differ."""
    name = "02_loss_surfaces"
    stub = next(c for c in _read(ROOT / "exercises" / f"{name}.ipynb")["cells"]
                if (c["metadata"].get("course") or {}).get("role") == "written")
    outputs = []
    for blank in (False, True):
        nb = _read(SOLUTIONS / f"{name}.ipynb")
        if blank:
            cell = next(c for c in nb["cells"] if c["id"] == stub["id"])
            cell["source"] = stub["source"]
        (tmp_path / f"{name}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "course_lib.tools.cli", "check",
                               str(tmp_path / f"{name}.ipynb")],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
        outputs.append((proc.returncode, proc.stdout))
    (answered_rc, answered), (blank_rc, blank) = outputs
    assert answered_rc == 0 and blank_rc == 1, answered + blank
    assert "+2 for written answers, graded by hand" in answered.splitlines()[0], answered
    written = [l for l in answered.splitlines() if "written_02" in l]
    assert len(written) == 1 and "· written_02" in written[0] and "?/2" in written[0], answered
    assert "graded by hand after hand-in" in written[0]
    assert "✗ written_02" in blank and "no answer written yet" in blank, blank
    differ = [(a, b) for a, b in zip(answered.splitlines(), blank.splitlines()) if a != b]
    assert len(differ) == 1 and "written_02" in differ[0][0], differ


def test_course_check_on_something_that_is_not_an_exercise_exits_2(tmp_path):
    path = tmp_path / "homework.ipynb"
    path.write_text(json.dumps(student(A)), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "course_lib.tools.cli", "check", str(path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "not an exercise of this course" in proc.stderr


# -- --no-sandbox where the grader cannot list a run's processes (macOS has no /proc) ----------

def _kernel_alive(pid):
    """True while process ``pid`` runs and is a kernel (a dead one's number may be reused)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return state != "Z" and b"ipykernel" in command


def test_without_a_sandbox_or_proc_a_timed_out_notebooks_kernel_is_still_killed(tmp_path, monkeypatch):
    from course_lib.tools.grading import run
    monkeypatch.setattr(run, "_tree", lambda pid: [pid])   # as on macOS: no descendants known
    code = (f"import os, sys\nopen({str(tmp_path / 'kernel.pid')!r}, 'w').write("
            f"f'{{os.getpid()}} {{sys.argv[0]}}')\n" + UNSTOPPABLE)
    nb = {"cells": [{"cell_type": "code", "id": "loop", "metadata": {}, "outputs": [],
                     "execution_count": None, "source": code}],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "loop.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    results = run.run_notebooks(tmp_path, ["loop"], run.Settings(cell_timeout=60,
                                                                  notebook_timeout=4))
    assert results["loop"].fate[0] == "timeout", results["loop"]
    pid, program = (tmp_path / "kernel.pid").read_text().split(" ", 1)
    pid = int(pid)
    assert "ipykernel" in program, program                # what _kernel_alive looks for
    # SIGKILL takes effect when the kernel is next scheduled: on a loaded machine (CI runs two
    # Pythons' suites side by side) that can be after the run's own process has ended. (A
    # kernel also ends itself soon after its parent, ipykernel's parent poller: this checks
    # that it is gone, whichever way.)
    deadline = time.monotonic() + 10
    while _kernel_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    survived = _kernel_alive(pid)
    if survived:
        os.kill(pid, signal.SIGKILL)                  # leave nothing behind either way
    assert not survived, "the timed-out notebook's kernel still ran 10 s after its run ended"
