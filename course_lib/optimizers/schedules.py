"""Learning-rate schedules: a learning rate that changes with the step count t.

Intuition: early on, large steps cover ground quickly; near a minimum (and with noisy
mini-batch gradients) smaller steps stop the iterates from bouncing around it. A schedule
says how lr shrinks: in steps, exponentially, as 1/t, or after a short warm-up along a
half cosine. Training still optimizes the parameters w with gradients; the schedule is a
hyperparameter chosen beforehand (an outer-loop choice), not something learned.

Each schedule is a callable: ``schedule(t)`` is the learning rate of update t = 0, 1, ...
``Scheduled(opt, schedule)`` wraps any course_lib optimizer so that update t uses
``schedule(t)``; it works wherever an optimizer does (``run``, ``train``).

Example:
    >>> from course_lib import GradientDescent, Quadratic, run
    >>> schedule = StepDecay(lr=0.5, drop=0.5, every=10)
    >>> [schedule(t) for t in (0, 9, 10, 25)]
    [0.5, 0.5, 0.25, 0.125]
    >>> traj = run(Scheduled(GradientDescent(lr=0.5), schedule), Quadratic(np.eye(2)),
    ...            [1.0, 1.0], steps=30)

Introduced in notebooks/07_more_challenges; warm-up + cosine in 10_adaptive.
"""

import math

import numpy as np

from course_lib._validate import non_negative, positive, whole_number

__all__ = ["Constant", "StepDecay", "ExponentialDecay", "InverseTimeDecay", "WarmupCosine",
           "Scheduled", "values"]

LR_HINT = "try a small positive value such as 0.1"


class Schedule:
    """The shared part: ``lr`` at t = 0, the call with a step check, a readable repr."""

    def __init__(self, lr):
        self.lr = positive("lr", lr, LR_HINT)

    def __call__(self, t):
        t = whole_number("t", t, 0, "t counts updates from 0")
        return float(self._at(t))

    def _at(self, t):
        raise NotImplementedError

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({args})"


class Constant(Schedule):
    """The same learning rate at every step, the baseline every schedule is compared with.

    Rule: ``lr_t = lr``.

    Args:
        lr: the learning rate, > 0.

    Example:
        >>> Constant(lr=0.1)(50)
        0.1

    Introduced in notebooks/07_more_challenges.
    """

    def _at(self, t):
        return self.lr


