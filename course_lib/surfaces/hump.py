"""A bowl with a small ridge on its slope: a dip on the way down, the lower minimum past it.

Lesson 08 tests the heavy-ball picture's promise that momentum "rolls over minor humps":
a ball started high on the left slope falls into the dip in front of the ridge; with too
little momentum it stops there, with enough it rolls over the ridge to the lower minimum.

Example:
    >>> f = Hump()
    >>> f.local_minima.round(3).tolist(), f.minima.round(3).tolist()
    ([[-1.329, 0.0]], [[0.003, 0.0]])

Introduced in notebooks/08_momentum.
"""

import numpy as np

from .._validate import in_range, positive
from .base import Surface

__all__ = ["Hump"]


class Hump(Surface):
    """A bowl (x^2 + y^2) / 2 with a ridge across its left slope: a dip, then the lower minimum.

    Intuition: along x the profile falls from the left, dips into a small hollow in front of
    the ridge at x = ``at``, climbs over the ridge and falls to the bowl's bottom near 0,
    lower than the hollow. Across (along y) it is a plain bowl. Gradient descent started on
    the left slope stops in the hollow (a local minimum); a ball with momentum may roll over.

    Rule: L = (x^2 + y^2) / 2 + height exp(-(x - at)^2 / (2 width^2)),
    g = (x - height (x - at) / width^2 exp(-(x - at)^2 / (2 width^2)), y).
    The stationary points lie on y = 0, found once from the sign changes of dL/dx on a fine
    grid, refined by bisection: ``local_minima`` (the hollow), ``saddles`` (the ridge's top)
    and ``minima`` (the bottom near 0, the lowest).

    Args:
        height: > 0, the ridge's height. Default 0.6.
        at: in [-10, 0), where the ridge stands on the left slope. Default -1.
        width: > 0, the ridge's width (its standard deviation). Default 0.25.
        A ridge too low or too wide for the slope makes no hollow and is refused.

    Example:
        >>> f = Hump()
        >>> round(f(f.local_minima[0]), 3), round(f.min_value, 3)      # hollow above bottom
        (1.136, 0.0)

    Introduced in notebooks/08_momentum.
    """

    name = "hump"
    bounds = ((-3.2, 1.2), (-1.0, 1.0))

    def __init__(self, height=0.6, at=-1.0, width=0.25):
        self.height = positive("height", height, "the default 0.6 makes a small ridge")
        self.at = in_range("at", at, -10, 0, "the ridge stands on the left slope, e.g. at=-1",
                           high_open=True)
        self.width = positive("width", width, "the default 0.25 makes a narrow ridge")
        points = self._stationary_x()
        if len(points) != 3:
            raise ValueError(f"a ridge of height {height:g} and width {width:g} at {at:g} makes "
                             "no hollow in front of it; raise height or narrow width, e.g. "
                             "height=0.6, width=0.25 at -1")
        self.local_minima, self.saddles, self.minima = (np.array([[x, 0.0]]) for x in points)

    def loss(self, x, y):
        return (x ** 2 + y ** 2) / 2 + self.height * self._bump(x)

    def gradient(self, x, y):
        return x - self.height * (x - self.at) / self.width ** 2 * self._bump(x), y

    def _bump(self, x):
        return np.exp(-(x - self.at) ** 2 / (2 * self.width ** 2))

    def _stationary_x(self):
        """The x where dL/dx = 0 (y = 0), left to right: sign changes, then bisection."""
        xs = np.linspace(self.at - 10 * self.width, abs(self.at) + 10 * self.width, 20001)
        g = self.gradient(xs, 0.0)[0]
        left = np.flatnonzero(np.sign(g[:-1]) != np.sign(g[1:]))
        lo, hi = xs[left], xs[left + 1]
        for _ in range(60):
            mid = (lo + hi) / 2
            same = np.sign(self.gradient(mid, 0.0)[0]) == np.sign(self.gradient(lo, 0.0)[0])
            lo, hi = np.where(same, mid, lo), np.where(same, hi, mid)
        return (lo + hi) / 2

    def __repr__(self):
        return f"Hump(height={self.height:g}, at={self.at:g}, width={self.width:g})"
