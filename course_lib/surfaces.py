"""Loss surfaces: two-parameter functions to look at, differentiate and descend.

Each surface is a callable object: ``f(w)`` is the loss, ``f.grad(w)`` its gradient.
``w`` of shape (2,) gives a float and a (2,) gradient; ``w`` of shape (2, ...) such as
``np.stack([X, Y])`` from a meshgrid evaluates a whole grid at once. Besides the formula,
each surface knows where its interesting points are (``minima``, ``local_minima``,
``saddles``) and a good plotting window (``bounds``).
Introduced in notebooks/02_loss_surfaces.
"""

import numpy as np

from ._validate import positive

__all__ = ["Surface", "Quadratic", "Rosenbrock", "Beale", "Himmelblau", "Saddle",
           "TwoWells", "Plateau", "SaddlePlateau"]

_NONE = np.zeros((0, 2))


class Surface:
    """Base class: subclasses set ``name``, ``bounds``, ``minima`` and write
    ``loss(x, y)`` and ``gradient(x, y)`` for arrays ``x``, ``y`` of any (equal) shape."""

    name = "surface"
    bounds = ((-2.0, 2.0), (-2.0, 2.0))
    minima = _NONE
    local_minima = _NONE
    saddles = _NONE

    def __call__(self, w):
        x, y = self._split(w)
        loss = self.loss(x, y)
        return float(loss) if np.ndim(loss) == 0 else loss

    def grad(self, w):
        """The gradient (dL/dx, dL/dy), with the shape of ``w``."""
        x, y = self._split(w)
        return np.stack(np.broadcast_arrays(*self.gradient(x, y))).astype(float)

    def grid(self, n=200):
        """``(X, Y, Z)`` on an n-by-n meshgrid over ``bounds``, for contour and 3-D plots."""
        (x0, x1), (y0, y1) = self.bounds
        X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
        return X, Y, self(np.stack([X, Y]))

    @property
    def min_value(self):
        """The lowest loss (at the global minima), or None when there is no minimum."""
        return self(self.minima[0]) if len(self.minima) else None

    def _split(self, w):
        w = np.asarray(w, dtype=float)
        if w.ndim == 0 or w.shape[0] != 2:
            raise ValueError(f"{self.name} takes w of shape (2,) or (2, ...), got shape "
                             f"{w.shape}; for a grid pass np.stack([X, Y])")
        return w[0], w[1]

    def __repr__(self):
        return f"{type(self).__name__}()"


class Quadratic(Surface):
    """The quadratic bowl L(w) = 0.5 w^T A w - b^T w, gradient A w - b, in any dimension.

    Its curvatures are the eigenvalues of the symmetric matrix ``A``: the largest is ``L``,
    the smallest ``mu``, and ``kappa = L / mu`` (the condition number) measures how
    stretched the bowl is: a long, narrow ravine when kappa is large. Gradient descent
    converges on it for 0 < lr < 2 / L. Convex when ``A`` is positive semi-definite.

    Args:
        A: symmetric (n, n) matrix. b: (n,) vector, zeros by default.
        bounds: plot window in 2-D; by default three units around the minimizer.

    Example: ``Quadratic(np.diag([1.0, 100.0]))`` is a ravine with kappa = 100.
    """

    def __init__(self, A, b=None, bounds=None):
        A = np.array(A, dtype=float)
        if A.ndim != 2 or A.shape[0] != A.shape[1] or not np.allclose(A, A.T):
            raise ValueError(f"A must be a symmetric square matrix, got {A.tolist()}; "
                             f"for example np.diag([1.0, 10.0])")
        self.A = A
        self.b = np.zeros(len(A)) if b is None else np.array(b, dtype=float)
        if self.b.shape != (len(A),):
            raise ValueError(f"b must have shape ({len(A)},) to match A, got {self.b.shape}")
        eig = np.linalg.eigvalsh(A)
        self.mu, self.L = float(eig[0]), float(eig[-1])
        self.kappa = self.L / self.mu if self.mu > 0 else np.inf
        self.name = f"quadratic (kappa = {self.kappa:g})" if len(A) == 2 else "quadratic"
        if self.mu > 0:
            self.minima = np.linalg.solve(A, self.b)[None, :]
            center = self.minima[0]
        else:
            self.saddles = np.linalg.lstsq(A, self.b, rcond=None)[0][None, :]
            center = self.saddles[0]
        if bounds is None and len(A) == 2:
            bounds = tuple((float(c) - 3, float(c) + 3) for c in center)
        self.bounds = bounds

    def __call__(self, w):
        w = self._check(w)
        Aw = np.tensordot(self.A, w, axes=1)
        loss = 0.5 * np.sum(w * Aw, axis=0) - np.tensordot(self.b, w, axes=1)
        return float(loss) if np.ndim(loss) == 0 else loss

    def grad(self, w):
        w = self._check(w)
        return np.tensordot(self.A, w, axes=1) - self.b.reshape((-1,) + (1,) * (w.ndim - 1))

    def _check(self, w):
        w = np.asarray(w, dtype=float)
        if w.ndim == 0 or w.shape[0] != len(self.A):
            raise ValueError(f"this quadratic takes w of shape ({len(self.A)},) or "
                             f"({len(self.A)}, ...), got shape {w.shape}")
        return w

    def __repr__(self):
        return f"Quadratic(A={self.A.tolist()}, b={self.b.tolist()})"


