"""Plain gradient descent: the first optimizer of the course.

Each step moves the weights against the gradient, by the learning rate times its length.

Example (L(w) = w^2, g = 2w, from w = 10):
    >>> w = np.array([10.0]); opt = GradientDescent(lr=0.1)
    >>> for t in range(3):
    ...     _ = opt.step(w, 2 * w)
    >>> w.round(4)                  # 10 * (1 - 0.1 * 2)^3
    array([5.12])

Introduced in notebooks/04_gradient_descent.
"""

import numpy as np

from .base import Optimizer

__all__ = ["GradientDescent"]


class GradientDescent(Optimizer):
    """Plain gradient descent: step against the gradient, scaled by the learning rate.

    The gradient points uphill, so a small step against it lowers the loss. The learning
    rate ``lr`` (gamma in the update b = a - gamma grad f(a)) sets how far each step goes.

    Rule: ``w <- w - lr * g``  (g = grad L(w), eta = ``lr``).

    Args:
        lr: learning rate eta, > 0. On a quadratic with largest curvature lambda_max it
            converges for lr < 2 / lambda_max and diverges above.

    Returns: ``step(params, grads)`` returns ``params``, updated in place.

    Example:
        >>> w = np.array([10.0]); GradientDescent(lr=0.2).step(w, 2 * w)
        array([6.])

    References: Cauchy (1847), "Methode generale pour la resolution des systemes
    d'equations simultanees". Introduced in notebooks/04_gradient_descent.
    """

    elementwise = True

    def __init__(self, lr):
        super().__init__(lr)

    def update(self, w, g, buf):
        # w <- w - lr g
        w -= np.multiply(self.lr, g, out=buf)
