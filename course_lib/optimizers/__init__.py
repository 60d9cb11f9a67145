"""Optimizers: the template, gradient descent, momentum, the adaptive methods, schedules,
the stability limit of a learning rate, and running an optimizer on a surface.

Modules (one concept each): ``base`` (the ``Optimizer`` template), ``gradient_descent``,
``momentum`` (Momentum and Nesterov), ``adaptive`` (AdaGrad, RMSProp, Adam, AdamW),
``schedules`` (learning rates that change with t), ``stability`` (``lr_limit``), ``running``
(``run`` -> ``Trajectory``, ``steps_to``).

Example (L(w) = w^2, g = 2w, from w = 10):
    >>> import numpy as np
    >>> w_gd, w_m = np.array([10.0]), np.array([10.0])
    >>> gd, momentum = GradientDescent(lr=0.1), Momentum(lr=0.1, beta=0.9)
    >>> for t in range(3):
    ...     _ = gd.step(w_gd, 2 * w_gd), momentum.step(w_m, 2 * w_m)
    >>> w_gd.round(4), w_m.round(4)       # momentum has gone further downhill
    (array([5.12]), array([0.62]))

Introduced in notebooks/04_gradient_descent.
"""

from .adaptive import AdaGrad, Adam, AdamW, RMSProp
from .base import Optimizer, optimizer_name
from .clipping import Clipped, clip_by_norm
from .gradient_descent import GradientDescent
from .momentum import Momentum, Nesterov
from .running import Trajectory, blew_up, loss_limit, run, steps_to
from .schedules import (Constant, ExponentialDecay, InverseTimeDecay, Scheduled, StepDecay,
                        WarmupCosine, values)
from .stability import curvature_at_minimum, lr_limit

__all__ = [
    "Optimizer", "GradientDescent", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam",
    "AdamW", "optimizer_name",
    "Constant", "StepDecay", "ExponentialDecay", "InverseTimeDecay", "WarmupCosine",
    "Scheduled", "values",
    "lr_limit", "curvature_at_minimum",
    "run", "Trajectory", "steps_to", "loss_limit", "blew_up",
]
__all__ += ["Clipped", "clip_by_norm"]
