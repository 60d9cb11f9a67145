"""Run an optimizer on a surface and keep the whole path.

Introduced in notebooks/04_gradient_descent.
"""

from dataclasses import dataclass

import numpy as np

from ._validate import as_point, positive, whole_number

__all__ = ["Trajectory", "run", "loss_limit", "blew_up"]


def loss_limit(first_loss, max_loss=None):
    """The loss above which a run counts as diverged: ``max_loss``, else 1e6 x max(1, |L_0|).

    The one divergence rule of the course, shared by ``run`` and ``learning.training.train``:
    a run has diverged once its loss is not finite or exceeds this limit (see ``blew_up``).

    Example:
        >>> loss_limit(3.0), loss_limit(1e-4), loss_limit(3.0, max_loss=10.0)
        (3000000.0, 1000000.0, 10.0)
    """
    if max_loss is not None:
        return positive("max_loss", max_loss, "the loss above which a run counts as diverged")
    return 1e6 * max(1.0, abs(float(first_loss)))


def blew_up(loss, limit):
    """True when ``loss`` is not a finite number <= ``limit`` (the run diverged)."""
    return not (np.isfinite(loss) and loss <= limit)


@dataclass
class Trajectory:
    """What a run left behind.

    Attributes:
        path: (n + 1, d) array, the start and every iterate (copies, not aliases).
        losses: (n + 1,) array, the loss at each point of ``path``.
        optimizer: the optimizer's repr, e.g. ``"Momentum(lr=0.1, beta=0.9)"``.
        diverged: True when the run was stopped because the loss blew up.
        message: one sentence saying why it stopped early, or "" when it did not.
    """

    path: np.ndarray
    losses: np.ndarray
    optimizer: str
    diverged: bool = False
    message: str = ""

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

    Each step computes g = f.grad(w) and calls ``opt.step(w, g)``, which moves w in
    place; the path stores a copy of every point. The optimizer is ``reset()`` first, so
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

    Example:
        >>> from course_lib import GradientDescent, Quadratic
        >>> traj = run(GradientDescent(lr=0.1), Quadratic(np.eye(2)), [1.0, 1.0], steps=10)
        >>> traj.path.shape
        (11, 2)
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
    return Trajectory(path[:n + 1].copy(), losses[:n + 1].copy(), repr(opt),
                      diverged=bool(message), message=message)
