"""Pictures of loss surfaces and of the paths optimizers take on them.

Every helper takes `ax=None` (a new figure is made when it is None), takes its plot window
from the surface (`f.bounds`, `f.grid`), never calls `plt.show()`, and returns what it drew,
so a notebook can restyle it and a test can inspect it. Optimizers keep their course colour
(`course_lib.plots.colors`). matplotlib is imported here, never by `import course_lib`.

Example:
    >>> from course_lib import Rosenbrock, Momentum, run
    >>> f = Rosenbrock()
    >>> traj = run(Momentum(lr=1e-3, beta=0.9), f, start=[-1.5, 2.0], steps=300)
    >>> drawn = plot_contours(f, paths=[traj])        # log-spaced levels chosen by itself
    >>> from course_lib.plots.curves import plot_losses
    >>> lines = plot_losses([traj])

Introduced in notebooks/02_loss_surfaces (contours), 03_gradients (gradient field),
04_gradient_descent (paths). The 3-D view is in ``course_lib.plots.surface3d``.
"""

from dataclasses import dataclass, field

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.colors import ListedColormap
from matplotlib.ticker import FuncFormatter

from course_lib._validate import shaped, whole_number
from course_lib.optimizers.base import optimizer_name
from course_lib.plots.colors import CONTOUR_CMAP, optimizer_color

__all__ = ["PathArtists", "ContourPlot", "plot_contours", "plot_path",
           "plot_gradient_field", "contour_levels", "as_path", "new_ax", "axis_labels",
           "parameter_names"]


@dataclass
class PathArtists:
    """The three artists of one optimizer path: the line, its start and its end marker."""
    line: object
    start: object
    end: object

    def set_path(self, path):
        """Move the existing artists onto a new path (n, 2): no new artists are made."""
        path = np.asarray(path, dtype=float).reshape(-1, 2)
        self.line.set_data(path[:, 0], path[:, 1])
        self.start.set_data(path[:1, 0], path[:1, 1])
        self.end.set_data(path[-1:, 0], path[-1:, 1])


@dataclass
class ContourPlot:
    """What `plot_contours` drew: filled contours, contour lines, minima markers, paths."""
    ax: object
    filled: object
    lines: object = None
    minima: list = field(default_factory=list)
    paths: list = field(default_factory=list)
    legend: object = None
    colorbar: object = None


