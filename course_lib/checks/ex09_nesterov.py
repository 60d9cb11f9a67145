"""Checks of exercises/09_nesterov: ``nesterov_framework(grad, start, lr, beta, steps)`` and
``to_lookahead(points, buffers, lr, beta)``.

The lesson derives the look-ahead form and, from it, the form frameworks implement; the
exercise asks for the framework form as PyTorch writes it (a buffer without the learning
rate: b <- beta b + g(p), p <- p - lr (g + beta b)), returning the points and the buffers,
and for the shift that turns its points into the look-ahead form's (w = p + beta lr b).
``to_lookahead`` is judged on the course's framework arrays against the course's look-ahead
loop, so a wrong ``nesterov_framework`` does not cost its point.

The named mistakes are what students write instead: the gradient at a look-ahead point of
the stored point, heavy ball (which a step with the old buffer also is), the sign, the
buffer reset, lr in the buffer (twice), the lesson's velocity v = lr b returned as the
buffer, the averaged "dampened" buffer, the look-ahead form's points, one array stored in
every row; for the shift, its direction, lr or beta left out, the previous buffer. The cases keep lr != 1 - beta. An answer may not call
course_lib's optimizers or ``run``.

Introduced in exercises/09_nesterov.
"""
import numpy as np

from ..surfaces.classic import Himmelblau, Quadratic, Rosenbrock
from .cases import Case, GradientOnly
from .compare import check_function
from .mistakes import Mistake
from .shortcuts import watch

__all__ = ["check_nesterov_framework", "check_nesterov_overshoot", "check_to_lookahead",
           "GradientOnly", "Himmelblau", "Rosenbrock", "Quadratic"]

REPLACES = ("course_lib.optimizers",)
TASK = "the framework form of Nesterov's loop"


def _framework(grad, start, lr, beta, steps, *, at=None, buffer=None, move=None, reset=False):
    """PyTorch's Nesterov: (points, buffers), or (keywords) one of the known mistakes."""
    at = at or (lambda p, b: p)
    buffer = buffer or (lambda b, g: beta * b + g)
    move = move or (lambda g, b: lr * (g + beta * b))
    p = np.array(start, dtype=float)
    b = np.zeros_like(p)
    points, buffers = [p.copy()], [b.copy()]
    for _ in range(steps):
        g = grad(at(p, b))
        b = buffer(0.0 if reset else b, g)
        p = p - move(g, b)
        points.append(p.copy())
        buffers.append(b.copy())
    return np.array(points), np.array(buffers)


def _lookahead(grad, start, lr, beta, steps):
    """The look-ahead form of lesson 09: v <- beta v + lr grad(w - beta v), w <- w - v."""
    w = np.array(start, dtype=float)
    v = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(steps):
        v = beta * v + lr * grad(w - beta * v)
        w = w - v
        path.append(w.copy())
    return np.array(path)


def _variant(**how):
    def fn(grad, start, lr, beta, steps):
        options = {k: (v(lr, beta) if callable(v) else v) for k, v in how.items()}
        return _framework(grad, start, lr, beta, steps, **options)
    return fn


def _lookahead_points(grad, start, lr, beta, steps):
    points, buffers = _framework(grad, start, lr, beta, steps)
    return points + beta * lr * buffers, buffers


FRAMEWORK_MISTAKES = [
    Mistake("the gradient is taken at p - beta lr b, a look-ahead from the stored point; in the "
            "framework form the stored point already is the look-ahead point",
            _variant(at=lambda lr, beta: lambda p, b: p - beta * lr * b),
            hint="take the gradient at the stored point p itself."),
    Mistake("heavy-ball momentum (p moves by lr b), not Nesterov's step lr (g + beta b) with the "
            "new buffer (a step with the buffer from before its update is the same: "
            "lr (g + beta b_old) = lr b)",
            _variant(move=lambda lr, beta: lambda g, b: lr * b)),
    Mistake("the sign is flipped, so the points climb",
            _variant(move=lambda lr, beta: lambda g, b: -lr * (g + beta * b))),
    Mistake("every stored row is the same array, updated in place after it was stored: store a copy",
            lambda grad, start, lr, beta, steps: tuple(
                np.repeat(a[-1:], len(a), axis=0) for a in _framework(grad, start, lr, beta, steps))),
    Mistake("the buffer starts from zero again every step, so nothing carries over", _variant(reset=True)),
    Mistake("the learning rate is applied twice: the buffer adds lr g and the step multiplies "
            "by lr again", _variant(buffer=lambda lr, beta: lambda b, g: beta * b + lr * g)),
    Mistake("the buffers are the lesson's velocities v = lr b; this task's buffer adds g with no lr",
            lambda grad, start, lr, beta, steps: (lambda pb: (pb[0], lr * pb[1]))(
                _framework(grad, start, lr, beta, steps))),
    Mistake("the buffer is an average of the gradients (a (1 - beta) factor, PyTorch's "
            "dampening); this task's buffer adds g itself",
            _variant(buffer=lambda lr, beta: lambda b, g: beta * b + (1 - beta) * g)),
    Mistake("the points are the look-ahead form's w, not the framework's p = w - beta v",
            _lookahead_points,
            hint="take the gradient at the stored point and step by lr (g + beta b): no look-ahead."),
]


