"""numerical_gradient, gradient_check and numerical_hessian against closed forms."""

import numpy as np
import pytest

from course_lib import gradient_check, numerical_gradient, numerical_hessian
from course_lib.gradients import curvature_along


def test_central_differences_match_a_known_gradient_for_any_shape():
    rng = np.random.default_rng(0)
    W = rng.normal(size=(3, 4))
    # f(W) = sum(sin(W)) + sum(W^3) / 3 has gradient cos(W) + W^2
    grad = numerical_gradient(lambda W: np.sum(np.sin(W)) + np.sum(W ** 3) / 3, W)
    np.testing.assert_allclose(grad, np.cos(W) + W ** 2, rtol=1e-8, atol=1e-9)


def test_central_differences_error_shrinks_like_h_squared():
    f, w, exact = (lambda w: np.exp(w[0])), np.array([1.0]), np.e
    err = [abs(numerical_gradient(f, w, h)[0] - exact) for h in (1e-2, 1e-3)]
    # h / 10 -> error / 100 (a forward difference would only give / 10)
    assert err[0] / err[1] == pytest.approx(100, rel=0.05)


def test_w_is_left_unchanged():
    w = np.array([1.0, 2.0])
    numerical_gradient(lambda v: np.sum(v ** 2), w)
    np.testing.assert_array_equal(w, [1.0, 2.0])


def test_gradient_check_accepts_a_right_gradient_and_flags_a_wrong_one():
    f = lambda w: np.sum(w ** 2) + w[0] * w[1]  # noqa: E731
    right = lambda w: 2 * w + w[::-1]  # noqa: E731
    wrong = lambda w: 2 * w  # noqa: E731  (forgets the cross term)
    w = np.array([0.7, -1.3])
    assert gradient_check(f, right, w) < 1e-8
    assert gradient_check(f, wrong, w) > 0.1


def test_gradient_check_guards_zero_denominators():
    assert gradient_check(lambda w: 0.0 * np.sum(w), lambda w: np.zeros_like(w), np.ones(2)) == 0.0


def test_gradient_check_rejects_a_gradient_of_the_wrong_shape():
    with pytest.raises(ValueError, match="shape"):
        gradient_check(lambda w: np.sum(w), lambda w: np.ones(3), np.ones(2))


def test_numerical_hessian_of_a_quadratic_is_its_matrix():
    A = np.array([[2.0, 0.5], [0.5, -3.0]])
    H = numerical_hessian(lambda w: 0.5 * w @ A @ w, np.array([0.3, -0.2]))
    np.testing.assert_allclose(H, A, atol=1e-6)


def test_step_must_be_positive():
    with pytest.raises(ValueError, match="h must be a finite number > 0"):
        numerical_gradient(np.sum, np.ones(2), h=0)


def test_curvature_along_a_direction_is_u_H_u_on_a_tilted_quadratic():
    H = np.array([[3.0, 1.2], [1.2, 1.0]])                   # mixed derivative 1.2
    f = lambda w: 0.5 * w @ H @ w  # noqa: E731
    angles = np.linspace(0, np.pi, 7)
    U = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    expected = np.einsum("ki,ij,kj->k", U, H, U)              # closed form u^T H u
    np.testing.assert_allclose(curvature_along(f, [0.3, -0.7], U), expected, rtol=1e-6)
    assert isinstance(curvature_along(f, [0.0, 0.0], U[0]), float)


def test_curvature_along_the_eigenvectors_is_the_eigenvalues_of_the_numerical_hessian():
    f = lambda w: np.sin(w[0]) * np.exp(w[1]) + w[0] ** 2 * w[1]  # noqa: E731
    w = np.array([0.4, -0.2])
    lambdas, vectors = np.linalg.eigh(numerical_hessian(f, w))
    np.testing.assert_allclose(curvature_along(f, w, vectors.T), lambdas, rtol=1e-5, atol=1e-7)


def test_curvature_along_refuses_a_direction_that_is_not_a_unit_vector():
    with pytest.raises(ValueError, match=r"unit vectors .*length of 2.*np.linalg.norm"):
        curvature_along(lambda w: w @ w, [0.0, 0.0], [2.0, 0.0])
    with pytest.raises(ValueError, match=r"shape \(2,\) or \(k, 2\)"):
        curvature_along(lambda w: w @ w, [0.0, 0.0], [1.0, 0.0, 0.0])
