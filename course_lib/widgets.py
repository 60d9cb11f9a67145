"""Interactive explorers: move a slider, watch the optimizer's path and loss curve change.

Each explorer is a small object with its controls as attributes (``lr_slider``,
``beta_slider``, ...), its matplotlib ``fig`` and artists, the last run(s) and a
one-sentence ``message``. Put it last in a notebook cell to show it. A control change
re-runs only the optimizer and moves the *existing* artists (``set_data``, ``.value``):
the contour grid is computed once and the figure is never rebuilt. The figure is drawn
with matplotlib's Agg renderer and shown as a PNG in an ``ipywidgets.Output``, which works
in JupyterLab, classic Notebook, VS Code and saved notebooks without ipympl (see
course_lib.explorer for the machinery, course_lib.race for the optimizer race).

Example (in a notebook):
    >>> from course_lib.widgets import LearningRateExplorer
    >>> explorer = LearningRateExplorer()
    >>> # then `explorer` alone on a cell's last line shows it: drag lr past 2/L
    >>> explorer.lr_slider.value = 1.2; explorer.message
    'Diverged at step ...: lr = 1.2 is above 2/L = 1.'

Introduced in notebooks/04_gradient_descent (learning rate) and 08_momentum (momentum);
the race appears in 09_nesterov and 10_adaptive, the batch-size explorer (course_lib.
batch_explorer) in 06_gd_variants.
"""

import numpy as np
import ipywidgets as W

from course_lib import GradientDescent, Momentum, Quadratic, run
from course_lib.colors import optimizer_color
from course_lib.explorer import (Explorer, _default_start, _gap, _log_slider,
                                 _start_sliders)
from course_lib.plots import lr_limit
from course_lib.race import OptimizerRace
from course_lib.batch_explorer import BatchSizeExplorer

__all__ = ["LearningRateExplorer", "MomentumExplorer", "OptimizerRace", "BatchSizeExplorer"]


class LearningRateExplorer(Explorer):
    """Gradient descent w <- w - lr grad f(w) on a surface, with lr, start and steps sliders.

    Intuition: too small a learning rate crawls, a good one glides in, and above 2/L
    (L = the largest curvature) every step overshoots further than the last: the run
    diverges. The explorer names that limit (on surfaces other than a Quadratic, L is
    the curvature at the minimum, so the limit says where GD can settle).

    Args: f a 2-D surface (default: Quadratic(diag(2, 0.25)), so 2/L = 1); lr the first
    learning rate (> 0); start (2,) point (default: near a corner of f.bounds); steps 1..200;
    lr_range (low, high) of the lr slider; optimizer a class taking lr (default
    GradientDescent).
    Attributes: lr_slider, x_slider, y_slider, steps_slider, fig, ax, ax_loss, paths,
    loss_lines, output, message (also shown in message_label), trajectory.
    """

    def __init__(self, f=None, lr=0.3, start=None, steps=30, lr_range=(1e-3, 2.0),
                 optimizer=GradientDescent):
        f = Quadratic(np.diag([2.0, 0.25])) if f is None else f
        self.optimizer = optimizer
        super().__init__(f, {optimizer.__name__: optimizer_color(optimizer)})
        start = _default_start(f) if start is None else np.asarray(start, dtype=float)
        self.lr_slider = _log_slider("lr", lr, *lr_range)
        self.x_slider, self.y_slider = _start_sliders(f, start)
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
        above = limit is not None and lr > limit
        bound = f"lr = {lr:.3g} is above 2/L = {limit:.3g}" if above else ""
        if traj.diverged:
            return (f"Diverged at step {traj.steps}: "
                    + (f"{bound}." if above else f"lr = {lr:.3g} is too large for this "
                       "surface; try a smaller lr."))
        if above and getattr(self.f, "L", None) is not None:
            # Constant curvature (Quadratic, LineFitSurface): above 2/L every run diverges,
            # even when this many steps have not blown the loss up yet.
            return f"Diverging: {bound}."
        if above:
            return (f"{bound} (L: the largest curvature at the global minimum), so gradient "
                    "descent cannot settle there.")
        # The gap to the minimum tells converging learning rates apart (the loss alone
        # looks the same once every run is near the bottom).
        f_min = getattr(self.f, "min_value", None)
        gap = "" if f_min is None else f", {traj.losses[-1] - f_min:.2g} above the minimum"
        return f"lr = {lr:.3g}: loss {traj.losses[-1]:.3g} after {traj.steps} steps{gap}."


class MomentumExplorer(Explorer):
    """Momentum v <- beta v + lr grad, w <- w - v next to plain gradient descent (same lr).

    Intuition: the velocity v remembers past gradients, so steps that agree add up (fast
    along a ravine floor) and steps that flip sign cancel out; too much beta overshoots and
    spirals. On a Quadratic heavy-ball momentum is stable for lr < 2 (1 + beta) / L.

    Args: f a 2-D surface (default: the ravine Quadratic(diag(2, 0.05)), kappa = 40);
    lr (> 0), beta in [0, 0.99]; start (2,) point; steps 1..300; lr_range of the lr slider.
    Attributes: lr_slider, beta_slider, x_slider, y_slider, steps_slider, fig, paths
    ("Momentum", "GradientDescent"), loss_lines, message, runs.
    Reference: B. T. Polyak (1964), "Some methods of speeding up the convergence of
    iteration methods", USSR Computational Mathematics and Mathematical Physics 4(5).
    """

    def __init__(self, f=None, lr=0.3, beta=0.8, start=None, steps=60,
                 lr_range=(1e-3, 4.0)):
        f = Quadratic(np.diag([2.0, 0.05])) if f is None else f
        super().__init__(f, {"GradientDescent": optimizer_color(GradientDescent),
                             "Momentum": optimizer_color(Momentum)})
        start = _default_start(f) if start is None else np.asarray(start, dtype=float)
        self.lr_slider = _log_slider("lr", lr, *lr_range)
        self.beta_slider = W.FloatSlider(value=beta, min=0.0, max=0.99, step=0.01,
                                         description="beta", continuous_update=False)
        self.x_slider, self.y_slider = _start_sliders(f, start)
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
                return (f"{where}: lr = {lr:.3g} is above 2(1 + beta)/L = {limit:.3g} "
                        f"for beta = {beta:.2f}.")
            return f"{where}: lr = {lr:.3g} with beta = {beta:.2f} is too large."
        gd = runs["GradientDescent"]
        gd_text = "diverged" if gd.diverged else f"{_gap(self.f, gd):.3g}"
        return (f"After {traj.steps} steps the loss gap is {_gap(self.f, traj):.3g} with "
                f"momentum (beta = {beta:.2f}), {gd_text} without.")
