"""The critical-point search of lesson 07, checked against finite differences and a known quadratic."""

import numpy as np
import pytest

from course_lib.gradients import numerical_gradient, numerical_hessian
from course_lib.learning.critical_points import (FlatLoss, critical_index, find_critical_point,
                                                 rank_correlation,
                                                 hessian_from_gradient)
from course_lib.learning.mlp import MLP
from course_lib.learning.synthetic import make_two_moons

# A quadratic with a known saddle: L = 1/2 w^T A w - b^T w, curvatures 3, 1 and -2.
Q = np.linalg.qr(np.random.default_rng(0).standard_normal((3, 3)))[0]
A = Q @ np.diag([3.0, 1.0, -2.0]) @ Q.T
b = np.array([1.0, -2.0, 0.5])


def quadratic_grad(w):
    return A @ w - b


@pytest.fixture(scope="module")
def moons_loss():
    X, y = make_two_moons(n_samples=60, noise=0.3, seed=0)
    return FlatLoss(MLP(2, 3, 2, seed=1), X, y, wd=1e-2)


def test_hessian_from_gradient_is_the_quadratic_s_matrix():
    for g in (None, quadratic_grad(np.ones(3))):            # central, then forward
        H = hessian_from_gradient(quadratic_grad, np.ones(3), g=g)
        assert np.allclose(H, A, atol=1e-8) and np.array_equal(H, H.T)


def test_the_search_lands_on_the_quadratic_s_saddle_and_counts_one_downhill_direction():
    point = find_critical_point(quadratic_grad, [5.0, -4.0, 3.0])
    assert point.converged and point.grad_norm <= 1e-8 and point.steps <= 10
    assert np.allclose(point.w, np.linalg.solve(A, b), atol=1e-9)
    assert critical_index(hessian_from_gradient(quadratic_grad, point.w)) == pytest.approx(1 / 3)


def test_the_search_reports_a_point_that_is_not_critical():
    # grad L = w^2 + 1 is never 0; |grad L|^2 is smallest at w = 0, where the search stalls.
    point = find_critical_point(lambda w: w ** 2 + 1.0, [0.7])
    assert not point.converged and point.grad_norm == pytest.approx(1.0, abs=1e-6)


def test_flat_gradient_matches_finite_differences_of_the_flat_loss(moons_loss):
    w = moons_loss.w0 + 0.3
    assert np.allclose(moons_loss.grad(w), numerical_gradient(moons_loss.loss, w), atol=1e-7)


def test_hessian_from_gradient_matches_second_differences_of_the_loss(moons_loss):
    w = moons_loss.w0 - 0.2
    H = hessian_from_gradient(moons_loss.grad, w)
    assert np.allclose(H, numerical_hessian(moons_loss.loss, w), atol=1e-5)
    forward = hessian_from_gradient(moons_loss.grad, w, g=moons_loss.grad(w))
    assert np.allclose(forward, H, atol=1e-4)


def test_a_network_critical_point_is_critical_by_finite_differences_too(moons_loss):
    point = find_critical_point(moons_loss.grad, moons_loss.w0)
    assert point.converged
    assert np.abs(numerical_gradient(moons_loss.loss, point.w)).max() < 1e-7
    by_gradient = critical_index(hessian_from_gradient(moons_loss.grad, point.w))
    by_loss = critical_index(numerical_hessian(moons_loss.loss, point.w), tol=1e-4)
    assert by_gradient == by_loss


def test_index_counts_negative_eigenvalues_and_ignores_flat_ones():
    assert critical_index(np.diag([1.0, 2.0])) == 0.0
    assert critical_index(np.diag([-1.0, -2.0])) == 1.0
    assert critical_index(np.diag([1.0, -1e-12, -1.0, 0.0])) == 0.25


def test_flat_loss_leaves_the_model_alone_and_says_what_shape_it_wants(moons_loss):
    model = MLP(2, 3, 2, seed=1)
    flat = FlatLoss(model, moons_loss.X, moons_loss.y)
    flat.loss(np.zeros_like(flat.w0))
    assert all(np.array_equal(p, q) for p, q in zip(model.params, MLP(2, 3, 2, seed=1).params))
    with pytest.raises(ValueError, match=r"shape \(17,\)"):
        flat.grad(np.zeros(5))


def test_rank_correlation_is_spearman_s_with_ties_sharing_their_mean_rank():
    # ranks of a: 1, 2.5, 2.5, 4; of b: 1, 2, 3, 4 -> Pearson correlation of the ranks
    expected = np.corrcoef([1, 2.5, 2.5, 4], [1, 2, 3, 4])[0, 1]
    assert rank_correlation([0.0, 5.0, 5.0, 7.0], [1, 2, 3, 4]) == pytest.approx(expected)
    assert rank_correlation(np.exp([1, 2, 3]), [1, 2, 3]) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="not all equal"):
        rank_correlation([1, 1, 1], [1, 2, 3])
