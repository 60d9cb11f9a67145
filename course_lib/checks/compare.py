"""Friendly autograded checks for the exercise notebooks.

A check calls the student's function on a few seeded cases (edge cases included),
compares the answer with a reference *by behaviour* (values within a tolerance, so any
correct form passes), and on failure raises ``CheckFailed`` with a short message: which
check, which case, expected vs got, a diagnosis when the mistake is recognisable (a sign
flip, a constant factor, a path missing its start, every stored point the same array) and
a hint. It never prints the solution. A function still containing
``raise NotImplementedError()`` fails every check with "not implemented yet".

A check may list known mistakes (``Mistake("the velocity is reset every step", fn)``):
when an answer fails and behaves like one of them on every case it fails, the message
names that misconception. Errors raised by the check itself are never blamed on the student.

Building blocks: ``check_function``; ``check_answers`` for answers that are labels (a
string such as "saddle"); ``check_value``; ``check_raises``; and ``with check(name,
hint=):`` with ``expect`` / ``expect_close`` inside, for checks with their own logic. In JupyterLab a ``CheckFailed`` shows its message only (IPython's ``_render_traceback_``).

Example:
    >>> import numpy as np
    >>> check_function(np.cumsum, np.cumsum, [Case(np.arange(3.0))], name="cumsum")
    ✓ cumsum (1 case)

Introduced in exercises/03_gradients.
"""
import copy
import inspect

import numpy as np

from .cases import Answer, Case, hashable
from .diagnosis import raised_in_student_code, shape_diagnosis, short, value_diagnosis
from .mistakes import Mistake, best_mistake, failing_cases, known_mistake

__all__ = ["CheckFailed", "check", "expect", "expect_close",
           "check_function", "check_answers", "check_value", "check_raises", "NOT_IMPLEMENTED"]

NOT_IMPLEMENTED = "not implemented yet"
_RED, _RESET = "\x1b[31m", "\x1b[0m"


class CheckFailed(AssertionError):
    """A check did not pass. The message is the whole story: no traceback is needed."""

    def __init__(self, problem, *, name=None, details=(), hint=""):
        self.problem, self.check_name = problem, name
        self.details, self.hint = tuple(details), hint
        super().__init__(self._text())

    def _text(self):
        head = f"{self.check_name}: {self.problem}" if self.check_name else self.problem
        lines = [head] + [f"  {d}" for d in self.details]
        if self.hint:
            lines.append(f"  Hint: {self.hint}")
        return "\n".join(lines)

    def _render_traceback_(self):
        # IPython shows these lines instead of a traceback.
        first, *rest = self._text().split("\n")
        return [f"{_RED}✗ CheckFailed: {first}{_RESET}", *rest]


def _naming(err, mistake):
    """``err`` again, with a line naming the known mistake (and its own hint, if any)."""
    if mistake is None:
        return err
    line = mistake.line() if isinstance(mistake, Mistake) else Mistake(mistake).line()
    return CheckFailed(err.problem, name=err.check_name, details=[*err.details, line],
                       hint=getattr(mistake, "hint", "") or err.hint)


class check:
    """Context manager: run one named check and turn any failure into ``CheckFailed``.

    Inside the block call the student's code and ``expect``/``expect_close``. On success it
    prints "✓ name". ``NotImplementedError`` becomes "not implemented yet"; any other
    exception from the student's code becomes one line naming it.
    """

    def __init__(self, name, hint=""):
        self.name, self.hint = name, hint

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is None:
            print(f"✓ {self.name}")
            return False
        if not isinstance(exc, Exception):  # KeyboardInterrupt, SystemExit: not ours
            return False
        if isinstance(exc, NotImplementedError):
            raise CheckFailed(NOT_IMPLEMENTED, name=self.name, hint=(
                "replace `raise NotImplementedError()` with your code, run that cell, "
                "then run this check again.")) from None
        if isinstance(exc, CheckFailed):
            if exc.check_name:
                return False
            raise CheckFailed(exc.problem, name=self.name, details=exc.details,
                              hint=exc.hint or self.hint) from None
        if isinstance(exc, NameError):
            raise CheckFailed(f"{exc}", name=self.name, hint=(
                "run the cell that defines it first (and keep the name given in the task)."
            )) from None
        if raised_in_student_code(tb):
            raise CheckFailed(f"your code raised {type(exc).__name__}: {exc}",
                              name=self.name, hint=self.hint) from None
        raise CheckFailed(f"the check could not use your answer ({type(exc).__name__}: {exc})",
                          details=["Your code did not raise this; the check did, reading what "
                                   "your function returned."],
                          name=self.name, hint="return what the task asks for: the type and "
                          "shape it describes.") from None


