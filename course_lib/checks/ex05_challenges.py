"""Checks of exercises/05_challenges: ``classify_stationary_point(f, w)``,
``best_of_starts(f, starts, lr, steps)`` and ``start_for_global(f)``.

The classifier's cases are surfaces whose kind is known in closed form (bowls, caps,
saddles turned at random in 2 to 5 dimensions, quartic flats); each wrong label a case
invites is a trap naming its mistake (minima and maxima swapped, the diagonal or a 2-D
determinant rule for curvature, no gradient test, a tolerance off the table). The restart's
reference runs every start at once; its mistakes are the best start, the highest end point,
one start only, the whole path, the known minimum, a nan kept by ``np.argmin``. The start
is judged by running gradient descent from it, and a miss says whether it was right of the
saddle, on it, or too close. The task allows course_lib's derivatives, ``GradientDescent``
and ``run``; only the check modules are refused.

A check cell calls e.g. ``check_best_of_starts(best_of_starts)`` (``%check``); hidden
checks pass ``cases``.

Introduced in exercises/05_challenges.
"""
import numpy as np

from ..optimizers.gradient_descent import GradientDescent
from ..optimizers.running import run
from ..surfaces.challenges import Plateau, Saddle, TwoWells
from ..surfaces.classic import Beale, Himmelblau, Quadratic, Rosenbrock
from ..surfaces.stationary import find_stationary
from .cases import Answer, Case
from .compare import check, check_answers, check_function, expect
from .mistakes import Mistake
from .shortcuts import watch

__all__ = ["check_classify", "check_classify_kinds", "check_classify_not_stationary",
           "check_classify_degenerate", "check_best_of_starts", "check_best_of_starts_diverged",
           "check_start_for_global", "rotated", "find_stationary", "Beale", "Himmelblau",
           "Plateau", "Quadratic", "Rosenbrock", "TwoWells"]


def rotated(eigenvalues, seed):
    """A symmetric matrix with these eigenvalues, its axes turned at random."""
    Q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(len(eigenvalues),) * 2))
    A = Q @ np.diag(eigenvalues) @ Q.T
    return (A + A.T) / 2


# -- classify_stationary_point ----------------------------------------------------------------

FLIPPED = Mistake("minima and maxima swapped: positive curvature bends up, like a bowl")
GRADIENT = Mistake("the gradient read as curvature: at a stationary point it is ~0 and says nothing")
NO_TEST = Mistake("curvature read at a point that is not stationary: test the gradient first")
UNDECIDED = Mistake("a zero curvature counted as a minimum or maximum: there the test cannot decide")
NO_TOLERANCE = Mistake("no tolerance: round-off far below 1e-4 decided the answer")
DIAGONAL = Mistake("the Hessian's diagonal read as its curvatures; a turned surface's "
                   "curvatures are its eigenvalues")
DET_TRACE = Mistake("a determinant/trace rule, which decides only in two dimensions: read "
                    "the sign of every eigenvalue")
TOO_STRICT = Mistake("a gradient of 1e-9 counted as non-zero: compare its norm with the "
                     "table's 1e-6")
TOO_LOOSE = Mistake("a tolerance far above the table's 1e-4: a small but clear curvature "
                    "counted as zero")


