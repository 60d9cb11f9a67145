"""Surfaces built to show one challenge each: a saddle, a local minimum, a plateau.

Lesson 05 meets each challenge on the surface where it happens: ``Saddle`` (zero gradient,
no minimum), ``TwoWells`` (a local and a global minimum), ``Plateau`` (a long flat stretch);
lesson 07 adds ``SaddlePlateau``, a saddle ringed by a plateau, after Dauphin et al. (2014),
and ``Cliff``, a steep step whose huge gradient throws gradient descent far away.
Same interface as ``course_lib.surfaces.base.Surface`` (``f(w)``, ``f.grad(w)``, ``minima``, ``bounds``).

Example:
    >>> f = TwoWells()
    >>> f.min_value < f(f.local_minima[0])
    True

Introduced in notebooks/05_challenges.
"""

import numpy as np

from .._validate import in_range, positive
from .base import Surface

__all__ = ["Saddle", "TwoWells", "Plateau", "SaddlePlateau", "Cliff"]


class Saddle(Surface):
    """The saddle L = x^2 - y^2: a minimum along x, a maximum along y, zero gradient at 0.

    Intuition: gradient descent started exactly on the x-axis slides into the saddle and
    stays; the smallest push off the axis grows like (1 + 2 lr)^t until it escapes
    downhill in y. There is no minimum: the loss falls without bound as |y| grows.

    Rule: L = x^2 - y^2, g = (2x, -2y); curvatures lambda = 2 and -2.

    Example:
        >>> Saddle().grad([1.0, 1.0]).tolist(), Saddle().min_value is None
        ([2.0, -2.0], True)

    References: Dauphin et al. (2014), "Identifying and attacking the saddle point problem
    in high-dimensional non-convex optimization", NeurIPS.
    Introduced in notebooks/05_challenges.
    """

    name = "saddle"
    saddles = np.array([[0.0, 0.0]])

    def loss(self, x, y):
        return x ** 2 - y ** 2

    def gradient(self, x, y):
        return 2 * x, -2 * y


class TwoWells(Surface):
    """Two valleys of different depth: a local minimum and a lower, global one.

    Intuition: the tilt makes the left well (x near -1) deeper; the right well is only a
    local minimum, and between them lies a saddle. Which one gradient descent finds
    depends on the start.

    Rule: L = (x^2 - 1)^2 + tilt x + y^2; the wells and the saddle sit on y = 0 at the
    three roots of dL/dx = 4x^3 - 4x + tilt.

    Args:
        tilt: in (0, 0.76): beyond 0.76 the right well disappears. Default 0.3.

    Example:
        >>> f = TwoWells()
        >>> bool(f(f.minima[0]) < f(f.local_minima[0]))
        True

    Introduced in notebooks/05_challenges.
    """

    name = "two wells"
    bounds = ((-2.0, 2.0), (-1.5, 1.5))

    def __init__(self, tilt=0.3):
        self.tilt = in_range("tilt", tilt, 0, 0.76, "both wells exist for 0 < tilt < 0.76",
                             low_open=True, high_open=True)
        left, middle, right = np.sort(np.roots([4.0, 0.0, -4.0, self.tilt]).real)
        self.minima = np.array([[left, 0.0]])
        self.local_minima = np.array([[right, 0.0]])
        self.saddles = np.array([[middle, 0.0]])

    def loss(self, x, y):
        return (x ** 2 - 1) ** 2 + self.tilt * x + y ** 2

    def gradient(self, x, y):
        return 4 * x * (x ** 2 - 1) + self.tilt, 2 * y

    def __repr__(self):
        return f"TwoWells(tilt={self.tilt:g})"


class Plateau(Surface):
    """A bowl in the middle of a vast, almost flat plateau.

    Intuition: near the origin a bowl with minimum 0; a few widths s away the loss is
    nearly 1 everywhere and the gradient nearly vanishes, so gradient descent crawls
    until it reaches the bowl's rim.

    Rule: L = 1 - exp(-(x^2 + y^2) / (2 s^2)), g = (x, y) exp(-(x^2 + y^2) / (2 s^2)) / s^2.

    Args:
        width: s > 0, the bowl's radius scale. Default 1.

    Example:
        >>> round(Plateau()([4.0, 0.0]), 4)          # far out: almost exactly 1
        0.9997

    Introduced in notebooks/05_challenges.
    """

    name = "plateau"
    bounds = ((-4.0, 4.0), (-4.0, 4.0))
    minima = np.array([[0.0, 0.0]])

    def __init__(self, width=1.0):
        self.width = positive("width", width, "the default 1 shows the plateau well")

    def loss(self, x, y):
        return 1 - np.exp(-(x ** 2 + y ** 2) / (2 * self.width ** 2))

    def gradient(self, x, y):
        e = np.exp(-(x ** 2 + y ** 2) / (2 * self.width ** 2)) / self.width ** 2
        return x * e, y * e

    def __repr__(self):
        return f"Plateau(width={self.width:g})"


