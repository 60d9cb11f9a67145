"""A pytest plugin that makes nbval speak the language of the exercises.

With it, ``pytest --nbval-lax exercises/03_gradients.ipynb`` reports every graded check
cell by its ``grade_id`` with the check's own message instead of a kernel traceback (the
first line, then expected vs got, the diagnosis and the hint, as Jupyter shows them), and
ends with a score table; ``course check`` prints the same lines:

    ✓ check_numerical_gradient_known    2/2
    ✗ check_mse_gradient                0/2  mse_gradient matches ...: not implemented yet

An answer cell that raised (a SyntaxError, say) gets a row of its own, and a check that
failed only because that cell did not define its function says so instead of "name is
not defined". nbval's default cell timeout (2000 s) becomes 60 s unless
``--nbval-cell-timeout`` is given. Only cells with ``metadata.nbgrader`` are reported this
way; failures in lesson cells keep nbval's full report. Each item also gets
``user_properties`` (cell_id, grade_id, points, status), which ``--junitxml`` writes out.

Activated from the repository's root ``conftest.py`` (``pytest_plugins``), or with
``-p course_lib.tools.nbval_plugin``. Introduced in the README, sections "Exercises: check your own work" and "Grading a class".
"""
import pytest

from course_lib.tools.notebook import (blame_broken_answers, defined_names, error_message,
                                       hidden_tests_removed, kernel_error, nbgrader,
                                       outcome_lines, role, source, strip_ansi)

__all__ = ["cell_grading", "score_lines"]

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
    return dict(nbgrader(cell)) or None if cell is not None else None


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
        error = kernel_error(item)
        message = error_message(*error) if error else strip_ansi(str(call.excinfo.value)).split("\n")[0]
        report.longrepr = f"{gid}: {message}"
    status = "passed" if report.passed else "skipped" if report.skipped else "failed"
    item.user_properties.extend([("cell_id", cell.get("id", "")), ("grade_id", gid),
                                 ("points", grading.get("points", 0)), ("status", status)])
    notebook = item.nodeid.split("::")[0]
    rows = item.config.stash.setdefault(_KEY, [])
    if role(cell) == "answer":
        rows.append((notebook, gid, None, report.passed, message,
                     sorted(defined_names(source(cell)))))
    elif hidden_tests_removed(cell):
        # the student's copy of a hidden check is empty: it is graded on hand-in
        rows.append((notebook, gid, grading.get("points", 0), None,
                     "hidden: runs when your work is graded", None))
    elif grading.get("grade"):
        # after a timeout nbval marks later cells xfail; one that passes anyway is an
        # XPASS, which pytest reports as passed: it ran and passed, so it counts.
        rows.append((notebook, gid, grading.get("points", 0), report.passed, message, None))


WRITTEN = "written question, graded by hand after hand-in"


def score_lines(notebook, rows, written=()):
    """The score table of one notebook: a total line, then ``outcome_lines`` per check.

    ``rows``: (grade_id, points, passed, message, defines) in notebook order; points None
    marks an answer cell (a row only when it raised), passed None a hidden check.
    ``written``: (grade_id, points, answered) per written question (``course check`` lists
    them last: graded by hand, they count in no total here; a blank one shows as 0).
    """
    outcomes = {gid: ("passed" if ok or ok is None else "failed", message)
                for gid, _, ok, message, _ in rows}
    outcomes = blame_broken_answers(outcomes, {gid: d for gid, p, _, _, d in rows if p is None})
    checks = [(gid, p, ok, outcomes[gid][1]) for gid, p, ok, _, _ in rows
              if p is not None or not ok]
    got = sum(p for _, p, ok, _ in checks if ok and p is not None)
    total = sum(p for _, p, ok, _ in checks if ok is not None and p is not None)
    hidden = sum(p for _, p, ok, _ in checks if ok is None)
    by_hand = sum(p for _, p, _ in written)
    extra = []
    if hidden:
        extra.append(f"+{hidden:g} in hidden checks, graded on hand-in")
    if by_hand:
        extra.append(f"+{by_hand:g} for written answers, graded by hand")
    more = f" ({'; '.join(extra)})" if extra else ""
    lines = [(f"{notebook}: {got:g}/{total:g} points{more}", None)]
    width = max([len(gid) for gid, *_ in checks] + [len(gid) for gid, *_ in written] + [0])
    for gid, points, ok, message in checks:
        if points is None:  # an answer cell that raised
            mark, score, message = "✗", "", f"(answer cell) {message}"
        else:
            mark = "·" if ok is None else "✓" if ok else "✗"
            score = f"?/{points:g}" if ok is None else f"{points if ok else 0:g}/{points:g}"
        lines += [(line, ok) for line in outcome_lines(mark, gid, score, message, width)]
    for gid, points, answered in written:
        mark, score, message = (("·", f"?/{points:g}", WRITTEN) if answered else
                                ("✗", f"0/{points:g}", f"{WRITTEN}: no answer written yet "
                                 "(the cell still says YOUR ANSWER HERE)"))
        lines += [(line, answered) for line in outcome_lines(mark, gid, score, message, width)]
    return lines


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    rows = config.stash.get(_KEY, [])
    if not rows:
        return
    tr = terminalreporter
    tr.section("exercise checks")
    for notebook in dict.fromkeys(r[0] for r in rows):
        for line, ok in score_lines(notebook, [r[1:] for r in rows if r[0] == notebook]):
            tr.write_line(line, green=ok is True, red=ok is False)