def _kinds():
    wells, turned = TwoWells(), rotated([0.5, 4.0], 0)
    return [
        Answer(Quadratic(np.diag([1.0, 3.0])), np.zeros(2), expected="minimum",
               traps={"maximum": FLIPPED}, label="a bowl 0.5 w^T diag(1, 3) w at 0"),
        Answer(Quadratic(np.diag([-2.0, -0.5])), np.zeros(2), expected="maximum",
               traps={"minimum": [FLIPPED, DET_TRACE]}, label="a cap 0.5 w^T diag(-2, -0.5) w at 0"),
        Answer(Saddle(), np.zeros(2), expected="saddle", traps={"degenerate": GRADIENT},
               label="x^2 - y^2 at 0"),
        Answer(Quadratic([[2.0, 3.0], [3.0, 2.0]]), np.zeros(2), expected="saddle",
               traps={"minimum": DIAGONAL}, label="a turned saddle with curvatures 5 and -1, at 0"),
        Answer(Quadratic(turned, b=turned @ [1.0, -2.0]), np.array([1.0, -2.0]), expected="minimum",
               traps={"maximum": FLIPPED}, label="a turned bowl centred at (1, -2)"),
        Answer(wells, wells.minima[0], expected="minimum", traps={"maximum": FLIPPED},
               label="two wells, the global minimum"),
        Answer(wells, wells.local_minima[0], expected="minimum", traps={"maximum": FLIPPED},
               label="two wells, the local minimum"),
        Answer(wells, wells.saddles[0], expected="saddle", traps={"degenerate": GRADIENT},
               label="two wells, the saddle between them"),
        Answer(Himmelblau(), find_stationary(Himmelblau(), [-0.3, -0.9]), expected="maximum",
               traps={"minimum": [FLIPPED, DET_TRACE]}, label="Himmelblau's maximum"),
        Answer(Quadratic(np.diag([1.0, 2.0, -3.0])), np.zeros(3), expected="saddle",
               label="three parameters: up, up, down"),
        Answer(Quadratic(rotated([-1.0, -2.0, -3.0], 8)), np.zeros(3), expected="maximum",
               traps={"saddle": DET_TRACE, "minimum": FLIPPED}, label="a turned cap in 3-D"),
        Answer(Quadratic(rotated([3.0, 2.0, -1.0, -0.5], 9)), np.zeros(4), expected="saddle",
               traps={"minimum": DET_TRACE, "maximum": DET_TRACE},
               label="a turned saddle in 4-D with two negative curvatures"),
    ]


def _not_stationary():
    bowl = Quadratic(np.diag([1.0, 3.0]))
    moved = {kind: NO_TEST for kind in ("minimum", "maximum", "saddle", "degenerate")}
    return [
        Answer(bowl, np.array([0.1, 0.0]), expected="not stationary", traps=moved,
               label="a bowl, away from its bottom"),
        Answer(bowl, np.array([1e-5, 0.0]), expected="not stationary", traps=moved,
               label="a bowl, 1e-5 from its bottom"),
        Answer(bowl, np.array([1e-9, 0.0]), expected="minimum", traps={"not stationary": TOO_STRICT},
               label="a bowl, 1e-9 from its bottom (gradient 1e-9 counts as 0)"),
        Answer(Saddle(), np.array([1.0, 0.0]), expected="not stationary", traps=moved,
               label="x^2 - y^2 on the slope"),
        Answer(TwoWells(), np.array([0.5, 0.5]), expected="not stationary", traps=moved,
               label="two wells, between the wells"),
        Answer(Himmelblau(), np.array([3.001, 2.0]), expected="not stationary", traps=moved,
               label="Himmelblau, near a minimum"),
    ]


def _quartic_x_y2(w):
    return w[0] ** 4 + w[1] ** 2


def _degenerate():
    return [
        Answer(_quartic_x_y2, np.zeros(2), expected="degenerate",
               traps={"minimum": [UNDECIDED, NO_TOLERANCE], "saddle": NO_TOLERANCE,
                      "maximum": NO_TOLERANCE}, label="x^4 + y^2 at 0"),
        Answer(lambda w: -w[0] ** 4 - w[1] ** 2, np.zeros(2), expected="degenerate",
               traps={"maximum": [UNDECIDED, NO_TOLERANCE], "saddle": NO_TOLERANCE,
                      "minimum": NO_TOLERANCE}, label="-x^4 - y^2 at 0"),
        Answer(lambda w: w[0] ** 4 + w[1] ** 4, np.zeros(2), expected="degenerate",
               traps={"minimum": [UNDECIDED, NO_TOLERANCE], "saddle": NO_TOLERANCE,
                      "maximum": NO_TOLERANCE}, label="x^4 + y^4 at 0"),
        Answer(lambda w: w[0] ** 3 + w[1] ** 2, np.zeros(2), expected="degenerate",
               traps={"minimum": [UNDECIDED, NO_TOLERANCE], "saddle": NO_TOLERANCE},
               label="x^3 + y^2 at 0"),
        Answer(lambda w: w[0] ** 2 - w[1] ** 2 + w[2] ** 4, np.zeros(3), expected="saddle",
               traps={"degenerate": UNDECIDED}, label="x^2 - y^2 + z^4 at 0"),
        Answer(lambda w: w[0] ** 2 - 1e-9 * w[1] ** 2, np.zeros(2), expected="degenerate",
               traps={"saddle": NO_TOLERANCE, "minimum": UNDECIDED},
               label="x^2 - 1e-9 y^2 at 0 (a curvature of -1e-9 is zero for this test)"),
        Answer(lambda w: 0.005 * w[0] ** 2 + w[1] ** 2, np.zeros(2), expected="minimum",
               traps={"degenerate": TOO_LOOSE}, label="0.005 x^2 + y^2 at 0 (small but clear curvature)"),
    ]


