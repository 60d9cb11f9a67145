"""Checks of exercises/09_nesterov: ``nesterov_path(grad, start, lr, beta, steps)``.

The reference is course_lib's ``Nesterov`` (which stores the look-ahead points, lesson 09)
shifted back to the look-ahead form's w; the named mistakes are what students write
instead (heavy ball, the look-ahead the wrong way or with lr, the framework's points, lr
twice, the averaged "dampened" velocity, ...). The cases keep lr != 1 - beta so that
the dampened velocity and "lr applied twice" give different paths. A check cell calls
``check_nesterov_path(nesterov_path)`` (``%check``); the hidden check passes its own ``cases``.

Introduced in exercises/09_nesterov.
"""
import numpy as np

from ..optimizers.gradient_descent import GradientDescent
from ..optimizers.momentum import Momentum, Nesterov
from ..surfaces.classic import Himmelblau, Quadratic, Rosenbrock
from .cases import Case, GradientOnly, course_path
from .compare import check_function
from .mistakes import Mistake
from .shortcuts import watch

__all__ = ["check_nesterov_path", "check_nesterov_overshoot", "GradientOnly", "Himmelblau",
           "Rosenbrock", "Quadratic"]

REPLACES = ("course_lib.optimizers",)
TASK = "the Nesterov loop"


def _reference(grad, start, lr, beta, steps):
    # course_lib's Nesterov stores the look-ahead points p = w - beta v (lesson 09);
    # shifting each back by beta v gives the w's of the look-ahead form
    opt, p = Nesterov(lr=lr, beta=beta), np.array(start, dtype=float)
    points = [p.copy()]
    for _ in range(steps):
        opt.step(p, grad(p))
        points.append(p + beta * opt.state[0]["v"])
    return np.array(points)


def _lookahead_loop(grad, start, lr, beta, steps, at, step_scale=1.0, late=False):
    # the look-ahead loop with a known mistake: the gradient at at(w, v, lr, beta), a move of
    # step_scale times the velocity, or (late) a move made before the velocity update
    w, v = np.array(start, dtype=float), np.zeros(len(start))
    points = [w.copy()]
    for _ in range(steps):
        new_v = beta * v + lr * grad(at(w, v, lr, beta))
        w = w - step_scale * (v if late else new_v)
        v = new_v
        points.append(w.copy())
    return np.array(points)


def _at(where):
    return lambda grad, start, lr, beta, steps: _lookahead_loop(grad, start, lr, beta, steps, at=where)


MISTAKES = [
    Mistake("the gradient is taken at w itself: that is heavy-ball momentum, not Nesterov",
            lambda grad, start, lr, beta, steps: course_path(Momentum(lr=lr, beta=beta), grad, start, steps),
            hint="the gradient belongs at the point the velocity is about to carry you to."),
    Mistake("the look-ahead goes the wrong way: the gradient is taken at w + beta v",
            _at(lambda w, v, lr, beta: w + beta * v)),
    Mistake("the look-ahead uses lr instead of beta: the gradient is taken at w - lr v",
            _at(lambda w, v, lr, beta: w - lr * v)),
    Mistake("the velocity starts from zero again every step, so nothing carries over "
            "(that is plain gradient descent)",
            lambda grad, start, lr, beta, steps: course_path(GradientDescent(lr=lr), grad, start, steps)),
    Mistake("the sign is flipped, so the ball rolls uphill",
            lambda grad, start, lr, beta, steps: _reference(lambda w: -grad(w), start, lr, beta, steps)),
    Mistake("the learning rate is applied twice, in the velocity and again in the step",
            lambda grad, start, lr, beta, steps: _lookahead_loop(
                grad, start, lr, beta, steps, at=lambda w, v, lr, beta: w - beta * v, step_scale=lr)),
    Mistake("the velocity is an average of the gradients (a (1 - beta) factor, the 'dampened' "
            "form); this exercise's velocity adds lr times the gradient with no (1 - beta)",
            lambda grad, start, lr, beta, steps: _reference(grad, start, lr * (1 - beta), beta, steps)),
    Mistake("the velocity is updated after the step, so each step moves with the previous velocity",
            lambda grad, start, lr, beta, steps: _lookahead_loop(
                grad, start, lr, beta, steps, at=lambda w, v, lr, beta: w - beta * v, late=True)),
    Mistake("beta and lr are swapped",
            lambda grad, start, lr, beta, steps: _reference(grad, start, beta, lr, steps)),
    Mistake("the path holds the look-ahead points w - beta v (the framework form), not the w's",
            lambda grad, start, lr, beta, steps: course_path(Nesterov(lr=lr, beta=beta), grad, start, steps),
            hint="store w after each step, as in the look-ahead form; frameworks store w - beta v instead."),
]

_ravine = Quadratic(np.diag([0.2, 4.0]))
_tilted = Quadratic([[3.0, 1.0], [1.0, 2.0]], b=[1.0, -1.0])
_three_d = Quadratic(np.diag([1.0, 2.0, 3.0]))
_wall = Quadratic(np.diag([4.0, 5.0]))

# lr != 1 - beta in every case: the dampened velocity must not look like "lr applied twice"
PATH_CASES = [
    Case(_ravine.grad, np.array([-2.8, 1.0]), 0.05, 0.9, 20, label="a ravine, lr = 0.05, beta = 0.9, 20 steps"),
    Case(_tilted.grad, np.array([-1.0, 2.0]), 0.05, 0.5, 25, label="a tilted bowl, beta = 0.5, 25 steps"),
    Case(_ravine.grad, np.array([-2.8, 1.0]), 0.05, 0.9, 0, label="steps = 0: the path is the start"),
    Case(_tilted.grad, np.array([0.5, 0.5]), 0.3, 0.9, 1, label="a single step"),
    Case(_three_d.grad, np.array([1.0, 1.0, 1.0]), 0.1, 0.8, 8, label="three parameters"),
]
OVERSHOOT_CASES = [
    Case(_wall.grad, np.array([1.0, -1.0]), 0.2, 0.9, 30, label="a steep bowl, lr = 0.2, beta = 0.9, 30 steps"),
    Case(_wall.grad, np.array([1.0, -1.0]), 0.1, 0.0, 10, label="beta = 0: plain gradient descent"),
]


def check_nesterov_path(nesterov_path, cases=None, *,
                        name="nesterov_path follows v <- beta v + lr grad(w - beta v), w <- w - v",
                        hint="in every step find the look-ahead point from the current w and v, "
                             "then update the velocity, then move."):
    """Compare ``nesterov_path`` with the look-ahead form on ``cases`` (default: the visible
    ones), refusing an answer that calls course_lib's optimizers; name its mistake."""
    check_function(watch(nesterov_path, REPLACES, task=TASK), _reference, cases or PATH_CASES,
                   name=name, hint=hint, mistakes=MISTAKES, rtol=1e-9, atol=1e-12)


def check_nesterov_overshoot(nesterov_path):
    """On a steep wall the look-ahead damps the swing; beta = 0 is gradient descent."""
    check_nesterov_path(nesterov_path, OVERSHOOT_CASES,
                        name="nesterov_path damps the swing on a steep bowl",
                        hint="on this bowl heavy ball swings for long; the look-ahead gradient "
                             "should brake it.")
