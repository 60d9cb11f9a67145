"""Heavy-ball momentum and Nesterov momentum, written in parallel so the one-line difference shows.

Both keep a velocity v (zero at the start); Nesterov is Momentum with the step by v replaced
by one by lr g + beta v.

Example (L(w) = w^2, g = 2w, from w = 10):
    >>> w_m, w_n = np.array([10.0]), np.array([10.0])
    >>> momentum, nesterov = Momentum(lr=0.1, beta=0.9), Nesterov(lr=0.1, beta=0.9)
    >>> for t in range(3):
    ...     _ = momentum.step(w_m, 2 * w_m), nesterov.step(w_n, 2 * w_n)
    >>> w_m.round(4), w_n.round(4)
    (array([0.62]), array([-1.0835]))

Introduced in notebooks/08_momentum and 09_nesterov.
"""

import numpy as np

from .._validate import in_unit_interval
from .base import Optimizer

__all__ = ["Momentum", "Nesterov", "DEFAULT_BETA"]

DEFAULT_BETA = 0.9      # the beta of Momentum(lr) and Nesterov(lr), as in most frameworks

BETA_HINT = "0 means no momentum; typical values are 0.5, 0.9 or 0.99"


class Momentum(Optimizer):
    """Heavy-ball momentum: a velocity that remembers past gradients.

    Like a ball rolling downhill, the velocity ``v`` keeps moving in directions where the
    gradients agree and cancels where they flip sign, which speeds progress along a ravine.
    The source document writes the learning rate as alpha here (gamma in plain GD); in code
    it is ``lr`` everywhere.

    Rule: ``v <- beta * v + lr * g ;  w <- w - v``  (the source's V_t, beta, alpha are
    ``v``, ``beta``, ``lr``), v = 0 at the start. The same iterates as
    ``torch.optim.SGD(lr, momentum=beta)`` with constant lr (PyTorch stores v / lr).

    Args:
        lr: learning rate eta, > 0. With a constant gradient the step grows to
            lr / (1 - beta); on a quadratic it settles for lr < 2 (1 + beta) / lambda_max.
        beta: momentum coefficient in [0, 1); 0 is plain gradient descent.

    Returns: ``step(params, grads)`` returns ``params``, updated in place.

    Example:
        >>> w = np.array([10.0]); opt = Momentum(lr=0.1, beta=0.9)
        >>> _ = opt.step(w, 2 * w)      # v = 2, w = 8
        >>> opt.step(w, 2 * w)          # v = 0.9 * 2 + 0.1 * 16 = 3.4
        array([4.6])

    References: Polyak (1964), "Some methods of speeding up the convergence of iteration
    methods". Introduced in notebooks/08_momentum.
    """

    state_names = ("v",)
    elementwise = True

    def __init__(self, lr, beta=DEFAULT_BETA):
        super().__init__(lr)
        self.beta = in_unit_interval("beta", beta, BETA_HINT)

    def update(self, w, g, buf, v):
        # v <- beta v + lr g ;  w <- w - v
        v *= self.beta
        v += np.multiply(self.lr, g, out=buf)      # buf keeps lr g
        w -= v


class Nesterov(Momentum):
    """Nesterov momentum: momentum that corrects itself with a look-ahead.

    The velocity update is Momentum's; the step then goes one velocity further
    (``beta * v``) plus the fresh gradient step, which is the look-ahead gradient of
    Nesterov (1983) rewritten at the point where frameworks keep the weights. It
    overshoots less than heavy-ball momentum.

    Rule: ``v <- beta * v + lr * g ;  w <- w - (beta * v + lr * g)``, with the new v in
    the step: Momentum's two lines, with the step by v replaced by one by lr g + beta v.
    The same iterates as ``torch.optim.SGD(lr, momentum=beta, nesterov=True)``.

    Args:
        lr: learning rate eta, > 0.
        beta: momentum coefficient in [0, 1).

    Returns: ``step(params, grads)`` returns ``params``, updated in place.

    Example:
        >>> w = np.array([10.0]); Nesterov(lr=0.1, beta=0.9).step(w, 2 * w)
        array([6.2])

    References: Nesterov (1983), "A method for solving the convex programming problem
    with convergence rate O(1/k^2)"; Sutskever, Martens, Dahl & Hinton (2013), "On the
    importance of initialization and momentum in deep learning", ICML.
    Introduced in notebooks/09_nesterov.
    """

    def update(self, w, g, buf, v):
        # v <- beta v + lr g ;  w <- w - (beta v + lr g)
        v *= self.beta
        v += np.multiply(self.lr, g, out=buf)      # buf keeps lr g
        w -= buf                                   # where Momentum steps by v, Nesterov
        w -= np.multiply(self.beta, v, out=buf)    # steps by lr g + beta v (the new v)
