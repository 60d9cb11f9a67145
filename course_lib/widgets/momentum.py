"""The momentum explorer: heavy-ball momentum beside plain gradient descent, same lr.

Example (in a notebook):
    >>> from course_lib.widgets import MomentumExplorer
    >>> explorer = MomentumExplorer()
    >>> explorer.beta_slider.value = 0.0; explorer.message.startswith("After")
    True

Introduced in notebooks/08_momentum.
"""

import numpy as np
import ipywidgets as W

from course_lib.optimizers.gradient_descent import GradientDescent
from course_lib.optimizers.momentum import Momentum
from course_lib.plots.colors import optimizer_color
from course_lib.optimizers.stability import lr_limit
from course_lib.surfaces.classic import Quadratic
from course_lib.optimizers.running import run
from course_lib.widgets.base import (Explorer, default_start, log_slider, loss_gap,
                                    start_sliders)

__all__ = ["MomentumExplorer"]


class MomentumExplorer(Explorer):
    """Heavy-ball momentum beside plain gradient descent with the same lr, with sliders.

    Intuition: the velocity v remembers past gradients, so steps that agree add up (fast
    along a ravine floor) and steps that flip sign cancel out; too much β overshoots and
    spirals.

    Rule (lesson 08's notation): v_t = β v_{t-1} + η ∇L(w_{t-1}), w_t = w_{t-1} - v_t, with
    η = ``lr`` and β = ``beta``; on a quadratic it is stable iff η < 2 (1 + β) / λ_max.

    Args:
        f: a 2-D surface (default: the ravine Quadratic(diag(2, 0.05)), κ = 40).
        lr: learning rate, > 0, inside ``lr_range``.
        beta: momentum coefficient in [0, 0.99].
        start: (2,) start point (default: near a corner of f.bounds).
        steps: number of steps, 1..300.
        lr_range: (low, high) of the log-scaled lr slider, 0 < low < high.

    Attributes: lr_slider, beta_slider, x_slider, y_slider, steps_slider, fig, paths
    ("Momentum", "GradientDescent"), loss_lines, message, runs.

    Example:
        >>> explorer = MomentumExplorer(lr=0.3, beta=0.5)
        >>> explorer.lr_slider.value = 1.6; explorer.message
        'Diverged at step ...: lr = 1.6 is above 2(1 + β)/λ_max = 1.5 for β = 0.50.'

    References: B. T. Polyak (1964), "Some methods of speeding up the convergence of
    iteration methods", USSR Computational Mathematics and Mathematical Physics 4(5).

    Introduced in notebooks/08_momentum.
    """

    def __init__(self, f=None, lr=0.3, beta=0.8, start=None, steps=60,
                 lr_range=(1e-3, 4.0)):
        f = Quadratic(np.diag([2.0, 0.05])) if f is None else f
        super().__init__(f, {"GradientDescent": optimizer_color(GradientDescent),
                             "Momentum": optimizer_color(Momentum)})
        start = default_start(f) if start is None else np.asarray(start, dtype=float)
        self.lr_slider = log_slider("lr", lr, *lr_range)
        self.beta_slider = W.FloatSlider(value=beta, min=0.0, max=0.99, step=0.01,
                                         description="beta", continuous_update=False)
        self.x_slider, self.y_slider = start_sliders(f, start)
        self.steps_slider = W.IntSlider(value=steps, min=1, max=300, description="steps",
                                        continuous_update=False)
        self.controls = [self.lr_slider, self.beta_slider, self.x_slider, self.y_slider,
                         self.steps_slider]
        self._connect()

    def _runs(self):
        lr, beta = self.lr_slider.value, self.beta_slider.value
        start, steps = [self.x_slider.value, self.y_slider.value], self.steps_slider.value
        return {"GradientDescent": run(GradientDescent(lr=lr), self.f, start, steps=steps),
                "Momentum": run(Momentum(lr=lr, beta=beta), self.f, start, steps=steps)}

    def _describe(self, runs):
        lr, beta = self.lr_slider.value, self.beta_slider.value
        traj, limit = runs["Momentum"], lr_limit(self.f, Momentum, beta)
        if traj.diverged or (limit is not None and lr > limit):
            where = f"Diverged at step {traj.steps}" if traj.diverged else "Diverging"
            if limit is not None:
                return (f"{where}: lr = {lr:.3g} is above 2(1 + β)/λ_max = {limit:.3g} "
                        f"for β = {beta:.2f}.")
            return f"{where}: lr = {lr:.3g} with β = {beta:.2f} is too large."
        gd = runs["GradientDescent"]
        gd_text = "diverged" if gd.diverged else f"{loss_gap(self.f, gd):.3g}"
        return (f"After {traj.steps} steps the loss gap is {loss_gap(self.f, traj):.3g} with "
                f"momentum (β = {beta:.2f}), {gd_text} without.")
