"""course_lib: the small, tested library behind the deep-learning optimization course.

Surfaces to descend, gradients to compute and check, optimizers to race, and a runner
that records the path. Plots (``course_lib.plots``), widgets (``course_lib.widgets``),
data, models and training live in their own modules; this package imports only NumPy.
"""

from .adaptive import AdaGrad, Adam, RMSProp
from .batches import minibatches
from .data import load_diabetes, load_digits
from .gradients import gradient_check, numerical_gradient, numerical_hessian
from .line_fit import LineFitSurface, mse_grad_wb, mse_loss_wb
from .mlp import MLP
from .models import LinearRegression, LogisticRegression, SoftmaxRegression
from .optimizers import GradientDescent, Momentum, Nesterov, Optimizer
from .surfaces import (Beale, Himmelblau, Plateau, Quadratic, Rosenbrock, Saddle, Surface,
                       TwoWells)
from .synthetic import make_regression_1d, make_sparse_features, make_two_blobs, make_two_moons
from .trajectory import Trajectory, run
from .training import History, train

__all__ = [
    "Surface", "Quadratic", "Rosenbrock", "Beale", "Himmelblau", "Saddle", "TwoWells",
    "Plateau",
    "numerical_gradient", "gradient_check", "numerical_hessian",
    "Optimizer", "GradientDescent", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam",
    "Trajectory", "run",
    "load_digits", "load_diabetes", "make_regression_1d", "make_sparse_features",
    "make_two_blobs", "make_two_moons", "minibatches",
    "LineFitSurface", "mse_loss_wb", "mse_grad_wb",
    "LinearRegression", "LogisticRegression", "SoftmaxRegression", "MLP",
    "train", "History",
]
