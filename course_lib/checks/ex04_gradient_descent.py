"""Checks of exercises/04_gradient_descent: ``gradient_descent(grad, start, lr, steps)``,
``largest_stable_lr(A)`` and ``good_lr(A)``.

The loop's reference is course_lib's ``GradientDescent`` stepped from the start; its named
mistakes are a step uphill, lr left out, the gradient at the start or at the previous point
(a stale gradient), the start aliased, only the final point. The two rates' references are
course_lib's tested stability limit and a golden-section search for the best fixed step
(not the closed forms the task asks for); their mistakes are the curvatures misread (the
flattest, the diagonal, the trace, one rate per direction) and the factor reaching 0
instead of -1. An answer may not call course_lib's optimizers, ``run`` or ``lr_limit``.

A check cell calls e.g. ``check_gradient_descent(gradient_descent)`` (``%check``); hidden
checks pass ``cases``.

Introduced in exercises/04_gradient_descent.
"""
import copy

import numpy as np

from ..optimizers.gradient_descent import GradientDescent
from ..optimizers.stability import lr_limit
from ..surfaces.classic import Himmelblau, Quadratic, Rosenbrock
from .cases import Case, GradientOnly, course_path
from .compare import check, check_function, expect
from .diagnosis import short
from .mistakes import Mistake
from .shortcuts import watch

__all__ = ["check_gradient_descent", "check_gradient_descent_copies",
           "check_gradient_descent_inputs", "check_largest_stable_lr",
           "check_good_lr", "rotated", "GradientOnly", "Himmelblau", "Rosenbrock"]

REPLACES = ("course_lib.optimizers",)


def rotated(eigenvalues, seed):
    """A symmetric matrix with these eigenvalues, its axes turned at random."""
    Q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(len(eigenvalues),) * 2))
    A = Q @ np.diag(eigenvalues) @ Q.T
    return (A + A.T) / 2


# -- gradient_descent -------------------------------------------------------------------------

def _path(grad, start, lr, steps):
    return course_path(GradientDescent(lr), grad, start, steps)


class _Stale:
    # the gradient of the point before the current one (the start's at the first step)
    def __init__(self, grad):
        self.grad, self.previous = grad, None

    def __call__(self, w):
        g = self.grad(w if self.previous is None else self.previous)
        self.previous = np.array(w, dtype=float)
        return g


def _start_aliased(grad, start, lr, steps):
    path = _path(grad, start, lr, steps)
    return np.vstack([path[-1:], path[1:]])


GD_MISTAKES = [
    Mistake("a step up the gradient (w + lr * grad): it climbs",
            lambda grad, start, lr, steps: _path(lambda w: -grad(w), start, lr, steps)),
    Mistake("the learning rate left out: each step moves by the whole gradient",
            lambda grad, start, lr, steps: _path(grad, start, 1.0, steps)),
    Mistake("the gradient taken at the start every step, not at the current point",
            lambda grad, start, lr, steps: _path(
                lambda w: grad(np.array(start, dtype=float)), start, lr, steps)),
    Mistake("the gradient of the previous point, not the current one (a stale gradient)",
            lambda grad, start, lr, steps: _path(_Stale(grad), start, lr, steps)),
    Mistake("the first stored point is the working array itself, updated in place after it "
            "was stored: store a copy", _start_aliased),
    Mistake("only the final point, not the whole path",
            lambda grad, start, lr, steps: _path(grad, start, lr, steps)[-1]),
]

_bowl = Quadratic(np.diag([1.0, 4.0]))
_tilted = Quadratic([[3.0, 1.0], [1.0, 2.0]], b=[1.0, -1.0])
_three_d = Quadratic(np.diag([1.0, 2.0, 3.0]))
GD_CASES = [
    Case(_bowl.grad, np.array([2.0, 1.0]), 0.1, 10, label="an elongated bowl, 10 steps"),
    Case(_tilted.grad, np.array([-1.0, 2.0]), 0.2, 25, label="a tilted bowl, 25 steps"),
    Case(_bowl.grad, np.array([2.0, 1.0]), 0.1, 0, label="steps = 0: the path is the start"),
    Case(_tilted.grad, np.array([0.5, 0.5]), 0.3, 1, label="a single step"),
    Case(_three_d.grad, np.array([1.0, 1.0, 1.0]), 0.3, 5, label="three parameters"),
]


def check_gradient_descent(gradient_descent, cases=None, *,
                           name="gradient_descent follows w <- w - lr * grad(w)",
                           hint="each step evaluates the gradient at the current point, moves "
                                "against it by lr times its value, and appends a copy of the "
                                "new point."):
    """Compare ``gradient_descent`` with course_lib's ``GradientDescent`` on ``cases``
    (default: the visible ones), refusing an answer that calls course_lib's optimizers."""
    check_function(watch(gradient_descent, REPLACES, task="the gradient descent loop"), _path,
                   cases or GD_CASES, name=name, hint=hint, rtol=1e-9, atol=1e-12,
                   mistakes=GD_MISTAKES)


