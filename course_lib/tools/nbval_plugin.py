"""A pytest plugin that makes nbval speak the language of the exercises.

With it, ``pytest --nbval-lax exercises/03_gradients.ipynb`` reports every graded check
cell by its ``grade_id`` with a one-line reason instead of a kernel traceback, and ends
with a score table:

    ✓ check_numerical_gradient_known    2/2
    ✗ check_mse_gradient                0/2  mse_gradient agrees ...: not implemented yet

nbval's default cell timeout (2000 s) becomes 60 s unless ``--nbval-cell-timeout`` is
given. Only cells with ``metadata.nbgrader`` are reported this way; failures in lesson
cells keep nbval's full report. Each item also gets ``user_properties`` (cell_id, grade_id, points, status),
which ``--junitxml`` writes out for graders.

Activated from the repository's root ``conftest.py`` (``pytest_plugins``), or with
``-p course_lib.tools.nbval_plugin``. Introduced in the README, section "Exercises and grading".
"""
import re

import pytest

__all__ = ["one_line", "cell_grading"]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_KEY = pytest.StashKey()
DEFAULT_CELL_TIMEOUT = 60


def pytest_configure(config):
    # nbval's default cell timeout is 2000 s; a student's endless loop should not hang for
    # half an hour. Only the untouched default is lowered; --nbval-cell-timeout wins.
    if getattr(config.option, "nbval_cell_timeout", None) == 2000:
        config.option.nbval_cell_timeout = DEFAULT_CELL_TIMEOUT


def cell_grading(item):
    """The nbgrader metadata of an nbval cell item (a dict), or None for other items."""
    cell = getattr(item, "cell", None)
    if cell is None:
        return None
    return dict(cell.get("metadata", {}).get("nbgrader", {})) or None


def one_line(ename, evalue):
    """Reduce a kernel error to one readable line (ANSI colours stripped).

    A ``CheckFailed`` gives its first line plus its hint (no hint for "not implemented
    yet": the first line says it all).
    """
    lines = [line.strip() for line in _ANSI.sub("", evalue or "").split("\n") if line.strip()]
    if ename == "NotImplementedError":
        return "not implemented yet"
    if ename == "KeyboardInterrupt":
        return "took too long (stopped by the time limit)"
    if ename == "CheckFailed" and lines:
        hint = next((line for line in lines[1:] if line.startswith("Hint:")), "")
        if lines[0].endswith(": not implemented yet"):
            hint = ""
        return f"{lines[0]}  {hint}".strip()
    return f"{ename}: {lines[0]}" if lines else ename


def _kernel_error(item):
    for out in getattr(item, "test_outputs", None) or []:
        if out.get("output_type") == "error":
            return out.get("ename", ""), out.get("evalue", "")
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    grading = cell_grading(item)
    if grading is None:
        return
    report = outcome.get_result()
    if report.when != "call":
        return
    cell = item.cell
    gid = grading.get("grade_id", cell.get("id", ""))
    message = ""
    if report.failed:
        error = _kernel_error(item)
        message = one_line(*error) if error else _ANSI.sub("", str(call.excinfo.value)).split("\n")[0]
        report.longrepr = f"{gid}: {message}"
    status = "passed" if report.passed else "skipped" if report.skipped else "failed"
    item.user_properties.extend([("cell_id", cell.get("id", "")), ("grade_id", gid),
                                 ("points", grading.get("points", 0)), ("status", status)])
    hidden = cell.get("metadata", {}).get("course", {}).get("hidden", False)
    if hidden and "### BEGIN HIDDEN TESTS" not in "".join(cell.get("source", "")):
        # the student's copy of a hidden check is empty: it is graded on hand-in
        item.config.stash.setdefault(_KEY, []).append(
            (item.nodeid.split("::")[0], gid, grading.get("points", 0), None,
             "hidden: runs when your work is graded"))
    elif grading.get("grade"):
        # after a timeout nbval marks later cells xfail; one that passes anyway is an
        # XPASS, which pytest reports as passed: it ran and passed, so it counts.
        passed = report.passed
        item.config.stash.setdefault(_KEY, []).append(
            (item.nodeid.split("::")[0], gid, grading.get("points", 0), passed, message))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    rows = config.stash.get(_KEY, [])
    if not rows:
        return
    tr = terminalreporter
    tr.section("exercise checks")
    width = max(len(gid) for _, gid, *_ in rows)
    for notebook in dict.fromkeys(r[0] for r in rows):
        mine = [r for r in rows if r[0] == notebook]
        got = sum(p for _, _, p, ok, _ in mine if ok)
        total = sum(p for _, _, p, ok, _ in mine if ok is not None)
        hidden = sum(p for _, _, p, ok, _ in mine if ok is None)
        more = f" (+{hidden:g} in hidden checks, graded on hand-in)" if hidden else ""
        tr.write_line(f"{notebook}: {got:g}/{total:g} points{more}")
        for _, gid, points, ok, message in mine:
            mark = "·" if ok is None else "✓" if ok else "✗"
            score = f"?/{points:g}" if ok is None else f"{points if ok else 0:g}/{points:g}"
            tr.write_line(f"  {mark} {gid:<{width}}  {score:>5}  {message}".rstrip(),
                          green=ok is True, red=ok is False)
