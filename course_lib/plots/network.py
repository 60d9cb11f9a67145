"""A diagram of a small fully connected network: its layers, their sizes, what each computes.

Example:
    >>> drawn = plot_network([(64, "64 pixels"), (32, "32 hidden units"), (10, "10 classes")])
    >>> [len(layer) for layer in drawn.units], drawn.labels[0].get_text()
    ([7, 7, 7], '64 pixels')

Introduced in notebooks/02_loss_surfaces (the digits MLP).
"""

from collections import namedtuple

import numpy as np

from course_lib.plots.colors import OKABE_ITO
from course_lib.plots.contours import new_ax

__all__ = ["plot_network", "NetworkDiagram"]

NetworkDiagram = namedtuple("NetworkDiagram", "ax units labels")
NetworkDiagram.__doc__ = """What plot_network drew: the axes, the (x, y) of the circles drawn
per layer (a list of (k, 2) arrays), and the label under each layer (Text artists)."""


def plot_network(layers, ax=None, max_units=7):
    """Draw a fully connected network as columns of units joined by lines, left to right.

    A layer with more than `max_units` units shows `max_units` of them with a vertical
    ellipsis in the middle; each layer's label (its size and role) is written below it.

    Args:
        layers: list of (size, label) from input to output, e.g. [(64, "64 pixels"), ...].
        ax: matplotlib axes to draw on (a new figure when None).
        max_units: most circles drawn per layer (>= 3).

    Returns: a NetworkDiagram (ax, units, labels).

    Example: see the module docstring.

    Introduced in notebooks/02_loss_surfaces.
    """
    if max_units < 3:
        raise ValueError(f"max_units must be >= 3, got {max_units}; 7 reads well")
    ax = new_ax(ax, figsize=(7, 3.8))
    units, labels = [], []
    slots = np.linspace(1, -1, max_units + 1)                  # one more than drawn
    for k, (size, label) in enumerate(layers):
        if size > max_units:                                     # a gap with dots in the middle
            gap = (max_units + 1) // 2
            ys = np.delete(slots, gap)
            ax.text(k, slots[gap], "\u22ee", ha="center", va="center", fontsize=14)
        else:                                                    # all of them, centred
            first = (max_units + 1 - size) // 2
            ys = slots[first:first + size]
        units.append(np.column_stack([np.full(len(ys), float(k)), ys]))
        labels.append(ax.text(k, -1.2, label, ha="center", va="top", fontsize=9))
    for left, right in zip(units, units[1:]):
        for a in left:
            for b in right:
                ax.plot([a[0], b[0]], [a[1], b[1]], color="0.75", lw=0.5, zorder=1)
    for k, pts in enumerate(units):
        role = "sky blue" if k == 0 else "bluish green" if k == len(units) - 1 else "orange"
        color = OKABE_ITO[role]
        ax.scatter(*pts.T, s=160, color=color, edgecolor="k", zorder=2)
    ax.set(xlim=(-0.5, len(layers) - 0.5), ylim=(-1.45, 1.15))
    ax.axis("off")
    return NetworkDiagram(ax, units, labels)
