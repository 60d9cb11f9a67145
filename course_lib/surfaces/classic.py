"""The classic test functions: the quadratic bowl, Rosenbrock, Beale and Himmelblau.

Each surface is a callable object (see ``course_lib.surfaces.base``): ``f(w)`` is the loss
L(w), ``f.grad(w)`` its gradient g, for one point of shape (2,) or a grid (2, ...).
Besides the formula, each surface knows where its interesting points are (``minima``,
``local_minima``, ``saddles``) and a good plotting window (``bounds``).

Example:
    >>> f = Himmelblau()
    >>> f(f.minima[0]), f.grad([3.0, 2.0]).tolist()
    (0.0, [0.0, 0.0])

Introduced in notebooks/02_loss_surfaces.
"""

import numpy as np

from .._validate import in_range, is_float_point, positive, shaped
from .base import ConstantCurvature, Surface

__all__ = ["Quadratic", "Rosenbrock", "Beale", "Himmelblau"]

class Quadratic(ConstantCurvature):
    """The quadratic bowl L(w) = 0.5 w^T A w - b^T w, gradient A w - b, in any dimension.

    Intuition: near any minimum a smooth loss looks like this bowl, so what gradient
    descent does here (converge, crawl along a ravine, diverge) it does everywhere. Its
    Hessian is A, so the curvatures are A's eigenvalues (``lambda_max``, ``lambda_min``,
    ``kappa``; see ConstantCurvature). Convex when A is positive semi-definite; with a
    negative eigenvalue it is a saddle (listed in ``saddles``).

    Rule: L(w) = 0.5 w^T A w - b^T w, g = A w - b, minimum at w* = A^-1 b when A is
    positive definite.

    Args:
        A: symmetric (n, n) matrix, the Hessian.
        b: (n,) vector, zeros by default.
        bounds: plot window in 2-D; by default three units around the minimizer.

    Example:
        >>> f = Quadratic(np.diag([1.0, 100.0]))        # a ravine
        >>> f.kappa, f([1.0, 1.0])
        (100.0, 50.5)

    Introduced in notebooks/04_gradient_descent; the ravine in 08_momentum.
    """

    def __init__(self, A, b=None, bounds=None):
        A = shaped("A", A, ("n", "n"), "a square matrix, e.g. np.diag([1.0, 10.0])")
        if not np.allclose(A, A.T):
            raise ValueError(f"A must be a symmetric square matrix, got {A.tolist()}; "
                             f"for example np.diag([1.0, 10.0])")
        self.A = self.hessian = A
        self.b = np.zeros(len(A)) if b is None else shaped("b", b, (len(A),), "one per row of A")
        self.name = f"quadratic (kappa = {self.kappa:g})" if len(A) == 2 else "quadratic"
        if self.lambda_min > 0:
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
        if is_float_point(w, len(self.A)):
            return w                                # one float point: run()'s case, per step
        return shaped("w", w, (len(self.A), ...), f"this quadratic takes one coordinate "
                      f"per row of A, or a grid of shape ({len(self.A)}, ...)")

    def __repr__(self):
        return f"Quadratic(A={self.A.tolist()}, b={self.b.tolist()})"


class Rosenbrock(Surface):
    """Rosenbrock's banana valley, minimum 0 at (a, a^2).

    Intuition: finding the curved valley is easy; following it to the minimum is slow,
    because the valley floor is nearly flat while its walls are steep (the curvatures
    differ by a factor of about 2500 at the minimum).

    Rule: L(x, y) = (a - x)^2 + b (y - x^2)^2;
    g = (-2 (a - x) - 4 b x (y - x^2), 2 b (y - x^2)).

    Args:
        a: any number, the minimum's x (default 1). b: > 0, the walls' steepness (100).

    Example:
        >>> Rosenbrock()([1.0, 1.0]), Rosenbrock()([0.0, 0.0])
        (0.0, 1.0)

    References: Rosenbrock (1960), "An automatic method for finding the greatest or least
    value of a function", The Computer Journal 3(3). Introduced in notebooks/05_challenges.
    """

    name = "Rosenbrock"
    bounds = ((-2.0, 2.0), (-1.0, 3.0))

    def __init__(self, a=1.0, b=100.0):
        self.a = in_range("a", a, -1e6, 1e6, "the default 1 puts the minimum at (1, 1)")
        self.b = positive("b", b, "the default 100 makes the famous narrow valley")
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

    Intuition: the gradient is tiny on the plains and huge near the ridges, so no single
    learning rate suits the whole surface: a test for adaptive methods.

    Rule: L = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2.

    Example:
        >>> Beale()([3.0, 0.5])
        0.0

    References: Beale (1958), "On an iterative method for finding a local minimum of a
    function of more than one variable", Princeton technical report 25.
    Introduced in notebooks/09_nesterov (the race).
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

    Intuition: where gradient descent ends depends on where it starts, even when every
    minimum is equally good.

    Rule: L = (x^2 + y - 11)^2 + (x + y^2 - 7)^2.

    Example:
        >>> len(Himmelblau.minima), Himmelblau()([3.0, 2.0])
        (4, 0.0)

    References: Himmelblau (1972), "Applied Nonlinear Programming", McGraw-Hill.
    Introduced in notebooks/05_challenges.
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
