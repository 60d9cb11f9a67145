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
    """The curvature of ``f`` at ``w`` along the direction ``u``: a second derivative on a line.

    Intuition: walk through w in the direction u and record the loss, t -> L(w + t u). The
    slope of that one-variable function at t = 0 is the slope along u (lesson 03); its
    second derivative is the curvature along u: how fast that slope changes. Along the
    w_i axis it is d^2 L / d w_i^2; over all directions its largest and smallest values
    are lambda_max and lambda_min (the Hessian's eigenvalues), reached along the principal
    directions, which need not be the axes.

    Rule, central second difference along the unit vector u / |u|:
        curvature ~ (L(w + h u) - 2 L(w) + L(w - h u)) / h^2

    Args:
        f: function of a point of shape (n,), returning a number.
        w: the point, shape (n,), finite.
        u: a direction, shape (n,), any non-zero length (it is scaled to length 1);
           or shape (k, n) for k directions at once.
        h: step, > 0 (1e-4 balances truncation and round-off for second differences).

    Returns: a float, or an array of k floats for k directions.

    Example:
        >>> bowl = lambda w: 2 * w[0] ** 2 + 3 * w[0] * w[1]      # Hessian [[4, 3], [3, 0]]
        >>> round(curvature_along(bowl, [0.0, 0.0], [1.0, 0.0]), 6)   # along the first axis
        4.0
        >>> round(curvature_along(bowl, [0.0, 0.0], [1.0, 1.0]), 6)   # (4 + 2 * 3 + 0) / 2
        5.0

    Introduced in notebooks/04_gradient_descent (the tilted bowl).
    """
    w = as_point("w", w)
    positive("h", h, "1e-4 suits float64 second differences")
    U = np.array(u, dtype=float)
    if U.shape[-1:] != w.shape or U.ndim > 2:
        raise ValueError(f"u must have shape {w.shape} (one direction) or (k, {w.size}) "
                         f"(k directions), like w; got shape {U.shape}")
    lengths = np.linalg.norm(U, axis=-1, keepdims=True)
    if not np.all(np.isfinite(lengths)) or np.any(lengths == 0):
        raise ValueError(f"u must be a finite, non-zero direction, got {U.tolist()}; "
                         f"for example [1.0, 0.0] for the first axis")
    U = U / lengths
    centre = f(w)
    curv = [(f(w + h * d) - 2 * centre + f(w - h * d)) / (h * h) for d in np.atleast_2d(U)]
    return float(curv[0]) if U.ndim == 1 else np.array(curv, dtype=float)
