"""The machinery behind every explorer widget: a figure drawn once, then only what moves.

An explorer shows contours with optimizer paths on the left and loss curves on the right.
The static part (contours, axes, legend) is rendered once and kept as pixels; a control
change re-runs the optimizer, moves the existing artists (``set_data``), pastes them over
the kept background (blitting) and updates the message widget in place, so a slider move
costs less than one full redraw. The picture is a PNG inside an ``ipywidgets.Output``: no ipympl needed, and
it works in JupyterLab, classic Notebook, VS Code and saved notebooks.

Subclasses (course_lib.widgets) make the controls and write `_runs` and `_describe`.
Introduced in notebooks/04_gradient_descent (the first explorer).
"""

import base64
import html
import io

import numpy as np
import ipywidgets as W
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from course_lib.plots.contours import parameter_names, plot_contours, plot_path

__all__ = ["Explorer", "render_png", "log_slider", "start_sliders", "default_start", "loss_gap",
           "equal_aspect"]


def render_png(fig):
    """Draw `fig` with Agg and return PNG bytes (fast compression: it is redrawn often)."""
    fig.canvas.draw()
    return _encode_png(fig)


def _encode_png(fig):
    from PIL import Image    # a dependency of matplotlib
    rgba = np.asarray(fig.canvas.buffer_rgba())
    buffer = io.BytesIO()
    Image.fromarray(rgba[..., :3]).save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def log_slider(description, value, low, high):
    """A slider over lr on a log scale, from `low` to `high` (ArrowRight: x 1.12)."""
    return W.FloatLogSlider(value=value, base=10, min=np.log10(low), max=np.log10(high),
                            step=0.05, description=description, readout_format=".3g",
                            continuous_update=False, layout=W.Layout(width="340px"))


def start_sliders(f, start):
    """Two sliders for the start, spanning the surface's plot window, named after its
    parameters as its axes are: "start w1" and "start w2", or "start w" and "start b" on
    a line fit."""
    (x0, x1), (y0, y1) = f.bounds
    (n1, n2) = parameter_names(f)
    make = lambda name, v, lo, hi: W.FloatSlider(  # noqa: E731
        value=v, min=lo, max=hi, step=(hi - lo) / 100, description=f"start {name}",
        readout_format=".2f", continuous_update=False, layout=W.Layout(width="300px"))
    return make(n1, start[0], x0, x1), make(n2, start[1], y0, y1)


def equal_aspect(f):
    """"equal" (one unit is as long on both axes, so a round bowl looks round) unless
    the window is more than 4 times wider than tall or the other way round ("auto")."""
    (x0, x1), (y0, y1) = f.bounds
    ratio = (x1 - x0) / (y1 - y0)
    return "equal" if 0.25 <= ratio <= 4 else "auto"


def default_start(f):
    """A start near the top-right corner of the plot window."""
    (x0, x1), (y0, y1) = f.bounds
    return np.array([x0 + 0.85 * (x1 - x0), y0 + 0.85 * (y1 - y0)])


