"""Momentum and Nesterov: steps by hand, and their closed-form rates on a quadratic (kappa = 100)."""

import numpy as np
import pytest

from course_lib.optimizers import Momentum, Nesterov, run
from tests.support.optimizers import (KAPPA, LAMBDA_MAX, LAMBDA_MIN, RAVINE, START, measured_rate,
                                     two_steps)

SQ = np.sqrt(KAPPA)


def test_momentum_by_hand():
    # v1 = 0.1 * 20 = 2, w1 = 8 ; v2 = 0.9 * 2 + 0.1 * 16 = 3.4, w2 = 4.6
    assert two_steps(Momentum(lr=0.1, beta=0.9)) == pytest.approx((8.0, 4.6))


def test_nesterov_by_hand():
    # v1 = 2, w1 = 10 - (0.9 * 2 + 2) = 6.2 ; g = 12.4, v2 = 1.8 + 1.24 = 3.04,
    # w2 = 6.2 - (0.9 * 3.04 + 1.24) = 2.224
    assert two_steps(Nesterov(lr=0.1, beta=0.9)) == pytest.approx((6.2, 2.224))



def test_heavy_ball_contracts_at_sqrt_kappa_rate():
    lr = 4 / (np.sqrt(LAMBDA_MAX) + np.sqrt(LAMBDA_MIN)) ** 2
    beta = ((SQ - 1) / (SQ + 1)) ** 2
    traj = run(Momentum(lr=lr, beta=beta), RAVINE, START, steps=1000)
    assert measured_rate(traj, 500, 1000, True) == pytest.approx((SQ - 1) / (SQ + 1),
                                                                  rel=1e-4)


def test_nesterov_contracts_at_one_minus_one_over_sqrt_kappa():
    traj = run(Nesterov(lr=1 / LAMBDA_MAX, beta=(SQ - 1) / (SQ + 1)), RAVINE, START, steps=1000)
    assert measured_rate(traj, 500, 1000, True) == pytest.approx(1 - 1 / SQ, rel=1e-4)


def test_the_t_factor_matters_for_repeated_roots():
    # Without the correction the window estimate is off by (t2/t1)^(1/(t2-t1)): this is
    # why the tests above divide it out, and it shows the correction is not cosmetic.
    lr, beta = 4 / (np.sqrt(LAMBDA_MAX) + np.sqrt(LAMBDA_MIN)) ** 2, ((SQ - 1) / (SQ + 1)) ** 2
    traj = run(Momentum(lr=lr, beta=beta), RAVINE, START, steps=200)
    naive = measured_rate(traj, 50, 100, False)
    assert naive == pytest.approx((SQ - 1) / (SQ + 1) * 2 ** (1 / 50), rel=2e-3)
    assert abs(naive / ((SQ - 1) / (SQ + 1)) - 1) > 0.01
