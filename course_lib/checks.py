"""Friendly autograded checks for the exercise notebooks.

A check calls the student's function on a few seeded cases (edge cases included),
compares the answer with a reference *by behaviour* (values within a tolerance, so any
correct form passes), and on failure raises ``CheckFailed`` with a short message: which
check, which case, expected vs got, a diagnosis when the mistake is recognisable (a sign
flip, a constant factor, a path missing its start, every stored point the same array) and
a hint. It never prints the solution. A function still containing
``raise NotImplementedError()`` fails every check with "not implemented yet".

Building blocks, from the most to the least packaged:

- ``check_function(student_fn, reference_fn, cases, name=..., hint=...)``
- ``check_value(got, expected, name=...)`` and ``check_raises(fn, args, ValueError, name=...)``
- ``with check(name, hint=...):`` plus ``expect(...)`` / ``expect_close(...)`` inside,
  for checks with their own logic (e.g. "this learning rate converges in 100 steps").

In JupyterLab a ``CheckFailed`` renders as its message only (no traceback), through
IPython's ``_render_traceback_`` hook.

Example:
    >>> import numpy as np
    >>> check_function(np.cumsum, np.cumsum, [Case(np.arange(3.0))], name="cumsum")
    ✓ cumsum (1 case)

Introduced in exercises/03_gradients.
"""
import copy
import inspect

import numpy as np

__all__ = ["CheckFailed", "Case", "check", "expect", "expect_close", "check_function",
           "check_value", "check_raises", "NOT_IMPLEMENTED"]

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


class Case:
    """One call of the function under test: ``Case(*args, label="...", **kwargs)``."""

    def __init__(self, *args, label=None, **kwargs):
        self.args, self.kwargs, self.label = args, kwargs, label

    def describe(self):
        if self.label:
            return self.label
        parts = [_short(a) for a in self.args] + [f"{k}={_short(v)}" for k, v in self.kwargs.items()]
        return ", ".join(parts)


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
        raise CheckFailed(f"your code raised {type(exc).__name__}: {exc}",
                          name=self.name, hint=self.hint) from None


def expect(condition, problem, *details, hint=""):
    """Fail the current check with ``problem`` (one line) unless ``condition`` is true."""
    if not condition:
        raise CheckFailed(problem, details=details, hint=hint)


def expect_close(got, expected, *, where="", rtol=1e-7, atol=1e-10, squeeze=False):
    """Fail unless ``got`` equals ``expected`` within ``rtol``/``atol``, elementwise.

    ``got`` may be any array-like of the right shape (a list of arrays, a tuple of floats);
    with ``squeeze=True`` length-1 axes are ignored. On failure the message says where,
    expected vs got, and what the difference looks like.
    """
    prefix = f"{where}: " if where else ""
    expected = np.asarray(expected, dtype=float)
    if got is None:
        raise CheckFailed(f"{prefix}your function returned None",
                          hint="end it with `return ...`.")
    try:
        got_arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise CheckFailed(f"{prefix}expected numbers of shape {expected.shape}, got {_short(got)}") from None
    if squeeze:
        got_arr, expected = np.squeeze(got_arr), np.squeeze(expected)
    if got_arr.shape != expected.shape:
        raise CheckFailed(f"{prefix}expected shape {expected.shape}, got shape {got_arr.shape}",
                          details=_shape_diagnosis(got_arr, expected, rtol, atol))
    if not np.all(np.isfinite(got_arr)) and np.all(np.isfinite(expected)):
        raise CheckFailed(f"{prefix}your result contains nan or inf",
                          details=[f"expected: {_short(expected)}", f"got:      {_short(got_arr)}"])
    if not np.allclose(got_arr, expected, rtol=rtol, atol=atol):
        details = [f"expected: {_short(expected)}", f"got:      {_short(got_arr)}"]
        details += _value_diagnosis(got_arr, expected, rtol, atol)
        raise CheckFailed(f"{prefix}values differ", details=details)