class StepDecay(Schedule):
    """Multiply lr by ``drop`` every ``every`` steps: a staircase.

    Intuition: train at one rate until progress stalls, then cut it (often by 10x).

    Rule: ``lr_t = lr * drop ** floor(t / every)``.

    Args:
        lr: the first learning rate, > 0.
        drop: factor in (0, 1], e.g. 0.5 halves lr at every drop.
        every: steps between drops, >= 1.

    Matches ``torch.optim.lr_scheduler.StepLR(step_size=every, gamma=drop)``.

    Example:
        >>> [StepDecay(lr=1.0, drop=0.5, every=2)(t) for t in range(5)]
        [1.0, 1.0, 0.5, 0.5, 0.25]

    Introduced in notebooks/07_more_challenges.
    """

    def __init__(self, lr, drop=0.5, every=10):
        super().__init__(lr)
        self.drop = _factor("drop", drop)
        self.every = whole_number("every", every, 1, "try every=10")

    def _at(self, t):
        return self.lr * self.drop ** (t // self.every)


class ExponentialDecay(Schedule):
    """Shrink lr by the same factor every step: a smooth staircase.

    Rule: ``lr_t = lr * decay ** t`` (PyTorch calls the factor gamma; here gamma would
    clash with the source document's name for the learning rate).

    Args:
        lr: the first learning rate, > 0.
        decay: factor per step in (0, 1], e.g. 0.99 (halves lr about every 69 steps).

    Matches ``torch.optim.lr_scheduler.ExponentialLR(gamma=decay)``.

    Example:
        >>> round(ExponentialDecay(lr=1.0, decay=0.99)(69), 3)
        0.5

    Introduced in notebooks/07_more_challenges.
    """

    def __init__(self, lr, decay=0.99):
        super().__init__(lr)
        self.decay = _factor("decay", decay)

    def _at(self, t):
        return self.lr * self.decay ** t


class InverseTimeDecay(Schedule):
    """Shrink lr like 1/t, the classic schedule of stochastic gradient descent.

    Rule: ``lr_t = lr / (1 + k * t)``.

    Intuition: the steps still add up to infinity (sum of lr_t diverges) while their squares do not,
    the conditions under which Robbins & Monro (1951) showed stochastic gradient steps
    settle at a minimum.

    Args:
        lr: the first learning rate, > 0.
        k: decay rate, > 0 (lr halves at t = 1/k).

    Example:
        >>> InverseTimeDecay(lr=0.5, k=0.1)(10)
        0.25

    References: H. Robbins and S. Monro (1951), "A stochastic approximation method",
    Annals of Mathematical Statistics 22(3). Introduced in notebooks/07_more_challenges.
    """

    def __init__(self, lr, k=0.1):
        super().__init__(lr)
        self.k = positive("k", k, "try k=0.1 (lr halves after 10 steps)")

    def _at(self, t):
        return self.lr / (1.0 + self.k * t)


class WarmupCosine(Schedule):
    """A linear warm-up to ``lr``, then a half cosine down to ``lr_min`` at step ``total``.

    Intuition: the warm-up keeps the first steps small while adaptive methods' running
    averages (and a fresh network's gradients) settle; the cosine spends long at large and
    at small rates and little in between.

    Rule: ``lr_t = lr (t + 1) / warmup`` for t < warmup; after it, with
    ``s = (t - warmup) / (total - warmup)`` (capped at 1),
    ``lr_t = lr_min + (lr - lr_min) (1 + cos(pi s)) / 2``.

    Args:
        lr: the peak learning rate, > 0.
        warmup: warm-up steps, >= 0 (0: start at the peak).
        total: the step at which the cosine reaches lr_min, > warmup.
        lr_min: the final learning rate, in [0, lr].

    Matches ``torch.optim.lr_scheduler.LinearLR`` (start_factor = 1 / warmup) followed by
    ``CosineAnnealingLR(T_max=total - warmup, eta_min=lr_min)``.

    Example:
        >>> s = WarmupCosine(lr=1.0, warmup=4, total=24)
        >>> [s(t) for t in (0, 3, 14, 24)]
        [0.25, 1.0, 0.5, 0.0]

    References: I. Loshchilov and F. Hutter (2017), "SGDR: Stochastic gradient descent
    with warm restarts", ICLR; P. Goyal et al. (2017), "Accurate, large minibatch SGD:
    training ImageNet in 1 hour" (warm-up). Introduced in notebooks/10_adaptive.
    """

    def __init__(self, lr, warmup=10, total=100, lr_min=0.0):
        super().__init__(lr)
        self.warmup = whole_number("warmup", warmup, 0, "try warmup=10")
        self.total = whole_number("total", total, self.warmup + 1,
                                  "total counts all steps and must exceed warmup")
        self.lr_min = non_negative("lr_min", lr_min, "try lr_min=0")
        if self.lr_min > self.lr:
            raise ValueError(f"lr_min must be in [0, lr] = [0, {self.lr}], got {lr_min!r}; "
                             "try lr_min=0")

    def _at(self, t):
        if t < self.warmup:
            return self.lr * (t + 1) / self.warmup
        s = min(1.0, (t - self.warmup) / (self.total - self.warmup))
        return self.lr_min + (self.lr - self.lr_min) * (1 + math.cos(math.pi * s)) / 2


class Scheduled:
    """An optimizer whose update t uses ``schedule(t)`` as its learning rate.

    Rule: update t of the wrapped optimizer runs with ``lr = schedule(t)``, t = 0, 1, ...
    Everything else (state, the update rule, in-place steps) is the wrapped optimizer's.

    Args:
        opt: a course_lib optimizer (its own lr is replaced step by step).
        schedule: a callable t -> lr, e.g. ``ExponentialDecay(lr=0.1, decay=0.99)``.

    Example:
        >>> from course_lib import GradientDescent
        >>> opt = Scheduled(GradientDescent(lr=1.0), InverseTimeDecay(lr=1.0, k=1.0))
        >>> w = np.array([1.0]); _ = opt.step(w, w); opt.step(w, w)   # lr 1, then 1/2
        array([0.])

    Introduced in notebooks/07_more_challenges.
    """

    def __init__(self, opt, schedule):
        if not callable(getattr(opt, "step", None)):
            raise TypeError(f"opt must be an optimizer with a step method, got {opt!r}; "
                            "pass e.g. GradientDescent(lr=0.1)")
        if not callable(schedule):
            raise TypeError(f"schedule must be a callable t -> lr, got {schedule!r}; "
                            "pass e.g. StepDecay(lr=0.1)")
        self.opt, self.schedule = opt, schedule
        self.reset()

    @property
    def name(self):
        return self.opt.name

    @property
    def lr(self):
        """The learning rate the next step will use."""
        return self.schedule(self.t)

    def hyperparameters(self):
        """The wrapped optimizer's settings, with the schedule as its ``lr``."""
        return {**self.opt.hyperparameters(), "lr": self.schedule}

    def reset(self):
        """Start again from t = 0 with the wrapped optimizer's state cleared."""
        self.t = 0
        self.opt.reset()

    def step(self, params, grads):
        """One update of ``params`` in place with lr = schedule(t); returns ``params``."""
        self.opt.lr = positive("schedule(t)", self.schedule(self.t), LR_HINT)
        self.t += 1
        return self.opt.step(params, grads)

    def __repr__(self):
        return f"{self.opt!r} with {self.schedule!r}"


def values(schedule, steps):
    """The learning rates of steps t = 0 .. steps - 1 as an array: a schedule as a curve.

    Args:
        schedule: a callable t -> lr.
        steps: how many steps, >= 1.

    Returns an array of shape (steps,).

    Example:
        >>> values(StepDecay(lr=1.0, drop=0.1, every=2), 4)
        array([1. , 1. , 0.1, 0.1])

    Introduced in notebooks/07_more_challenges.
    """
    return np.array([schedule(t) for t in range(whole_number("steps", steps, 1))])


def _factor(name, value):
    """A decay factor in (0, 1], as a float."""
    value = positive(name, value, "use a factor in (0, 1], e.g. 0.5")
    if value > 1:
        raise ValueError(f"{name} must be in (0, 1], got {value!r}; a factor above 1 "
                         "would grow lr: use e.g. 0.5")
    return value
