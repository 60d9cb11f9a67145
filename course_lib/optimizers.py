"""Gradient descent and its momentum variants, written in parallel so the differences show.

Every optimizer has the same shape: ``step(params, grads)`` updates ``params`` in place
and returns them; ``reset()`` forgets the state (velocity, step count). ``params`` is one
float array or a list of them (one per layer), ``grads`` has the same structure. Each
update works on whole arrays at once, into buffers allocated on the first step, so a step
allocates nothing of the parameters' size.

The adaptive methods (AdaGrad, RMSProp, Adam) live in ``course_lib.adaptive``.

Notation (one across the course): eta = ``lr`` (the source document's gamma in plain GD and
alpha in momentum), beta = ``beta``, v the velocity, g = grad L(w) the gradient.

Example (L(w) = w^2, g = 2w, from w = 10):
    >>> w_gd, w_m = np.array([10.0]), np.array([10.0])
    >>> gd, momentum = GradientDescent(lr=0.1), Momentum(lr=0.1, beta=0.9)
    >>> for t in range(3):
    ...     _ = gd.step(w_gd, 2 * w_gd), momentum.step(w_m, 2 * w_m)
    >>> w_gd.round(4), w_m.round(4)       # momentum has gone further downhill
    (array([5.12]), array([0.62]))

Introduced in notebooks/04_gradient_descent (GradientDescent), 08_momentum, 09_nesterov.
"""

import numpy as np

from ._validate import as_param_list, in_unit_interval, positive

__all__ = ["Optimizer", "GradientDescent", "Momentum", "Nesterov", "optimizer_name"]

LR_HINT = "try a small positive value such as 0.01"
BETA_HINT = "0 means no momentum; typical values are 0.5, 0.9 or 0.99"


class Optimizer:
    """The shared skeleton of every optimizer: validation, per-array state, the step count t.

    Intuition: every optimizer is the same loop (take the gradient, update the state,
    move the weights); only the update differs, so it is the only thing a subclass writes.

    Rule: a subclass names its state arrays in ``state_names`` (all zero at the start)
    and writes ``_update(w, g, buf, **state)`` for one array: ``w`` is updated in place,
    ``buf`` is a scratch array of ``w``'s shape for intermediate results. ``step`` counts
    t = 1, 2, ... before calling it.

    Args:
        lr: learning rate eta, a finite number > 0.

    Example:
        >>> class HalfStep(Optimizer):
        ...     def _update(self, w, g, buf):
        ...         w -= np.multiply(0.5 * self.lr, g, out=buf)
        >>> HalfStep(lr=1.0).step(np.array([4.0]), np.array([2.0]))
        array([3.])

    Introduced in notebooks/04_gradient_descent.
    """

    state_names = ()

    def __init__(self, lr):
        self.lr = positive("lr", lr, LR_HINT)
        self.reset()

    def reset(self):
        """Forget everything learned so far: state arrays back to zero, step count to 0."""
        self.t = 0
        self._state = None
        self._buffers = None

    @property
    def name(self):
        return type(self).__name__

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters().items())
        return f"{self.name}({args})"

    def hyperparameters(self):
        """The constructor's arguments as a dict, e.g. ``{'lr': 0.1, 'beta': 0.9}``."""
        return {k: v for k, v in vars(self).items() if not k.startswith("_") and k != "t"}

    @property
    def state(self):
        """The state per parameter array, e.g. ``[{'v': ...}]``; ``None`` before a step."""
        return self._state

    def step(self, params, grads):
        """Apply one update to ``params`` in place, using ``grads``; return ``params``."""
        params_list, grads_list = as_param_list(params, grads)
        if self._state is None:
            self._state = [{k: np.zeros_like(w) for k in self.state_names} for w in params_list]
            self._buffers = [np.empty_like(w) for w in params_list]
        elif [b.shape for b in self._buffers] != [w.shape for w in params_list]:
            raise ValueError(f"params changed shape since the last step (was "
                             f"{[b.shape for b in self._buffers]}, now "
                             f"{[w.shape for w in params_list]}); call {self.name}.reset() "
                             f"before optimizing different parameters")
        self.t += 1
        for w, g, buf, state in zip(params_list, grads_list, self._buffers, self._state):
            self._update(w, g, buf, **state)
        return params

    def _update(self, w, g, buf, **state):
        raise NotImplementedError


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

    def __init__(self, lr):
        super().__init__(lr)

    def _update(self, w, g, buf):
        # w <- w - lr g
        w -= np.multiply(self.lr, g, out=buf)


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

    def __init__(self, lr, beta=0.9):
        super().__init__(lr)
        self.beta = in_unit_interval("beta", beta, BETA_HINT)

    def _update(self, w, g, buf, v):
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

    def _update(self, w, g, buf, v):
        # v <- beta v + lr g ;  w <- w - (beta v + lr g)
        v *= self.beta
        v += np.multiply(self.lr, g, out=buf)      # buf keeps lr g
        w -= buf                                   # where Momentum steps by v, Nesterov
        w -= np.multiply(self.beta, v, out=buf)    # steps by lr g + beta v (the new v)


# Common spellings learners and frameworks use for the same optimizers.
_ALIASES = {"gd": "GradientDescent", "sgd": "GradientDescent",
            "gradientdescent": "GradientDescent", "heavyball": "Momentum",
            "nag": "Nesterov", "rmsprop": "RMSProp", "adagrad": "AdaGrad",
            "adam": "Adam", "momentum": "Momentum", "nesterov": "Nesterov"}


def optimizer_name(obj):
    """The class name of an optimizer, from an optimizer, its class, a Trajectory or a string.

    Intuition: figures give each optimizer one colour and one label, however a learner
    names it ("sgd", "NAG", a run's repr, the class itself).

    Args:
        obj: an optimizer, an optimizer class, a Trajectory (its ``optimizer`` repr) or a
            name in any common spelling.

    Returns: the class name as a string, e.g. "Momentum"; unknown names come back as given.

    Example:
        >>> optimizer_name("Momentum(lr=0.1, beta=0.9)"), optimizer_name("nag")
        ('Momentum', 'Nesterov')

    Introduced in notebooks/04_gradient_descent (the course colours).
    """
    if isinstance(obj, str):
        text = obj
    elif isinstance(obj, type):
        text = obj.__name__
    elif isinstance(getattr(obj, "optimizer", None), str):      # a Trajectory
        text = obj.optimizer
    else:
        text = type(obj).__name__
    text = text.split("(")[0].strip()
    return _ALIASES.get(text.lower().replace(" ", "").replace("_", ""), text)
