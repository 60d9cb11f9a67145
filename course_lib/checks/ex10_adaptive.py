"""Checks of exercises/10_adaptive: ``adam_step(w, g, m, v, t, ...)`` and ``adam_path(...)``.

The references are course_lib's ``Adam`` (tested against torch.optim) put in a given state,
and ``run``; the named mistakes are what students write instead: a correction missing,
swapped or counted from the wrong t, eps inside the root or placed as in Kingma & Ba's
"efficient" form (a valid variant, named so the student knows how it differs), RMSProp or
AdaGrad where Adam was asked, state not carried, corrected averages stored. A check cell
calls e.g. ``check_adam_first_step(adam_step)`` (``%check``); hidden checks pass ``cases``.

Introduced in exercises/10_adaptive.
"""
import numpy as np

from ..optimizers.adaptive import Adam
from ..optimizers.running import run
from ..surfaces.classic import Beale, Himmelblau, Quadratic, Rosenbrock
from .cases import Case, GradientOnly
from .compare import check, check_function, expect
from .mistakes import Mistake
from .shortcuts import watch

__all__ = ["check_adam_first_step", "check_adam_later_steps", "check_adam_step",
           "check_adam_path", "check_adam_path_copies", "GradientOnly", "Beale",
           "Himmelblau", "Quadratic", "Rosenbrock"]

REPLACES = ("course_lib.optimizers",)


def _step(w, g, m, v, t, lr, beta1, beta2, eps):
    # course_lib's Adam, put in state (m, v) just before step t
    # (Optimizer.update is the public one-array hook: it updates w, m and v in place)
    opt = Adam(lr, beta1, beta2, eps)
    opt.t = t
    w, m, v = (np.array(a, dtype=float) for a in (w, m, v))
    opt.update(w, np.asarray(g, dtype=float), np.empty_like(w), m=m, v=v)
    return w, m, v


def _moved(how):
    """A mistake in the move only: the averages are the reference's, the move is ``how``."""
    def wrong(w, g, m, v, t, lr, b1, b2, eps):
        _, m, v = _step(w, g, m, v, t, lr, b1, b2, eps)
        return np.asarray(w, dtype=float) - lr * how(m, v, t, b1, b2, eps), m, v
    return wrong


def _adagrad(w, g, m, v, t, lr, b1, b2, eps):
    _, m, _ = _step(w, g, m, v, t, lr, b1, b2, eps)
    s = np.asarray(v, dtype=float) + np.asarray(g, dtype=float) ** 2
    return np.asarray(w, dtype=float) - lr * np.asarray(g) / (np.sqrt(s) + eps), m, s


def _v_of_g(w, g, m, v, t, lr, b1, b2, eps):
    _, m, _ = _step(w, g, m, v, t, lr, b1, b2, eps)
    v = b2 * np.asarray(v, dtype=float) + (1 - b2) * np.asarray(g, dtype=float)
    return np.asarray(w, dtype=float) - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps), m, v


def _stores_corrected(w, g, m, v, t, lr, b1, b2, eps):
    w, m, v = _step(w, g, m, v, t, lr, b1, b2, eps)
    return w, m / (1 - b1 ** t), v / (1 - b2 ** t)


def _uphill(w, g, m, v, t, *h):
    new_w, m, v = _step(w, g, m, v, t, *h)
    return 2 * np.asarray(w, dtype=float) - new_w, m, v


