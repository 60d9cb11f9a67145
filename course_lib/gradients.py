"""Gradients by finite differences, and the gradient check that tests an analytic one.

Example:
    >>> f = lambda w: w[0] ** 2 + 3 * w[1]
    >>> numerical_gradient(f, np.array([1.0, 0.0])).round(6)
    array([2., 3.])

Introduced in notebooks/03_gradients.
"""

import numpy as np

from ._validate import as_point, positive

__all__ = ["numerical_gradient", "gradient_check", "numerical_hessian", "curvature_along"]


def numerical_gradient(f, w, h=1e-5):
    """Estimate the gradient of a scalar function ``f`` at ``w`` by central differences.

    Nudge one coordinate at a time by +h and -h and measure the slope:
        dL/dw_i ~ (f(w + h e_i) - f(w - h e_i)) / (2 h)
    The error shrinks like h^2 (a one-sided difference only like h), until round-off,
    which grows like 1/h, takes over: h = 1e-5 suits float64.

    Args:
        f: function of one array, returning a number.
        w: array of any shape (a float or int array; it is left unchanged).
        h: step, > 0.

    Returns: a float array of ``w``'s shape.

    Example:
        >>> numerical_gradient(lambda w: np.sum(w ** 2), np.array([1.0, -2.0])).round(8)
        array([ 2., -4.])

    References: Nocedal & Wright (2006), "Numerical Optimization", 2nd ed., Springer,
    section 8.1. Introduced in notebooks/03_gradients.
    """
    positive("h", h, "1e-5 suits float64")
    w = np.array(w, dtype=float)          # our own copy: the caller's w is never touched
    grad = np.zeros_like(w)
    flat, gflat = w.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):            # one coordinate at a time, by definition
        old = flat[i]
        flat[i] = old + h
        up = f(w)
        flat[i] = old - h
        down = f(w)
        flat[i] = old
        gflat[i] = (up - down) / (2 * h)
    return grad


def gradient_check(f, grad_f, w, h=1e-5):
    """The largest relative error between ``grad_f(w)`` and the numerical gradient.

    Intuition: a hand-derived gradient is easy to get subtly wrong; finite differences are
    slow but hard to get wrong, so comparing the two catches the mistake.

    Rule, with a = grad_f(w) and n = numerical_gradient(f, w), coordinate by coordinate:
        relative error = |a - n| / max(|a| + |n|, 1e-8)
    (the guard keeps coordinates where both are ~0 from dividing by zero). Below ~1e-7 the
    analytic gradient is almost certainly right; above ~1e-3 it is almost certainly wrong.

    Args:
        f: function of one array, returning a number.
        grad_f: the analytic gradient to test, returning an array of w's shape.
        w: the point, an array of any shape.
        h: finite-difference step, > 0.

    Returns: the largest relative error, a float >= 0.

    Example:
        >>> gradient_check(lambda w: np.sum(w ** 2), lambda w: 2 * w, np.ones(3)) < 1e-7
        True

    References: CS231n, "Gradient checks" (Stanford course notes, Karpathy et al.).
    Introduced in notebooks/03_gradients.
    """
    analytic = np.asarray(grad_f(np.array(w, dtype=float)), dtype=float)
    numeric = numerical_gradient(f, w, h)
    if analytic.shape != numeric.shape:
        raise ValueError(f"grad_f returned shape {analytic.shape} but w has shape "
                         f"{numeric.shape}; the gradient must have the shape of w")
    denom = np.maximum(np.abs(analytic) + np.abs(numeric), 1e-8)
    return float(np.max(np.abs(analytic - numeric) / denom))


