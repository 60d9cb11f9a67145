"""Checks of exercises/08_momentum: ``momentum_path(grad, start, lr, beta, steps)``.

The reference is course_lib's ``Momentum`` stepped from the start; the named mistakes are
what students write instead (velocity reset, lr twice, the averaged "dampened" velocity,
Nesterov's step, the sign, the order of the two updates, beta and lr swapped). The cases
keep lr != 1 - beta so that the dampened velocity and "lr applied twice" give different
paths. A check cell calls ``check_momentum_path(momentum_path)`` (``%check``); the hidden
check passes its own ``cases``.

Introduced in exercises/08_momentum.
"""
import numpy as np

from ..optimizers.gradient_descent import GradientDescent
from ..optimizers.momentum import Momentum, Nesterov
from ..surfaces.classic import Himmelblau, Quadratic, Rosenbrock
from .cases import Case, GradientOnly, course_path
from .compare import check_function
from .mistakes import Mistake
from .shortcuts import watch

__all__ = ["check_momentum_path", "check_momentum_slope", "GradientOnly", "Himmelblau",
           "Rosenbrock", "Quadratic"]

REPLACES = ("course_lib.optimizers",)
TASK = "the momentum loop"


def _reference(grad, start, lr, beta, steps):
    return course_path(Momentum(lr=lr, beta=beta), grad, start, steps)


def _velocity_late(grad, start, lr, beta, steps, at_new_point=False):
    w, v = np.array(start, dtype=float), 0.0
    points = [w.copy()]
    for _ in range(steps):
        w, v = w - v, beta * v + lr * grad(w - v if at_new_point else w)
        points.append(w.copy())
    return np.array(points)


LATE = ("the velocity is updated after the step, so each step moves with the previous "
        "velocity")
MISTAKES = [
    Mistake("the velocity starts from zero again every step, so nothing carries over "
            "(that is plain gradient descent)",
            lambda grad, start, lr, beta, steps: course_path(GradientDescent(lr=lr), grad, start, steps),
            hint="create the velocity once, before the loop, and keep updating that same one."),
    Mistake("the learning rate is applied twice, in the velocity and again in the step",
            lambda grad, start, lr, beta, steps: _reference(grad, start, lr * lr, beta, steps)),
    Mistake("the velocity is an average of the gradients (a (1 - beta) factor, the 'dampened' "
            "form of some courses and of PyTorch's dampening); the lesson's velocity adds "
            "lr times the gradient with no (1 - beta)",
            lambda grad, start, lr, beta, steps: _reference(grad, start, lr * (1 - beta), beta, steps)),
    Mistake("Nesterov's step (w moves by beta v + lr g) where heavy-ball momentum (w moves by v) "
            "was asked",
            lambda grad, start, lr, beta, steps: course_path(Nesterov(lr=lr, beta=beta), grad, start, steps)),
    Mistake("the sign is flipped: the velocity is added to w, so the ball rolls uphill",
            lambda grad, start, lr, beta, steps: _reference(lambda w: -grad(w), start, lr, beta, steps)),
    Mistake(LATE, _velocity_late),
    Mistake(LATE, lambda grad, start, lr, beta, steps: _velocity_late(grad, start, lr, beta, steps, True)),
    Mistake("beta and lr are swapped",
            lambda grad, start, lr, beta, steps: _reference(grad, start, beta, lr, steps)),
]

_ravine = Quadratic(np.diag([0.2, 4.0]))
_tilted = Quadratic([[3.0, 1.0], [1.0, 2.0]], b=[1.0, -1.0])
_three_d = Quadratic(np.diag([1.0, 2.0, 3.0]))
_slope = Quadratic(np.zeros((2, 2)), b=[-1.0, -0.5])      # L(w) = w1 + 0.5 w2: gradient (1, 0.5)

# lr != 1 - beta in every case: the dampened velocity must not look like "lr applied twice"
PATH_CASES = [
    Case(_ravine.grad, np.array([-2.8, 1.0]), 0.05, 0.9, 20, label="a ravine, lr = 0.05, beta = 0.9, 20 steps"),
    Case(_tilted.grad, np.array([-1.0, 2.0]), 0.05, 0.5, 25, label="a tilted bowl, beta = 0.5, 25 steps"),
    Case(_ravine.grad, np.array([-2.8, 1.0]), 0.05, 0.9, 0, label="steps = 0: the path is the start"),
    Case(_tilted.grad, np.array([0.5, 0.5]), 0.3, 0.9, 1, label="a single step"),
    Case(_three_d.grad, np.array([1.0, 1.0, 1.0]), 0.1, 0.8, 8, label="three parameters"),
]
SLOPE_CASES = [
    Case(_slope.grad, np.array([0.0, 0.0]), 0.2, 0.9, 40, label="the slope (1, 0.5), beta = 0.9, 40 steps"),
    Case(_slope.grad, np.array([2.0, -1.0]), 0.3, 0.5, 10, label="the slope (1, 0.5), beta = 0.5, 10 steps"),
]


def check_momentum_path(momentum_path, cases=None, *,
                        name="momentum_path follows v <- beta v + lr grad(w), w <- w - v",
                        hint="in every step update the velocity before you move, and store a "
                             "copy of each new point."):
    """Compare ``momentum_path`` with heavy-ball momentum on ``cases`` (default: the visible
    ones), refusing an answer that calls course_lib's optimizers; name its mistake."""
    check_function(watch(momentum_path, REPLACES, task=TASK), _reference, cases or PATH_CASES,
                   name=name, hint=hint, mistakes=MISTAKES, rtol=1e-9, atol=1e-12)


def check_momentum_slope(momentum_path):
    """On a constant slope the steps grow toward lr / (1 - beta) times the slope."""
    check_momentum_path(momentum_path, SLOPE_CASES,
                        name="momentum_path builds up speed on a constant slope",
                        hint="with the same gradient every step, each step should be longer "
                             "than the last.")