def new_ax(ax, figsize=(5.5, 4.5), **subplot_kw):
    """``ax`` itself, or the axes of a new figure of ``figsize`` when ``ax`` is None."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, subplot_kw=subplot_kw or None)
    return ax


def as_path(obj):
    """(n, 2) float array from a Trajectory or array-like."""
    return shaped("path", getattr(obj, "path", obj), ("n", 2),
                  "pass a Trajectory from run(...) or an array of 2-D points")


def _light(cmap_name, amount=0.55):
    """A colormap mixed with white, so coloured paths stand out on top of it."""
    colors = plt.get_cmap(cmap_name)(np.linspace(0, 1, 256))
    colors[:, :3] = colors[:, :3] * (1 - amount) + amount
    return ListedColormap(colors, name=f"{cmap_name}_light")


def contour_levels(Z, levels=25, log=None):
    """Contour levels for a grid of losses Z: evenly spaced, or log-spaced above min(Z).

    Intuition: evenly spaced levels suit a bowl; on a long flat valley (Rosenbrock) all of
    them would crowd the steep walls and leave the valley blank, so the gaps above the
    lowest loss grow geometrically instead.

    Rule: even: L_min + k (L_max - L_min) / (levels - 1); log: L_min, then L_min + gaps
    spaced geometrically from the 1st percentile of L - L_min up to L_max - L_min.

    Args:
        Z: array of losses (any shape).
        levels: number of levels (>= 2).
        log: True, False, or None to decide: log when the median of Z lies in the bottom
            10 % of its range.

    Returns: an increasing array of `levels` values.

    Example:
        >>> contour_levels(np.array([0.0, 1.0, 2.0]), levels=3, log=False)
        array([0., 1., 2.])

    Introduced in notebooks/02_loss_surfaces.
    """
    Z = np.asarray(Z, dtype=float)
    zmin, zmax = float(np.min(Z)), float(np.max(Z))
    span = zmax - zmin if zmax > zmin else 1.0
    if log is None:
        log = np.median(Z) - zmin < 0.1 * span
    if log:     # from just above the lowest 1 % of the window up to the top, plus zmin
        low = max(float(np.percentile(Z, 1)) - zmin, span * 1e-8)
        return zmin + np.concatenate([[0.0], np.geomspace(low, span, levels - 1)])
    return np.linspace(zmin, zmax, levels)


PARAMETER_AXES = ("w1 (parameter 1)", "w2 (parameter 2)")


def axis_labels(f):
    """Axis names: the surface's own (e.g. "slope w", "intercept b") or w1 and w2.

    Parameters are w (COURSE.md 4.2); x and y name the data (inputs and targets), so a
    parameter axis is never labelled x or y.
    """
    return getattr(f, "axis_labels", PARAMETER_AXES)


def parameter_names(f):
    """The two parameters' short names, as sliders show them: the last word of each axis
    name ("w" and "b" for "slope w" and "intercept b"), else "w1" and "w2"."""
    return tuple(label.split(" (")[0].split()[-1] for label in axis_labels(f))


def plot_path(path, ax=None, color=None, label=None):
    """One optimizer path: a line (a dot per step), a hollow start circle, an end cross.

    Intuition: the dots show how long each step was, the circle where the run began and
    the cross where it stopped, so a path reads without a legend.

    Rule: draws the points w_0, w_1, ..., w_T of a run, joined in order.

    Args:
        path: a Trajectory from ``run`` or a (k, 2) array of points.
        ax: axes to draw on, or None for a new figure.
        color: any matplotlib colour (default: the optimizer's course colour).
        label: legend name (default: the optimizer's name; none for a bare array).

    Returns: PathArtists, whose ``set_path(new_path)`` moves the same artists to a new path.

    Example:
        >>> artists = plot_path(np.array([[1.0, 1.0], [0.5, 0.2], [0.0, 0.0]]))
        >>> [float(v) for v in np.ravel(artists.end.get_data())]
        [0.0, 0.0]

    Introduced in notebooks/04_gradient_descent.
    """
    ax = new_ax(ax)
    xy = as_path(path)
    color = optimizer_color(path) if color is None else color
    if label is None and not isinstance(path, np.ndarray):
        label = optimizer_name(path)
    dots = "o" if len(xy) <= 80 else ""    # one dot per step while they can be told apart
    line, = ax.plot(xy[:, 0], xy[:, 1], "-" + dots, color=color, lw=1.8, ms=2.5, label=label,
                    zorder=3)
    start, = ax.plot(xy[:1, 0], xy[:1, 1], "o", ms=8, mfc="white", mec=color, mew=2,
                     zorder=4)
    end, = ax.plot(xy[-1:, 0], xy[-1:, 1], "X", ms=10, color=color, mec="white", zorder=4)
    return PathArtists(line, start, end)


def plot_contours(f, paths=(), ax=None, n=200, levels=25, log=None, labels=None,
                  lines=True, minima=True, legend=True, cmap=CONTOUR_CMAP, colorbar=True):
    """Filled contours of the loss over f.bounds, with optimizer paths on top.

    Intuition: a contour map is the loss seen from above, like a hiking map: each line
    joins points of equal loss, crowded lines mean steep ground. The colour bar says
    which loss each band has, so two maps can be compared.

    Levels: evenly spaced between the lowest and highest loss of the window, or
    log-spaced above the lowest (log=None picks log when most of the window is low
    ground, as in Rosenbrock's valley; see ``contour_levels``).

    Args:
        f: a 2-D surface (``f.grid``, ``f.bounds``; optional ``minima``,
            ``local_minima``, ``saddles`` are marked).
        paths: Trajectories or (k, 2) arrays, each in its optimizer's colour (start:
            hollow circle, end: cross).
        ax: axes to draw on, or None for a new figure.
        n: grid points per side (20..500).
        levels: number of contour levels (5..100).
        log: True / False / None (automatic) for log-spaced levels.
        labels: legend names of the paths (default: optimizer names).
        lines: draw thin contour lines over the filled bands.
        minima: mark known points: filled star = global minimum, hollow star = local
            minimum, hollow plus = saddle point.
        legend: draw a legend when something is labelled.
        cmap: colormap name (default cividis, lightened so paths stand out).
        colorbar: draw a colour bar labelled "loss" beside the map.

    Returns: a ContourPlot (ax, filled, lines, minima, paths, legend, colorbar).

    Example:
        >>> from course_lib import TwoWells
        >>> drawn = plot_contours(TwoWells())
        >>> [m.get_label() for m in drawn.minima], drawn.colorbar.ax.get_ylabel()
        (['global minimum', 'local minimum', 'saddle point'], 'loss')

    Introduced in notebooks/02_loss_surfaces.
    """
    n = whole_number("n", n, 20, "200 points per side is smooth and fast", maximum=500)
    levels = whole_number("levels", levels, 5, "try 25", maximum=100)
    ax = new_ax(ax)
    X, Y, Z = f.grid(n)
    lv = contour_levels(Z, levels, log)
    filled = ax.contourf(X, Y, Z, levels=lv, cmap=_light(cmap), extend="max")
    contour_lines = ax.contour(X, Y, Z, levels=lv, colors="k", linewidths=0.3,
                               alpha=0.5) if lines else None
    drawn = ContourPlot(ax, filled, contour_lines)
    if minima:
        # filled star: global minimum; hollow star: local minimum; hollow plus: saddle
        for points, label, face in [(getattr(f, "minima", ()), "global minimum", "k"),
                                    (getattr(f, "local_minima", ()), "local minimum", "white"),
                                    (getattr(f, "saddles", ()), "saddle point", "white")]:
            points = np.asarray(points, dtype=float).reshape(-1, 2)
            if len(points):
                marker = "P" if label == "saddle point" else "*"
                m, = ax.plot(points[:, 0], points[:, 1], marker, ms=13, mfc=face,
                             mec="white" if face == "k" else "k", mew=1.2, ls="none",
                             label=label, zorder=5)
                drawn.minima.append(m)
    names = labels if labels is not None else [None] * len(paths)
    for obj, name in zip(paths, names):
        drawn.paths.append(plot_path(obj, ax=ax, label=name))
    (x0, x1), (y0, y1) = f.bounds
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel=axis_labels(f)[0], ylabel=axis_labels(f)[1],
           title=getattr(f, "name", ""))
    if legend and (drawn.paths or drawn.minima):
        drawn.legend = ax.legend(loc="upper right", fontsize=8, framealpha=0.85)
    if colorbar:
        tiny = 1e-9 * float(lv[-1] - lv[0])        # round-off such as -4.4e-16 reads as 0
        drawn.colorbar = ax.figure.colorbar(
            filled, ax=ax, label="loss",
            format=FuncFormatter(lambda v, _: f"{0.0 if abs(v) < tiny else v:.3g}"))
    return drawn


# magma without its palest end, which vanished on the light contour fill
ARROW_CMAP = ListedColormap(plt.get_cmap("magma")(np.linspace(0.0, 0.82, 256)))


def plot_gradient_field(f, ax=None, n=17, normalize=True, descent=False, contours=True):
    """Arrows of the gradient (steepest ascent) over the contours; returns the Quiver.

    Intuition: the gradient field shows, at every point, which way is uphill and how
    steep it is; gradient descent steps against the arrows.

    Rule: at each grid point w the arrow is g = ∇L(w) (or -g with descent=True), drawn at
    unit length when normalized; its colour is log10 |g|.

    Args:
        f: a 2-D surface with ``grad``.
        ax: axes to draw on, or None for a new figure.
        n: arrows per side (5..50).
        normalize: draw unit-length arrows (directions only; the colour shows the steepness);
            False keeps their length ratios.
        descent: draw -g, the direction gradient descent steps in.
        contours: draw ``plot_contours(f)`` underneath.

    Returns: the matplotlib Quiver (its colour bar is labelled "log10 |gradient|").

    Example:
        >>> from course_lib import TwoWells
        >>> quiver = plot_gradient_field(TwoWells(), n=9)
        >>> quiver.U.shape
        (81,)

    Introduced in notebooks/03_gradients.
    """
    ax = new_ax(ax)
    if contours:
        plot_contours(f, ax=ax, minima=True, legend=False, colorbar=False)
    X, Y, _ = f.grid(n)
    G = np.asarray(f.grad(np.stack([X, Y])), dtype=float)
    if descent:
        G = -G
    size = np.hypot(G[0], G[1])
    # Longest arrow = one grid cell either way; unnormalized arrows keep their ratios.
    U, V = G / np.where(size > 0, size, 1.0) if normalize else G / max(size.max(), 1e-300)
    colour = np.log10(size + 1e-12)
    quiver = ax.quiver(X, Y, U, V, colour, cmap=ARROW_CMAP, angles="xy", pivot="mid",
                       scale=n * 1.3, width=0.004, edgecolor="0.15", linewidth=0.3,
                       zorder=3)
    (x0, x1), (y0, y1) = f.bounds
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel=axis_labels(f)[0], ylabel=axis_labels(f)[1],
           title=f"{'-' if descent else ''}gradient of {getattr(f, 'name', 'f')}")
    ax.figure.colorbar(quiver, ax=ax, label="log10 |gradient|")
    return quiver