STEP_MISTAKES = [
    Mistake("the bias correction is missing", lambda w, g, m, v, t, *h: _step(w, g, m, v, 10 ** 9, *h)),
    Mistake("the bias correction of v is missing",
            _moved(lambda m, v, t, b1, b2, eps: m / (1 - b1 ** t) / (np.sqrt(v) + eps))),
    Mistake("the two bias corrections are swapped: m is divided by 1 - beta2**t and v by "
            "1 - beta1**t", _moved(lambda m, v, t, b1, b2, eps:
                                    m / (1 - b2 ** t) / (np.sqrt(v / (1 - b1 ** t)) + eps))),
    Mistake("eps is inside the square root; it belongs after it",
            _moved(lambda m, v, t, b1, b2, eps: m / (1 - b1 ** t) / np.sqrt(v / (1 - b2 ** t) + eps))),
    Mistake("Kingma & Ba's 'efficient' form (lr scaled by sqrt(1 - beta2**t) / (1 - beta1**t), "
            "eps added to the uncorrected sqrt(v)): a valid variant, but its eps acts "
            "sqrt(1 - beta2**t) times smaller; this exercise adds eps to the corrected root",
            _moved(lambda m, v, t, b1, b2, eps: np.sqrt(1 - b2 ** t) / (1 - b1 ** t) * m / (np.sqrt(v) + eps))),
    Mistake("RMSProp where Adam was asked: the step uses the raw gradient and no bias correction",
            lambda w, g, m, v, t, lr, b1, b2, eps: _moved(
                lambda m2, v2, t, b1, b2, eps: np.asarray(g, dtype=float) / (np.sqrt(v2) + eps))(
                w, g, m, v, t, lr, b1, b2, eps)),
    Mistake("AdaGrad where Adam was asked: v sums the squared gradients instead of averaging them",
            _adagrad),
    Mistake("beta1 and beta2 are swapped", lambda w, g, m, v, t, lr, b1, b2, eps:
            _step(w, g, m, v, t, lr, b2, b1, eps)),
    Mistake("the correction uses t + 1: t is already the number of this step, 1 for the first",
            lambda w, g, m, v, t, *h: _step(w, g, m, v, t + 1, *h)),
    Mistake("the correction uses t - 1: t is already the number of this step, 1 for the first",
            lambda w, g, m, v, t, *h: _step(w, g, m, v, t - 1, *h) if t > 1 else
            (np.full(np.shape(w), np.nan), *_step(w, g, m, v, t, *h)[1:])),
    Mistake("v averages g instead of g**2", _v_of_g),
    Mistake("the corrected averages are returned as the new m and v; stored, they get "
            "corrected again at every step and the error compounds", _stores_corrected),
    Mistake("the step goes uphill (a sign error)", _uphill),
]

_zeros = np.zeros(3)
FIRST_CASES = [
    Case(np.array([1.0, -2.0, 0.5]), np.array([4.0, -0.3, 25.0]), _zeros, _zeros, 1,
         0.01, 0.9, 0.999, 1e-8, label="defaults, gradients of different sizes"),
    Case(np.array([0.0, 1.0, 2.0]), np.array([-1e-4, 3e-4, 2e-4]), _zeros, _zeros, 1,
         0.1, 0.9, 0.999, 1e-8, label="tiny gradients, where eps matters"),
    Case(np.array([3.0, -1.0, 0.0]), np.array([2.0, -5.0, 0.1]), _zeros, _zeros, 1,
         0.5, 0.8, 0.99, 0.1, label="other betas, a large eps"),
]
_rng = np.random.default_rng(10)
_w, _g, _m = _rng.normal(size=(3, 4))
_v = _rng.uniform(0.1, 2.0, size=4)
LATER_CASES = [
    Case(_w, _g, _m, _v, 2, 0.01, 0.9, 0.999, 1e-8, label="step t = 2, defaults"),
    Case(_w, _g, _m, _v, 7, 0.05, 0.9, 0.999, 1e-8, label="step t = 7"),
    Case(_w, -_g, 0.3 * _m, 0.5 * _v, 50, 0.1, 0.8, 0.99, 1e-8, label="t = 50, other betas"),
    Case(_w, _g, _m, _v, 2000, 0.01, 0.9, 0.999, 1e-8, label="t = 2000: corrections near 1"),
    Case(_w, 1e-5 * _g, 1e-5 * _m, 1e-10 * _v, 3, 0.01, 0.9, 0.999, 1e-4,
         label="t = 3, small gradients and a large eps"),
]


def check_adam_step(adam_step, cases, *, name, hint):
    """Compare ``adam_step`` with course_lib's Adam on ``cases``; name its mistake."""
    check_function(watch(adam_step, REPLACES, task="the Adam update"), _step, cases,
                   name=name, hint=hint, mistakes=STEP_MISTAKES, rtol=1e-7, atol=1e-12)


def check_adam_first_step(adam_step):
    """The first step (t = 1, m = v = 0) moves each weight by about lr against its gradient."""
    check_adam_step(adam_step, FIRST_CASES, name="adam_step: the first step, returning (w, m, v)",
                    hint="at t = 1 the corrected averages are the gradient and its square, so "
                         "every weight moves by about lr, against the sign of its gradient.")


def check_adam_later_steps(adam_step):
    """adam_step from a given state at a later step t."""
    check_adam_step(adam_step, LATER_CASES, name="adam_step from a state at a later step",
                    hint="update both averages from the ones passed in, correct copies of them "
                         "with this step's t, and return the uncorrected averages.")