def expect(condition, problem, *details, hint=""):
    """Fail the current check with ``problem`` (one line) unless ``condition`` is true."""
    if not condition:
        raise CheckFailed(problem, details=details, hint=hint)


def expect_close(got, expected, *, where="", rtol=1e-7, atol=1e-10, squeeze=False,
                 mistakes=None, scale=True):
    """Fail unless ``got`` equals ``expected`` within ``rtol``/``atol``, elementwise.

    ``got`` may be any array-like of the right shape (a list of arrays, a tuple of floats);
    with ``squeeze=True`` length-1 axes are ignored. On failure the message says where,
    expected vs got, and what the difference looks like; ``mistakes`` ({Mistake or
    phrase: the value that mistake gives}) lets it name a known misconception; with
    ``scale=False`` no "N times the expected ones" remark.
    """
    try:
        _expect_close(got, expected, where, rtol, atol, squeeze, scale)
    except CheckFailed as err:
        if not mistakes:
            raise
        raise _naming(err, known_mistake(got, mistakes, rtol=rtol, atol=atol)) from None


def _expect_close(got, expected, where, rtol, atol, squeeze, scale=True):
    prefix = f"{where}: " if where else ""
    expected = np.asarray(expected, dtype=float)
    if got is None:
        raise CheckFailed(f"{prefix}your function returned None",
                          hint="end it with `return ...`.")
    try:
        got_arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise CheckFailed(f"{prefix}expected numbers of shape {expected.shape}, got {short(got)}") from None
    if squeeze:
        got_arr, expected = np.squeeze(got_arr), np.squeeze(expected)
    if got_arr.shape != expected.shape:
        raise CheckFailed(f"{prefix}expected shape {expected.shape}, got shape {got_arr.shape}",
                          details=shape_diagnosis(got_arr, expected, rtol, atol))
    if not np.all(np.isfinite(got_arr)) and np.all(np.isfinite(expected)):
        raise CheckFailed(f"{prefix}your result contains nan or inf",
                          details=[f"expected: {short(expected)}", f"got:      {short(got_arr)}"])
    if not np.allclose(got_arr, expected, rtol=rtol, atol=atol):
        details = [f"expected: {short(expected)}", f"got:      {short(got_arr)}"]
        details += value_diagnosis(got_arr, expected, rtol, atol, scale=scale)
        raise CheckFailed(f"{prefix}values differ", details=details)


