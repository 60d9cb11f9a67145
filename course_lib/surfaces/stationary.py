"""Stationary points: where the gradient vanishes, what kind of point it is, who ends there.

Gradient descent stops wherever the gradient is zero, and that is not always a minimum.
Three tools to tell the cases apart:

- ``classify_point(f, w)``: "minimum", "maximum", "saddle", "degenerate" or "not stationary",
  from the gradient (is it ~0?) and the eigenvalues of the Hessian (the curvatures).
- ``find_stationary(f, guess)``: Newton's method on the gradient, which converges to the
  nearby stationary point of *any* kind (a way to locate saddles and maxima).
- ``basin_map(f, lr, steps)``: run gradient descent from every point of a grid at once and
  record which minimum each start ends in (its basin of attraction).

Example:
    >>> from course_lib.surfaces import TwoWells
    >>> f = TwoWells()
    >>> [classify_point(f, p) for p in (f.minima[0], f.saddles[0], [0.0, 1.0])]
    ['minimum', 'saddle', 'not stationary']

Introduced in notebooks/05_challenges.
"""

from dataclasses import dataclass

import numpy as np

from .._validate import as_point, positive, whole_number
from ..gradients import numerical_gradient, numerical_hessian

__all__ = ["KINDS", "classify_point", "find_stationary", "BasinMap", "basin_map"]

KINDS = ("minimum", "maximum", "saddle", "degenerate", "not stationary")


def _point(w, name="w"):
    return as_point(name, w)


def _gradient(f, w):
    return np.asarray(f.grad(w), dtype=float) if hasattr(f, "grad") else numerical_gradient(f, w)


def classify_point(f, w, grad_tol=1e-6, eig_tol=1e-4):
    """Say what kind of point ``w`` is for the function ``f``, by the second-derivative test.

    Intuition: at a stationary point the ground is flat; the curvatures (the Hessian's
    eigenvalues lambda_i) say whether it bends up in every direction (a valley floor), down
    in every direction (a hilltop) or up in some and down in others (a saddle).

    Rule, with g = grad f(w) and lambda_i the eigenvalues of the Hessian H = (d^2 f / dw_i dw_j):
        |g| > grad_tol                              -> "not stationary"
        some lambda_i > eig_tol and some < -eig_tol -> "saddle"
        all lambda_i > eig_tol                      -> "minimum"   (a strict local minimum)
        all lambda_i < -eig_tol                     -> "maximum"   (a strict local maximum)
        otherwise (a lambda_i ~ 0, no mixed signs)  -> "degenerate" (the test cannot tell:
                                                       x^4 and -x^4 both have f'' = 0 at 0)

    Args:
        f: a function of a point of shape (n,); its ``f.grad`` is used when it has one,
            else central differences. The Hessian is ``numerical_hessian(f, w)``.
        w: the point, shape (n,).
        grad_tol: > 0, the largest gradient norm that counts as zero.
        eig_tol: > 0, the smallest |curvature| that counts as non-zero (the numerical
            Hessian is accurate to about 1e-6 relative to |f|).

    Returns: one of the strings in ``KINDS``.

    Example:
        >>> from course_lib import Saddle
        >>> classify_point(Saddle(), [0.0, 0.0])
        'saddle'

    References: Nocedal & Wright (2006), "Numerical Optimization", 2nd ed., Springer,
    section 2.1. Introduced in notebooks/05_challenges.
    """
    w = _point(w)
    for name, value in (("grad_tol", grad_tol), ("eig_tol", eig_tol)):
        positive(name, value, "try the default")
    if np.linalg.norm(_gradient(f, w)) > grad_tol:
        return "not stationary"
    eig = np.linalg.eigvalsh(numerical_hessian(f, w))
    if eig.max() > eig_tol and eig.min() < -eig_tol:
        return "saddle"
    if eig.min() > eig_tol:
        return "minimum"
    if eig.max() < -eig_tol:
        return "maximum"
    return "degenerate"