def _shifted(shift):
    """A to_lookahead given the course's framework arrays of a case's run."""
    def fn(grad, start, lr, beta, steps):
        points, buffers = _framework(grad, start, lr, beta, steps)
        return shift(points, buffers, lr, beta)
    return fn


def _previous(buffers):
    return np.vstack([np.zeros_like(buffers[:1]), buffers[:-1]])


SHIFT_MISTAKES = [
    Mistake("the shift goes the wrong way: w = p + beta v, since p = w - beta v",
            _shifted(lambda p, b, lr, beta: p - beta * lr * b)),
    Mistake("lr is left out of the shift: the buffer is v / lr, so beta v is beta lr b",
            _shifted(lambda p, b, lr, beta: p + beta * b)),
    Mistake("beta is left out of the shift: the look-ahead point is beta v, not v, ahead of w",
            _shifted(lambda p, b, lr, beta: p + lr * b)),
    Mistake("the shift uses the buffer of the step before; w_t = p_t + beta lr b_t takes the "
            "buffer of the same step",
            _shifted(lambda p, b, lr, beta: p + beta * lr * _previous(b))),
]

_ravine = Quadratic(np.diag([0.2, 4.0]))
_tilted = Quadratic([[3.0, 1.0], [1.0, 2.0]], b=[1.0, -1.0])
_three_d = Quadratic(np.diag([1.0, 2.0, 3.0]))
_wall = Quadratic(np.diag([4.0, 5.0]))

# lr != 1 - beta in every case
PATH_CASES = [
    Case(_ravine.grad, np.array([-2.8, 1.0]), 0.05, 0.9, 20, label="a ravine, lr = 0.05, beta = 0.9, 20 steps"),
    Case(_tilted.grad, np.array([-1.0, 2.0]), 0.05, 0.5, 25, label="a tilted bowl, beta = 0.5, 25 steps"),
    Case(_ravine.grad, np.array([-2.8, 1.0]), 0.05, 0.9, 0, label="steps = 0: the start and a zero buffer"),
    Case(_tilted.grad, np.array([0.5, 0.5]), 0.3, 0.9, 2, label="two steps"),
    Case(_three_d.grad, np.array([1.0, 1.0, 1.0]), 0.1, 0.8, 8, label="three parameters"),
]
OVERSHOOT_CASES = [
    Case(_wall.grad, np.array([1.0, -1.0]), 0.2, 0.9, 30, label="a steep bowl, lr = 0.2, beta = 0.9, 30 steps"),
    Case(_wall.grad, np.array([1.0, -1.0]), 0.1, 0.0, 10, label="beta = 0: plain gradient descent"),
]
SHIFT_CASES = [
    Case(_ravine.grad, np.array([-2.8, 1.0]), 0.2, 0.9, 30,
         label="the framework's points and buffers of a ravine run, lr = 0.2, beta = 0.9, 30 steps"),
    Case(_three_d.grad, np.array([1.0, -1.0, 2.0]), 0.1, 0.5, 10,
         label="the framework's points and buffers in 3-D, lr = 0.1, beta = 0.5, 10 steps"),
    Case(_tilted.grad, np.array([0.5, 0.5]), 0.3, 0.9, 0, label="steps = 0: the start alone"),
]


def check_nesterov_framework(nesterov_framework, cases=None, *,
                             name="nesterov_framework follows b <- beta b + g(p), p <- p - lr (g + beta b)",
                             hint="take the gradient at the stored point, update the buffer, then "
                                  "step by lr times the gradient plus beta times the new buffer."):
    """Compare ``nesterov_framework``'s (points, buffers) with PyTorch's Nesterov on ``cases``
    (default: the visible ones), refusing course_lib's optimizers; name its mistake."""
    check_function(watch(nesterov_framework, REPLACES, task=TASK), _framework, cases or PATH_CASES,
                   name=name, hint=hint, mistakes=FRAMEWORK_MISTAKES, rtol=1e-9, atol=1e-12)


def check_nesterov_overshoot(nesterov_framework):
    """On a steep wall the look-ahead damps the swing; beta = 0 is gradient descent."""
    check_nesterov_framework(nesterov_framework, OVERSHOOT_CASES,
                             name="nesterov_framework damps the swing on a steep bowl",
                             hint="on this bowl heavy ball swings for long; the extra beta b in "
                                  "the step should brake it.")


def check_to_lookahead(to_lookahead):
    """``to_lookahead`` on the course's framework arrays gives the points of the course's
    look-ahead loop: the two forms take the same steps, shifted by beta v = beta lr b."""
    shift = watch(to_lookahead, REPLACES, task="the shift between the two forms")
    check_function(_shifted(shift), _lookahead, SHIFT_CASES,
                   name="to_lookahead turns the framework's points into the look-ahead form's w",
                   hint="p = w - beta v and v = lr b: solve for w.", mistakes=SHIFT_MISTAKES,
                   rtol=1e-9, atol=1e-12)
