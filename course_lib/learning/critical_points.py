"""Critical points of a small network's loss: find them, then count their downhill directions.

A critical (stationary) point is a w with grad L(w) = 0. Gradient descent runs away from
saddles, so it cannot find them; instead we minimize the squared gradient length

    S(w) = |grad L(w)|^2 / 2,

whose zeros are exactly the critical points of L, minima, saddles and maxima alike. Its
residual is r(w) = grad L(w) with Jacobian H(w), the Hessian of L, so the
Levenberg-Marquardt step (a Newton step on r, damped by mu > 0) is

    d = -(H^2 + mu I)^{-1} H grad L,        w_{t+1} = w_t + d.

mu shrinks after a step that lowered S and grows after one that did not; as mu -> 0 the
step becomes Newton's -H^{-1} grad L, which converges fast near a critical point whatever
the signs of H's eigenvalues. The *index* of a critical point is the fraction of H's
eigenvalues lambda_i below zero: 0 at a minimum, larger the more downhill directions.

Example (L = (w1^2 - 1)^2 + w2^2: minima at w1 = +-1, a saddle at the origin):
    >>> grad = lambda w: np.array([4 * w[0] * (w[0] ** 2 - 1), 2 * w[1]])
    >>> point = find_critical_point(grad, [0.3, 0.2])
    >>> point.converged, point.w.round(6) + 0.0, critical_index(hessian_from_gradient(grad, point.w))
    (True, array([0., 0.]), 0.5)

References: Levenberg (1944), Marquardt (1963); Nocedal & Wright (2006), "Numerical
Optimization", 2nd ed., Springer, chapter 10. Dauphin et al. (2014) locate a network's
critical points the same way (Newton's method on |grad L|^2).

Introduced in notebooks/07_more_challenges.
"""

from dataclasses import dataclass

import numpy as np

from .._validate import as_point, non_negative, positive, whole_number

__all__ = ["hessian_from_gradient", "find_critical_point", "critical_index",
           "rank_correlation", "CriticalPoint", "FlatLoss"]


def hessian_from_gradient(grad, w, h=1e-5, g=None):
    """The Hessian H of L at ``w``, by finite differences of the gradient ``grad``.

    Intuition: column j of H is how the gradient changes when weight j moves; with an
    exact gradient one difference per weight is enough (cheaper and more accurate than
    second differences of the loss).

    Rule: central differences H[:, j] ~ (grad(w + h e_j) - grad(w - h e_j)) / (2 h), or,
    when the gradient g = grad(w) is given, forward differences
    H[:, j] ~ (grad(w + h e_j) - g) / h (half the gradients, error of order h); then
    H <- (H + H^T) / 2.

    Args:
        grad: function of a point of shape (n,), returning the gradient, shape (n,).
        w: the point, shape (n,).
        h: step, > 0 (1e-5 suits float64 first differences).
        g: None for central differences, or grad(w) for forward differences.

    Returns: the symmetric (n, n) float array H.

    Example:
        >>> hessian_from_gradient(lambda w: np.array([2 * w[0] - 3 * w[1], -3 * w[0]]),
        ...                       [1.0, 2.0]).round(6) + 0.0
        array([[ 2., -3.],
               [-3.,  0.]])

    Introduced in notebooks/07_more_challenges.
    """
    w = as_point("w", w)
    positive("h", h, "1e-5 suits float64 first differences")
    E = np.eye(w.size) * h
    if g is None:
        H = np.column_stack([(np.asarray(grad(w + e), float) - np.asarray(grad(w - e), float))
                             / (2 * h) for e in E])
    else:
        g = np.asarray(g, dtype=float)
        H = np.column_stack([(np.asarray(grad(w + e), float) - g) / h for e in E])
    return (H + H.T) / 2


@dataclass
class CriticalPoint:
    """Where the search ended: the point, its gradient length and whether it converged.

    Args:
        w: the point, shape (n,).
        grad_norm: |grad L(w)| there.
        steps: Levenberg-Marquardt steps taken.
        converged: True if grad_norm <= the search's tolerance.

    Example:
        >>> CriticalPoint(np.zeros(2), 0.0, 3, True).converged
        True

    Introduced in notebooks/07_more_challenges.
    """
    w: np.ndarray
    grad_norm: float
    steps: int
    converged: bool


