"""The loss of a straight-line fit, L(w, b), as a function of its two parameters.

For the model y_hat = w x + b on data (x, y), the mean squared error
    L(w, b) = (1/n) sum_i (w x_i + b - y_i)^2
is a surface over the (w, b) plane: the first loss surface of the course that comes
from real data. It is a convex bowl (a quadratic in w and b), with its bottom at the
least-squares line.

Expanding the square, L only needs five averages of the data:
    L = w^2 <x^2> + 2 w b <x> + b^2 - 2 w <xy> - 2 b <y> + <y^2>
so a whole (w, b) grid is evaluated without an (n_grid x n_grid x n) array.

Example:
    >>> x, y = np.array([0.0, 1.0]), np.array([1.0, 3.0])
    >>> mse_loss_wb(2.0, 1.0, x, y), mse_grad_wb(0.0, 0.0, x, y)    # the exact fit; from 0
    (0.0, (-3.0, -4.0))

Introduced in notebooks/02_loss_surfaces.
"""
import numpy as np

from course_lib._validate import non_empty, shaped
from course_lib.surfaces.base import ConstantCurvature

__all__ = ["mse_loss_wb", "mse_grad_wb", "LineFitSurface"]


def _moments(x, y):
    hint = "for one feature use e.g. x, y = load_diabetes(feature='bmi')"
    x = non_empty("x", shaped("x", x, ("n",), hint), hint)
    y = shaped("y", y, (len(x),), "one target per x")
    return x.mean(), (x * x).mean(), y.mean(), (x * y).mean(), (y * y).mean()


def mse_loss_wb(w, b, x, y):
    """The mean squared error L(w, b) of the line y_hat = w x + b on data (x, y).

    Intuition: how far, on average, the line misses the points, squared so that misses
    above and below both count; one number per (w, b), so a whole grid is a surface.

    Rule: L(w, b) = (1/n) sum_i (w x_i + b - y_i)^2 (the source names it J(w, b)).

    Args:
        w, b: numbers or arrays of one shape (e.g. the W, B of np.meshgrid).
        x, y: the data, 1-D arrays of the same length.

    Returns: a float (scalar w, b) or an array of the shape of w and b.

    Example:
        >>> mse_loss_wb(2.0, 1.0, np.array([0.0, 1.0]), np.array([1.0, 4.0]))   # (0 + 1) / 2
        0.5

    Introduced in notebooks/02_loss_surfaces.
    """
    return _loss(w, b, *_moments(x, y))


def _loss(w, b, mx, mxx, my, mxy, myy):
    w, b = np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64)
    loss = w * w * mxx + 2 * w * b * mx + b * b - 2 * w * mxy - 2 * b * my + myy
    loss = np.maximum(loss, 0.0)          # a mean of squares; clip round-off just below 0
    return float(loss) if loss.ndim == 0 else loss


def mse_grad_wb(w, b, x, y):
    """The gradient (dL/dw, dL/db) of `mse_loss_wb`, for scalars or same-shape grids.

    Intuition: each residual w x_i + b - y_i pulls the intercept by itself and the slope
    by itself times x_i; the gradient averages those pulls.

    Rule:
        dL/dw = (2/n) sum_i (w x_i + b - y_i) x_i = 2 (w <x^2> + b <x> - <xy>)
        dL/db = (2/n) sum_i (w x_i + b - y_i)     = 2 (w <x> + b - <y>)

    Args:
        w, b: numbers or arrays of one shape. x, y: the data, 1-D arrays of one length.

    Returns: a tuple (dL/dw, dL/db) of floats or arrays.

    Example:
        >>> mse_grad_wb(2.0, 1.0, np.array([0.0, 1.0]), np.array([1.0, 3.0]))  # exact fit
        (0.0, 0.0)

    Introduced in notebooks/03_gradients.
    """
    return _grad(w, b, *_moments(x, y))


def _grad(w, b, mx, mxx, my, mxy, myy):
    w, b = np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64)
    dw, db = 2 * (w * mxx + b * mx - mxy), 2 * (w * mx + b - my)
    return (float(dw), float(db)) if dw.ndim == 0 else (dw, db)


class LineFitSurface(ConstantCurvature):
    """L(w, b) of a line fit to data (x, y), as a surface: f([w, b]), f.grad([w, b]).

    Intuition: the first loss surface that comes from real data; it works everywhere a
    course surface does (run, the plot helpers, the widgets), with the slope w as first
    coordinate and the intercept b as second.

    Rule: L as in `mse_loss_wb`; ``minima`` holds the least-squares line
    (w*, b*) = (cov(x, y) / var(x), <y> - w* <x>). The Hessian is the same everywhere,
    H = 2 [[<x^2>, <x>], [<x>, 1]]; its eigenvalues are ``lambda_max`` (gradient
    descent diverges for lr > 2 / lambda_max) and ``lambda_min``, ``kappa`` their ratio.

    Args:
        x, y: 1-D arrays of the same length; x must not be constant.
        name: label for plots (default "MSE of y = w x + b").
        bounds: plot window ((w_min, w_max), (b_min, b_max)); by default centered on the
            minimum, wide enough to show the bowl's shape.

    Example:
        >>> from course_lib.data import load_diabetes
        >>> f = LineFitSurface(*load_diabetes(feature="bmi"))
        >>> round(float(f.minima[0, 0]), 3)      # standardized data: w* = correlation, b* = 0
        0.586

    Introduced in notebooks/02_loss_surfaces.
    """

    def __init__(self, x, y, name="MSE of y = w x + b", bounds=None):
        self.x, self.y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        # The five averages are all L needs: compute them once, not at every step.
        self._moments = _moments(self.x, self.y)
        mx, mxx, my, mxy, _ = self._moments
        var = mxx - mx * mx
        if not var > 0:
            raise ValueError("x must not be constant: with one x value every slope fits "
                             "equally well; choose a feature that varies")
        w_star = (mxy - mx * my) / var
        self.minima = np.array([[w_star, my - w_star * mx]])
        self.hessian = 2 * np.array([[mxx, mx], [mx, 1.0]])
        self.name = name
        self.axis_labels = ("slope w", "intercept b")
        if bounds is None:
            scale = 2.0 * max(abs(w_star), np.sqrt(max(mxx, 0.0)), 1.0)
            bounds = tuple((float(c) - scale, float(c) + scale) for c in self.minima[0])
        self.bounds = bounds

    def loss(self, w, b):
        return _loss(w, b, *self._moments)

    def gradient(self, w, b):
        return _grad(w, b, *self._moments)

    def __repr__(self):
        return f"LineFitSurface(n={len(self.x)}, name={self.name!r})"