def _path(grad, start, steps, lr, beta1, beta2, eps):
    # course_lib's tested runner, on the surface whose gradient this is
    surface = getattr(grad, "__self__", None) or grad.surface
    return run(Adam(lr, beta1, beta2, eps), surface, start, steps).path


class _FrozenClock(Adam):
    # the step count never advances: every step is corrected like the first
    def step(self, params, grads):
        self.t = 0
        return super().step(params, grads)


class _Amnesiac(Adam):
    # m and v start from zero at every step (the step count still advances)
    def step(self, params, grads):
        t = self.t
        self.reset()
        self.t = t
        return super().step(params, grads)


class _StoresCorrected(Adam):
    # keeps the corrected averages as its state: corrected again at every later step
    def update(self, w, g, buf, m, v):
        super().update(w, g, buf, m, v)
        m /= 1 - self.beta1 ** self.t
        v /= 1 - self.beta2 ** self.t


def _like(cls):
    def path(grad, start, steps, *h):
        surface = getattr(grad, "__self__", None) or grad.surface
        return run(cls(*h), surface, start, steps).path
    return path


def _counts_from_zero(grad, start, steps, *h):
    start = np.asarray(start, dtype=float)
    return np.vstack([start, np.full((steps, len(start)), np.nan)])


PATH_MISTAKES = [
    Mistake("t starts at 0: the first correction divides by 1 - beta**0 = 0", _counts_from_zero),
    Mistake("t never advances: every step is corrected as if it were the first", _like(_FrozenClock)),
    Mistake("m and v are not carried from one step to the next", _like(_Amnesiac)),
    Mistake("the corrected averages are stored as m and v, so the correction compounds over "
            "the steps", _like(_StoresCorrected)),
]
_bowl = Quadratic(np.diag([1.0, 10.0]))
PATH_CASES = [
    Case(_bowl.grad, np.array([1.5, -1.0]), 40, 0.1, 0.9, 0.999, 1e-8, label="a stretched bowl, 40 steps"),
    Case(Rosenbrock().grad, np.array([-1.5, 2.0]), 100, 0.05, 0.9, 0.999, 1e-8, label="Rosenbrock, 100 steps"),
    Case(_bowl.grad, np.array([1.5, -1.0]), 30, 0.05, 0.5, 0.9, 1e-8, label="other betas"),
    Case(_bowl.grad, np.array([1.5, -1.0]), 0, 0.1, 0.9, 0.999, 1e-8, label="steps = 0: the path is the start"),
    Case(Quadratic(np.diag([1.0, 2.0, 3.0])).grad, np.ones(3), 5, 0.1, 0.9, 0.999, 1e-8,
         label="three parameters"),
]


def check_adam_path(adam_path, cases=None, *, name="adam_path follows Adam step for step",
                    hint="start with zero averages, number the steps from 1, and pass each "
                         "step's new averages on to the next."):
    """Compare ``adam_path`` with course_lib's Adam run on ``cases`` (default: the visible
    ones); calling your own ``adam_step`` is fine, course_lib's Adam or run is not."""
    check_function(watch(adam_path, REPLACES, task="the Adam loop"), _path, cases or PATH_CASES,
                   name=name, hint=hint, mistakes=PATH_MISTAKES, rtol=1e-7, atol=1e-12)


def check_adam_path_copies(adam_path):
    """adam_path leaves start alone and stores a copy of every point."""
    adam_path = watch(adam_path, REPLACES, task="the Adam loop")
    with check("adam_path leaves start alone and stores copies",
               hint="work on a float copy of start, and store a copy of each new point."):
        start = np.array([2.0, -1.0])
        path = adam_path(Quadratic(np.eye(2)).grad, start, 4, 0.1, 0.9, 0.999, 1e-8)
        expect(np.array_equal(start, [2.0, -1.0]),
               f"your function changed `start` to {start}: it must stay [2, -1]")
        expect(path is not None, "adam_path returned None", hint="end it with `return ...`.")
        points = list(path)
        expect(len(points) == 5, f"4 steps should give 5 points, got {len(points)}")
        expect(not any(np.shares_memory(p, start) for p in points),
               "a point of your path is the caller's `start` array itself, not a copy")
        for i in range(len(points)):
            for j in range(i + 1, len(points)):
                expect(not np.shares_memory(points[i], points[j]),
                       f"points {i} and {j} of your path are the same array: "
                       "updating it in place changes both")
