"""The exercise checks bite: solutions pass, blanks say "not implemented yet", and every
typical wrong answer (tests/checks/wrong/) fails at least one check.

Fast path: the notebooks' own setup, answer and check cells are executed in-process
(no kernel), with one student function swapped for a wrong one. One nbval run over the
released exercises confirms what a student sees from `pytest --nbval-lax`.
"""
import ast
import contextlib
import importlib
import inspect
import io
import json
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from IPython.core.inputtransformer2 import TransformerManager

from course_lib.checks import NOT_IMPLEMENTED, CheckFailed

ROOT = Path(__file__).resolve().parents[2]
# Every exercise source in solutions/; each needs its wrong answers in tests/checks/wrong/.
EXERCISES = sorted(p.stem for p in (ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))


# -- a kernel-free runner for the notebooks' cells --------------------------------------------

def load(folder, name):
    return json.loads((ROOT / folder / f"{name}.ipynb").read_text(encoding="utf-8"))


def role(cell):
    meta = cell.get("metadata", {}).get("nbgrader")
    if not meta:
        return None
    if meta["grade"] and meta["solution"]:
        return "written"   # a written question, graded by hand: nothing to run
    return "check" if meta["grade"] else "answer" if meta["solution"] else "setup"


def code_of(cell):
    return "".join(cell["source"])


_TRANSFORM = TransformerManager()


class Shell:
    """Just enough of IPython for the exercises' cells: ``%load_ext`` (which registers
    ``%check``), ``%check``; other magics do nothing. The loaded extensions are kept in the
    namespace, so a copy of it (one per check cell) still has ``%check``."""

    def __init__(self, ns):
        self.user_ns, self.magics = ns, {}
        for name in ns.get("__loaded_extensions__", ()):
            importlib.import_module(name).load_ipython_extension(self)

    def register_magic_function(self, fn, magic_kind, magic_name):
        self.magics[magic_name] = fn

    def run_line_magic(self, name, line, _stack_depth=1):
        if name == "load_ext":
            importlib.import_module(line.strip()).load_ipython_extension(self)
            self.user_ns["__loaded_extensions__"] = (
                *self.user_ns.get("__loaded_extensions__", ()), line.strip())
            return None
        return self.magics.get(name, lambda line: None)(line)


def run_cell(cell, ns, filename=None):
    """Execute one cell's code (IPython syntax) in ``ns``, as a kernel would."""
    shell = Shell(ns)
    ns["get_ipython"] = lambda: shell
    try:
        code = _TRANSFORM.transform_cell(code_of(cell))
        exec(compile(code, filename or cell["id"], "exec"), ns)
    finally:
        ns.pop("get_ipython", None)


def student_namespace(solution, answers, overrides=None):
    """Setup cells from the source, answer cells from ``answers``, then ``overrides``."""
    ns = {"__name__": "__main__"}
    for cell in solution["cells"]:
        if role(cell) == "setup":
            run_cell(cell, ns)
    for cell in answers["cells"]:
        if role(cell) == "answer":
            run_cell(cell, ns)
    ns.update(overrides or {})
    return ns


def run_checks(solution, ns, shared=False):
    """Run every check cell of the source (hidden ones included), each in a fresh copy of
    ``ns`` (or, ``shared``, all in ``ns`` itself, as a kernel does); return {grade_id:
    message or None when it passed}."""
    results = {}
    for cell in solution["cells"]:
        if role(cell) != "check":
            continue
        gid = cell["metadata"]["nbgrader"]["grade_id"]
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                run_cell(cell, ns if shared else dict(ns), gid)
            results[gid] = None
        except CheckFailed as err:
            results[gid] = str(err)
        except Exception as err:  # a check that crashes instead of failing politely
            results[gid] = f"UNFRIENDLY {type(err).__name__}: {err}"
    return results


def answer_functions(nb):
    names = []
    for cell in nb["cells"]:
        if role(cell) == "answer":
            code = _TRANSFORM.transform_cell(code_of(cell))
            names += [n.name for n in ast.parse(code).body if isinstance(n, ast.FunctionDef)]
    return names


