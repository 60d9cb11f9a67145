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

from course_lib.gradients import numerical_hessian
from course_lib.optimizers import optimizer_name

__all__ = ["curvature_at_minimum", "lr_limit"]

# The momentum coefficient a class uses when none is given (Momentum's default).
_DEFAULT_BETA = 0.9


def curvature_at_minimum(f):
    """L: the largest curvature of f, exact for a Quadratic (f.L), else at f.minima[0].

    Near a minimum every smooth loss looks like a quadratic bowl whose curvatures are
    the Hessian's eigenvalues; L is the largest. None when f knows no minimum.
    """
    if getattr(f, "L", None) is not None:
        return float(f.L)
    minima = np.asarray(getattr(f, "minima", ()), dtype=float).reshape(-1, 2)
    if not len(minima):
        return None
    return float(np.linalg.eigvalsh(numerical_hessian(f, minima[0]))[-1])


def lr_limit(f, optimizer="GradientDescent", beta=None):
    """The largest learning rate with which the optimizer can settle at f's minimum.

    With lambda_max = curvature_at_minimum(f): gradient descent needs
    lr < 2 / lambda_max; heavy-ball momentum lr < 2 (1 + beta) / lambda_max (Polyak 1964).
    On a Quadratic this holds everywhere (above it, every run diverges); on other surfaces
    it holds near the minimum.

    Args:
        f: a surface (a Quadratic knows its curvature exactly; others use f.minima[0]).
        optimizer: an optimizer, its class or its name.
        beta: Momentum's coefficient in [0, 1); None reads it from the optimizer
            (an instance's own beta, else the class default 0.9).

    Returns the limit, or None for other optimizers or when f has no known minimum.

    Example:
        >>> from course_lib import Momentum, Quadratic
        >>> f = Quadratic(np.diag([2.0, 0.25]))
        >>> lr_limit(f, Momentum), lr_limit(f, Momentum(lr=0.1, beta=0.5))
        (1.9, 1.5)
    """
    name = optimizer_name(optimizer)
    L = curvature_at_minimum(f) if name in ("GradientDescent", "Momentum") else None
    if L is None or not L > 0:
        return None
    if name == "GradientDescent":
        return 2.0 / L
    if beta is None:
        beta = _DEFAULT_BETA if isinstance(optimizer, (str, type)) else optimizer.beta
    return 2.0 * (1.0 + beta) / L
