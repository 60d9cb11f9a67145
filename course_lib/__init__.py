"""course_lib: the small, tested library behind the deep-learning optimization course.

Folders named after the course's nouns, in layers, lowest first; a module imports only
from its own layer or lower ones:

- ``_validate``, ``gradients``, ``data/`` (NumPy only): argument checks, numerical
  gradients, the data sets shipped with the course;
- ``surfaces/`` and ``optimizers/`` (NumPy only): loss surfaces, the line fit, level sets,
  stationary points; the optimizer template, GD, momentum, adaptive methods, schedules,
  stability limits, running an optimizer on a surface;
- ``learning/`` and ``checks/`` (NumPy only): mini-batches, models, the MLP, training,
  network landscapes; the exercise checks and their named mistakes;
- ``plots/`` (matplotlib): pictures of surfaces, paths and curves;
- ``widgets/`` (ipywidgets): the interactive explorers;
- ``tools/``: the ``course`` command, the nbval plugin, release and grading.

``import course_lib`` imports NumPy and nothing else; the names below are its face.
"""

from .data import load_diabetes, load_digits
from .gradients import curvature_along, gradient_check, numerical_gradient, numerical_hessian
from .learning.batches import minibatches
from .learning.mlp import MLP
from .learning.models import LinearRegression, LogisticRegression, SoftmaxRegression
from .learning.synthetic import (make_regression_1d, make_sparse_features, make_two_blobs,
                                 make_two_moons)
from .learning.training import History, train
from .optimizers.adaptive import AdaGrad, Adam, AdamW, RMSProp
from .optimizers.base import Optimizer
from .optimizers.gradient_descent import GradientDescent
from .optimizers.momentum import Momentum, Nesterov
from .optimizers.running import Trajectory, run
from .optimizers.stability import curvature_at_minimum, lr_limit
from .surfaces.base import Surface
from .surfaces.challenges import Plateau, Saddle, TwoWells
from .surfaces.classic import Beale, Himmelblau, Quadratic, Rosenbrock
from .surfaces.line_fit import LineFitSurface, mse_grad_wb, mse_loss_wb

__all__ = [
    "Surface", "Quadratic", "Rosenbrock", "Beale", "Himmelblau", "Saddle", "TwoWells",
    "Plateau",
    "numerical_gradient", "gradient_check", "numerical_hessian", "curvature_along",
    "Optimizer", "GradientDescent", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam", "AdamW",
    "Trajectory", "run", "lr_limit", "curvature_at_minimum",
    "load_digits", "load_diabetes", "make_regression_1d", "make_sparse_features",
    "make_two_blobs", "make_two_moons", "minibatches",
    "LineFitSurface", "mse_loss_wb", "mse_grad_wb",
    "LinearRegression", "LogisticRegression", "SoftmaxRegression", "MLP",
    "train", "History",
]