def wrong_module(name):
    """tests/checks/wrong/exNN_topic.py: the typical wrong answers to exercise NN_topic."""
    return importlib.import_module(f"tests.checks.wrong.ex{name}")


def is_hidden(cell):
    return bool(cell["metadata"].get("course", {}).get("hidden"))


WRONG_CASES = [(name, w) for name in EXERCISES for w in wrong_module(name).WRONG]


# -- the tests --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", EXERCISES)
def test_solution_passes_every_check(name):
    solution = load("solutions", name)
    results = run_checks(solution, student_namespace(solution, solution))
    assert results and all(m is None for m in results.values()), results


@pytest.mark.parametrize("name", EXERCISES)
def test_blank_exercise_fails_every_check_with_not_implemented(name):
    solution, blank = load("solutions", name), load("exercises", name)
    results = run_checks(solution, student_namespace(solution, blank))
    for gid, message in results.items():
        assert message is not None, f"{gid} passed on a blank exercise"
        assert message.split("\n")[0].endswith(f": {NOT_IMPLEMENTED}"), (gid, message)


def solution_lines(solution):
    """The lines between the solution markers (longer than 12 characters)."""
    lines = set()
    for cell in solution["cells"]:
        text = code_of(cell)
        if role(cell) == "answer" and "### BEGIN SOLUTION" in text:
            body = text.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
            lines |= {line.strip() for line in body.split("\n") if len(line.strip()) > 12}
    return lines


@pytest.mark.parametrize("name, wrong", WRONG_CASES,
                         ids=[f"{n}-{w['function']}-{w['what']}" for n, w in WRONG_CASES])
def test_wrong_answer_fails_a_check_with_a_friendly_message(name, wrong):
    solution = load("solutions", name)
    ns = student_namespace(solution, solution, {wrong["function"]: wrong["impl"]})
    results = run_checks(solution, ns)
    failed = {gid: m for gid, m in results.items() if m is not None}
    # A check that only runs at grading time (hidden) counts: the instructor's grade catches it.
    assert failed, f"no check caught {wrong['function']}: {wrong['what']}"
    if wrong.get("names"):
        named = f"This looks like a known mistake: {wrong['names']}"
        assert any(named in m for m in failed.values()), (named, failed)
    secrets = solution_lines(solution)
    for gid, message in failed.items():
        assert not message.startswith("UNFRIENDLY"), (gid, message)
        assert NOT_IMPLEMENTED not in message, (gid, message)
        assert len(message.split("\n")) <= 6, (gid, message)
        assert not [line for line in secrets if line in message], (gid, message)


RIGHT_CASES = [(name, what, fns) for name in EXERCISES
               for what, fns in getattr(wrong_module(name), "RIGHT", {}).items()]


def cell_source(fn):
    """A right answer's source as a student's cell: the function without its decorator."""
    lines = textwrap.dedent(inspect.getsource(fn)).split("\n")
    return "\n".join(line for line in lines if not line.startswith("@right("))


@pytest.mark.parametrize("name, what, fns", RIGHT_CASES, ids=[f"{n}-{w}" for n, w, _ in RIGHT_CASES])
def test_a_right_answer_in_an_unusual_form_gets_full_marks(name, what, fns):
    """Own helpers and classes in added cells, ties as stated, ...: every check passes."""
    solution = load("solutions", name)
    ns = student_namespace(solution, solution)
    for fn in fns:
        run_cell({"id": f"added-{fn.__name__}", "source": cell_source(fn)}, ns)
    results = run_checks(solution, ns, shared=True)   # one namespace, as in a kernel
    assert results and all(m is None for m in results.values()), results