def find_stationary(f, guess, steps=50, tol=1e-12):
    """Find a stationary point (grad f = 0) near ``guess``, by Newton's method.

    Intuition: unlike gradient descent, which only walks downhill, Newton's method jumps
    to where a quadratic model of f is flat, so it converges (from close enough) to a
    saddle or a maximum as readily as to a minimum: handy to locate every stationary point.

    Rule, with H the Hessian (``numerical_hessian``) and g = grad f(w):
        w <- w - H(w)^-1 g   (least squares when H is singular), until |g| <= tol.

    Args:
        f: a function of a point of shape (n,), with or without ``.grad``.
        guess: the start, shape (n,), finite.
        steps: the most Newton steps, a whole number >= 1.
        tol: > 0, stop once |grad f| <= tol.

    Returns: the point reached, shape (n,) (check it with ``classify_point``).

    Example:
        >>> from course_lib import TwoWells
        >>> w = find_stationary(TwoWells(), [0.1, 0.2])      # starts near the saddle
        >>> classify_point(TwoWells(), w)
        'saddle'

    References: Nocedal & Wright (2006), "Numerical Optimization", 2nd ed., Springer,
    chapter 3.3. Introduced in notebooks/05_challenges.
    """
    w = _point(guess, "guess")
    steps = whole_number("steps", steps, 1, "try 50")
    positive("tol", tol, "try 1e-12")
    for _ in range(steps):
        g = _gradient(f, w)
        if np.linalg.norm(g) <= tol:
            break
        w = w - np.linalg.lstsq(numerical_hessian(f, w), g, rcond=None)[0]
    return w


@dataclass
class BasinMap:
    """Where gradient descent ends from each start of a grid (made by ``basin_map``).

    Intuition: colour every start by the minimum it rolls into and the basins of
    attraction appear; drawn by ``course_lib.plots.plot_basins``.

    Args:
        X, Y: the (n, n) starts. labels: (n, n) ints, the index into ``targets`` of the
        point the run ended near, or -1 (ended elsewhere, diverged, or not there yet).
        targets: (k, 2) the candidate end points. final: (2, n, n) the end points.

    Example:
        >>> from course_lib import TwoWells
        >>> basin_map(TwoWells(), lr=0.05, n=20).labels.shape
        (20, 20)

    Introduced in notebooks/05_challenges.
    """
    X: np.ndarray
    Y: np.ndarray
    labels: np.ndarray
    targets: np.ndarray
    final: np.ndarray

    def fractions(self):
        """The share of starts that ended at each target, shape (k,)."""
        return np.array([np.mean(self.labels == i) for i in range(len(self.targets))])


def basin_map(f, lr, steps=200, n=100, targets=None, radius=1e-2):
    """Which minimum gradient descent reaches from every start of an n-by-n grid.

    Intuition: on a non-convex surface the end point depends on the start; running all
    starts at once shows the regions (basins) that drain into each minimum.

    Rule: w <- w - lr grad f(w) for every start at once: W has shape (2, n, n) and one
    call ``f.grad(W)`` per step updates every start (vectorized, no loop over starts).

    Args:
        f: a 2-D surface with a vectorized ``grad`` and ``bounds`` (the grid's window).
        lr: learning rate eta, > 0.
        steps: updates per start, a whole number >= 1.
        n: grid points per side, a whole number >= 2.
        targets: (k, 2) points to recognise; default the surface's minima then its
            local_minima.
        radius: > 0, how close to a target a run must end to count.

    Returns: a BasinMap.

    Example:
        >>> from course_lib import TwoWells
        >>> basins = basin_map(TwoWells(), lr=0.05, steps=200, n=50)
        >>> basins.fractions()          # share of starts ending in each minimum
        array([0.52, 0.48])

    Introduced in notebooks/05_challenges.
    """
    positive("lr", lr, "try 0.01")
    whole_number("steps", steps, 1, "try 200")
    whole_number("n", n, 2, "try 100")
    positive("radius", radius, "try 1e-2")
    if targets is None:
        targets = np.concatenate([np.reshape(getattr(f, "minima", []), (-1, 2)),
                                  np.reshape(getattr(f, "local_minima", []), (-1, 2))])
    targets = np.asarray(targets, dtype=float).reshape(-1, 2)
    (x0, x1), (y0, y1) = f.bounds
    X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    W = np.stack([X, Y])
    with np.errstate(over="ignore", invalid="ignore"):   # diverging starts become inf/nan
        for _ in range(steps):
            W = W - lr * f.grad(W)
        distance = np.linalg.norm(W[:, None] - targets.T[:, :, None, None], axis=0)
    labels = np.full(X.shape, -1)
    if len(targets):
        nearest = np.argmin(np.nan_to_num(distance, nan=np.inf), axis=0)
        close = np.take_along_axis(distance, nearest[None], axis=0)[0] <= radius
        labels[close] = nearest[close]
    return BasinMap(X, Y, labels, targets, W)
