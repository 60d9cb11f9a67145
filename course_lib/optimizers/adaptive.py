"""Adaptive methods: a learning rate per parameter, scaled by the gradients seen so far.

One learning rate for every parameter is a poor fit when some parameters see large,
frequent gradients and others small or rare ones (sparse features). These methods divide
each parameter's step by a running measure of its own gradient size.
Same skeleton as ``course_lib.optimizers``: in place, vectorized, no per-step allocation.
AdaGrad and RMSProp share their step (``AdaGrad.divide_step``) and differ in one
accumulation line.

Example:
    >>> w = np.array([10.0, 0.01])          # very different gradient sizes ...
    >>> AdaGrad(lr=0.5).step(w, 2 * w)      # ... the same first step for both
    array([ 9.5 , -0.49])

Introduced in notebooks/10_adaptive.
"""

import numpy as np

from .._validate import in_unit_interval, non_negative, positive
from .base import Optimizer

__all__ = ["AdaGrad", "RMSProp", "Adam", "AdamW"]

EPS_HINT = "eps only guards against dividing by zero; use a tiny value such as 1e-8"


class AdaGrad(Optimizer):
    """AdaGrad: divide each step by the root of the sum of all past squared gradients.

    Intuition: parameters whose gradients have been large get small steps, rarely
    updated ones (sparse features) keep large steps. The sum only grows, so every step
    shrinks for ever: good for convex problems with rare features, too cautious for long
    non-convex training.

    Rule, per coordinate, s = 0 at the start (s, g, eta = ``s``, ``g``, ``lr``):
        ``s <- s + g**2``
        ``w <- w - lr * g / (sqrt(s) + eps)``
    The same iterates as ``torch.optim.Adagrad(lr, eps=eps)``.

    Args:
        lr: learning rate eta, > 0 (often 0.01 to 1; the first step moves every
            coordinate by about lr).
        eps: > 0, a tiny guard against dividing by zero.

    Returns: ``step(params, grads)`` returns ``params``, updated in place.

    Example:
        >>> w = np.array([10.0]); AdaGrad(lr=0.5).step(w, 2 * w)   # first step: lr * sign(g)
        array([9.5])

    References: Duchi, Hazan & Singer (2011), "Adaptive subgradient methods for online
    learning and stochastic optimization", JMLR 12. Introduced in notebooks/10_adaptive.
    """

    state_names = ("s",)
    elementwise = True

    def __init__(self, lr, eps=1e-10):
        super().__init__(lr)
        self.eps = positive("eps", eps, EPS_HINT)

    def update(self, w, g, buf, s):
        # s <- s + g^2
        s += np.multiply(g, g, out=buf)
        self.divide_step(w, g, buf, s)

    def divide_step(self, w, g, buf, s):
        """w <- w - lr g / (sqrt(s) + eps), in place: the step AdaGrad and RMSProp share."""
        np.sqrt(s, out=buf)
        buf += self.eps
        np.divide(g, buf, out=buf)
        w -= np.multiply(self.lr, buf, out=buf)


class RMSProp(AdaGrad):
    """RMSProp: AdaGrad with a moving average that forgets old gradients.

    Intuition: AdaGrad's sum remembers every gradient ever seen, so its steps die out.
    RMSProp keeps an exponential moving average instead: the step size follows the
    *recent* size of the gradient, and training can keep moving. Only the accumulation
    line differs from AdaGrad; the step is AdaGrad's ``divide_step``.

    Rule, per coordinate, s = 0 at the start (rho, eta = ``rho``, ``lr``):
        ``s <- rho * s + (1 - rho) * g**2``
        ``w <- w - lr * g / (sqrt(s) + eps)``
    The same iterates as ``torch.optim.RMSprop(lr, alpha=rho, eps=eps)``.

    Args:
        lr: learning rate eta, > 0 (often 1e-3).
        rho: decay of the average of squared gradients, in [0, 1) (0.9 remembers about
            the last 10 steps).
        eps: > 0, a tiny guard against dividing by zero.

    Returns: ``step(params, grads)`` returns ``params``, updated in place.

    Example:
        >>> w = np.array([10.0]); RMSProp(lr=0.01, rho=0.9).step(w, 2 * w)
        array([9.96837722])

    References: Tieleman & Hinton (2012), "Lecture 6.5 - RMSProp: divide the gradient by
    a running average of its recent magnitude", COURSERA: Neural Networks for Machine
    Learning. Introduced in notebooks/10_adaptive.
    """

    def __init__(self, lr, rho=0.9, eps=1e-8):
        self.rho = in_unit_interval("rho", rho, "typical values are 0.9 or 0.99")
        super().__init__(lr, eps)

    def update(self, w, g, buf, s):
        # s <- rho s + (1 - rho) g^2   (where AdaGrad adds g^2)
        s *= self.rho
        s += np.multiply(1 - self.rho, np.multiply(g, g, out=buf), out=buf)
        super().divide_step(w, g, buf, s)          # AdaGrad's step


