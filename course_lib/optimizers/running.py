"""Run an optimizer on a surface and keep the whole path.

Example:
    >>> from course_lib.optimizers import GradientDescent
    >>> from course_lib.surfaces import Quadratic
    >>> traj = run(GradientDescent(lr=1.2), Quadratic(np.eye(2)), [1.0, 1.0], steps=10)
    >>> traj.losses.round(3).tolist()[:3], traj.diverged     # |1 - lr| < 1: it converges
    ([1.0, 0.04, 0.002], False)

Introduced in notebooks/04_gradient_descent.
"""

from dataclasses import dataclass, field

import numpy as np

from .._validate import as_point, positive, shaped, whole_number

__all__ = ["Trajectory", "run", "described", "steps_to", "loss_limit", "blew_up"]


def loss_limit(first_loss, max_loss=None):
    """The loss above which a run counts as diverged: ``max_loss``, else 1e6 x max(1, |L_0|).

    Intuition: a run whose loss has grown a million-fold will not come back; stopping
    there says so in one sentence instead of a screen of overflow warnings.

    Rule: the one divergence rule of the course, shared by ``run`` and
    ``learning.training.train``: with L_0 the starting loss, a run has diverged once its
    loss is not finite or exceeds max_loss (default 1e6 max(1, |L_0|)); see ``blew_up``.

    Args:
        first_loss: L_0, the loss at the start.
        max_loss: None for the default, a number > 0, or ``np.inf`` (stop only when
            the loss is no longer a finite number).

    Returns: the limit, a float.

    Example:
        >>> loss_limit(3.0), loss_limit(1e-4), loss_limit(3.0, max_loss=10.0)
        (3000000.0, 1000000.0, 10.0)

    Introduced in notebooks/04_gradient_descent.
    """
    if max_loss == np.inf:
        return max_loss                 # only a non-finite loss stops the run
    if max_loss is not None:
        return positive("max_loss", max_loss, "the loss above which a run counts as diverged")
    return 1e6 * max(1.0, abs(float(first_loss)))


def blew_up(loss, limit):
    """True when ``loss`` is not a finite number <= ``limit``: the run diverged.

    Args:
        loss: the latest loss. limit: from ``loss_limit``.

    Returns: a bool.

    Example:
        >>> blew_up(float("nan"), 10.0), blew_up(20.0, 10.0), blew_up(5.0, 10.0)
        (True, True, False)

    Introduced in notebooks/04_gradient_descent.
    """
    return not (np.isfinite(loss) and loss <= limit)


@dataclass
class Trajectory:
    """What a run left behind: the path w_0, w_1, ..., w_n and the loss at each point.

    Intuition: a run is a list of points and their heights; plots, claim checks and the
    widgets all read the same two arrays.

    Rule (the contract): ``losses[t] = L(path[t])`` for t = 0..n, so both have n + 1
    entries; checked when the Trajectory is made.

    Args:
        path: (n + 1, d) array, the start and every iterate (copies, not aliases).
        losses: (n + 1,) array, the loss at each point of ``path``.
        optimizer_name: the optimizer's name, e.g. ``"Momentum"`` (plots take its colour
            and label from it).
        hyperparameters: its settings, e.g. ``{"lr": 0.1, "beta": 0.9}``.
        diverged: True when the run was stopped because the loss blew up.
        message: one sentence saying why it stopped early, or "" when it did not.

    ``traj.optimizer`` is the same as text, ``"Momentum(lr=0.1, beta=0.9)"``.

    Example:
        >>> traj = Trajectory(np.array([[1.0], [0.5]]), np.array([1.0, 0.25]),
        ...                   "GradientDescent", {"lr": 0.75})
        >>> traj.steps, traj.first_below(0.5), traj.optimizer
        (1, 1, 'GradientDescent(lr=0.75)')

    Introduced in notebooks/04_gradient_descent.
    """

    path: np.ndarray
    losses: np.ndarray
    optimizer_name: str
    hyperparameters: dict = field(default_factory=dict)
    diverged: bool = False
    message: str = ""

    def __post_init__(self):
        n = len(self.path)
        self.losses = shaped("losses", self.losses, (n,), "one loss per point of path: "
                             "losses[t] is the loss at path[t]")

    @property
    def optimizer(self):
        """The optimizer as text, like its repr: ``"Momentum(lr=0.1, beta=0.9)"``."""
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters.items())
        return f"{self.optimizer_name}({args})"

    @property
    def final(self):
        """The last point reached."""
        return self.path[-1]

    @property
    def steps(self):
        """How many updates were made."""
        return len(self.path) - 1

    def first_below(self, threshold):
        """The first step t with ``losses[t] <= threshold``, or None if never."""
        hits = np.flatnonzero(self.losses <= threshold)
        return int(hits[0]) if hits.size else None