class Explorer:
    """Shared machinery: contours + paths on the left, loss curves on the right, a message.

    Intuition: a slider move must feel live, so the contours are computed and drawn once;
    a change re-runs only the optimizer and moves the existing artists.

    Rule: each update runs the subclass's optimizer(s) from the start and draws the path
    w_0 .. w_T and the gap L(w_t) - L* per step (the loss itself when L* is unknown).

    Subclasses make `self.controls` (a list of widgets), write `_runs()`, which returns
    {name: Trajectory}, and `_describe(runs)`, which returns the message, then call
    `self._connect()`.

    Args:
        f: a 2-D surface (drawn to scale unless its window is very long, see `equal_aspect`).
        colors: {name: colour} of the paths it will show.
        n: contour grid points per side (20..500).

    Attributes: fig, ax (contours), ax_loss, contours (ContourPlot), paths {name:
    PathArtists}, loss_lines {name: Line2D}, legend, output (ipywidgets.Output with the
    PNG), message and message_label, runs {name: Trajectory}, png (the last picture),
    widget (the VBox shown in a notebook).

    Example: see LearningRateExplorer, the smallest subclass.

    Introduced in notebooks/04_gradient_descent.
    """

    def __init__(self, f, colors, n=150):
        self.f = f
        self.fig = Figure(figsize=(9.5, 4.3), dpi=80)
        FigureCanvasAgg(self.fig)
        self.ax, self.ax_loss = self.fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1]})
        self.fig.subplots_adjust(left=0.07, right=0.98, top=0.92, bottom=0.25, wspace=0.25)
        self.contours = plot_contours(f, ax=self.ax, n=n, legend=False)
        if self.contours.colorbar is not None:
            # its label would sit on the loss panel's y label; the ticks say it is the loss
            self.contours.colorbar.set_label("")
        self.ax.set_aspect(equal_aspect(f), adjustable="box")
        self.f_min = getattr(f, "min_value", None)
        start = np.zeros((1, 2))
        self.paths = {name: plot_path(start, ax=self.ax, color=color, label=name)
                      for name, color in colors.items()}
        self.loss_lines = {name: self.ax_loss.plot([0], [1], color=color, lw=1.8,
                                                   label=name)[0]
                           for name, color in colors.items()}
        self.legend = None
        self.set_legend(self.contours.minima + [p.line for p in self.paths.values()])
        self._set_loss_scale()
        self.ax_loss.set(xlabel="step", ylabel="loss - minimum" if self.f_min is not None
                         else "loss", title="loss per step")
        self.output = W.Output()
        self.message_label = W.HTML()
        self.message = ""
        self.runs = {}
        self.png = b""
        self._holding = False       # True while several controls change at once
        self._background = None
        self._background_limits = None

    def _connect(self, header=()):
        """Observe the controls, lay them out in two rows (after `header`), draw once."""
        for control in self.controls:
            control.observe(self.update, names="value")
        wrap = W.Layout(flex_flow="row wrap")
        rows = [W.HBox(list(header), layout=wrap)] if header else []
        rows += [W.HBox(self.controls[:2]), W.HBox(self.controls[2:])]
        self.widget = W.VBox(rows + [self.output, self.message_label])
        self.update()

    def update(self, change=None):
        """Re-run the optimizer(s) and move the existing artists; then redraw the picture."""
        if self._holding:
            return
        self.runs = self._runs()
        for name, traj in self.runs.items():
            self.paths[name].set_path(traj.path)
            self.loss_lines[name].set_data(*self._loss_curve(name, traj))
        self.ax_loss.relim()
        self.ax_loss.autoscale_view()
        if self.ax_loss.get_yscale() == "log":
            # whole decades: the limits (and so the ticks) change only when a curve
            # crosses one, and until then the panel's frame stays in the cached background
            low, high = np.log10(self.ax_loss.get_ylim())
            self.ax_loss.set_ylim(10.0 ** np.floor(low), 10.0 ** np.ceil(high))
        self.message = self._describe(self.runs)
        self.message_label.value = f"<b>{html.escape(self.message)}</b>"
        self._redraw()
        self.png = _encode_png(self.fig)
        data = {"image/png": base64.b64encode(self.png).decode("ascii"),
                "text/plain": f"<{type(self).__name__} figure>"}
        self.output.outputs = ({"output_type": "display_data", "data": data,
                                "metadata": {}},)

    def set_legend(self, handles):
        """One legend for the figure, below the plots, so it never hides a path."""
        if self.legend is not None:
            self.legend.remove()
        self.legend = self.fig.legend(handles=handles, loc="lower center", fontsize=9,
                                      ncol=min(len(handles), 5), frameon=False)
        self._background = None

    def _loss_curve(self, name, traj):
        """(x, y) of a run's loss curve: the gap to the minimum per step, by default."""
        losses = traj.losses - (self.f_min or 0.0)
        if self.f_min is not None:
            losses = np.maximum(losses, 1e-16)          # an exact 0 has no logarithm
        return np.arange(len(losses)), losses

    def _moving(self):
        """The artists a control change moves; everything else is the cached background
        (the loss panel's frame and ticks too, drawn again only when its limits change)."""
        lines = [a for p in self.paths.values() for a in (p.line, p.start, p.end)]
        return lines + list(self.ax_loss.lines)

    def _set_loss_scale(self):
        """Log y for the loss panel (linear convergence is a straight line), symlog when
        the surface has no minimum; decade ticks only (minor ones cost a third of a redraw)."""
        self.ax_loss.set_yscale("log" if self.f_min is not None else "symlog")
        self.ax_loss.minorticks_off()

    def _loss_limits(self):
        return self.ax_loss.get_xlim(), self.ax_loss.get_ylim()

    def refresh_background(self):
        """Draw the static part once (contours, labels, legend) and keep its pixels."""
        moving = self._moving()
        visible = [a.get_visible() for a in moving]
        for a in moving:
            a.set_visible(False)
        self.fig.canvas.draw()
        self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        self._background_limits = self._loss_limits()
        for a, v in zip(moving, visible):
            a.set_visible(v)

    def _redraw(self):
        """Paste the cached background, then draw only what moved (blitting)."""
        if self._background is None or self._loss_limits() != self._background_limits:
            self.refresh_background()
        self.fig.canvas.restore_region(self._background)
        for p in self.paths.values():
            for a in (p.line, p.start, p.end):
                self.ax.draw_artist(a)
        for a in self.contours.minima:
            self.ax.draw_artist(a)                      # keep these on top of the paths
        for line in self.ax_loss.lines:
            self.ax_loss.draw_artist(line)

    def _ipython_display_(self):
        from IPython.display import display
        display(self.widget)


def loss_gap(f, traj):
    """The last loss of a run minus the minimum of f (the loss itself when f knows none)."""
    loss = traj.losses[-1]
    return loss - f.min_value if getattr(f, "min_value", None) is not None else loss
