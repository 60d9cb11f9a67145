"""Gradients by finite differences, and the gradient check that tests an analytic one.

Introduced in notebooks/03_gradients.
"""

import numpy as np

from ._validate import as_point, positive

__all__ = ["numerical_gradient", "gradient_check", "numerical_hessian"]


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

    relative error = |a - n| / max(|a| + |n|, 1e-8), coordinate by coordinate; the guard
    keeps coordinates where both are ~0 from dividing by zero. Below ~1e-7 the analytic
    gradient is almost certainly right; above ~1e-3 it is almost certainly wrong.

    Example:
        >>> gradient_check(lambda w: np.sum(w ** 2), lambda w: 2 * w, np.ones(3)) < 1e-7
        True
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

    Built from central differences of ``numerical_gradient``-style first differences:
        H_ij ~ (f(w + h e_i + h e_j) - f(w + h e_i - h e_j)
                - f(w - h e_i + h e_j) + f(w - h e_i - h e_j)) / (4 h^2)
    and symmetrized. Its eigenvalues classify a stationary point: all > 0 a minimum,
    all < 0 a maximum, mixed signs a saddle. Introduced in notebooks/05_challenges.
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