ALIASED = Mistake("a stored point is the working array itself, updated in place after it "
                  "was stored: store a copy")
INTEGERS = Mistake("an integer start updated in place: w kept start's integer type")


def check_gradient_descent_copies(gradient_descent):
    """gradient_descent leaves start alone, stores copies and accepts an integer start. Only
    that is judged here (not the values of the steps, which check 1 judges), so a wrong
    update rule does not cost this check's point."""
    gradient_descent = watch(gradient_descent, REPLACES, task="the gradient descent loop")
    bowl = Quadratic(np.eye(2))
    with check("gradient_descent leaves start alone, stores copies and accepts integers",
               hint="work on a float copy of start, and append a copy of each new point."):
        start = np.array([2.0, -1.0])
        path = gradient_descent(bowl.grad, start, 0.25, 4)
        expect(np.array_equal(start, [2.0, -1.0]),
               f"your function changed `start` to {start}: it must stay [2, -1]")
        expect(path is not None, "gradient_descent returned None", hint="end it with `return ...`.")
        points = [np.asarray(p) for p in path] if np.ndim(path) >= 1 else []
        expect(not any(np.shares_memory(p, start) for p in points),
               "a point of your path is the caller's `start` array itself, not a copy")
        for i in range(len(points)):
            for j in range(i + 1, len(points)):
                expect(not np.shares_memory(points[i], points[j]),
                       f"points {i} and {j} of your path are the same array", ALIASED.line())
        same_shape = all(np.shape(p) == start.shape for p in points)
        moved = same_shape and len(points) > 1 and not np.allclose(points[-1], start)
        expect(not (moved and all(np.allclose(p, points[-1]) for p in points)),
               "every point of your path is the last one", ALIASED.line())
        expect(not (moved and np.allclose(points[0], points[-1])),
               "the first point of your path is the last one, not the start", ALIASED.line())
        try:
            gradient_descent(bowl.grad, [2, -1], 0.25, 2)
        except TypeError as err:
            expect(False, f"from the integer start [2, -1] your code raised {type(err).__name__}",
                   INTEGERS.line(), hint="make w a float copy of start before the first step.")


def check_gradient_descent_inputs(gradient_descent, cases, *, name, hint):
    """From a list or integer start, on surfaces known only by their gradient, the path is
    the one the answer gives from the same start as a float array: the inputs are judged,
    not the update rule (check 1's), so a wrong step does not cost these points too."""
    watched = watch(gradient_descent, REPLACES, task="the gradient descent loop")
    with check(name, hint) as this:
        for i, case in enumerate(cases, start=1):
            grad, start, lr, steps = copy.deepcopy(case.args)
            where = f"case {i} of {len(cases)} ({case.describe()})"
            with np.errstate(all="ignore"):
                own = watched(copy.deepcopy(grad), np.array(start, dtype=float), lr, steps)
                got = watched(grad, start, lr, steps)
            expect(got is not None, f"{where}: your function returned None",
                   hint="end it with `return ...`.")
            got, own = np.asarray(got, dtype=float), np.asarray(own, dtype=float)
            expect(got.shape == own.shape and np.allclose(got, own, rtol=1e-9, atol=1e-12,
                                                          equal_nan=True),
                   f"{where}: not the path your function takes from the same start as a float array",
                   f"from {short(case.args[1])}: {short(got)}", f"from a float array: {short(own)}")
        this.name = f"{name} ({len(cases)} cases)"


# -- largest_stable_lr ------------------------------------------------------------------------

def _edge(A):
    # course_lib's tested stability limit of gradient descent on the bowl 0.5 w^T A w
    return lr_limit(Quadratic(A))


def _curvatures(A):
    return np.linalg.eigvalsh(A)


EDGE_MISTAKES = [
    Mistake("the lr where the steepest factor reaches 0, not -1", lambda A: _edge(A) / 2),
    Mistake("the edge of the flattest direction; the steepest one gets there first",
            lambda A: _edge(A) * _curvatures(A)[-1] / _curvatures(A)[0]),
    Mistake("the diagonal of A read as its curvatures; a turned bowl's curvatures are its "
            "eigenvalues", lambda A: _edge(A) * _curvatures(A)[-1] / np.max(np.diag(A))),
    Mistake("the sum of the curvatures (the trace) where the largest one belongs",
            lambda A: _edge(A) * _curvatures(A)[-1] / np.trace(A)),
    Mistake("one learning rate per direction; a single lr must serve them all",
            lambda A: _edge(A) * _curvatures(A)[-1] / _curvatures(A)),
]