def check_classify(classify_stationary_point, cases, *, name, hint=""):
    """``classify_stationary_point`` must give each ``Answer``'s expected label."""
    check_answers(watch(classify_stationary_point, (), task="the classification"), cases,
                  name=name, hint=hint)


def check_classify_kinds(classify_stationary_point):
    """Minima, maxima and saddles, in two, three and four dimensions."""
    check_classify(classify_stationary_point, _kinds(),
                   name="classify_stationary_point names minima, maxima and saddles",
                   hint="at a stationary point read the signs of the Hessian's eigenvalues, all "
                        "of them, not its diagonal and not the gradient.")


def check_classify_not_stationary(classify_stationary_point):
    """A point where the gradient is not ~0 is "not stationary"."""
    check_classify(classify_stationary_point, _not_stationary(),
                   name="classify_stationary_point first asks whether the gradient vanishes",
                   hint="curvature only classifies *stationary* points: look at the gradient "
                        "first, with the table's tolerance.")


def check_classify_degenerate(classify_stationary_point):
    """Zero curvature without mixed signs is "degenerate"."""
    check_classify(classify_stationary_point, _degenerate(),
                   name="classify_stationary_point admits when the test cannot decide",
                   hint="an eigenvalue within 1e-4 of zero decides nothing, unless other "
                        "eigenvalues already have both signs (then it is a saddle).")


# -- best_of_starts ---------------------------------------------------------------------------

def _ends(f, starts, lr, steps):
    # every start at once, one column each; a run that overflowed ends as inf or nan
    W = np.array(starts, dtype=float).T
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            W = W - lr * f.grad(W)
        losses = f(W)
    return W, losses


def _best(f, starts, lr, steps):
    W, losses = _ends(f, starts, lr, steps)
    return W[:, np.argmin(np.where(np.isfinite(losses), losses, np.inf))]


def _best_path(f, starts, lr, steps):
    W, losses = _ends(f, starts, lr, steps)
    best = np.argmin(np.where(np.isfinite(losses), losses, np.inf))
    return run(GradientDescent(lr), f, np.asarray(starts, dtype=float)[best], steps).path


def _highest(f, starts, lr, steps):
    W, losses = _ends(f, starts, lr, steps)
    return W[:, np.nanargmax(np.where(np.isfinite(losses), losses, np.nan))]


def _nan_kept(f, starts, lr, steps):
    W, losses = _ends(f, starts, lr, steps)
    return W[:, np.argmin(losses)]


STARTS_MISTAKES = [
    Mistake("the best start, not the best end point: run gradient descent from each start first",
            lambda f, starts, lr, steps: np.asarray(starts, float)[
                np.argmin([f(s) for s in np.asarray(starts, float)])]),
    Mistake("the highest end point, not the lowest", _highest),
    Mistake("only the first start was run", lambda f, starts, lr, steps: _best(f, starts[:1], lr, steps)),
    Mistake("the whole path of the best run, not its end point", _best_path),
    Mistake("the known minimum f.minima[0], not where the runs ended",
            lambda f, starts, lr, steps: np.array(f.minima[0])),
    Mistake("a run that blew up was kept: np.argmin treats nan as the smallest value", _nan_kept),
]
STARTS_CASES = [
    Case(TwoWells(), np.array([[1.5, 1.0], [-1.5, -1.0], [0.5, 0.2]]), 0.05, 200,
         label="two wells, one start in the global basin"),
    Case(TwoWells(), np.array([[1.5, 1.0], [0.5, -1.0], [1.0, 0.5]]), 0.05, 200,
         label="two wells, every start in the local basin"),
    Case(Himmelblau(), np.random.default_rng(5).uniform(-5, 5, (6, 2)).round(2), 0.01, 10,
         label="Himmelblau, 6 random starts, 10 steps"),
    Case(TwoWells(), np.array([[-0.5, 1.2]]), 0.05, 30, label="a single start"),
]
DIVERGED_CASES = [
    Case(TwoWells(), np.array([[30.0, 0.0], [1.2, 0.3], [-0.5, 1.0]]), 0.05, 50,
         label="two wells, the first start diverges"),
    Case(TwoWells(), np.array([[1.2, 0.3], [-25.0, 1.0], [0.8, -0.4]]), 0.05, 50,
         label="two wells, the middle start diverges"),
]