def find_critical_point(grad, w0, hessian=None, tol=1e-8, max_steps=200, mu=1e-2):
    """Search for a critical point (grad L = 0) near ``w0`` by Levenberg-Marquardt on |grad L|^2.

    Intuition: a minimum of |grad L|^2 at value 0 is a critical point of L of any kind,
    so, unlike gradient descent, the search is not pushed away from saddles.

    Rule, with g = grad L(w_t) and H its Hessian:
        d = -(H^2 + mu I)^{-1} H g;  if |grad L(w_t + d)| < |g|: w_{t+1} = w_t + d,
        mu <- mu / 3; else mu <- 3 mu (retry). Stops when |g| <= tol.
    A run can also stall at a point where |grad L|^2 has a minimum above 0, which is not
    a critical point: check ``converged``.

    Args:
        grad: function of a point of shape (n,), returning grad L there, shape (n,).
        w0: the start, shape (n,).
        hessian: function returning the (n, n) Hessian at a point, or None for forward
            differences of ``grad`` (``hessian_from_gradient(grad, w, g=grad(w))``).
        tol: stop when |grad L| <= tol (> 0).
        max_steps: at most this many Hessian evaluations (int >= 1).
        mu: the starting damping (> 0).

    Returns: a CriticalPoint (w, grad_norm, steps, converged).

    Example:
        >>> point = find_critical_point(lambda w: np.array([2 * w[0], -2 * w[1] + 1]), [5.0, 5.0])
        >>> point.converged, point.w.round(8) + 0.0
        (True, array([0. , 0.5]))

    References: Nocedal & Wright (2006), section 10.3.
    Introduced in notebooks/07_more_challenges.
    """
    w = as_point("w0", w0)
    positive("tol", tol, "1e-8 is a strict test of |grad L| in float64")
    max_steps = whole_number("max_steps", max_steps, 1, "a few dozen steps usually suffice")
    mu = positive("mu", mu, "1e-2 is a safe start: it adapts")
    g = np.asarray(grad(w), float)
    steps = 0
    while np.linalg.norm(g) > tol and steps < max_steps:
        H = hessian(w) if hessian else hessian_from_gradient(grad, w, g=g)
        steps += 1
        HH, Hg = H @ H, H @ g
        for _ in range(60):                      # raise mu until the step helps
            w_new = w - np.linalg.solve(HH + mu * np.eye(w.size), Hg)
            g_new = np.asarray(grad(w_new), float)
            if np.linalg.norm(g_new) < np.linalg.norm(g):
                w, g, mu = w_new, g_new, max(mu / 3, 1e-12)
                break
            mu *= 3
        else:
            break                                # no step helps: a minimum of |g|^2 above 0
    norm = float(np.linalg.norm(g))
    return CriticalPoint(w, norm, steps, norm <= tol)


def critical_index(H, tol=1e-6):
    """The index of a critical point: the fraction of the Hessian's eigenvalues below zero.

    Intuition: each negative curvature lambda_i is a direction that leads downhill, so
    the index is 0 at a minimum, near 1/2 at a "typical" saddle and 1 at a maximum.

    Rule: index = #{i : lambda_i < -tol * max_i |lambda_i|} / n; eigenvalues within that
    relative tolerance of zero (flat directions, e.g. from symmetries) count as not
    negative.

    Args:
        H: the symmetric (n, n) Hessian at the point.
        tol: relative tolerance, >= 0 (1e-6 ignores rounding noise in a numerical H).

    Returns: a float in [0, 1].

    Example:
        >>> critical_index(np.diag([2.0, -1.0, 0.0, 3.0]))
        0.25

    Introduced in notebooks/07_more_challenges.
    """
    eigenvalues = np.linalg.eigvalsh(np.asarray(H, dtype=float))
    scale = max(np.abs(eigenvalues).max(), 1e-300)
    return float(np.mean(eigenvalues < -tol * scale))


