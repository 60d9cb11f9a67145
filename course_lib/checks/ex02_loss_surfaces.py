"""Checks of exercises/02_loss_surfaces: ``mse_grid(x, y, ws, bs)`` and ``grid_argmin(losses, ws, bs)``.

The grid's reference is L(w, b) expanded into five averages of the data (a closed form,
not a copy of the broadcasting solution); its named mistakes are a sum for the mean, the
grid transposed, w and b swapped, the square or its sign wrong, the mean over the slopes.
Data may come as lists of integers, as the task allows. An answer may not call course_lib's
loss of the line (``mse_loss_wb``, ``LineFitSurface``) nor loop in Python. The lowest point's
reference scans the grid and keeps the first strictly lower value (the task's tie rule);
its mistakes are the ways to read a position back into (w, b). Picks get no "N times" remark.

A check cell calls e.g. ``check_mse_grid(mse_grid)`` (``%check``); hidden checks pass ``cases``.

Introduced in exercises/02_loss_surfaces.
"""
import dis
import functools

import numpy as np

from ..data import load_diabetes
from .cases import Case
from .compare import CheckFailed, check, check_function, expect
from .mistakes import Mistake
from .shortcuts import watch

__all__ = ["check_mse_grid", "check_mse_grid_layout", "check_mse_grid_vectorized",
           "check_grid_argmin", "check_together", "check_grid_argmin_near_least_squares",
           "load_diabetes"]

REPLACES = ("course_lib.surfaces",)
TASK = "the grid of losses"


# -- mse_grid ---------------------------------------------------------------------------------

def _loss_by_formula(x, y, ws, bs):
    # L expanded into averages of the data: <x^2> w^2 + 2 <x> w b + b^2 - 2 <xy> w - 2 <y> b + <y^2>
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    W, B = np.meshgrid(np.asarray(ws, dtype=float), np.asarray(bs, dtype=float))
    return (np.mean(x * x) * W ** 2 + 2 * np.mean(x) * W * B + B ** 2
            - 2 * np.mean(x * y) * W - 2 * np.mean(y) * B + np.mean(y * y))


def _over_grid(loss_at):
    # a mistaken loss(w, b), point by point over the grid (slow, but only the check uses it)
    def grid(x, y, ws, bs):
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        return np.array([[loss_at(w, b, x, y) for w in ws] for b in bs])
    return grid


def _mean_over_slopes(x, y, ws, bs):
    return np.array([[np.mean((np.asarray(ws) * xi + b - yi) ** 2)
                      for xi, yi in zip(np.asarray(x, float), np.asarray(y, float))] for b in bs])


TRANSPOSED = Mistake("the grid transposed: rows must follow b and columns w",
                     lambda x, y, ws, bs: _loss_by_formula(x, y, ws, bs).T)
GRID_MISTAKES = [
    Mistake("a sum where a mean belongs", lambda x, y, ws, bs: len(x) * _loss_by_formula(x, y, ws, bs)),
    TRANSPOSED,
    Mistake("w and b swapped: the slope taken from bs and the intercept from ws",
            lambda x, y, ws, bs: _loss_by_formula(x, y, bs, ws).T),
    Mistake("the residuals averaged without squaring them",
            _over_grid(lambda w, b, x, y: np.mean(w * x + b - y))),
    Mistake("absolute residuals where squares belong",
            _over_grid(lambda w, b, x, y: np.mean(np.abs(w * x + b - y)))),
    Mistake("a sign slip in the residual (prediction minus target is w x + b - y)",
            lambda x, y, ws, bs: _loss_by_formula(x, y, ws, -np.asarray(bs, float))),
    Mistake("the mean taken over the slopes, not over the data", _mean_over_slopes),
]

_rng = np.random.default_rng(2)
_x, _y = _rng.normal(size=25), _rng.normal(size=25)
GRID_CASES = [
    Case(np.array([0.0, 1.0, 3.0]), np.array([1.0, 4.0, 6.0]), np.array([2.0]), np.array([1.0]),
         label="three points, one grid point (w = 2, b = 1): (0^2 + (-1)^2 + 1^2) / 3"),
    Case(_x, _y, np.linspace(-1, 1, 5), np.linspace(-2, 2, 5), label="25 random points, 5 x 5 grid"),
    Case(_x, _y, np.linspace(-1, 2, 4), np.array([-0.5, 0.5]), label="4 slopes, 2 intercepts"),
    Case(np.array([3.0]), np.array([-1.0]), np.array([0.0, 0.5, 1.0]), np.array([2.0]),
         label="a single data point"),
    Case([0, 1, 2, 4], [3, 1, 2, 0], np.linspace(-1, 1, 3), np.array([0.0, 2.0]),
         label="x and y as lists of integers"),
]