def check_best_of_starts(best_of_starts, cases=None, *,
                         name="best_of_starts keeps the lowest end point",
                         hint="run gradient descent from every start, compare the losses at the "
                              "END points, and return that end point (not the start, not the "
                              "whole path)."):
    """Compare ``best_of_starts`` with every start run at once, on ``cases`` (default: the
    visible ones)."""
    check_function(watch(best_of_starts, (), task="the restarts"), _best, cases or STARTS_CASES,
                   name=name, hint=hint, rtol=1e-7, atol=1e-9, mistakes=STARTS_MISTAKES,
                   scale=False)


def check_best_of_starts_diverged(best_of_starts):
    """A run that blows up is never the answer."""
    check_best_of_starts(best_of_starts, DIVERGED_CASES, name="best_of_starts skips runs that blew up",
                         hint="a run that blew up ends with an infinite or nan loss; leave such "
                              "runs out before comparing.")


# -- start_for_global -------------------------------------------------------------------------

WRONG_BASIN = Mistake("a start right of the saddle's vertical line, in the local minimum's basin")
AT_SADDLE = Mistake("a start on the saddle itself, where the gradient is ~0 and nothing moves")
TOO_CLOSE = Mistake("a start so close to the saddle that escaping it eats the step budget")


def check_start_for_global(start_for_global, tilts=(0.3, 0.1, 0.6), *,
                           name="start_for_global(f) reaches the global minimum from x > 0 "
                                "within 100 steps",
                           hint="the basins meet on the vertical line through f.saddles[0]; "
                                "start between x = 0 and that line, but not so close to the "
                                "saddle that escaping it eats the budget."):
    """For each tilt, gradient descent (lr = 0.05, 100 steps) from the student's start with
    x > 0, inside f.bounds, ends within 1e-3 of the global minimum."""
    start_for_global = watch(start_for_global, (), task="the start")
    with check(name, hint=hint):
        for tilt in tilts:
            f = TwoWells(tilt)
            start = start_for_global(f)
            expect(start is not None, "start_for_global returned None", hint="end it with `return ...`.")
            start = np.asarray(start, dtype=float)
            expect(start.shape == (2,), f"tilt {tilt}: expected a point of shape (2,), got shape {start.shape}")
            (x0, x1), (y0, y1) = f.bounds
            expect(np.all(np.isfinite(start)) and x0 <= start[0] <= x1 and y0 <= start[1] <= y1,
                   f"tilt {tilt}: your start {start.round(4).tolist()} is outside f.bounds {f.bounds}")
            expect(start[0] > 0, f"tilt {tilt}: your start has x = {start[0]:.4g}; the task asks "
                                 f"for x > 0, on the local minimum's side")
            end = run(GradientDescent(0.05), f, start, steps=100).final
            miss = np.linalg.norm(end - f.minima[0])
            saddle = f.saddles[0]
            if np.array_equal(start, saddle):
                known = [AT_SADDLE.line()]
            elif start[0] >= saddle[0]:
                known = [WRONG_BASIN.line()]
            elif np.linalg.norm(end - saddle) < np.linalg.norm(end - f.minima[0]):
                known = [TOO_CLOSE.line()]
            else:
                known = []
            expect(miss < 1e-3, f"tilt {tilt}: from {start.round(6).tolist()} gradient descent ends at "
                                f"{end.round(4).tolist()} after 100 steps, {miss:.2g} from the global "
                                f"minimum {f.minima[0].round(4).tolist()}", *known)