_v = np.ones(3) / np.sqrt(3)
EDGE_CASES = [
    Case(np.diag([1.0, 10.0]), label="an axis-aligned bowl with curvatures 1 and 10"),
    Case(np.array([[2.0, 1.5], [1.5, 2.0]]), label="a turned bowl with curvatures 0.5 and 3.5"),
    Case(np.eye(3) + 9 * np.outer(_v, _v), label="I + 9 v v^T with v = (1, 1, 1) / sqrt(3): curvatures 1, 1, 10"),
    Case(rotated([0.3, 3.0, 5.0], 3), label="a turned bowl in 3-D with curvatures 0.3, 3, 5"),
    Case(np.array([[4.0]]), label="one parameter with curvature 4"),
]


def check_largest_stable_lr(largest_stable_lr, cases=None, *,
                            name="largest_stable_lr(A) sits at the edge between converging and "
                                 "diverging",
                            hint="find, for every curvature, the lr at which its factor "
                                 "1 - lr * lambda reaches -1; which curvature gets there first?"):
    """Compare ``largest_stable_lr`` with course_lib's stability limit on ``cases``
    (default: the visible ones), refusing an answer that calls course_lib's."""
    check_function(watch(largest_stable_lr, REPLACES, task="the edge of stability"), _edge,
                   cases or EDGE_CASES, name=name, hint=hint, rtol=1e-6, atol=0, squeeze=True,
                   mistakes=EDGE_MISTAKES)


# -- good_lr ----------------------------------------------------------------------------------

def _slowest_factor(lr, A):
    # after each step the slowest direction keeps this fraction of itself
    return np.max(np.abs(1 - lr * np.linalg.eigvalsh(A)))


def _best_step(A):
    # the lr with the smallest slowest factor, by golden-section search (the factor is convex in lr)
    lo, hi, shrink = 0.0, _edge(A), (3 - np.sqrt(5)) / 2
    for _ in range(200):
        a, b = lo + shrink * (hi - lo), hi - shrink * (hi - lo)
        lo, hi = (lo, b) if _slowest_factor(a, A) < _slowest_factor(b, A) else (a, hi)
    return (lo + hi) / 2


FIXED = Mistake("a fixed number, whatever the scale of A")
DIAGONAL = ("the diagonal of A read as its curvatures; a turned bowl's curvatures are its "
            "eigenvalues")
GOOD_MISTAKES = [
    Mistake("the edge of stability, where the steepest direction never settles", _edge),
    Mistake("the best step for the steepest direction alone; the flattest is left slow",
            lambda A: _edge(A) / 2),
    Mistake("the best step for the flattest direction alone; the steepest one diverges",
            lambda A: _edge(A) / 2 * _curvatures(A)[-1] / _curvatures(A)[0]),
    Mistake(DIAGONAL, lambda A: 1 / np.max(np.diag(A))),
    Mistake(DIAGONAL, lambda A: 2 / (np.max(np.diag(A)) + np.min(np.diag(A)))),
]
_A0 = np.array([[3.0, 1.0], [1.0, 2.0]])
GOOD_CASES = [
    Case(np.diag([1.0, 10.0]), label="an axis-aligned bowl with curvatures 1 and 10"),
    Case(np.eye(3) + 9 * np.outer(_v, _v), label="I + 9 v v^T with v = (1, 1, 1) / sqrt(3): curvatures 1, 1, 10"),
    Case(_A0, label="a turned bowl [[3, 1], [1, 2]]"),
    Case(rotated([0.02, 0.2], 1), label="a flat turned bowl, curvatures 0.02 and 0.2"),
    Case(rotated([50.0, 120.0, 400.0], 2), label="a steep turned bowl in 3-D"),
    Case(np.array([[7.0]]), label="one parameter with curvature 7"),
]


def check_good_lr(good_lr, cases=None, *, name="good_lr(A) makes the slowest direction shrink fastest",
                  hint="sketch every factor |1 - lr * lambda_i| against lr and take the largest "
                       "of them: where is that curve lowest?"):
    """The default (visible) check first asks for a positive number that follows A's scale;
    then ``good_lr`` is compared with a search for the best fixed step on ``cases``."""
    good_lr = watch(good_lr, REPLACES, task="the best fixed step")
    if cases is None:
        with check("good_lr(A) is a positive number that follows the scale of A"):
            lr, lr_scaled = good_lr(_A0), good_lr(1000 * _A0)
            expect(lr is not None and np.size(lr) == 1, f"good_lr returned {lr!r}; expected one number")
            lr, lr_scaled = float(np.squeeze(lr)), float(np.squeeze(lr_scaled))
            expect(np.isfinite(lr) and lr > 0, f"good_lr returned {lr:.4g}; a learning rate is a number > 0")
            expect(np.isclose(lr_scaled, lr / 1000, rtol=1e-6),
                   f"a bowl 1000 times steeper got lr = {lr_scaled:.4g} instead of {lr:.4g} / 1000",
                   *([FIXED.line()] if np.isclose(lr, lr_scaled) else []),
                   hint="the factors 1 - lr * lambda only depend on lr times the curvatures.")
    check_function(good_lr, _best_step, cases or GOOD_CASES, name=name, hint=hint, rtol=1e-6,
                   atol=0, squeeze=True, mistakes=GOOD_MISTAKES)
