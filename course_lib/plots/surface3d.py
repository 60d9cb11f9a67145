"""The loss as a 3-D height map over the parameter plane, with optimizer paths on it.

matplotlib is imported here, never by `import course_lib`.

Introduced in notebooks/02_loss_surfaces.
"""

import numpy as np

from course_lib.plots.colors import SURFACE_CMAP, optimizer_color
from course_lib.plots.contours import as_path, axis_labels, new_ax

__all__ = ["plot_surface_3d"]


def plot_surface_3d(f, ax=None, n=80, cmap=SURFACE_CMAP, paths=(), log=False, zmax=None):
    """The loss as a height over the (x, y) parameter plane; returns the surface artist.

    Intuition: a 3-D view shows the shape of the loss at a glance, but on a non-convex
    surface the tall walls squash the interesting low ground flat. A log height, or
    heights clipped at ``zmax``, brings the valleys, ridges and saddles back into view.

    Height drawn: L(w) itself; with log=True, log10(L(w) - L_min + 1e-4 span), where
    L_min is the lowest loss in the window (the gap to the bottom, never log of 0); with
    zmax, min(L(w), zmax) (a flat lid where the loss is higher).

    Args:
        f: a 2-D surface (``f.grid``, ``f.bounds``).
        ax: a 3-D axes (``fig.add_subplot(projection="3d")``) or None for a new one.
        n: grid points per side (20..300).
        cmap: colormap of the heights (default viridis, colour-blind safe).
        paths: Trajectories or (k, 2) arrays drawn on the surface, each in its colour.
        log: draw the log of the gap to the lowest point instead of the loss.
        zmax: clip heights above this loss (None: no clipping); not with log.

    Returns: the Poly3DCollection of the surface.

    Example:
        >>> from course_lib import Rosenbrock
        >>> surface = plot_surface_3d(Rosenbrock(), n=40, log=True)
        >>> surface.axes.get_zlabel()
        'log10(loss - min)'

    Introduced in notebooks/02_loss_surfaces.
    """
    ax = new_ax(ax, projection="3d")
    if not hasattr(ax, "plot_surface"):
        raise TypeError("ax must be a 3-D axes; make it with "
                        "fig.add_subplot(projection='3d') or pass ax=None")
    if log and zmax is not None:
        raise ValueError(f"pass log=True or zmax, not both (got log={log!r}, zmax={zmax!r}); "
                         "log already keeps tall walls from hiding the valleys")
    X, Y, Z = f.grid(n)
    height, zlabel = _height(Z, log, zmax)
    surface = ax.plot_surface(X, Y, height(Z), cmap=cmap, linewidth=0, antialiased=True,
                              alpha=0.9, zorder=1)
    if len(paths):
        ax.computed_zorder = False      # else matplotlib may bury the paths under the surface
    for obj in paths:
        path = as_path(obj)
        ax.plot(path[:, 0], path[:, 1], height(f(path.T)), color=optimizer_color(obj), lw=2,
                zorder=5)
    ax.set(xlabel=axis_labels(f)[0], ylabel=axis_labels(f)[1], title=getattr(f, "name", ""))
    ax.set_zlabel(zlabel, labelpad=12, rotation=90)  # clear of wide ticks such as 1500
    ax.zaxis.set_rotate_label(False)                 # reads bottom-to-top from any angle
    return surface


def _height(Z, log, zmax):
    """The function that turns losses into drawn heights, and the z-axis label."""
    zmin = float(np.min(Z))
    if log:
        floor = 1e-4 * max(float(np.max(Z)) - zmin, 1e-12)
        return (lambda z: np.log10(np.asarray(z) - zmin + floor)), "log10(loss - min)"
    if zmax is not None:
        return (lambda z: np.minimum(z, zmax)), f"loss (clipped at {zmax:g})"
    return (lambda z: np.asarray(z)), "loss"
