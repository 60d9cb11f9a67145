"""Gradient clipping by norm: cap the length of the gradient before the step.

Intuition: on a cliff the gradient can be hundreds of times longer than anywhere nearby,
and w <- w - lr g then throws the parameters far away in one step, undoing the progress
of many. Clipping keeps the gradient's direction and caps its length at ``max_norm``, so
one step can move w by at most lr * max_norm. Where the gradient is shorter than
``max_norm`` nothing changes.

Rule (one norm over all parameter arrays together, as torch.nn.utils.clip_grad_norm_):
    |g| = sqrt(sum of g_i^2 over every entry of every array)
    g <- g * min(1, max_norm / |g|)

Example:
    >>> import numpy as np
    >>> clip_by_norm(np.array([30.0, 40.0]), max_norm=5.0)      # |g| = 50 -> 5
    array([3., 4.])

References: R. Pascanu, T. Mikolov and Y. Bengio (2013), "On the difficulty of training
recurrent neural networks", ICML; I. Goodfellow, Y. Bengio and A. Courville (2016),
*Deep Learning*, MIT Press, section 8.2.4 (cliffs and exploding gradients).
Introduced in notebooks/07_more_challenges.
"""

import numpy as np

from course_lib._validate import positive

__all__ = ["clip_by_norm", "Clipped"]

NORM_HINT = "try a length a little above the typical gradient's, e.g. 1.0"


def clip_by_norm(grads, max_norm):
    """The gradient scaled down to length ``max_norm`` if it is longer; a new array (list).

    Rule: g <- g * min(1, max_norm / |g|), with |g| the Euclidean length of all the
    entries of all the arrays together. The inputs are not changed.

    Args:
        grads: a float array, or a list of arrays (one per parameter array).
        max_norm: the longest allowed gradient, > 0.

    Returns: the same structure as ``grads``: new arrays, clipped.

    Example:
        >>> [g.round(6).tolist() for g in clip_by_norm([np.array([3.0]), np.array([4.0])], 1.0)]
        [[0.6], [0.8]]

    Introduced in notebooks/07_more_challenges.
    """
    max_norm = positive("max_norm", max_norm, NORM_HINT)
    single = not isinstance(grads, (list, tuple))
    arrays = [np.asarray(g, dtype=float) for g in ([grads] if single else grads)]
    norm = np.sqrt(sum(float(np.sum(g * g)) for g in arrays))
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    clipped = [g * scale for g in arrays]
    return clipped[0] if single else clipped


class Clipped:
    """An optimizer that clips each gradient to length ``max_norm`` before its step.

    Rule: step t runs the wrapped optimizer on clip_by_norm(g_t, max_norm); for gradient
    descent w_{t+1} = w_t - lr g_t min(1, max_norm / |g_t|). Everything else (state, the
    update rule, in-place steps) is the wrapped optimizer's.

    Args:
        opt: a course_lib optimizer, e.g. GradientDescent(lr=0.1).
        max_norm: the longest gradient passed on, > 0.

    Example:
        >>> from course_lib import GradientDescent
        >>> w = np.array([0.0, 0.0])
        >>> Clipped(GradientDescent(lr=0.5), max_norm=1.0).step(w, np.array([0.0, 10.0]))
        array([ 0. , -0.5])

    Introduced in notebooks/07_more_challenges.
    """

    def __init__(self, opt, max_norm):
        if not callable(getattr(opt, "step", None)):
            raise TypeError(f"opt must be an optimizer with a step method, got {opt!r}; "
                            "pass e.g. GradientDescent(lr=0.1)")
        self.opt = opt
        self.max_norm = positive("max_norm", max_norm, NORM_HINT)

    @property
    def name(self):
        return self.opt.name

    @property
    def lr(self):
        return self.opt.lr

    def reset(self):
        """Clear the wrapped optimizer's state."""
        self.opt.reset()

    def step(self, params, grads):
        """One update of ``params`` in place on the clipped gradient; returns ``params``."""
        return self.opt.step(params, clip_by_norm(grads, self.max_norm))

    def __repr__(self):
        return f"{self.opt!r} clipped at max_norm={self.max_norm!r}"
