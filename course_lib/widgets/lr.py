"""The learning-rate explorer: drag lr and watch gradient descent crawl, glide or blow up.

A control change re-runs only the optimizer and moves the existing artists (see
course_lib.widgets.base for the machinery).

Example (in a notebook):
    >>> from course_lib.widgets import LearningRateExplorer
    >>> explorer = LearningRateExplorer()
    >>> # then `explorer` alone on a cell's last line shows it: drag lr past 2/λ_max
    >>> explorer.lr_slider.value = 1.2; explorer.message
    'Diverged at step ...: lr = 1.2 is above 2/λ_max = 1.'

Introduced in notebooks/04_gradient_descent.
"""

import numpy as np
import ipywidgets as W

from course_lib.gradients import numerical_hessian
from course_lib.optimizers.gradient_descent import GradientDescent
from course_lib.plots.colors import optimizer_color
from course_lib.optimizers.stability import lr_limit
from course_lib.surfaces.classic import Quadratic
from course_lib.optimizers.running import run
from course_lib.widgets.base import Explorer, default_start, log_slider, start_sliders

__all__ = ["LearningRateExplorer"]


class LearningRateExplorer(Explorer):
    """Gradient descent on a surface, with sliders for lr, the start and the number of steps.

    Intuition: too small a learning rate crawls, a good one glides in, and above
    2/λ_max (λ_max = the largest curvature) every step overshoots further than the last:
    the run diverges. On an elongated bowl the steep direction sets that limit while the
    flat direction sets the speed. The message under the picture names what happened.

    Rule (lesson 04's notation): w_{t+1} = w_t - η ∇L(w_t), with η = ``lr``; on a quadratic
    bowl direction i shrinks by |1 - η λ_i| per step, so the run converges iff
    η < 2 / λ_max. On a surface whose curvature changes (not a quadratic) λ_max is taken
    at the global minimum, where the run has to settle; a run that blows up earlier is
    reported with the largest curvature it met on its way.

    Args:
        f: a 2-D surface (default: Quadratic(diag(2, 0.25)), so 2/λ_max = 1).
        lr: the first learning rate, > 0, inside ``lr_range``.
        start: (2,) start point (default: near a corner of f.bounds).
        steps: number of steps, 1..200.
        lr_range: (low, high) of the log-scaled lr slider, 0 < low < high.
        optimizer: a class taking ``lr`` (default GradientDescent).

    Attributes: lr_slider, x_slider, y_slider, steps_slider, fig, ax, ax_loss, paths,
    loss_lines, output, message (also shown in message_label), trajectory.

    Example:
        >>> explorer = LearningRateExplorer(lr=0.5)
        >>> explorer.lr_slider.value = 1.2; explorer.message
        'Diverged at step ...: lr = 1.2 is above 2/λ_max = 1.'

    References: A.-L. Cauchy (1847), "Méthode générale pour la résolution des systèmes
    d'équations simultanées"; J. Nocedal and S. J. Wright (2006), Numerical Optimization,
    chapter 3.

    Introduced in notebooks/04_gradient_descent; used again in 05_challenges.
    """

    def __init__(self, f=None, lr=0.3, start=None, steps=30, lr_range=(1e-3, 2.0),
                 optimizer=GradientDescent):
        f = Quadratic(np.diag([2.0, 0.25])) if f is None else f
        self.optimizer = optimizer
        super().__init__(f, {optimizer.__name__: optimizer_color(optimizer)})
        start = default_start(f) if start is None else np.asarray(start, dtype=float)
        self.lr_slider = log_slider("lr", lr, *lr_range)
        self.x_slider, self.y_slider = start_sliders(f, start)
        self.steps_slider = W.IntSlider(value=steps, min=1, max=200, description="steps",
                                        continuous_update=False)
        self.controls = [self.lr_slider, self.steps_slider, self.x_slider, self.y_slider]
        self._connect()

    @property
    def trajectory(self):
        return self.runs[self.optimizer.__name__]

    def _runs(self):
        opt = self.optimizer(lr=self.lr_slider.value)
        start = [self.x_slider.value, self.y_slider.value]
        return {self.optimizer.__name__: run(opt, self.f, start, steps=self.steps_slider.value)}

    def _describe(self, runs):
        traj, lr = self.trajectory, self.lr_slider.value
        limit = lr_limit(self.f, self.optimizer)
        constant = getattr(self.f, "L", None) is not None     # a quadratic: one curvature
        above = limit is not None and lr > limit
        bound = f"lr = {lr:.3g} is above 2/λ_max = {limit:.3g}" if above else ""
        if traj.diverged and (constant or limit is None):
            return (f"Diverged at step {traj.steps}: "
                    + (f"{bound}." if above else f"lr = {lr:.3g} is too large for this "
                       "surface; try a smaller lr."))
        if traj.diverged:
            # The curvature changes: blame the steep ground the run actually stepped on,
            # not the bottom it never reached.
            lam = _steepest_curvature(self.f, traj.path[:-1])
            return (f"Diverged at step {traj.steps}: the steps landed on steep walls "
                    f"(curvature up to λ = {lam:.3g} along the path, so lr·λ = "
                    f"{lr * lam:.2g} > 2): every step overshot further than the last.")
        if above and constant:
            # Constant curvature (Quadratic, LineFitSurface): above 2/λ_max every run
            # diverges, even when this many steps have not blown the loss up yet.
            return f"Diverging: {bound}."
        if above:
            return (f"{bound} (λ_max: the largest curvature at the global minimum), so "
                    "gradient descent cannot settle there.")
        # The gap to the minimum tells converging learning rates apart (the loss alone
        # looks the same once every run is near the bottom).
        f_min = getattr(self.f, "min_value", None)
        gap = "" if f_min is None else f", {traj.losses[-1] - f_min:.2g} above the minimum"
        return f"lr = {lr:.3g}: loss {traj.losses[-1]:.3g} after {traj.steps} steps{gap}."


def _steepest_curvature(f, points, first=5):
    """The largest Hessian eigenvalue of f over the first few finite points of a path."""
    points = [p for p in np.asarray(points, dtype=float)[:first] if np.all(np.isfinite(p))]
    return max(float(np.linalg.eigvalsh(numerical_hessian(f, p))[-1]) for p in points)
