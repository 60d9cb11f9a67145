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
BLOCK = 2 ** 16     # elements per block when an elementwise update is applied in blocks


class Optimizer:
    """The shared skeleton of every optimizer: validation, per-array state, the step count t.

    Intuition: every optimizer is the same loop (take the gradient, update the state,
    move the weights); only the update differs, so it is the only thing a subclass writes.

    Rule: a subclass names its state arrays in ``state_names`` (all zero at the start)
    and writes the hook ``update(w, g, buf, **state)``, the update of one parameter array:
    ``w`` is changed in place, each state array (e.g. ``v``) too, and ``buf`` is a scratch
    array of ``w``'s shape for intermediate results (``out=buf`` keeps a step from
    allocating). ``step`` validates, counts t = 1, 2, ... and calls ``update`` once per
    array. Subclassing a course optimizer and overriding its ``update`` (or a method it
    documents, such as ``Adam.bias_corrections``) makes a variant of it.

    Speed: a class with ``elementwise = True`` (every course optimizer) promises that its
    update treats each element on its own; ``step`` then hands an array of more than
    ``BLOCK`` elements to ``update`` in blocks, which stay in the CPU cache through all of
    the update's passes (same result, fewer trips to memory). An update that needs the
    whole array at once, such as one that divides by the norm of g, sets it to False.

    Args:
        lr: learning rate eta, a finite number > 0.

    Example (an optimizer of your own: sign descent, w <- w - lr sign(g)):
        >>> class SignDescent(Optimizer):
        ...     def update(self, w, g, buf):
        ...         w -= np.multiply(self.lr, np.sign(g, out=buf), out=buf)
        >>> SignDescent(lr=0.5).step(np.array([4.0, -1.0]), np.array([2.0, -0.01]))
        array([ 3.5, -0.5])

    And one with state, a velocity v that starts at zero (heavy-ball momentum):
        >>> class MyMomentum(Optimizer):
        ...     state_names = ("v",)
        ...     def update(self, w, g, buf, v):
        ...         v *= 0.9                            # v <- 0.9 v + lr g
        ...         v += np.multiply(self.lr, g, out=buf)
        ...         w -= v                              # w <- w - v
        >>> opt, w = MyMomentum(lr=0.1), np.array([10.0])
        >>> [float(opt.step(w, 2 * w)[0]) for t in range(2)], opt.state[0]["v"]
        ([8.0, 4.6], array([3.4]))

    Introduced in notebooks/04_gradient_descent; an optimizer of one's own in 10_adaptive.
    """

    state_names = ()
    elementwise = False

    def __init__(self, lr):
        self.lr = positive("lr", lr, LR_HINT)
        self.reset()

    def reset(self):
        """Forget everything learned so far: state arrays back to zero, step count to 0."""
        self.t = 0
        self._state = None
        self._checked = None        # the params array step() last checked (one array only)
        self._buffers = None
        self._shapes = None

    @property
    def name(self):
        return type(self).__name__

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters().items())
        return f"{self.name}({args})"

    def hyperparameters(self):
        """The constructor's arguments as a dict, e.g. ``{'lr': 0.1, 'beta': 0.9}``."""
        found = {k: v for k, v in vars(self).items() if not k.startswith("_") and k != "t"}
        return {"lr": found.pop("lr"), **found}

    @property
    def state(self):
        """The state per parameter array, e.g. ``[{'v': ...}]``; ``None`` before a step."""
        return self._state

    def step(self, params, grads):
        """Apply one update to ``params`` in place, using ``grads``; return ``params``."""
        if params is self._checked and type(grads) is np.ndarray and grads.shape == params.shape:
            params_list, grads_list = [params], [grads]     # the array of the last step again
        else:
            params_list, grads_list = as_param_list(params, grads)
            self._checked = params if isinstance(params, np.ndarray) else None
        shapes = [w.shape for w in params_list]
        if self._state is None:
            self._shapes = shapes
            self._state = [{k: np.zeros_like(w) for k in self.state_names} for w in params_list]
            self._buffers = [np.empty(BLOCK, w.dtype) if self._in_blocks(w) else np.empty_like(w)
                             for w in params_list]
        elif shapes != self._shapes:
            raise ValueError(f"params changed shape since the last step (was {self._shapes}, "
                             f"now {shapes}); call {self.name}.reset() before optimizing "
                             f"different parameters")
        self.t += 1
        for w, g, buf, state in zip(params_list, grads_list, self._buffers, self._state):
            if buf.shape == w.shape:
                self.update(w, g, buf, **state)
            else:
                self._update_in_blocks(w, g, buf, state)
        return params

    def _in_blocks(self, w):
        return self.elementwise and w.size > BLOCK and w.flags.c_contiguous

    def _update_in_blocks(self, w, g, buf, state):
        # The same elementwise update, BLOCK elements at a time: each block of w, g, the
        # state and buf stays in the CPU cache through all the update's passes, so memory
        # is read and written about once per step instead of once per pass.
        if not w.flags.c_contiguous:                # another array than at the first step
            return self.update(w, g, np.empty_like(w), **state)
        flat = [a.reshape(-1) for a in (w, np.ascontiguousarray(g), *state.values())]
        names, block = list(state), len(buf)
        for i in range(0, w.size, block):
            w_i, g_i, *state_i = (a[i:i + block] for a in flat)
            self.update(w_i, g_i, buf[:len(w_i)], **dict(zip(names, state_i)))

    def update(self, w, g, buf, **state):
        """The hook: update one parameter array ``w`` in place from its gradient ``g``.

        Args:
            w: the parameters (one array), changed in place.
            g: the gradient at w, the same shape.
            buf: scratch array of w's shape, free to overwrite (use ``out=buf``).
            **state: the arrays named in ``state_names``, e.g. ``v=...``, changed in place.
        """
        raise NotImplementedError(f"{self.name} must define update(self, w, g, buf, "
                                  f"**state): the update of one parameter array, in place")


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
        obj: an optimizer, an optimizer class, a Trajectory (its ``optimizer_name``) or a
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
    elif isinstance(getattr(obj, "optimizer_name", None), str):      # a Trajectory
        text = obj.optimizer_name
    else:
        text = type(obj).__name__
    text = text.split("(")[0].strip()
    return _ALIASES.get(text.lower().replace(" ", "").replace("_", ""), text)