def check_function(student_fn, reference_fn, cases, *, name, hint="", rtol=1e-7, atol=1e-10,
                   squeeze=False, inputs_unchanged=True, mistakes=(), scale=True):
    """Call ``student_fn`` and ``reference_fn`` on each case and compare the results.

    Args:
        student_fn, reference_fn: callables with the same signature.
        cases: list of ``Case`` (or tuples of positional arguments); each call gets fresh
            deep copies, so neither function can disturb the other.
        name: what is checked, in words ("numerical_gradient on smooth functions").
        hint: one sentence pointing at the idea, never the code.
        rtol, atol: tolerances of ``np.allclose`` (rtol >= 0, atol >= 0).
        squeeze: ignore length-1 axes (accept (2, 1) where (2,) is expected).
        inputs_unchanged: also fail when the student's function modifies its arguments.
        mistakes: ``Mistake``s with the reference's signature; when the answer fails, the
            message names the first one that gives the answer's values on every case it
            gets wrong (none, when none explains them all).
        scale: say "your values are N times the expected ones" when they are (leave it
            False where no scale mistake is plausible, e.g. a value picked from a list).
    """
    cases = [c if isinstance(c, Case) else Case(*c) for c in cases]
    with check(name, hint) as this:
        for i, case in enumerate(cases, start=1):
            where = f"case {i} of {len(cases)} ({case.describe()})"
            expected = reference_fn(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
            args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
            with np.errstate(all="ignore"):  # a diverging answer is reported, not warned about
                got = student_fn(*args, **kwargs)
            if inputs_unchanged:
                _expect_unchanged(student_fn, case, args, kwargs, where)
            try:
                expect_close(got, expected, where=where, rtol=rtol, atol=atol, squeeze=squeeze,
                             scale=scale)
            except CheckFailed as err:
                failing = [(case, got)] + failing_cases(
                    student_fn, reference_fn, cases[i:],
                    lambda a, b: _differ(a, b, rtol, atol, squeeze))
                raise _naming(err, best_mistake(mistakes, failing, rtol, atol)) from None
        this.name = f"{name} ({len(cases)} case{'s' if len(cases) != 1 else ''})"


def _differ(got, expected, rtol, atol, squeeze):
    try:
        _expect_close(got, expected, "", rtol, atol, squeeze)
    except CheckFailed:
        return True
    return False


def check_answers(student_fn, cases, *, name, hint="", inputs_unchanged=True):
    """Call ``student_fn`` on every ``Answer`` and require its exact expected answer.

    Every case runs before the verdict, so the message can name the known mistake that
    explains the most wrong answers (each case's ``traps``); it reports the first wrong
    case that mistake explains, or else the first wrong case.
    """
    wrong = []
    with check(name, hint) as this:
        for i, case in enumerate(cases, start=1):
            where = f"case {i} of {len(cases)} ({case.describe()})"
            args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
            got = student_fn(*args, **kwargs)
            if inputs_unchanged:
                _expect_unchanged(student_fn, case, args, kwargs, where)
            expect(got is not None, f"{where}: your function returned None",
                   hint="end it with `return ...`.")
            if not (hashable(got) and got == case.expected):
                wrong.append((where, case, got))
        if wrong:
            counts = {}
            for _, case, got in wrong:
                for mistake in case.suspects(got):
                    counts[mistake] = counts.get(mistake, 0) + 1
            mistake = max(counts, key=counts.get) if counts else None
            where, case, got = next((w for w in wrong if mistake in w[1].suspects(w[2])), wrong[0])
            raise CheckFailed(f"{where}: expected {case.expected!r}, got {short(got)}",
                              details=[mistake.line()] if mistake else [],
                              hint=(mistake.hint if mistake and mistake.hint else hint))
        this.name = f"{name} ({len(cases)} case{'s' if len(cases) != 1 else ''})"


def check_value(got, expected, *, name, hint="", rtol=1e-7, atol=1e-10, squeeze=False):
    """Compare one computed value with the expected one (see ``expect_close``)."""
    with check(name, hint):
        expect_close(got, expected, rtol=rtol, atol=atol, squeeze=squeeze)


def check_raises(fn, args=(), exception=ValueError, *, name, hint="", kwargs=None, match=""):
    """Pass when ``fn(*args, **kwargs)`` raises ``exception`` (whose message contains ``match``)."""
    kwargs = kwargs or {}
    with check(name, hint):
        try:
            result = fn(*args, **kwargs)
        except NotImplementedError:
            raise
        except exception as err:
            expect(match.lower() in str(err).lower(),
                   f"the {type(err).__name__} message should mention {match!r}, got: {err}")
            return
        raise CheckFailed(f"expected {exception.__name__} for {Case(*args, **kwargs).describe()}, "
                          f"but it returned {short(result)}")


def _expect_unchanged(fn, case, args, kwargs, where):
    def named(a, k):
        try:
            return inspect.signature(fn).bind(*a, **k).arguments
        except (TypeError, ValueError):
            return {**{f"argument {i + 1}": v for i, v in enumerate(a)}, **k}
    after = named(args, kwargs)
    for label, before in named(case.args, case.kwargs).items():
        if isinstance(before, np.ndarray) and not np.array_equal(before, after[label], equal_nan=True):
            raise CheckFailed(f"{where}: your function changed its input `{label}`",
                              details=[f"before: {short(before)}", f"after:  {short(after[label])}"],
                              hint=f"work on a copy ({label}.copy()) and leave `{label}` as it was.")
