"""The batch-size explorer: batch, mini-batch and stochastic gradient descent on real data.

The model is the straight line y_hat = w x + b fitted to the diabetes data (body mass
index against disease progression, both standardized), so its loss J(w, b) is a surface
we can draw. Training runs the course's own loop, `course_lib.learning.training.train`, and the
explorer records (w, b) after every update. Small batches make many cheap, noisy steps
per epoch; the full batch makes one exact step.

Introduced in notebooks/06_gd_variants. Shown with
``from course_lib.widgets import BatchSizeExplorer; BatchSizeExplorer()``.
"""

import math

import numpy as np
import ipywidgets as W

from course_lib.learning.training import train
from course_lib.optimizers import GradientDescent
from course_lib.plots.colors import optimizer_color
from course_lib.trajectory import Trajectory
from course_lib.widgets.base import Explorer, log_slider

__all__ = ["BatchSizeExplorer"]

REFERENCE = "batch GD (all examples)"


class _PathRecorder:
    """Wraps an optimizer and keeps (w, b) after each step; train() sees the optimizer."""

    def __init__(self, optimizer):
        self.optimizer, self.points = optimizer, []

    def reset(self):
        self.optimizer.reset()

    def step(self, params, grads):
        self.optimizer.step(params, grads)
        self.points.append([params[0][0], params[1][0]])
        return params

    def __repr__(self):
        return repr(self.optimizer)


class BatchSizeExplorer(Explorer):
    """Mini-batch gradient descent on J(w, b) of a line fit, with a batch_size slider.

    Intuition: each update uses the gradient of a random batch, an estimate of the full
    gradient; fewer examples give a noisier estimate but more updates per epoch. The
    dashed grey path is batch GD (one update per epoch) for comparison.

    Rule per update: (w, b) <- (w, b) - lr grad J_batch(w, b), ceil(n / batch_size)
    updates per epoch, batches reshuffled every epoch (seeded: same seed, same run).

    Args: x, y 1-D data (default: diabetes bmi vs progression, standardized); lr (> 0);
    batch_size in 1..n (the slider offers powers of two and n); epochs 1..20; start
    (w, b) (default (-1, 1.5)); seed for the shuffling.
    Attributes: batch_slider, lr_slider, epochs_slider, history (the train() History of
    the mini-batch run), paths, loss_lines, epoch_line, message, fig.
    Reference: Bottou, Curtis & Nocedal (2018), "Optimization methods for large-scale
    machine learning", SIAM Review 60(2).
    """

    def __init__(self, x=None, y=None, lr=0.05, batch_size=16, epochs=3, start=(-1.0, 1.5),
                 seed=0):
        from course_lib.data import load_diabetes
        from course_lib.line_fit import LineFitSurface
        if x is None or y is None:
            x, y = load_diabetes(feature="bmi")
        self.X, self.y = np.asarray(x, dtype=float).reshape(-1, 1), np.asarray(y, dtype=float)
        self.start, self.seed = np.asarray(start, dtype=float), seed
        f = LineFitSurface(self.X[:, 0], self.y, name="MSE of the line fit y = w x + b")
        super().__init__(f, {"mini-batch GD": optimizer_color(GradientDescent),
                             REFERENCE: "#777777"})
        for artists in self.paths.values():
            artists.line.set_marker("")                  # hundreds of updates: no dots
        reference = self.paths[REFERENCE]
        reference.line.set(ls="--", lw=1.2)
        self.loss_lines[REFERENCE].set(ls="--", lw=1.2)
        self.loss_lines["mini-batch GD"].set(lw=0.8, alpha=0.6)
        self.epoch_line, = self.ax_loss.plot([], [], "o-", color="k", ms=4, lw=1,
                                             label="whole training set, per epoch")
        self.ax_loss.axhline(f.min_value, color="k", ls=":", lw=1, label="lowest possible")
        self.ax_loss.legend(handles=[self.epoch_line] + self.ax_loss.lines[-1:], fontsize=8,
                            loc="upper right", framealpha=0.85)
        self.set_legend(self.contours.minima + [p.line for p in self.paths.values()])
        self.ax_loss.set(xlabel="epoch", ylabel="loss (MSE)", title="loss per update")
        self.ax.set(xlabel="slope w", ylabel="intercept b")
        n = len(self.y)
        sizes = sorted({2 ** k for k in range(int(math.log2(n)) + 1)} | {batch_size, n})
        self.batch_slider = W.SelectionSlider(options=sizes, value=batch_size,
                                              description="batch_size",
                                              continuous_update=False)
        self.lr_slider = log_slider("lr", lr, 1e-3, 1.0)
        self.epochs_slider = W.IntSlider(value=epochs, min=1, max=20, description="epochs",
                                         continuous_update=False)
        self.controls = [self.batch_slider, self.lr_slider, self.epochs_slider]
        self._connect()

    def _train(self, batch_size):
        """Train the line from the start; return (History, path of (w, b) per update)."""
        from course_lib.learning.models import LinearRegression
        model = LinearRegression(n_features=1)
        model.params[0][:], model.params[1][:] = self.start
        recorder = _PathRecorder(GradientDescent(lr=self.lr_slider.value))
        history = train(model, recorder, (self.X, self.y), batch_size=batch_size,
                        epochs=self.epochs_slider.value, seed=self.seed)
        return history, np.array([self.start] + recorder.points)

    def _runs(self):
        self.history, path = self._train(self.batch_slider.value)
        full, full_path = self._train(len(self.y))
        self._histories = {"mini-batch GD": self.history, REFERENCE: full}
        # the fair comparison: the loss on all examples after each epoch
        self.epoch_line.set_data(np.arange(len(self.history.epoch_losses)),
                                 self.history.epoch_losses)
        return {name: Trajectory(p, h.losses, h.optimizer, h.diverged, h.message)
                for name, p, h in [("mini-batch GD", path, self.history),
                                   (REFERENCE, full_path, full)]}

    def _loss_curve(self, name, traj):
        """Batch loss before update k (k = 0, 1, ...) at epoch k / updates_per_epoch."""
        history = self._histories[name]
        return np.arange(len(history.losses)) / history.updates_per_epoch, history.losses

    def _describe(self, runs):
        h = self.history
        if h.diverged:
            return h.message
        updates = f"{h.updates_per_epoch} update{'s' if h.updates_per_epoch > 1 else ''}"
        return (f"batch_size = {h.batch_size}: {updates} per epoch; "
                f"after {h.epochs} epochs the loss on all {len(self.y)} examples is "
                f"{h.epoch_losses[-1]:.4f} (lowest possible {self.f.min_value:.4f}).")
