"""lr_limit and curvature_at_minimum against hand-computed Hessians and against real runs.

The limit is checked two ways: against the closed form (2 / lambda_max for gradient
descent, 2 (1 + beta) / lambda_max for heavy-ball momentum, with lambda_max from a Hessian
written by hand), and against what runs do just below and just above it.
"""

import numpy as np
import pytest

from course_lib.optimizers import (Adam, GradientDescent, Momentum, Nesterov,
                                   curvature_at_minimum, lr_limit, run)
from course_lib.surfaces import Quadratic, Rosenbrock, Saddle

LAMBDAS = np.array([2.0, 0.25])
BOWL = Quadratic(np.diag(LAMBDAS))                        # lambda_max = 2
# a turned bowl: its largest curvature is an eigenvalue, not a diagonal entry
TILTED = Quadratic(np.array([[3.0, 1.0], [1.0, 3.0]]))   # curvatures 4 and 2


def test_rosenbrock_limit_uses_its_hessian_at_the_minimum():
    # Rosenbrock's Hessian at (1, 1) is [[802, -400], [-400, 200]], by hand
    lambda_max = np.linalg.eigvalsh(np.array([[802.0, -400.0], [-400.0, 200.0]]))[-1]
    assert curvature_at_minimum(Rosenbrock()) == pytest.approx(lambda_max, rel=1e-5)
    assert lr_limit(Rosenbrock()) == pytest.approx(2 / lambda_max, rel=1e-5)


def test_a_tilted_bowl_is_limited_by_its_eigenvalue_not_its_diagonal():
    assert lr_limit(TILTED) == pytest.approx(2 / 4)           # not 2 / 3


@pytest.mark.parametrize("optimizer, beta, expected", [
    (GradientDescent, None, 1.0),                  # 2 / 2
    (Momentum, 0.5, 1.5),                          # 2 (1 + 0.5) / 2
    (Momentum, None, 1.9),                         # the class default beta = 0.9
    (Momentum(lr=0.1, beta=0.25), None, 1.25),     # an instance's own beta
    ("heavy ball", 0.0, 1.0),                      # beta = 0 is gradient descent
])
def test_limit_follows_the_closed_form(optimizer, beta, expected):
    assert lr_limit(BOWL, optimizer, beta=beta) == pytest.approx(expected)


@pytest.mark.parametrize("make", [lambda lr: GradientDescent(lr),
                                  lambda lr: Momentum(lr, beta=0.5),
                                  lambda lr: Momentum(lr, beta=0.9)],
                         ids=["GD", "Momentum(0.5)", "Momentum(0.9)"])
@pytest.mark.parametrize("f", [BOWL, TILTED], ids=["aligned", "tilted"])
def test_runs_settle_just_below_the_limit_and_blow_up_just_above(make, f):
    limit = lr_limit(f, make(0.1))
    below = run(make(0.98 * limit), f, [1.0, 1.0], steps=3000)
    above = run(make(1.02 * limit), f, [1.0, 1.0], steps=3000)
    assert below.losses[-1] < 1e-8
    assert above.diverged or above.losses[-1] > 1e3


def test_no_single_number_for_other_optimizers_or_surfaces_without_a_minimum():
    assert lr_limit(BOWL, Adam) is None
    assert lr_limit(BOWL, Nesterov) is None
    assert lr_limit(Saddle()) is None


def test_a_bad_beta_is_refused_naming_it():
    with pytest.raises(ValueError, match="beta must be in"):
        lr_limit(BOWL, Momentum, beta=1.5)
