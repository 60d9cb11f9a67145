"""The batch-size explorer: batch, mini-batch and stochastic gradient descent on real data.

The model is the straight line y_hat = w x + b fitted to the diabetes data (body mass
index against disease progression, both standardized), so its loss L(w, b) is a surface
we can draw. Training runs the course's own loop, `course_lib.learning.training.train`, which
records (w, b) after every update (``record_path=True``). Small batches make many cheap, noisy steps
per epoch; the full batch makes one exact step. The right panel shows the loss on all
examples, L(w, b), at every point of each path (the Trajectory contract: one loss per
point), against epochs: the fair axis, on which both runs have seen as many examples.

Introduced in notebooks/06_gd_variants. Shown with
``from course_lib.widgets import BatchSizeExplorer; BatchSizeExplorer()``.
"""

import math

import numpy as np
import ipywidgets as W

from course_lib._validate import as_point, in_range, whole_number
from course_lib.learning.training import train
from course_lib.optimizers.gradient_descent import GradientDescent
from course_lib.plots.colors import optimizer_color
from course_lib.optimizers.running import Trajectory
from course_lib.widgets.base import Explorer, log_slider

__all__ = ["BatchSizeExplorer"]

REFERENCE = "batch GD (all examples)"


class BatchSizeExplorer(Explorer):
    """Mini-batch gradient descent on L(w, b) of a line fit, with a batch_size slider.

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
        from course_lib.surfaces.line_fit import LineFitSurface
        if x is None or y is None:
            x, y = load_diabetes(feature="bmi")
        f = LineFitSurface(x, y, name="MSE of the line fit y = w x + b")
        self.X, self.y = f.x.reshape(-1, 1), f.y
        batch_size = whole_number("batch_size", batch_size, 1, "1 is SGD, len(x) batch GD",
                                  maximum=len(self.y))
        lr = in_range("lr", lr, 1e-3, 1.0, "the lr slider spans 0.001 to 1")
        epochs = whole_number("epochs", epochs, 1, "the epochs slider spans 1 to 20", 20)
        self.start, self.seed = as_point("start", start, dim=2), seed
        super().__init__(f, {"mini-batch GD": optimizer_color(GradientDescent),
                             REFERENCE: "grey"})
        for artists in self.paths.values():
            artists.line.set_marker("")                  # hundreds of updates: no dots
        reference = self.paths[REFERENCE]
        reference.line.set(ls="--", lw=1.2)
        self.loss_lines[REFERENCE].set(ls="--", lw=1.2)
        self.loss_lines["mini-batch GD"].set(lw=0.8, alpha=0.6)
        self.epoch_line, = self.ax_loss.plot([], [], "o", color="k", ms=4,
                                             label="end of an epoch (mini-batch GD)")
        self.ax_loss.legend(handles=[self.epoch_line], fontsize=8, loc="lower left",
                            framealpha=0.85)
        self.set_legend(self.contours.minima + [p.line for p in self.paths.values()])
        self.ax_loss.set(xlabel="epoch", ylabel="L(w, b) - lowest possible",
                         title="loss on all examples, after every update")
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
        history = train(model, GradientDescent(lr=self.lr_slider.value), (self.X, self.y),
                        batch_size=batch_size, epochs=self.epochs_slider.value,
                        seed=self.seed, record_path=True)
        return history, history.path

    def _runs(self):
        self.history, path = self._train(self.batch_slider.value)
        full, full_path = self._train(len(self.y))
        h = self.history
        # the fair comparison: the loss on all examples after each epoch
        self.epoch_line.set_data(np.arange(len(h.epoch_losses)),
                                 np.maximum(h.epoch_losses - self.f.min_value, 1e-16))
        return {"mini-batch GD": self._trajectory(path, h),
                REFERENCE: self._trajectory(full_path, full)}

    def _loss_curve(self, name, traj):
        """The base class's curve (the gap at every point of the path), x in epochs."""
        updates, gaps = super()._loss_curve(name, traj)
        per_epoch = self.history.updates_per_epoch if name == "mini-batch GD" else 1
        return updates / per_epoch, gaps

    def _trajectory(self, path, history):
        """A Trajectory as run() makes one: losses[t] is L(w, b) at path[t], all examples."""
        with np.errstate(over="ignore", invalid="ignore"):     # a diverged run's last points
            losses = self.f(path.T)
        return Trajectory(path, losses, "GradientDescent", {"lr": self.lr_slider.value},
                          diverged=history.diverged, message=history.message)

    def _describe(self, runs):
        h = self.history
        if h.diverged:
            return h.message
        updates = f"{h.updates_per_epoch} update{'s' if h.updates_per_epoch > 1 else ''}"
        return (f"batch_size = {h.batch_size}: {updates} per epoch; "
                f"after {h.epochs} epochs the loss on all {len(self.y)} examples is "
                f"{h.epoch_losses[-1]:.4f} (lowest possible {self.f.min_value:.4f}).")
