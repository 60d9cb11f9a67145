"""The optimizer race: several optimizers, one surface, one start, each in its colour.

Introduced in notebooks/09_nesterov; used again in 10_adaptive. Shown with
``from course_lib.widgets import OptimizerRace; OptimizerRace("Rosenbrock")``.
"""

import ipywidgets as W

from course_lib._validate import one_of
from course_lib.plots.colors import optimizer_color
from course_lib.plots.contours import plot_contours
from course_lib.surfaces.races import RACES, RUNNERS
from course_lib.widgets.base import (Explorer, equal_aspect, log_slider, loss_gap,
                                    start_sliders)

__all__ = ["OptimizerRace"]


def _set_range(slider, low, high, value):
    """Give a slider a new range and value without ever holding an invalid state."""
    slider.min, slider.max = min(slider.min, low), max(slider.max, high)
    slider.value = value
    slider.min, slider.max = low, high
    slider.step = (high - low) / 100


class OptimizerRace(Explorer):
    """Several optimizers from one start on one surface, each in its course colour.

    Intuition: the same surface treats optimizers very differently: momentum rolls through
    ravines, adaptive methods rescale each coordinate, plain gradient descent crawls on
    plateaus. Each optimizer runs at its best learning rate for that surface, found by a
    sweep (`course_lib.surfaces.races.RACES`); the "lr x" slider scales all of them together.

    Rule: every optimizer takes its own update (lessons 04, 08-10) with
    η = (its lr for the surface) x (the "lr x" slider), from the same start w_0.

    Args:
        surface: a race in ``RACES``: "ravine", "Rosenbrock", "Rosenbrock, classic start",
            "Beale", "Himmelblau", "saddle", "two wells", "plateau" (also a dropdown).
        optimizers: class names to show (default: all six).

    Attributes: races (``RACES``), surface_dropdown, optimizer_boxes {name: Checkbox},
    x_slider, y_slider, steps_slider, lr_scale_slider, runs {name: Trajectory}, message,
    fig, paths.

    Example:
        >>> race = OptimizerRace("ravine", optimizers=["GradientDescent", "Momentum"])
        >>> sorted(race.runs)
        ['GradientDescent', 'Momentum']

    References: B. T. Polyak (1964); Y. Nesterov (1983); D. P. Kingma and J. Ba (2015),
    "Adam: a method for stochastic optimization", ICLR.

    Introduced in notebooks/09_nesterov; used again in 10_adaptive.
    """

    def __init__(self, surface="Rosenbrock", optimizers=None):
        self.races = RACES
        one_of("surface", surface, list(self.races))
        race = self.races[surface]
        super().__init__(race.surface, {name: optimizer_color(name) for name in RUNNERS})
        chosen = set(optimizers or RUNNERS)
        self.surface_dropdown = W.Dropdown(options=list(self.races), value=surface,
                                           description="surface")
        self.optimizer_boxes = {name: W.Checkbox(value=name in chosen, description=name,
                                                 indent=False, layout=W.Layout(width="auto"))
                                for name in RUNNERS}
        self.x_slider, self.y_slider = start_sliders(race.surface, race.start)
        self.steps_slider = W.IntSlider(value=race.steps, min=1, max=1000, description="steps",
                                        continuous_update=False)
        self.lr_scale_slider = log_slider("lr x", 1.0, 0.1, 10.0)
        # the dropdown and the boxes change more than the paths: they have own observers
        self.surface_dropdown.observe(self._change_surface, names="value")
        for box in self.optimizer_boxes.values():
            box.observe(self._change_optimizers, names="value")
        self._change_optimizers()
        self.controls = [self.lr_scale_slider, self.steps_slider, self.x_slider,
                         self.y_slider]
        self._connect(header=[self.surface_dropdown, *self.optimizer_boxes.values()])

    def _chosen(self):
        return [name for name in RUNNERS if self.optimizer_boxes[name].value]

    def _runs(self):
        race = self.races[self.surface_dropdown.value]
        start = [self.x_slider.value, self.y_slider.value]
        scale, steps = self.lr_scale_slider.value, self.steps_slider.value
        return {name: race.run(name, lr=race.lrs[name] * scale, start=start, steps=steps)
                for name in self._chosen()}

    def _describe(self, runs):
        if not runs:
            return "Tick at least one optimizer to start the race."
        gaps = {name: loss_gap(self.f, t) for name, t in runs.items() if not t.diverged}
        lost = [name for name, t in runs.items() if t.diverged]
        text = (f"Lowest loss after {self.steps_slider.value} steps: "
                f"{min(gaps, key=gaps.get)} ({min(gaps.values()):.3g})." if gaps else "")
        return text + (f" Diverged: {', '.join(lost)}." if lost else "")

    def _change_optimizers(self, change=None):
        chosen = set(self._chosen())
        for name, artists in self.paths.items():
            for a in (artists.line, artists.start, artists.end, self.loss_lines[name]):
                a.set_visible(name in chosen)
        handles = [a for a in self.contours.minima] + [
            self.paths[n].line for n in self.paths if n in chosen]
        self.set_legend(handles)
        if change is not None:
            self.update()

    def _change_surface(self, change):
        race = self.races[change["new"]]
        f, start, steps = race.surface, race.start, race.steps
        c = self.contours
        for a in [c.filled, c.lines] + c.minima:
            a.remove()
        self.f, self.f_min = f, getattr(f, "min_value", None)
        self.contours = plot_contours(f, ax=self.ax, n=150, legend=False, colorbar=False)
        self.contours.colorbar = c.colorbar
        c.colorbar.update_normal(self.contours.filled)      # the same bar, the new levels
        self.ax.set_aspect(equal_aspect(f), adjustable="box")
        self._set_loss_scale()
        self.ax_loss.set_ylabel("loss - minimum" if self.f_min is not None else "loss")
        (x0, x1), (y0, y1) = f.bounds
        self._holding = True
        try:
            _set_range(self.x_slider, x0, x1, start[0])
            _set_range(self.y_slider, y0, y1, start[1])
            self.steps_slider.value = steps
        finally:
            self._holding = False
        self._change_optimizers(change)
