"""course_lib: the small, tested library behind the deep-learning optimization course.

Layers, each importing only the ones above it:

- top level (NumPy only): loss_surface, surfaces, line_fit, gradients, optimizers, adaptive,
  trajectory, stability, stationary, landscape, checks;
- ``course_lib.learning`` (NumPy only): mini-batches, models, training;
- ``course_lib.data``: the data sets shipped with the course;
- ``course_lib.plots`` (matplotlib): pictures of surfaces, paths and curves;
- ``course_lib.widgets`` (ipywidgets): the interactive explorers;
- ``course_lib.tools``: the ``course`` command, the nbval plugin, grading.

``import course_lib`` imports NumPy and nothing else; the names below are its face.
"""

from .adaptive import AdaGrad, Adam, AdamW, RMSProp
from .data import load_diabetes, load_digits
from .learning.batches import minibatches
from .learning.mlp import MLP
from .learning.models import LinearRegression, LogisticRegression, SoftmaxRegression
from .learning.synthetic import (make_regression_1d, make_sparse_features, make_two_blobs,
                                 make_two_moons)
from .learning.training import History, train
from .gradients import gradient_check, numerical_gradient, numerical_hessian
from .line_fit import LineFitSurface, mse_grad_wb, mse_loss_wb
from .optimizers import GradientDescent, Momentum, Nesterov, Optimizer
from .loss_surface import Surface
from .challenge_surfaces import Plateau, Saddle, TwoWells
from .surfaces import Beale, Himmelblau, Quadratic, Rosenbrock
from .stability import curvature_at_minimum, lr_limit
from .trajectory import Trajectory, run

__all__ = [
    "Surface", "Quadratic", "Rosenbrock", "Beale", "Himmelblau", "Saddle", "TwoWells",
    "Plateau",
    "numerical_gradient", "gradient_check", "numerical_hessian",
    "Optimizer", "GradientDescent", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam", "AdamW",
    "Trajectory", "run", "lr_limit", "curvature_at_minimum",
    "load_digits", "load_diabetes", "make_regression_1d", "make_sparse_features",
    "make_two_blobs", "make_two_moons", "minibatches",
    "LineFitSurface", "mse_loss_wb", "mse_grad_wb",
    "LinearRegression", "LogisticRegression", "SoftmaxRegression", "MLP",
    "train", "History",
]
