"""Say what a wrong answer looks like: a sign flip, a constant factor, a path missing its
start, every stored point the same array. Used by ``course_lib.checks`` to add one line of
diagnosis to a failed comparison; the functions return a list of sentences (maybe empty).
``raised_in_student_code`` tells an error of the student's code from one of the check's.
"""
import sys
import sysconfig
from pathlib import Path

import numpy as np

__all__ = ["value_diagnosis", "shape_diagnosis", "short", "raised_in_student_code"]

# Where course_lib and the installed libraries live: an error raised only there is not the
# student's (their cells, helpers and modules live elsewhere).
_LIBRARY_PLACES = tuple(sorted({str(Path(__file__).resolve().parents[1]), sys.prefix,
                                sys.base_prefix, *sysconfig.get_paths().values()}))


def value_diagnosis(got, expected, rtol, atol, scale=True):
    close = lambda a, b: np.allclose(a, b, rtol=max(rtol, 1e-9), atol=atol)  # noqa: E731
    if np.any(expected) and close(got, -expected):
        return ["Your values have the opposite sign."]
    denom = float(np.vdot(expected, expected))
    if scale and denom > 0:
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


def shape_diagnosis(got, expected, rtol, atol):
    if got.ndim == expected.ndim + 1 and got.shape[1:] == expected.shape and len(got) > 1:
        return [f"Your result has an extra axis of {len(got)} in front: one result per data "
                "point (or per step)? Reduce over that axis."]
    if got.ndim == expected.ndim >= 1 and got.shape[1:] == expected.shape[1:]:
        n_got, n_exp = len(got), len(expected)
        close = lambda a, b: np.allclose(a, b, rtol=rtol, atol=atol)  # noqa: E731
        if n_got == n_exp - 1 and close(got, expected[1:]):
            return ["The first point is missing: a path starts with the start point."]
        if n_got == n_exp - 1 and close(got, expected[:-1]):
            return ["One point short: the last step is missing."]
        if n_got == n_exp + 1 and close(got[:-1], expected):
            return ["One point too many: one extra step at the end."]
    if got.shape == expected.shape[::-1] and got.ndim == 2:
        return ["Your result looks transposed."]
    return []


def _factor_words(factor):
    words = {0.5: "half", 2.0: "twice"}
    return next((w for v, w in words.items() if np.isclose(factor, v)), f"{factor:.4g} times")


def short(value):
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


def raised_in_student_code(tb):
    """True when the traceback passes through code that is neither course_lib's nor an
    installed library's (the student's cells, helpers and modules)."""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not (filename.startswith(_LIBRARY_PLACES) or filename.startswith("<frozen")):
            return True
        tb = tb.tb_next
    return False