def numerical_hessian(f, w, h=1e-4):
    """The matrix of second derivatives of ``f`` at a point ``w`` of shape (n,).

    Intuition: the Hessian H says how the slope itself changes; its eigenvalues lambda_i
    are the curvatures along the principal directions. They classify a stationary point
    (all > 0 a minimum, all < 0 a maximum, mixed signs a saddle) and lambda_max limits the
    learning rate (lr < 2 / lambda_max).

    Rule, central differences in two coordinates at once:
        H_ij ~ (f(w + h e_i + h e_j) - f(w + h e_i - h e_j)
                - f(w - h e_i + h e_j) + f(w - h e_i - h e_j)) / (4 h^2)

    Args:
        f: function of a point of shape (n,), returning a number.
        w: the point, shape (n,), finite.
        h: step, > 0 (1e-4 balances truncation and round-off for second differences).

    Returns: the symmetric (n, n) float array H.

    Example:
        >>> numerical_hessian(lambda w: w[0] ** 2 - 3 * w[0] * w[1], [0.0, 0.0]).round(6)
        array([[ 2., -3.],
               [-3.,  0.]])

    Introduced in notebooks/05_challenges.
    """
    w = as_point("w", w)
    positive("h", h, "1e-4 suits float64 second differences")
    n = w.size
    H = np.zeros((n, n))
    E = np.eye(n) * h
    for i in range(n):
        for j in range(i, n):
            H[i, j] = H[j, i] = (f(w + E[i] + E[j]) - f(w + E[i] - E[j])
                                 - f(w - E[i] + E[j]) + f(w - E[i] - E[j])) / (4 * h * h)
    return H


def curvature_along(f, w, u, h=1e-4):
    """The curvature of ``f`` at ``w`` along the unit direction ``u``: how fast the slope
    along ``u`` changes.

    Intuition: walk through ``w`` along a straight line, t -> f(w + t u). That is a curve
    of one variable; its second derivative at t = 0 is the curvature along u. A bowl
    curves up (> 0) in every direction, a hilltop down (< 0), a saddle both ways. Over
    all directions the largest and smallest curvatures are lambda_max and lambda_min, the
    Hessian's extreme eigenvalues, and the directions where they occur are its
    eigen-directions (notebooks/notation_and_tools).

    Rule, the central second difference along u:
        c(u) ~ (f(w + h u) - 2 f(w) + f(w - h u)) / h^2
    (for a quadratic 0.5 w^T H w it is u^T H u = sum_ij H_ij u_i u_j).

    Args:
        f: function of a point of shape (n,), returning a number.
        w: the point, shape (n,), finite.
        u: one unit direction, shape (n,), or k of them as rows, shape (k, n); each row
            of length 1 (divide by np.linalg.norm to get there).
        h: step, > 0 (1e-4 balances truncation and round-off for second differences).

    Returns: a float for one direction, a (k,) array for k directions.

    Example:
        >>> bowl = lambda w: 2 * w[0] ** 2 + 0.5 * w[1] ** 2      # curvatures 4 and 1
        >>> curvature_along(bowl, [0.0, 0.0], [[1.0, 0.0], [0.0, 1.0]]).round(6)
        array([4., 1.])

    Introduced in notebooks/03_gradients.
    """
    w = as_point("w", w)
    positive("h", h, "1e-4 suits float64 second differences")
    U = np.array(u, dtype=float)
    if U.shape[-1:] != w.shape or U.ndim > 2:
        raise ValueError(f"u must have shape ({w.size},) or (k, {w.size}) like w, got shape "
                         f"{U.shape}; give one direction per row")
    lengths = np.linalg.norm(np.atleast_2d(U), axis=1)
    if not np.allclose(lengths, 1.0, atol=1e-6):
        worst = lengths[np.argmax(np.abs(lengths - 1.0))]
        raise ValueError(f"u must hold unit vectors (length 1), got a length of {worst:.4g}; "
                         "divide each direction by its length, u / np.linalg.norm(u)")
    center = f(w)
    curv = np.array([(f(w + h * d) - 2 * center + f(w - h * d)) / (h * h)
                     for d in np.atleast_2d(U)])
    return float(curv[0]) if U.ndim == 1 else curv