def rank_correlation(a, b):
    """Spearman's rank correlation of two equally long sequences: +1 when they rise together.

    Intuition: it asks only whether a larger a goes with a larger b, not by how much, so a
    few points of very different sizes (a loss, a fraction) can be compared fairly.

    Rule: replace each value by its rank (1 = smallest; tied values share their mean rank),
    then take the ordinary correlation coefficient of the two rank lists.

    Args:
        a, b: sequences of numbers of the same length >= 2, neither constant.

    Returns: a float in [-1, 1].

    Example:
        >>> rank_correlation([0.1, 0.5, 0.2, 9.0], [1, 3, 2, 4]), rank_correlation([1, 2, 3], [3, 2, 1])
        (1.0, -1.0)

    References: C. Spearman (1904), "The proof and measurement of association between two
    things", American Journal of Psychology 15. Introduced in notebooks/07_more_challenges.
    """
    ranks = []
    for name, values in (("a", a), ("b", b)):
        values = np.asarray(values, dtype=float)
        if values.ndim != 1 or len(values) < 2 or np.all(values == values[0]):
            raise ValueError(f"{name} must be a 1-D sequence of at least 2 numbers that are "
                             f"not all equal, got {values.tolist()}")
        order = np.argsort(values, kind="stable")
        r = np.empty(len(values))
        r[order] = np.arange(1, len(values) + 1)
        for v in np.unique(values):                    # ties share their mean rank
            r[values == v] = r[values == v].mean()
        ranks.append(r)
    if len(ranks[0]) != len(ranks[1]):
        raise ValueError(f"a and b must be equally long, got {len(ranks[0])} and {len(ranks[1])}")
    return float(np.corrcoef(*ranks)[0, 1])


class FlatLoss:
    """A model's loss and gradient as functions of one flat parameter vector w.

    Intuition: the search and the Hessian want one vector of n numbers, while a model
    keeps a list of arrays (W1, b1, W2, b2); this concatenates them, in that order.

    Rule: w = concatenate(p.ravel() for p in model.params); loss(w) and grad(w) set the
    model's parameters to w (on a copy) and return
        L(w) = model loss + (wd / 2) |w|^2,     grad L(w) = model gradient + wd w,
    flattened the same way. A little weight decay keeps critical points at finite w (without
    it a network's loss can keep creeping down a valley as its weights grow).

    Args:
        model: any course_lib model (``params``, ``loss_and_grad(X, y)``).
        X, y: the data the loss is measured on.
        wd: weight decay, >= 0 (default 0: the model's own loss).

    Example:
        >>> from course_lib.learning.mlp import MLP
        >>> flat = FlatLoss(MLP(2, 2, 2, seed=0), np.eye(2), np.array([0, 1]))
        >>> flat.w0.shape, flat.grad(flat.w0).shape
        ((12,), (12,))

    Introduced in notebooks/07_more_challenges.
    """

    def __init__(self, model, X, y, wd=0.0):
        self.model, self.X, self.y = model.copy(), X, y
        self.wd = non_negative("wd", wd, "a small value such as 1e-3 keeps critical points finite")
        self.shapes = [p.shape for p in model.params]
        self._ends = np.cumsum([p.size for p in model.params])[:-1]
        self.w0 = np.concatenate([np.ravel(p) for p in model.params]).astype(float)

    def _set(self, w):
        w = np.asarray(w, dtype=float)
        if w.shape != self.w0.shape:
            raise ValueError(f"w must have shape {self.w0.shape} (the model's "
                             f"{len(self.w0)} parameters), got {w.shape}")
        self.model.params = [p.reshape(s) for p, s in zip(np.split(w.copy(), self._ends),
                                                           self.shapes)]
        return w

    def loss(self, w):
        """L(w), the mean loss (plus the weight-decay term) at the flat parameters w."""
        w = self._set(w)
        return float(self.model.loss(self.X, self.y)) + self.wd / 2 * float(np.dot(w, w))

    def grad(self, w):
        """grad L(w), flattened like w."""
        w = self._set(w)
        _, grads = self.model.loss_and_grad(self.X, self.y)
        return np.concatenate([np.ravel(g) for g in grads]) + self.wd * np.asarray(w, float)
