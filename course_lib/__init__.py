"""course_lib: the small, tested library behind the deep-learning optimization course.

Surfaces to descend, gradients to compute and check, optimizers to race, and a runner
that records the path. Plots (``course_lib.plots``), widgets (``course_lib.widgets``),
data, models and training live in their own modules; this package imports only NumPy.
"""

from .adaptive import AdaGrad, Adam, RMSProp
from .gradients import gradient_check, numerical_gradient, numerical_hessian
from .optimizers import GradientDescent, Momentum, Nesterov, Optimizer
from .surfaces import (Beale, Himmelblau, Plateau, Quadratic, Rosenbrock, Saddle, Surface,
                       TwoWells)
from .trajectory import Trajectory, run

__all__ = [
    "Surface", "Quadratic", "Rosenbrock", "Beale", "Himmelblau", "Saddle", "TwoWells",
    "Plateau",
    "numerical_gradient", "gradient_check", "numerical_hessian",
    "Optimizer", "GradientDescent", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam",
    "Trajectory", "run",
]