def check_mse_grid(mse_grid, cases=None, *, name="mse_grid matches L(w, b) at every grid point",
                   hint="write L(w, b) for one grid point first and test it; then let "
                        "broadcasting do every grid point at once, and reduce over the data "
                        "the way L does."):
    """Compare ``mse_grid`` with L(w, b) in closed form on ``cases`` (default: the visible
    ones), refusing an answer that calls course_lib's loss of the line."""
    check_function(_lists_named(watch(mse_grid, REPLACES, task=TASK)), _loss_by_formula,
                   cases or GRID_CASES, name=name, hint=hint, rtol=1e-9, atol=1e-9,
                   mistakes=GRID_MISTAKES)


LISTS = Mistake("the data came as lists (the task allows them) and were indexed or reshaped "
                "like arrays: a list takes no [None, :], [:, None] or .reshape")


def _lists_named(mse_grid):
    """``mse_grid`` whose error on list data (a list indexed with None, a list's missing
    .reshape) names that mistake; other errors are left as they are."""
    @functools.wraps(mse_grid)
    def named(x, y, ws, bs):
        try:
            return mse_grid(x, y, ws, bs)
        except (TypeError, AttributeError) as err:
            lists = any(isinstance(a, (list, tuple)) for a in (x, y, ws, bs))
            if not (lists and ("list indices" in str(err) or "'list' object" in str(err))):
                raise
            raise CheckFailed(f"your code raised {type(err).__name__}: {err}",
                              details=[LISTS.line()],
                              hint="turn x and y into arrays first: np.asarray(x, dtype=float)."
                              ) from None
    return named


def check_mse_grid_layout(mse_grid):
    """Rows follow b and columns follow w: ``losses[i, j] = L(ws[j], bs[i])``."""
    x, y = np.array([-1.0, 0.0, 2.0]), np.array([0.5, 1.0, 3.0])
    ws, bs = np.array([0.0, 1.0, 2.0, 3.0]), np.array([-1.0, 1.0])
    mse_grid = watch(mse_grid, REPLACES, task=TASK)
    with check("mse_grid lays the grid out as losses[i, j] = L(ws[j], bs[i])",
               hint="rows for the intercepts bs, columns for the slopes ws, like np.meshgrid(ws, bs)."):
        losses = mse_grid(x, y, ws, bs)
        expect(losses is not None, "mse_grid returned None", hint="end it with `return ...`.")
        losses = np.asarray(losses, dtype=float)
        shape = f"with 4 slopes and 2 intercepts the result should have shape (2, 4), got {losses.shape}"
        expect(losses.shape != (len(ws), len(bs)), shape, TRANSPOSED.line())
        expect(losses.shape == (len(bs), len(ws)), shape)
        corner = np.mean((ws[3] * x + bs[0] - y) ** 2)
        expect(np.isclose(losses[0, 3], corner),
               f"losses[0, 3] should be the loss at w = ws[3] = 3, b = bs[0] = -1, which is "
               f"{corner:.4g}; got {losses[0, 3]:.4g}")


def _code_objects(code):
    yield code
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            yield from _code_objects(const)


_DISGUISES = {"vectorize", "frompyfunc", "apply_along_axis", "map"}


