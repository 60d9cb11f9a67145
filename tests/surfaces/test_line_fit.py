"""LineFitSurface's curvatures against the Hessian measured by finite differences."""

import numpy as np
import pytest

from course_lib import GradientDescent, numerical_hessian, run
from course_lib.surfaces.line_fit import LineFitSurface


def make_surface():
    rng = np.random.default_rng(3)
    x = rng.normal(1.0, 2.0, size=50)
    return LineFitSurface(x, 0.7 * x - 0.4 + rng.normal(size=50))


def test_curvatures_are_the_eigenvalues_of_the_measured_hessian():
    f = make_surface()
    eig = np.linalg.eigvalsh(numerical_hessian(f, np.array([0.3, -0.2])))
    assert (f.lambda_min, f.lambda_max) == pytest.approx(tuple(eig), rel=1e-5)
    assert f.kappa == pytest.approx(eig[1] / eig[0], rel=1e-5)
    assert (f.mu, f.L) == (f.lambda_min, f.lambda_max)           # the older names still work


@pytest.mark.parametrize("factor, diverges", [(0.98, False), (1.02, True)])
def test_gradient_descent_diverges_just_above_two_over_lambda_max(factor, diverges):
    f = make_surface()
    traj = run(GradientDescent(lr=factor * 2 / f.lambda_max), f, [3.0, 3.0], steps=3000)
    assert traj.diverged == diverges
