"""Helpers shared by the optimizer tests: two steps by hand, a kappa = 100 ravine, a measured rate."""

import numpy as np

from course_lib.surfaces import Quadratic

NO_TORCH = "torch is the reference for the update rules: pip install -e .[test,reference]"

# On L(w) = 0.5 w^T A w with curvatures lambda_min = 1 and lambda_max = 100 (kappa = 100),
# the error shrinks by a fixed factor rho per step; ``measured_rate`` reads rho over a late
# window [t1, t2]. For momentum and Nesterov with the tuned settings, the slowest mode has
# a repeated root, so the error behaves like (c0 + c1 t) rho^t; dividing out t recovers rho.
LAMBDA_MIN, LAMBDA_MAX = 1.0, 100.0
KAPPA = LAMBDA_MAX / LAMBDA_MIN
RAVINE = Quadratic(np.diag([LAMBDA_MIN, LAMBDA_MAX]))
START = [1.0, 1.0]


def two_steps(opt, w0=10.0):
    w = np.array([w0])
    first = opt.step(w, 2 * w).copy()
    second = opt.step(w, 2 * w).copy()
    return first[0], second[0]


def loss_grads(params):
    """Gradients of L = sum(0.5 * c * p^2 + 0.3 * sin(p)) per array, c fixed curvatures."""
    return [c * p + 0.3 * np.cos(p) for c, p in zip((1.0, 2.5), params)]


def measured_rate(traj, t1, t2, repeated_root):
    r1, r2 = (np.linalg.norm(traj.path[t]) for t in (t1, t2))
    ratio = r2 / r1
    if repeated_root:
        ratio *= t1 / t2          # remove the growth of the t in (c0 + c1 t) rho^t
    return ratio ** (1 / (t2 - t1))