def check_mse_grid_vectorized(mse_grid):
    """mse_grid works with whole arrays: no for, while, comprehension or np.vectorize."""
    with check("mse_grid works with whole arrays, without Python loops",
               hint="give ws, bs and the data each their own axis (None / np.newaxis) and let "
                    "broadcasting compute every residual in one expression."):
        watch(mse_grid, REPLACES, task=TASK)(np.array([1.0, 2.0]), np.array([0.0, 1.0]),
                                              np.array([0.0, 1.0]), np.array([0.0]))
        code = getattr(mse_grid, "__code__", None)
        expect(code is not None, "mse_grid is not a plain function, so the check cannot read it",
               hint="define mse_grid with `def`.")
        codes = list(_code_objects(code))
        loops = [ins.opname for c in codes for ins in dis.get_instructions(c)
                 if ins.opname in ("FOR_ITER", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT")]
        names = {name for c in codes for name in c.co_names}
        expect(not loops, "mse_grid contains a Python loop (for, while or a comprehension)")
        expect(not names & _DISGUISES,
               f"mse_grid loops in disguise ({', '.join(sorted(names & _DISGUISES))})")


# -- grid_argmin ------------------------------------------------------------------------------

def _lowest(losses, ws, bs):
    # the reference: scan every grid point and keep the first strictly lower one
    best = (np.inf, None)
    for i in range(len(bs)):
        for j in range(len(ws)):
            if losses[i][j] < best[0]:
                best = (losses[i][j], (ws[j], bs[i]))
    return best[1]


def _where(losses, ws, bs):
    # (row, column) of the reference's answer
    w, b = _lowest(losses, ws, bs)
    return list(bs).index(b), list(ws).index(w)


def _last_lowest(losses, ws, bs):
    rows, cols = np.nonzero(np.asarray(losses) == np.min(losses))
    return ws[cols[-1]], bs[rows[-1]]


ARGMIN_MISTAKES = [
    Mistake("a position in the flattened grid, not the (w, b) values",
            lambda losses, ws, bs: np.argmin(losses)),
    Mistake("the smallest loss itself, not where it is", lambda losses, ws, bs: np.min(losses)),
    Mistake("the grid indices of the lowest point, not its w and b values",
            lambda losses, ws, bs: _where(losses, ws, bs)[::-1]),
    Mistake("(b, w) instead of (w, b)", lambda losses, ws, bs: _lowest(losses, ws, bs)[::-1]),
    Mistake("the slope looked up by the row index: rows follow b, columns w",
            lambda losses, ws, bs: (ws[_where(losses, ws, bs)[0]], bs[_where(losses, ws, bs)[1]])),
    Mistake("np.unravel_index given the transposed shape",
            lambda losses, ws, bs: (ws[np.argmin(losses) // len(bs)], bs[np.argmin(losses) % len(bs)])),
    Mistake("the highest grid point, not the lowest",
            lambda losses, ws, bs: _lowest(-np.asarray(losses), ws, bs)),
    Mistake("the last of several equal minima, not the first", _last_lowest),
]

_ws, _bs = np.linspace(-1, 2, 7), np.linspace(0, 3, 4)
_W, _B = np.meshgrid(_ws, _bs)
_ws5, _bs5 = np.linspace(-2, 2, 5), np.linspace(-1, 3, 5)
_W5, _B5 = np.meshgrid(_ws5, _bs5)
_tied = np.ones((4, 7))
_tied[2, 1] = _tied[1, 5] = 0.0
ARGMIN_CASES = [
    Case((_W5 - 1) ** 2 + _B5 ** 2, _ws5, _bs5, label="a bowl with its bottom at w = 1, b = 0 on a 5 x 5 grid"),
    Case((_W - 1.5) ** 2 + 3 * (_B - 1) ** 2, _ws, _bs, label="a bowl with its bottom at w = 1.5, b = 1 on a 7 x 4 grid"),
    Case(-_W - _B, _ws, _bs, label="lowest at the last corner (w = 2, b = 3)"),
    Case(np.array([[5.0]]), np.array([0.25]), np.array([-4.0]), label="a 1 x 1 grid"),
    Case(_tied, _ws, _bs, label="two equal minima: the first in row-by-row order"),
]


def check_grid_argmin(grid_argmin, cases=None, *, name="grid_argmin finds the lowest grid point",
                      hint="find the (row, column) of the minimum, then look up the slope by the "
                           "column and the intercept by the row."):
    """Compare ``grid_argmin`` with a scan of the grid on ``cases`` (default: the visible
    ones); ties go to the first in row-by-row order, as the task states."""
    check_function(watch(grid_argmin, (), task="the search"), _lowest, cases or ARGMIN_CASES,
                   name=name, hint=hint, mistakes=ARGMIN_MISTAKES, scale=False)


def check_together(mse_grid, grid_argmin):
    """Together, mse_grid and grid_argmin recover a line from noise-free data."""
    x = np.linspace(-2, 2, 21)
    y = 1.5 * x - 0.5                     # data exactly on the line w = 1.5, b = -0.5
    ws, bs = np.linspace(-3, 3, 25), np.linspace(-2, 2, 17)
    with check("mse_grid + grid_argmin recover the line y = 1.5 x - 0.5 from noise-free data",
               hint="the true (w, b) is a grid point here, with loss exactly 0."):
        found = grid_argmin(watch(mse_grid, REPLACES, task=TASK)(x, y, ws, bs), ws, bs)
        expect(found is not None and np.size(found) == 2,
               f"grid_argmin returned {found!r}; expected a pair (w, b)")
        w, b = np.asarray(found, dtype=float).ravel()
        expect(np.isclose(w, 1.5) and np.isclose(b, -0.5),
               f"expected (w, b) = (1.5, -0.5), got ({w:.4g}, {b:.4g})")


def check_grid_argmin_near_least_squares(grid_argmin, feature, ws, bs, *, name):
    """On the diabetes data's loss grid (``feature``, slopes ``ws``, intercepts ``bs``), the
    grid's lowest point lies within one grid step of the least-squares line."""
    x, y = load_diabetes(feature=feature)
    losses = _loss_by_formula(x, y, ws, bs)
    A = np.column_stack([x, np.ones_like(x)])
    w_star, b_star = np.linalg.lstsq(A, y, rcond=None)[0]
    with check(name):
        found = grid_argmin(losses, ws, bs)
        expect(found is not None and np.size(found) == 2,
               f"grid_argmin returned {found!r}; expected a pair (w, b)")
        w, b = np.asarray(found, dtype=float).ravel()
        expect(abs(w - w_star) <= ws[1] - ws[0] and abs(b - b_star) <= bs[1] - bs[0],
               f"expected a grid point next to ({w_star:.3f}, {b_star:.3f}), got ({w:.3f}, {b:.3f})")
