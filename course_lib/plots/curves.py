"""Loss curves and learning-rate sweeps: how fast, and whether, the loss goes down.

A log-scaled loss axis turns linear convergence (the gap shrinking by a constant factor
per step) into a straight line, so slopes can be compared by eye. A sweep over lr on a log
axis shows the three regimes of lesson 04: too small (slow), right, too large (diverges),
with the stability limit 2/λ_max drawn where the surface knows its largest curvature λ_max.

Example:
    >>> from course_lib import GradientDescent, Quadratic
    >>> f = Quadratic(np.diag([2.0, 0.25]))
    >>> sweep = plot_lr_sweep(f, GradientDescent, np.geomspace(1e-2, 1.5, 15), [2.5, 2.5])

Introduced in notebooks/04_gradient_descent; used in every later lesson.
"""

from dataclasses import dataclass

import numpy as np

from course_lib.optimizers.base import optimizer_name
from course_lib.plots.colors import optimizer_color
from course_lib.plots.contours import new_ax
from course_lib.optimizers.stability import lr_limit
from course_lib.optimizers.running import run

__all__ = ["Sweep", "plot_losses", "plot_lr_sweep", "plot_spread"]


@dataclass
class Sweep:
    """What `plot_lr_sweep` computed and drew: one value per learning rate (nan = none)."""
    lrs: np.ndarray
    values: np.ndarray
    diverged: np.ndarray
    line: object


def plot_losses(runs, ax=None, log=True, f_min=None, labels=None):
    """Loss per step for each run; returns the list of Line2D.

    Intuition: a log-scaled y axis turns linear convergence (the gap shrinking by a fixed
    factor per step) into a straight line, so speeds compare by eye. Subtracting the
    minimum shows the gap that should go to zero, not a curve that flattens at L*.

    Rule: plots L(w_t) - f_min against the step t, for t = 0..T.

    Args:
        runs: a Trajectory, an array of losses, or a list / dict (name -> run) of them.
        ax: axes to draw on, or None for a new figure.
        log: log-scaled y axis.
        f_min: the minimum loss L* to subtract (e.g. f.min_value), or None.
        labels: legend names (default: optimizer names; dict keys for a dict).

    Returns: one Line2D per run; a diverged run ends with a cross.

    Example:
        >>> lines = plot_losses({"halving": [4.0, 2.0, 1.0]}, log=False)
        >>> [float(v) for v in lines[0].get_ydata()]
        [4.0, 2.0, 1.0]

    Introduced in notebooks/04_gradient_descent; used in every later lesson.
    """
    ax = new_ax(ax, figsize=(5.5, 4.0))
    if isinstance(runs, dict):
        labels, runs = list(runs), list(runs.values())
    elif hasattr(runs, "losses") or not isinstance(runs, (list, tuple)) or all(
            np.isscalar(r) for r in runs):
        runs = [runs]                                  # one run, not a list of runs
    labels = labels or [None] * len(runs)
    drawn = []
    for run_, label in zip(runs, labels):
        losses = np.asarray(getattr(run_, "losses", run_), dtype=float) - (f_min or 0.0)
        if log and np.all(losses[np.isfinite(losses)] <= 0):
            raise ValueError("log=True needs positive losses; pass f_min=f(f.minima[0]) "
                             "(the gap to the minimum) or log=False")
        is_traj = hasattr(run_, "losses")
        color = optimizer_color(run_) if is_traj else None
        label = label or (optimizer_name(run_) if is_traj else None)
        line, = ax.plot(np.arange(len(losses)), losses, color=color, lw=1.8, label=label)
        if getattr(run_, "diverged", False):
            ax.plot(len(losses) - 1, losses[-1], "x", color=line.get_color(), ms=10, mew=2)
        drawn.append(line)
    if log:
        ax.set_yscale("log")
    ax.set(xlabel="step", ylabel="loss - minimum" if f_min is not None else "loss")
    if any(line.get_label() and not line.get_label().startswith("_") for line in drawn):
        ax.legend(fontsize=8)
    return drawn