def run(opt, f, start, steps=100, max_loss=None):
    """Run ``opt`` on surface ``f`` from ``start`` for ``steps`` updates; return the path.

    Intuition: the optimizer only ever sees the gradient at its current point; recording
    every point and its loss turns that walk into a path to plot and a curve to read.

    Rule: for t = 1..steps, g = f.grad(w) and ``opt.step(w, g)`` moves w in place
    (e.g. w <- w - lr g for GradientDescent); the path stores a copy of every point. The optimizer is ``reset()`` first, so
    every run starts from zero velocity and step count.

    The run stops early, with ``diverged=True`` and a one-sentence ``message``, when the
    loss becomes non-finite or exceeds ``max_loss`` (default: 1e6 times the starting
    loss's size, at least 1e6): the learning rate is too large for this surface.

    Args:
        opt: any course_lib optimizer.
        f: a surface (callable with ``.grad``).
        start: the starting point, e.g. ``[-1.5, 2.0]``.
        steps: number of updates, >= 0.
        max_loss: loss above which the run counts as diverged.

    Returns: a Trajectory (path (steps + 1, d), losses (steps + 1,); fewer rows when the
    run stopped early).

    Example:
        >>> from course_lib import GradientDescent, Quadratic
        >>> traj = run(GradientDescent(lr=0.1), Quadratic(np.eye(2)), [1.0, 1.0], steps=10)
        >>> traj.path.shape
        (11, 2)

    Introduced in notebooks/04_gradient_descent.
    """
    steps = whole_number("steps", steps, 0)
    w = as_point("start", start)
    opt.reset()
    path = np.empty((steps + 1, w.size))
    losses = np.empty(steps + 1)
    path[0], losses[0] = w, f(w)
    limit = loss_limit(losses[0], max_loss)
    message = ""
    n = steps
    # Inside the errstate, overflow gives inf/nan quietly; we check and stop instead.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for t in range(1, steps + 1):
            opt.step(w, f.grad(w))
            path[t], losses[t] = w, f(w)
            if blew_up(losses[t], limit) or not np.all(np.isfinite(w)):
                n = t
                message = (f"Diverged at step {t}: the loss grew from {losses[0]:.3g} to "
                           f"{losses[t]:.3g}; {opt!r} steps too far for this surface, so "
                           f"try a smaller lr.")
                break
    return Trajectory(path[:n + 1].copy(), losses[:n + 1].copy(), *described(opt),
                      diverged=bool(message), message=message)


def described(opt):
    """(name, hyperparameters) of an optimizer, for the record a run leaves behind.

    Args:
        opt: a course_lib optimizer (or anything with ``step``; its class name is used
            when it has no ``name`` or ``hyperparameters()``).

    Returns: a (str, dict) pair, e.g. ``("Momentum", {"lr": 0.1, "beta": 0.9})``.

    Example:
        >>> from course_lib.optimizers import Momentum
        >>> described(Momentum(lr=0.1))
        ('Momentum', {'lr': 0.1, 'beta': 0.9})

    Introduced in notebooks/04_gradient_descent.
    """
    name = getattr(opt, "name", None) or type(opt).__name__
    settings = opt.hyperparameters() if callable(getattr(opt, "hyperparameters", None)) else {}
    return name, dict(settings)


def steps_to(traj, tol=1e-6, minimum=None):
    """How many steps a run needs to get within ``tol`` of the minimum, relative to its start.

    Intuition: "how fast" is best counted in steps to a fixed relative accuracy: the same
    question for every optimizer, whatever the start.

    Rule: the first t with ||w_t - w*|| <= tol ||w_0 - w*||, where w* = ``minimum``
    (default: the origin, the minimum of the course's quadratics).

    Args:
        traj: a Trajectory (or its (n + 1, d) path array).
        tol: relative accuracy, > 0, e.g. 1e-6 (a millionth of the start's distance).
        minimum: the minimizer w*, e.g. ``f.minima[0]`` (default: zeros).

    Returns: the step t as an int, or None if the run never got that close.

    Example:
        >>> from course_lib.optimizers import GradientDescent
        >>> from course_lib.surfaces import Quadratic
        >>> traj = run(GradientDescent(lr=0.5), Quadratic(np.eye(2)), [1.0, 1.0], steps=30)
        >>> steps_to(traj, tol=1e-3)               # each step halves the distance: 2^-10
        10

    Introduced in notebooks/08_momentum; used again in 09_nesterov.
    """
    path = np.asarray(getattr(traj, "path", traj), dtype=float)
    tol = positive("tol", tol, "a relative accuracy such as 1e-6")
    w_star = np.zeros(path.shape[1]) if minimum is None else as_point("minimum", minimum,
                                                                         dim=path.shape[1])
    distance = np.linalg.norm(path - w_star, axis=1)
    hits = np.flatnonzero(distance <= tol * distance[0])
    return int(hits[0]) if hits.size else None
