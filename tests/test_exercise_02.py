"""Exercise 02 (loss surfaces): the checks bite. The solution passes, the blank exercise
fails every check with "not implemented yet", and every typical wrong answer (tests/wrong/
ex02_loss_surfaces.py) fails at least one visible check with a short, friendly message.

Uses the kernel-free runner of tests/test_exercises.py (setup, answer and check cells
executed in-process, one student function swapped for a wrong one); one nbval run over
the released exercise confirms what a student sees.
"""
import importlib.util
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from course_lib.checks import NOT_IMPLEMENTED

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NAME = "02_loss_surfaces"
N_CHECKS, N_VISIBLE = 7, 5


def _module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


runner = _module(HERE / "test_exercises.py", "_exercise_runner")
WRONG = _module(HERE / "wrong" / "ex02_loss_surfaces.py", "_wrong_ex02").WRONG

REQUIRED_KINDS = {
    "mse_grid": {"sum instead of mean", "axes swapped", "w and b swapped", "missing square",
                 "python loop", "python loop with wrong shape", "loop in disguise",
                 "delegates to course_lib", "returns None"},
    "grid_argmin": {"flat index", "indices instead of values", "w and b swapped",
                    "row and column mixed up", "argmax", "returns None"},
}


def test_solution_passes_every_check():
    solution = runner.load("solutions", NAME)
    results = runner.run_checks(solution, runner.student_namespace(solution, solution))
    assert len(results) == N_CHECKS and all(m is None for m in results.values()), results


def test_blank_exercise_fails_every_check_with_not_implemented():
    solution, blank = runner.load("solutions", NAME), runner.load("exercises", NAME)
    results = runner.run_checks(solution, runner.student_namespace(solution, blank))
    assert len(results) == N_CHECKS
    for gid, message in results.items():
        assert message is not None, f"{gid} passed on a blank exercise"
        assert message.split("\n")[0].endswith(f": {NOT_IMPLEMENTED}"), (gid, message)


@pytest.mark.parametrize("wrong", WRONG, ids=[f"{w['function']}-{w['what']}" for w in WRONG])
def test_wrong_answer_fails_a_visible_check_with_a_friendly_message(wrong):
    solution = runner.load("solutions", NAME)
    ns = runner.student_namespace(solution, solution, {wrong["function"]: wrong["impl"]})
    results = runner.run_checks(solution, ns)
    failed = {gid: m for gid, m in results.items() if m is not None}
    visible = {gid: m for gid, m in failed.items() if not gid.endswith("_hidden")}
    assert visible, f"no visible check caught {wrong['function']}: {wrong['what']} ({failed})"
    secrets = runner.solution_lines(solution)
    for gid, message in failed.items():
        assert not message.startswith("UNFRIENDLY"), (gid, message)
        assert NOT_IMPLEMENTED not in message, (gid, message)
        assert len(message.split("\n")) <= 6, (gid, message)
        assert not [line for line in secrets if line in message], (gid, message)


def test_wrong_answers_cover_every_function_and_the_typical_mistakes():
    functions = runner.answer_functions(runner.load("solutions", NAME))
    kinds = {}
    for w in WRONG:
        kinds.setdefault(w["function"], set()).add(w["kind"])
    assert set(kinds) == set(functions) == set(REQUIRED_KINDS)
    for function in functions:
        assert REQUIRED_KINDS[function] <= kinds[function], function


def test_blank_exercise_under_nbval_fails_each_visible_check_in_one_line(tmp_path):
    report = tmp_path / "report.xml"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", f"exercises/{NAME}.ipynb", "--nbval-lax",
         "--nbval-current-env", "--nbval-cell-timeout=60", f"--junitxml={report}", "-q",
         "-p", "no:cacheprovider"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-3000:]
    cells = {c["id"]: c for c in runner.load("exercises", NAME)["cells"]}
    seen = 0
    for case in ET.parse(report).getroot().iter("testcase"):
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        cell, failure = cells.get(props.get("cell_id")), case.find("failure")
        if cell is None or runner.role(cell) != "check" or cell["metadata"].get(
                "course", {}).get("hidden"):
            assert failure is None, ET.tostring(case, encoding="unicode")[:2000]
            continue
        seen += 1
        assert failure is not None, props
        first = (failure.get("message") or failure.text or "").strip().split("\n")[0]
        assert first.startswith(props["grade_id"]) and first.endswith(f": {NOT_IMPLEMENTED}"), first
    assert seen == N_VISIBLE
