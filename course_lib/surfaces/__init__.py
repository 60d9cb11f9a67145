"""Loss surfaces: two-parameter functions to look at, differentiate and descend.

Modules (one concept each): ``base`` (the ``Surface`` every surface is, and
``ConstantCurvature`` for bowls), ``classic`` (Quadratic, Rosenbrock, Beale, Himmelblau),
``challenges`` (a surface per challenge: Saddle, TwoWells, Plateau, SaddlePlateau,
Cliff), ``hump`` (Hump: a dip in front of a small ridge, the lower
minimum past it), ``line_fit`` (L(w, b) of a line fit on real data), ``level_sets`` (the curves L(w) = c),
``stationary`` (finding and classifying the points where g = 0), ``races`` (the optimizer
race as data: surfaces, starts, steps and the swept learning rates, and ``sweep``).

Example:
    >>> f = Himmelblau()
    >>> f(f.minima[0]), f.grad([3.0, 2.0]).tolist()
    (0.0, [0.0, 0.0])

Introduced in notebooks/02_loss_surfaces.
"""

from .base import ConstantCurvature, Surface
from .challenges import Cliff, Plateau, Saddle, SaddlePlateau, TwoWells
from .classic import Beale, Himmelblau, Quadratic, Rosenbrock
from .hump import Hump
from .level_sets import level_segments, level_set, tangents_and_midpoints
from .line_fit import LineFitSurface, mse_grad_wb, mse_loss_wb
from .stationary import KINDS, BasinMap, basin_map, classify_point, find_stationary

__all__ = [
    "Surface", "ConstantCurvature", "Quadratic", "Rosenbrock", "Beale", "Himmelblau",
    "Saddle", "TwoWells", "Plateau", "SaddlePlateau", "Cliff", "Hump",
    "LineFitSurface", "mse_loss_wb", "mse_grad_wb",
    "level_set", "level_segments", "tangents_and_midpoints",
    "KINDS", "classify_point", "find_stationary", "BasinMap", "basin_map",
]
