"""Basins of attraction: colour every start by the minimum gradient descent ends in.

Example:
    >>> from course_lib import TwoWells
    >>> from course_lib.surfaces.stationary import basin_map
    >>> image = plot_basins(basin_map(TwoWells(), lr=0.05, steps=200, n=50),
    ...                     names=["global minimum", "local minimum"])

Introduced in notebooks/05_challenges.
"""

from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from course_lib.plots.colors import OKABE_ITO
from course_lib.plots.contours import new_ax

__all__ = ["plot_basins"]

# One colour per target, in this order (Okabe-Ito, without black and yellow).
BASIN_COLORS = [OKABE_ITO[name] for name in ("blue", "orange", "bluish green",
                                             "reddish purple", "sky blue", "vermillion")]


def plot_basins(basins, ax=None, colors=None, names=None):
    """Colour each start of a BasinMap by where its run ended (white: nowhere); star the targets.

    Intuition: on a non-convex loss the start decides which minimum gradient descent
    reaches; each coloured region is one minimum's basin of attraction.

    Rule: the start w_0 at each pixel is coloured by the target its run w_0, w_1, ... ends
    at (labels from ``basin_map``; -1, white, when it ends at none).

    Args:
        basins: a ``BasinMap`` from ``course_lib.surfaces.stationary.basin_map``.
        ax: axes to draw on (None: a new figure).
        colors: one colour per target (default: the Okabe-Ito palette).
        names: one legend name per target (default: its coordinates).

    Returns: the image artist.

    Example:
        >>> from course_lib import TwoWells
        >>> from course_lib.surfaces.stationary import basin_map
        >>> image = plot_basins(basin_map(TwoWells(), lr=0.05, steps=100, n=20))
        >>> image.get_array().shape
        (20, 20)

    Introduced in notebooks/05_challenges.
    """
    ax = new_ax(ax)
    k = len(basins.targets)
    colors = list(colors or BASIN_COLORS[:k])
    extent = (basins.X.min(), basins.X.max(), basins.Y.min(), basins.Y.max())
    image = ax.imshow(basins.labels, origin="lower", extent=extent, aspect="auto",
                      cmap=ListedColormap(["white"] + colors), vmin=-1.5, vmax=k - 0.5,
                      interpolation="nearest")
    ax.plot(basins.targets[:, 0], basins.targets[:, 1], "*", ms=14, mfc="white", mec="k",
            ls="none")
    names = names or [f"({x:.2f}, {y:.2f})" for x, y in basins.targets]
    ax.legend([Patch(color=c) for c in colors], [f"ends at {n}" for n in names],
              loc="upper right", fontsize=8, framealpha=0.85)
    ax.set(xlabel="start w1", ylabel="start w2")
    return image
