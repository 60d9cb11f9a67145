"""How large a learning rate can be: curvature and the stability limit of gradient descent.

Near a minimum every smooth loss looks like a quadratic bowl whose curvatures are the
Hessian's eigenvalues lambda_i. Gradient descent multiplies the distance along direction i
by (1 - lr lambda_i) each step, so it settles only while |1 - lr lambda_max| < 1, that is
lr < 2 / lambda_max; heavy-ball momentum settles while lr < 2 (1 + beta) / lambda_max
(Polyak 1964).

Example:
    >>> from course_lib import Quadratic
    >>> lr_limit(Quadratic(np.diag([2.0, 0.25])))      # 2 / lambda_max
    1.0

Introduced in notebooks/04_gradient_descent; momentum's limit in 08_momentum.
"""

import numpy as np

from course_lib._validate import in_unit_interval
from course_lib.gradients import numerical_hessian
from course_lib.optimizers.base import optimizer_name
from course_lib.optimizers.momentum import DEFAULT_BETA

__all__ = ["curvature_at_minimum", "lr_limit"]


def curvature_at_minimum(f):
    """lambda_max: the largest curvature of f at its minimum.

    Intuition: near a minimum every smooth loss looks like a quadratic bowl whose
    curvatures are the Hessian's eigenvalues; the sharpest one limits the learning rate.

    Rule: ``f.lambda_max`` when f knows it (a Quadratic or a LineFitSurface: the Hessian
    is the same everywhere), else the largest eigenvalue of
    ``numerical_hessian(f, f.minima[0])``.

    Args:
        f: a surface; its ``lambda_max`` or its ``minima`` are used.

    Returns: a float, or None when f knows no minimum.

    Example:
        >>> from course_lib.surfaces import Quadratic, Rosenbrock
        >>> curvature_at_minimum(Quadratic(np.diag([2.0, 0.25])))
        2.0
        >>> round(curvature_at_minimum(Rosenbrock()))      # 1001.6 at (1, 1)
        1002

    Introduced in notebooks/04_gradient_descent.
    """
    if getattr(f, "lambda_max", None) is not None:
        return float(f.lambda_max)
    minima = np.asarray(getattr(f, "minima", ()), dtype=float).reshape(-1, 2)
    if not len(minima):
        return None
    return float(np.linalg.eigvalsh(numerical_hessian(f, minima[0]))[-1])


def lr_limit(f, optimizer="GradientDescent", beta=None):
    """The largest learning rate with which the optimizer can settle at f's minimum.

    Intuition: each step multiplies the distance to the minimum along the sharpest
    direction by (1 - lr lambda_max) for gradient descent; once that factor is below -1
    every step overshoots further than the last. Momentum's velocity damps the overshoot,
    so it tolerates a larger lr.

    Rule, with lambda_max = curvature_at_minimum(f) and eta = lr:
        gradient descent:     eta < 2 / lambda_max
        heavy-ball momentum:  eta < 2 (1 + beta) / lambda_max
    On a Quadratic this holds everywhere (above it, every run diverges); on other surfaces
    it holds near the minimum.

    Args:
        f: a surface (a Quadratic knows its curvature exactly; others use f.minima[0]).
        optimizer: an optimizer, its class or its name.
        beta: Momentum's coefficient in [0, 1); None reads it from the optimizer
            (an instance's own beta, else the class default 0.9).

    Returns: the limit (a float), or None for other optimizers (Nesterov and the
    adaptive methods have no single-number limit here) or when f has no known minimum.

    Example:
        >>> from course_lib import Momentum, Quadratic
        >>> f = Quadratic(np.diag([2.0, 0.25]))
        >>> lr_limit(f, Momentum), lr_limit(f, Momentum(lr=0.1, beta=0.5))
        (1.9, 1.5)

    References: Polyak (1964), "Some methods of speeding up the convergence of iteration
    methods", USSR Computational Mathematics and Mathematical Physics 4(5).
    Introduced in notebooks/04_gradient_descent; momentum's limit in 08_momentum.
    """
    name = optimizer_name(optimizer)
    lambda_max = curvature_at_minimum(f) if name in ("GradientDescent", "Momentum") else None
    if lambda_max is None or not lambda_max > 0:
        return None
    if name == "GradientDescent":
        return 2.0 / lambda_max
    if beta is None:
        beta = DEFAULT_BETA if isinstance(optimizer, (str, type)) else optimizer.beta
    beta = in_unit_interval("beta", beta, "Momentum's beta, e.g. 0.9")
    return 2.0 * (1.0 + beta) / lambda_max