def check_function(student_fn, reference_fn, cases, *, name, hint="", rtol=1e-7, atol=1e-10,
                   squeeze=False, inputs_unchanged=True):
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
    """
    cases = [c if isinstance(c, Case) else Case(*c) for c in cases]
    with check(name, hint) as this:
        this.name = name  # keep the printed name short; the count is added below
        for i, case in enumerate(cases, start=1):
            where = f"case {i} of {len(cases)} ({case.describe()})"
            expected = reference_fn(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
            args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
            with np.errstate(all="ignore"):  # a diverging answer is reported, not warned about
                got = student_fn(*args, **kwargs)
            if inputs_unchanged:
                _expect_unchanged(student_fn, case, args, kwargs, where)
            expect_close(got, expected, where=where, rtol=rtol, atol=atol, squeeze=squeeze)
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
                          f"but it returned {_short(result)}")


# -- diagnosis: say what the mistake looks like ---------------------------------------------

def _value_diagnosis(got, expected, rtol, atol):
    close = lambda a, b: np.allclose(a, b, rtol=max(rtol, 1e-9), atol=atol)  # noqa: E731
    if np.any(expected) and close(got, -expected):
        return ["Your values have the opposite sign."]
    denom = float(np.vdot(expected, expected))
    if denom > 0:
        factor = float(np.vdot(got, expected)) / denom
        if abs(factor) > 1e-12 and close(got, factor * expected):
            return [f"Your values are {_factor_words(factor)} the expected ones."]
    if got.ndim == 2 and len(got) > 2:
        if np.allclose(got, got[-1]) and not np.allclose(expected, expected[-1]):
            return ["Every row of your result is the same. If you store the same array each "
                    "step and then update it in place, all stored rows change together: "
                    "store a copy."]
        bad = np.flatnonzero(~np.all(np.isclose(got, expected, rtol=rtol, atol=atol), axis=1))
        if bad.size and bad[0] > 0:
            good = "Row 0 matches" if bad[0] == 1 else f"Rows 0 to {bad[0] - 1} match"
            return [f"{good}; the first wrong row is row {bad[0]}."]
    if got.ndim == 1 and len(got) > 1 and close(got, expected[::-1]):
        return ["Your values are in reverse order."]
    return []


def _shape_diagnosis(got, expected, rtol, atol):
    if got.ndim == expected.ndim >= 1 and got.shape[1:] == expected.shape[1:]:
        n_got, n_exp = len(got), len(expected)
        close = lambda a, b: np.allclose(a, b, rtol=rtol, atol=atol)  # noqa: E731
        if n_got == n_exp - 1 and close(got, expected[1:]):
            return ["The first point is missing: a path starts with the start point."]
        if n_got == n_exp - 1 and close(got, expected[:-1]):
            return ["One point short: the last step is missing."]
        if n_got == n_exp + 1 and close(got[:-1], expected):
            return ["One point too many: one extra step at the end."]
        if n_got != n_exp:
            return [f"Expected {n_exp} rows, got {n_got}."]
    if got.shape == expected.shape[::-1] and got.ndim == 2:
        return ["Your result looks transposed."]
    return []


def _factor_words(factor):
    for value, words in ((0.5, "half"), (2.0, "twice"), (-0.5, "minus half"), (-2.0, "minus twice")):
        if np.isclose(factor, value, rtol=1e-6):
            return words
    return f"{factor:.4g} times"


def _expect_unchanged(fn, case, args, kwargs, where):
    try:
        names = list(inspect.signature(fn).bind(*args, **kwargs).arguments)
    except (TypeError, ValueError):
        names = [f"argument {i + 1}" for i in range(len(args))] + list(kwargs)
    for label, before, after in zip(names, list(case.args) + list(case.kwargs.values()),
                                    list(args) + list(kwargs.values())):
        if isinstance(before, np.ndarray) and not np.array_equal(before, after, equal_nan=True):
            raise CheckFailed(f"{where}: your function changed its input `{label}`",
                              details=[f"before: {_short(before)}", f"after:  {_short(after)}"],
                              hint=f"work on a copy ({label}.copy()) and leave `{label}` as it was.")


def _short(value):
    if callable(value):
        return getattr(value, "__name__", "a function")
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, np.ndarray) for v in value):
        value = np.asarray(value)
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=6, threshold=12, edgeitems=2, separator=", ",
                               max_line_width=10_000)
        return " ".join(text.split())
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