class SaddlePlateau(Surface):
    """A saddle point in the middle of a plateau: flat in every direction near it.

    Intuition: on x^2 - y^2 a small push off the saddle grows by a constant factor per
    step; here the way down is flat to third order, so gradient descent creeps for
    hundreds of steps before it finds the slope: the plateau that Dauphin et al. (2014)
    argue surrounds saddles in high dimension.

    Rule: L = x^2 + (y^4 - 1)^2, g = (2x, 8 y^3 (y^4 - 1)); a saddle at the origin
    (loss 1, Hessian diag(2, 0), degenerate), minima at (0, +-1) (loss 0). Near the saddle
    y_{t+1} ~ y_t + 8 lr y_t^3, so leaving takes about 1 / (16 lr y0^2) steps.

    Example:
        >>> f = SaddlePlateau()
        >>> f([0.0, 0.0]), f.grad([0.0, 0.1]).round(6).tolist()
        (1.0, [0.0, -0.007999])

    References: Y. Dauphin, R. Pascanu, C. Gulcehre, K. Cho, S. Ganguli and Y. Bengio
    (2014), "Identifying and attacking the saddle point problem in high-dimensional
    non-convex optimization", NeurIPS. Introduced in notebooks/07_more_challenges.
    """

    name = "saddle on a plateau"
    bounds = ((-1.5, 1.5), (-1.5, 1.5))
    minima = np.array([[0.0, -1.0], [0.0, 1.0]])
    saddles = np.array([[0.0, 0.0]])

    def loss(self, x, y):
        return x ** 2 + (y ** 4 - 1) ** 2

    def gradient(self, x, y):
        return 2 * x, 8 * y ** 3 * (y ** 4 - 1)


class Cliff(Surface):
    """A gentle bowl cut by a cliff: a high terrace on the left, a steep face, the minimum below.

    Intuition: away from the face the gradient is a few units long; on the face it is
    height / (2 width) long (40 by default). A gradient descent step that lands on the face
    is that many times longer than its neighbours and catapults w far past the minimum,
    often higher up than where it started: the cliffs and exploding gradients of
    Goodfellow et al. (2016, section 8.2.4). Clipping the gradient's length tames it.

    Rule: L = ((x - 1)^2 + y^2) / 2 + (height / 2) (1 - tanh(x / width)),
    g = (x - 1 - (height / (2 width)) (1 - tanh(x / width)^2), y). The terrace (x < 0)
    sits ``height`` above the lower side; the face is about 2 ``width`` wide around x = 0;
    the minimum is at (1, 0) with loss (height / 2)(1 - tanh(1 / width)), 0 to 15 digits
    for the defaults.

    Args:
        height: > 0, the drop of the cliff. Default 4.
        width: > 0, and at most 0.1 so that the face stays clear of the minimum at x = 1.
            Default 0.05.

    Example:
        >>> f = Cliff()
        >>> f.grad([0.0, 0.0]).tolist(), f.grad([-1.0, 0.0]).round(3).tolist()   # face, terrace
        ([-41.0, 0.0], [-2.0, 0.0])

    References: I. Goodfellow, Y. Bengio and A. Courville (2016), *Deep Learning*, MIT
    Press, section 8.2.4; R. Pascanu, T. Mikolov and Y. Bengio (2013), "On the difficulty
    of training recurrent neural networks", ICML. Introduced in notebooks/07_more_challenges.
    """

    name = "cliff"
    bounds = ((-3.0, 8.0), (-2.0, 2.0))         # wide enough to show where a throw lands
    minima = np.array([[1.0, 0.0]])

    def __init__(self, height=4.0, width=0.05):
        self.height = positive("height", height, "the default 4 shows the cliff well")
        self.width = in_range("width", width, 0, 0.1, "a narrow face, e.g. 0.05",
                              low_open=True)

    def loss(self, x, y):
        return ((x - 1) ** 2 + y ** 2) / 2 + self.height / 2 * (1 - np.tanh(x / self.width))

    def gradient(self, x, y):
        face = 1 - np.tanh(x / self.width) ** 2
        return x - 1 - self.height / (2 * self.width) * face, y

    def __repr__(self):
        return f"Cliff(height={self.height:g}, width={self.width:g})"