def plot_lr_sweep(f, optimizer, lrs, start, steps=100, tol=None, ax=None, f_min=None,
                  **opt_kwargs):
    """Run `optimizer(lr=..., **opt_kwargs)` for every lr and plot the outcome against lr.

    Intuition: one run per learning rate shows the three regimes of lesson 04 at once:
    too small (slow), about right, too large (diverges past a cliff).

    Rule: for each η in lrs, run T = steps steps from w_0 = start and plot L(w_T) - f_min
    (log y), or with tol the first step t with L(w_t) <= tol. On a surface with known
    curvature the limit 2/λ_max of gradient descent (2(1 + β)/λ_max for momentum) is a
    dashed line.

    Args:
        f: a 2-D surface.
        optimizer: an optimizer class such as GradientDescent.
        lrs: positive learning rates (e.g. np.geomspace(1e-3, 1, 20)).
        start: (2,) start point.
        steps: steps per run, >= 1.
        tol: loss to reach (then the y value is the step count; nan when never reached).
        ax: axes to draw on, or None for a new figure.
        f_min: (without tol) the minimum loss to subtract, so the sweep shows the gap.
        **opt_kwargs: further optimizer arguments, e.g. beta=0.9.

    Returns: a Sweep (lrs, values, diverged, line); diverged runs are crosses along the top.

    Example:
        >>> from course_lib import GradientDescent, Quadratic
        >>> sweep = plot_lr_sweep(Quadratic(np.diag([2.0, 0.25])), GradientDescent,
        ...                       [0.1, 1.5], [2.5, 2.5], steps=20)
        >>> sweep.diverged.tolist()
        [False, True]

    Introduced in notebooks/04_gradient_descent.
    """
    ax = new_ax(ax, figsize=(5.5, 4.0))
    lrs = np.asarray(lrs, dtype=float)
    values, diverged = np.full(len(lrs), np.nan), np.zeros(len(lrs), dtype=bool)
    for i, lr in enumerate(lrs):
        traj = run(optimizer(lr=lr, **opt_kwargs), f, start, steps=steps)
        diverged[i] = traj.diverged
        if not traj.diverged:
            hit = traj.first_below(tol) if tol is not None else None
            values[i] = traj.losses[-1] - (f_min or 0.0) if tol is None else (
                np.nan if hit is None else hit)
    color = optimizer_color(optimizer)
    line, = ax.plot(lrs, values, "o-", color=color, label=optimizer_name(optimizer))
    if diverged.any():
        ax.plot(lrs[diverged], np.full(diverged.sum(), 0.96), "x", color=color, ms=9, mew=2,
                transform=ax.get_xaxis_transform(), label="diverged")
    limit = lr_limit(f, optimizer, opt_kwargs.get("beta"))
    if limit is not None:
        ax.axvline(limit, ls="--", color="grey", label=f"2/λ_max = {limit:.3g}"
                   if optimizer_name(optimizer) == "GradientDescent" else f"limit {limit:.3g}")
    ax.set_xscale("log")
    if tol is None:
        ax.set_yscale("log")
    ax.set(xlabel="learning rate lr",
           ylabel=(f"steps to loss <= {tol:g}" if tol is not None else
                   f"final loss{' - minimum' if f_min is not None else ''} after {steps} steps"))
    ax.legend(fontsize=8)
    return Sweep(lrs, values, diverged, line)


def plot_spread(x, values, ax=None, color=None, label=None, log=False):
    """A quantity measured over several seeds: its mean as a line, its range as a band.

    Args:
        x: (n,) where each column of `values` was measured (epochs, seconds, ...).
        values: (seeds, n) one row per seed.
        ax: axes (a new figure when None). color, label: of the line; log: log y axis.

    Returns: (Line2D of the mean, the band's PolyCollection from the lowest to the highest
    seed).

    Example:
        >>> line, band = plot_spread([0, 1, 2], [[3, 2, 1], [3, 1, 0.5]])
        >>> line.get_ydata().tolist()
        [3.0, 1.5, 0.75]

    Introduced in notebooks/10_adaptive.
    """
    ax = new_ax(ax)
    values = np.asarray(values, dtype=float)
    line, = ax.plot(x, values.mean(axis=0), color=color, lw=2, label=label)
    band = ax.fill_between(x, values.min(axis=0), values.max(axis=0), color=line.get_color(),
                           alpha=0.2, lw=0)
    if log:
        ax.set_yscale("log")
    return line, band
