"""What a loss surface is: the base class of every surface, and constant curvature.

A surface is a callable object: ``f(w)`` is the loss L(w), ``f.grad(w)`` its gradient g.
``w`` of shape (2,) gives a float and a (2,) gradient; ``w`` of shape (2, ...) such as
``np.stack([X, Y])`` from a meshgrid evaluates a whole grid at once. The concrete surfaces
live in ``course_lib.surfaces.classic`` and ``.challenges``; the line fit of real data in
``course_lib.surfaces.line_fit``.

Example:
    >>> from course_lib.surfaces import Quadratic
    >>> f = Quadratic(np.diag([2.0, 0.25]))
    >>> f.lambda_max, f.lambda_min, f.kappa
    (2.0, 0.25, 8.0)

Introduced in notebooks/02_loss_surfaces.
"""

import numpy as np

from .._validate import is_float_point, shaped

__all__ = ["Surface", "ConstantCurvature"]

_NONE = np.zeros((0, 2))
_POINT_HINT = "w of shape (2,) is one point; for a grid pass np.stack([X, Y])"


class Surface:
    """A loss surface L(x, y) over two parameters: the base class of every course surface.

    Intuition: a landscape over the (x, y) plane; the loss is the height, the gradient the
    uphill direction. A subclass writes the formula once, for arrays of any shape, and
    gets single points and whole grids for free.

    Rule: a subclass sets ``name``, ``bounds``, ``minima`` (and ``local_minima``,
    ``saddles`` when it has them) and writes ``loss(x, y)`` and ``gradient(x, y)`` ->
    (dL/dx, dL/dy) for arrays ``x``, ``y`` of one shape. A surface in any dimension
    (Quadratic) overrides ``__call__(w)`` and ``grad(w)`` instead, for w of shape
    (n,) or (n, ...).

    Example:
        >>> class Bowl(Surface):
        ...     minima = np.zeros((1, 2))
        ...     def loss(self, x, y): return x ** 2 + y ** 2
        ...     def gradient(self, x, y): return 2 * x, 2 * y
        >>> Bowl()([1.0, 2.0]), Bowl().grad([1.0, 2.0]).tolist()
        (5.0, [2.0, 4.0])

    Introduced in notebooks/02_loss_surfaces.
    """

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
        gx, gy = self.gradient(x, y)
        if np.ndim(gx) == 0 and np.ndim(gy) == 0:      # one point: what run() asks, per step
            return np.array([gx, gy], dtype=float)
        return np.stack(np.broadcast_arrays(gx, gy)).astype(float)

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
        if not is_float_point(w, 2):
            # anything but one float point (run()'s case, checked once per run) is checked
            w = shaped("w", w, (2, ...), f"{self.name} takes {_POINT_HINT}")
        return w[0], w[1]

    def __repr__(self):
        return f"{type(self).__name__}()"


class ConstantCurvature(Surface):
    """A surface whose Hessian H is the same everywhere: a quadratic bowl (or saddle).

    Intuition: the curvatures lambda_i (the eigenvalues of H) say how sharply the surface
    bends along its principal directions; the condition number kappa says how stretched
    the bowl is (a long, narrow ravine when kappa is large). Gradient descent converges on
    it exactly for 0 < lr < 2 / lambda_max.

    Rule: lambda_min <= ... <= lambda_max are the eigenvalues of ``hessian``;
    kappa = lambda_max / lambda_min (inf unless lambda_min > 0). There are no short
    aliases: L is the loss throughout the course, never a curvature.

    Example:
        >>> from course_lib.surfaces import Quadratic
        >>> f = Quadratic(np.diag([1.0, 100.0]))
        >>> f.lambda_max, f.lambda_min, f.kappa
        (100.0, 1.0, 100.0)

    Introduced in notebooks/04_gradient_descent (lambda_max), 08_momentum (kappa).
    """

    hessian = None          # a subclass sets the (n, n) Hessian in __init__

    @property
    def curvatures(self):
        """The Hessian's eigenvalues lambda_i, ascending."""
        return np.linalg.eigvalsh(self.hessian)

    @property
    def lambda_max(self):
        """The largest curvature lambda_max."""
        return float(self.curvatures[-1])

    @property
    def lambda_min(self):
        """The smallest curvature lambda_min."""
        return float(self.curvatures[0])

    @property
    def kappa(self):
        """The condition number lambda_max / lambda_min (inf unless lambda_min > 0)."""
        return self.lambda_max / self.lambda_min if self.lambda_min > 0 else np.inf
