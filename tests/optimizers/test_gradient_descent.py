"""GradientDescent: a step by hand, and the closed-form rates of gradient descent on a quadratic."""

import numpy as np
import pytest

from course_lib.optimizers import GradientDescent, run
from course_lib.surfaces import Quadratic
from tests.support.optimizers import (KAPPA, LAMBDA_MAX, LAMBDA_MIN, RAVINE, START, measured_rate,
                                     two_steps)


def test_gradient_descent_by_hand():
    # w1 = 10 - 0.2 * 20 = 6 ; w2 = 6 - 0.2 * 12 = 3.6
    assert two_steps(GradientDescent(lr=0.2)) == pytest.approx((6.0, 3.6))



def test_gradient_descent_contracts_at_kappa_minus_1_over_kappa_plus_1():
    traj = run(GradientDescent(lr=2 / (LAMBDA_MIN + LAMBDA_MAX)), RAVINE, START, steps=400)
    assert measured_rate(traj, 200, 400, False) == pytest.approx((KAPPA - 1) / (KAPPA + 1),
                                                                  rel=1e-9)


def test_scalar_gd_follows_one_minus_lr_lambda_to_the_t():
    # f = x^2 (lambda = 2), x0 = 10, lr = 0.2: x_10 = 10 * 0.6^10 = 0.0604661760
    f = Quadratic([[2.0]])
    traj = run(GradientDescent(lr=0.2), f, [10.0], steps=10)
    assert traj.final[0] == pytest.approx(10 * 0.6 ** 10, rel=1e-13)
    assert traj.final[0] == pytest.approx(0.060466176, rel=1e-8)


@pytest.mark.parametrize("lr, converges", [(0.99, True), (1.01, False)])
def test_gd_converges_below_two_over_lambda_max_and_diverges_above(lr, converges):
    f = Quadratic([[2.0]])  # lambda_max = 2, so 2 / lambda_max = 1
    traj = run(GradientDescent(lr=lr), f, [1.0], steps=3000)
    assert (abs(traj.final[0]) < 1e-3) == converges
