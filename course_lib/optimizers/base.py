"""The template every optimizer follows, and the one name each optimizer goes by.

Every optimizer has the same shape: ``step(params, grads)`` updates ``params`` in place
and returns them; ``reset()`` forgets the state (velocity, step count). ``params`` is one
float array or a list of them (one per layer), ``grads`` has the same structure. Each
update works on whole arrays at once, into buffers allocated on the first step, so a step
allocates nothing of the parameters' size. A subclass writes only its update for one array.

Notation (one across the course): eta = ``lr`` (the source document's gamma in plain GD and
alpha in momentum), beta = ``beta``, v the velocity, g = grad L(w) the gradient.

Example (one optimizer's name, however a learner spells it):
    >>> optimizer_name("heavy ball"), optimizer_name("NAG")
    ('Momentum', 'Nesterov')

Introduced in notebooks/04_gradient_descent.
"""

import numpy as np

from .._validate import as_param_list, positive

__all__ = ["Optimizer", "optimizer_name"]

LR_HINT = "try a small positive value such as 0.01"


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