class Adam(Optimizer):
    """Adam: momentum on the gradient and RMSProp's scaling, both bias-corrected.

    Intuition: ``m`` averages the gradients (direction), ``v`` their squares (size). Both
    start at zero, so early averages are too small; dividing by 1 - beta**t undoes that
    bias (``bias_corrections``, which a variant can override).

    Rule, at step t = 1, 2, ... (eta = ``lr``; m, v start at 0):
        ``m <- beta1 * m + (1 - beta1) * g``
        ``v <- beta2 * v + (1 - beta2) * g**2``
        ``w <- w - lr * (m / (1 - beta1**t)) / (sqrt(v / (1 - beta2**t)) + eps)``
    The same iterates as ``torch.optim.Adam(lr, betas=(beta1, beta2), eps=eps)``.

    Args:
        lr: learning rate, > 0 (1e-3 is the usual default).
        beta1: decay of the gradient average, in [0, 1).
        beta2: decay of the squared-gradient average, in [0, 1).
        eps: > 0, avoids dividing by zero.

    Returns: ``step(params, grads)`` returns ``params``, updated in place.

    Example:
        >>> w = np.array([10.0]); Adam(lr=0.1).step(w, 2 * w)   # first step: lr * sign(g)
        array([9.9])

    References: Kingma & Ba (2015), "Adam: A method for stochastic optimization", ICLR.
    Introduced in notebooks/10_adaptive.
    """

    state_names = ("m", "v")
    elementwise = True

    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr)
        self.beta1 = in_unit_interval("beta1", beta1, "the usual value is 0.9")
        self.beta2 = in_unit_interval("beta2", beta2, "the usual value is 0.999")
        self.eps = positive("eps", eps, EPS_HINT)

    def update(self, w, g, buf, m, v):
        # m <- beta1 m + (1 - beta1) g
        m *= self.beta1
        m += np.multiply(1 - self.beta1, g, out=buf)
        # v <- beta2 v + (1 - beta2) g^2
        v *= self.beta2
        v += np.multiply(1 - self.beta2, np.multiply(g, g, out=buf), out=buf)
        # m_hat = m / (1 - beta1^t),  v_hat = v / (1 - beta2^t): the bias corrections
        c1, c2 = self.bias_corrections()
        v_hat = np.divide(v, c2, out=buf)
        # w <- w - lr m_hat / (sqrt(v_hat) + eps), with m_hat's division folded into lr
        denominator = np.sqrt(v_hat, out=buf)
        denominator += self.eps
        w -= np.multiply(self.lr / c1, np.divide(m, denominator, out=buf), out=buf)

    def bias_corrections(self):
        """(1 - beta1**t, 1 - beta2**t): what m and v are divided by at step t.

        Both averages start at zero, so after t steps their weights add up to
        1 - beta**t instead of 1; dividing by it makes them proper averages
        (m_hat, v_hat). A subclass returning ``(1.0, 1.0)`` is Adam without correction.

        Example:
            >>> opt = Adam(lr=0.1, beta1=0.9, beta2=0.999); opt.t = 10
            >>> [round(c, 4) for c in opt.bias_corrections()]
            [0.6513, 0.01]
        """
        return 1 - self.beta1 ** self.t, 1 - self.beta2 ** self.t


class AdamW(Adam):
    """AdamW: Adam with decoupled weight decay, which shrinks the weights themselves.

    L2 regularization adds (weight_decay / 2) ||w||^2 to the loss, so its gradient
    weight_decay * w joins g and then goes through Adam's per-parameter scaling: weights
    with large past gradients are barely decayed. AdamW instead shrinks every weight by
    the same factor before the Adam step, so the decay is what the name says.

    Rule, at step t = 1, 2, ...:
        ``w <- w - lr * weight_decay * w``  (decoupled decay)
        then Adam's update of m, v and w with the gradient g (no decay term in g).
    The same iterates as ``torch.optim.AdamW(lr, betas=(beta1, beta2), eps=eps,
    weight_decay=weight_decay)``.

    Args:
        lr, beta1, beta2, eps: as for Adam.
        weight_decay: >= 0, the decay per unit of lr (0.01 is PyTorch's default;
            0 makes AdamW exactly Adam).

    Example:
        >>> w = np.array([10.0]); AdamW(lr=0.1, weight_decay=0.5).step(w, 2 * w)
        array([9.4])

    References: I. Loshchilov and F. Hutter (2019), "Decoupled weight decay
    regularization", ICLR. Introduced in notebooks/10_adaptive.
    """

    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
        super().__init__(lr, beta1, beta2, eps)
        self.weight_decay = non_negative("weight_decay", weight_decay,
                                         "0 turns the decay off; 0.01 is a common value")

    def update(self, w, g, buf, m, v):
        # w <- w - lr weight_decay w, then the Adam step
        w *= 1 - self.lr * self.weight_decay
        super().update(w, g, buf, m, v)
