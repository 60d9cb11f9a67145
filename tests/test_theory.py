"""Measured convergence rates on a quadratic against the closed-form rates of the theory.

On L(w) = 0.5 w^T A w with curvatures mu = 1 and L = 100 (kappa = 100), the error shrinks
by a fixed factor rho per step. We measure rho over a late window [t1, t2]. For momentum
and Nesterov with the tuned settings below, the slowest mode has a repeated root, so the
error behaves like (c0 + c1 t) rho^t; dividing out the t factor recovers rho.
"""

import numpy as np
import pytest

from course_lib import GradientDescent, Momentum, Nesterov, Quadratic, run

MU, L = 1.0, 100.0
KAPPA = L / MU
SQ = np.sqrt(KAPPA)
RAVINE = Quadratic(np.diag([MU, L]))
START = [1.0, 1.0]


def measured_rate(traj, t1, t2, repeated_root):
    r1, r2 = (np.linalg.norm(traj.path[t]) for t in (t1, t2))
    ratio = r2 / r1
    if repeated_root:
        ratio *= t1 / t2          # remove the growth of the t in (c0 + c1 t) rho^t
    return ratio ** (1 / (t2 - t1))


def test_gradient_descent_contracts_at_kappa_minus_1_over_kappa_plus_1():
    traj = run(GradientDescent(lr=2 / (MU + L)), RAVINE, START, steps=400)
    assert measured_rate(traj, 200, 400, False) == pytest.approx((KAPPA - 1) / (KAPPA + 1),
                                                                  rel=1e-9)


def test_heavy_ball_contracts_at_sqrt_kappa_rate():
    lr = 4 / (np.sqrt(L) + np.sqrt(MU)) ** 2
    beta = ((SQ - 1) / (SQ + 1)) ** 2
    traj = run(Momentum(lr=lr, beta=beta), RAVINE, START, steps=1000)
    assert measured_rate(traj, 500, 1000, True) == pytest.approx((SQ - 1) / (SQ + 1),
                                                                  rel=1e-4)


def test_nesterov_contracts_at_one_minus_one_over_sqrt_kappa():
    traj = run(Nesterov(lr=1 / L, beta=(SQ - 1) / (SQ + 1)), RAVINE, START, steps=1000)
    assert measured_rate(traj, 500, 1000, True) == pytest.approx(1 - 1 / SQ, rel=1e-4)


def test_the_t_factor_matters_for_repeated_roots():
    # Without the correction the window estimate is off by (t2/t1)^(1/(t2-t1)): this is
    # why the tests above divide it out, and it shows the correction is not cosmetic.
    lr, beta = 4 / (np.sqrt(L) + np.sqrt(MU)) ** 2, ((SQ - 1) / (SQ + 1)) ** 2
    traj = run(Momentum(lr=lr, beta=beta), RAVINE, START, steps=200)
    naive = measured_rate(traj, 50, 100, False)
    assert naive == pytest.approx((SQ - 1) / (SQ + 1) * 2 ** (1 / 50), rel=2e-3)
    assert abs(naive / ((SQ - 1) / (SQ + 1)) - 1) > 0.01


def test_scalar_gd_follows_one_minus_lr_lambda_to_the_t():
    # f = x^2 (lambda = 2), x0 = 10, lr = 0.2: x_10 = 10 * 0.6^10 = 0.0604661760
    f = Quadratic([[2.0]])
    traj = run(GradientDescent(lr=0.2), f, [10.0], steps=10)
    assert traj.final[0] == pytest.approx(10 * 0.6 ** 10, rel=1e-13)
    assert traj.final[0] == pytest.approx(0.060466176, rel=1e-8)


@pytest.mark.parametrize("lr, converges", [(0.99, True), (1.01, False)])
def test_gd_converges_below_two_over_L_and_diverges_above(lr, converges):
    f = Quadratic([[2.0]])  # L = 2, so 2 / L = 1
    traj = run(GradientDescent(lr=lr), f, [1.0], steps=3000)
    assert (abs(traj.final[0]) < 1e-3) == converges