@pytest.mark.parametrize("name", EXERCISES)
def test_check_cells_put_no_name_into_the_students_namespace(name):
    """A check cell binds, imports and replaces nothing the student can see."""
    solution = load("solutions", name)
    unconverted = [c["id"] for c in solution["cells"]
                   if role(c) == "check" and "%check ex" not in code_of(c)]
    assert not unconverted, f"check cells without %check: {unconverted}"
    long = [c["id"] for c in solution["cells"] if role(c) == "check" and not is_hidden(c)
            and len(code_of(c).strip().split("\n")) > 2]
    assert not long, f"visible check cells of more than two lines: {long}"
    ns = student_namespace(solution, solution)
    before = dict(ns)
    for cell in solution["cells"]:
        if role(cell) == "check":
            with contextlib.redirect_stdout(io.StringIO()):
                run_cell(cell, ns)
    assert ns.keys() == before.keys(), sorted(ns.keys() - before.keys())
    assert all(ns[k] is before[k] for k in before)


# Exercises whose every wrong answer must say which misconception it is (says=...).
NAMED = {"02_loss_surfaces", "03_gradients", "04_gradient_descent", "05_challenges",
         "06_gd_variants", "07_more_challenges", "08_momentum", "09_nesterov", "10_adaptive"}


@pytest.mark.parametrize("name, wrong", WRONG_CASES,
                         ids=[f"{n}-{w['function']}-{w['what']}" for n, w in WRONG_CASES])
def test_a_wrong_answers_message_names_its_mistake(name, wrong):
    """The failing check says which known mistake the answer looks like (tests/checks/wrong's says=)."""
    if wrong["says"] is None:
        assert name not in NAMED, f"{name}: give {wrong['what']!r} a says= phrase"
        pytest.skip("this exercise's wrong answers do not name their mistakes yet")
    solution = load("solutions", name)
    ns = student_namespace(solution, solution, {wrong["function"]: wrong["impl"]})
    messages = [m for m in run_checks(solution, ns).values() if m is not None]
    assert any(wrong["says"].lower() in m.lower() for m in messages), (wrong["says"], messages)


@pytest.mark.parametrize("name", sorted(NAMED & set(EXERCISES)))
def test_each_exercise_says_where_graded_code_goes_and_how_to_check_it(name):
    top = "".join(load("exercises", name)["cells"][0]["source"])
    assert "answer cells" in top and f"course check exercises/{name}.ipynb" in top


@pytest.mark.parametrize("name", EXERCISES)
def test_wrong_answers_cover_every_function_and_the_typical_mistakes(name):
    functions = answer_functions(load("solutions", name))
    module = wrong_module(name)
    kinds = {}
    for w in module.WRONG:
        kinds.setdefault(w["function"], set()).add(w["kind"])
    assert set(kinds) == set(functions) == set(module.REQUIRED_KINDS)
    for function in functions:
        missing = module.REQUIRED_KINDS[function] - kinds[function]
        assert not missing, f"{name}: no wrong {function} of kind {missing}"


@pytest.mark.integration
def test_blank_exercises_under_nbval_show_one_line_per_check(tmp_path):
    """What a student sees: every visible check fails with 'not implemented yet'."""
    report = tmp_path / "report.xml"
    notebooks = [f"exercises/{name}.ipynb" for name in EXERCISES]
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", *notebooks, "--nbval-lax", "--nbval-current-env",
         "--nbval-cell-timeout=60", f"--junitxml={report}", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "exercise checks" in proc.stdout and "hidden: runs when your work is graded" in proc.stdout
    seen = 0
    for case in ET.parse(report).getroot().iter("testcase"):
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        failure = case.find("failure")
        cell = next((c for name in EXERCISES for c in load("exercises", name)["cells"]
                     if c["id"] == props.get("cell_id")), None)
        if cell is None or role(cell) != "check":
            assert failure is None, ET.tostring(case, encoding="unicode")[:2000]
            continue
        if is_hidden(cell):
            assert failure is None  # empty in the student's copy
            continue
        seen += 1
        assert failure is not None, props
        first = (failure.get("message") or failure.text or "").strip().split("\n")[0]
        assert first.endswith(f": {NOT_IMPLEMENTED}"), first
        assert first.startswith(props["grade_id"]), first
    visible = sum(role(c) == "check" and not is_hidden(c)
                  for name in EXERCISES for c in load("exercises", name)["cells"])
    assert seen == visible >= 2 * len(EXERCISES)
