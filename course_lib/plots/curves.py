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

from course_lib.optimizers import optimizer_name
from course_lib.plots.colors import optimizer_color
from course_lib.plots.contours import new_ax
from course_lib.stability import lr_limit
from course_lib.trajectory import run

__all__ = ["Sweep", "plot_losses", "plot_lr_sweep"]


@dataclass
class Sweep:
    """What `plot_lr_sweep` computed and drew: one value per learning rate (nan = none)."""
    lrs: np.ndarray
    values: np.ndarray
    diverged: np.ndarray
    line: object


def plot_losses(runs, ax=None, log=True, f_min=None, labels=None):
    """Loss per step for each run; returns the list of Line2D.

    Args: runs a Trajectory, an array of losses, or a list / dict (name -> run) of them;
    log log-scaled y axis (the straight lines of linear convergence); f_min subtract the
    minimum loss, so the curve shows the gap loss - f_min that should go to zero.
    A diverged run ends with a cross.
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

    Without tol: the final loss (log y). With tol: steps until the loss is <= tol (nan
    when never reached). Diverged runs are crosses along the top; on a Quadratic the
    stability limit 2/λ_max of gradient descent is a dashed line. Returns a Sweep.
    Args: optimizer an optimizer class such as GradientDescent; lrs positive values
    (e.g. np.geomspace(1e-3, 1, 20)); start (2,) point; steps >= 1; f_min (without tol)
    subtract the minimum loss, so the sweep shows the gap L(w_T) - L* that should be 0.
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