class Rosenbrock(Surface):
    """Rosenbrock's banana valley: L = (a - x)^2 + b (y - x^2)^2, minimum at (a, a^2).

    Finding the curved valley is easy; following it to the minimum is slow, because the
    valley floor is nearly flat while its walls are steep.
    Reference: Rosenbrock (1960), The Computer Journal 3(3).
    """

    name = "Rosenbrock"
    bounds = ((-2.0, 2.0), (-1.0, 3.0))

    def __init__(self, a=1.0, b=100.0):
        self.a, self.b = float(a), float(b)
        self.minima = np.array([[self.a, self.a ** 2]])

    def loss(self, x, y):
        return (self.a - x) ** 2 + self.b * (y - x ** 2) ** 2

    def gradient(self, x, y):
        r = y - x ** 2
        return -2 * (self.a - x) - 4 * self.b * x * r, 2 * self.b * r

    def __repr__(self):
        return f"Rosenbrock(a={self.a:g}, b={self.b:g})"


class Beale(Surface):
    """Beale's function: flat plains and sharp ridges, minimum 0 at (3, 0.5).

    L = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2.
    Reference: Beale (1958), "On an iterative method for finding a local minimum of a
    function of more than one variable", Princeton technical report.
    """

    name = "Beale"
    bounds = ((-4.5, 4.5), (-4.5, 4.5))
    minima = np.array([[3.0, 0.5]])
    _c = (1.5, 2.25, 2.625)

    def loss(self, x, y):
        return sum((c - x + x * y ** k) ** 2 for k, c in enumerate(self._c, start=1))

    def gradient(self, x, y):
        dx, dy = 0.0, 0.0
        for k, c in enumerate(self._c, start=1):
            r = c - x + x * y ** k
            dx = dx + 2 * r * (y ** k - 1)
            dy = dy + 2 * r * k * x * y ** (k - 1)
        return dx, dy


class Himmelblau(Surface):
    """Himmelblau's function: four global minima, all with loss 0.

    L = (x^2 + y - 11)^2 + (x + y^2 - 7)^2. Where gradient descent ends depends on where
    it starts. Reference: Himmelblau (1972), "Applied Nonlinear Programming".
    """

    name = "Himmelblau"
    bounds = ((-5.0, 5.0), (-5.0, 5.0))
    minima = np.array([[3.0, 2.0],
                       [-2.805118086952745, 3.131312518250573],
                       [-3.779310253377747, -3.283185991286170],
                       [3.584428340330492, -1.848126526964404]])

    def loss(self, x, y):
        return (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2

    def gradient(self, x, y):
        r1, r2 = x ** 2 + y - 11, x + y ** 2 - 7
        return 4 * x * r1 + 2 * r2, 2 * r1 + 4 * y * r2


class Saddle(Surface):
    """The saddle L = x^2 - y^2: a minimum along x, a maximum along y, zero gradient at 0.

    Gradient descent started exactly on the x-axis slides into the saddle and stays; the
    smallest push off the axis grows like (1 + 2 lr)^t until it escapes downhill in y.
    It has no minimum: the loss falls without bound as |y| grows.
    """

    name = "saddle"
    saddles = np.array([[0.0, 0.0]])

    def loss(self, x, y):
        return x ** 2 - y ** 2

    def gradient(self, x, y):
        return 2 * x, -2 * y


class TwoWells(Surface):
    """Two valleys of different depth: a local minimum and a lower, global one.

    L = (x^2 - 1)^2 + tilt * x + y^2. The tilt makes the left well (x near -1) deeper;
    the right well is only a local minimum, and between them lies a saddle. Which one
    gradient descent finds depends on the start.

    Args:
        tilt: > 0 and < 0.76 (beyond that the right well disappears). Default 0.3.
    """

    name = "two wells"
    bounds = ((-2.0, 2.0), (-1.5, 1.5))

    def __init__(self, tilt=0.3):
        if not 0 < tilt < 0.76:
            raise ValueError(f"tilt must be in (0, 0.76) so that both wells exist, got {tilt!r}")
        self.tilt = float(tilt)
        # dL/dx = 4x^3 - 4x + tilt = 0 has three real roots: left min, saddle, right min.
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

    L = 1 - exp(-(x^2 + y^2) / (2 s^2)): near the origin a bowl with minimum 0; a few
    widths s away the loss is nearly 1 everywhere and the gradient nearly vanishes, so
    gradient descent crawls until it reaches the bowl's rim.

    Args:
        width: s > 0, the bowl's radius scale. Default 1.
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

    L = x^2 + (y^4 - 1)^2: a saddle at the origin (loss 1), minima at (0, +-1) (loss 0).
    Near the saddle L ~ 1 + x^2 - 2 y^4 is downhill along y only at fourth order (Hessian
    diag(2, 0), degenerate), so gradient descent creeps along y_{t+1} ~ y_t + 8 lr y_t^3
    and needs about 1 / (16 lr y0^2) steps to leave, not log(1/y0) as on x^2 - y^2: the
    plateau that Dauphin et al. (2014) say surrounds saddles.
    Introduced in notebooks/07_more_challenges.
    """

    name = "saddle on a plateau"
    bounds = ((-1.5, 1.5), (-1.5, 1.5))
    minima = np.array([[0.0, -1.0], [0.0, 1.0]])
    saddles = np.array([[0.0, 0.0]])

    def loss(self, x, y):
        return x ** 2 + (y ** 4 - 1) ** 2

    def gradient(self, x, y):
        return 2 * x, 8 * y ** 3 * (y ** 4 - 1)
