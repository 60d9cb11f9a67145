"""numerical_gradient, gradient_check, numerical_hessian and curvature_along against closed forms."""

import numpy as np
import pytest

from course_lib import curvature_along, gradient_check, numerical_gradient, numerical_hessian


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


def test_curvature_along_a_direction_of_a_quadratic_is_u_A_u_over_u_u():
    rng = np.random.default_rng(1)
    B = rng.normal(size=(3, 3))
    A = B + B.T                                    # symmetric, with mixed signs
    U = rng.normal(size=(5, 3))                    # five directions, not of length 1
    closed_form = np.einsum("ki,ij,kj->k", U, A, U) / np.sum(U ** 2, axis=1)
    curv = curvature_along(lambda w: 0.5 * w @ A @ w, rng.normal(size=3), U)
    np.testing.assert_allclose(curv, closed_form, atol=1e-5)
    assert isinstance(curvature_along(lambda w: 0.5 * w @ A @ w, np.zeros(3), U[0]), float)


def test_extreme_curvatures_over_all_directions_are_the_hessian_eigenvalues():
    # Himmelblau at (3, 2): Hessian [[74, 20], [20, 34]] by hand; its diagonal 74 and 34 are
    # the curvatures along the axes, its eigenvalues 54 -/+ sqrt(800) the extremes.
    himmelblau = lambda w: (w[0] ** 2 + w[1] - 11) ** 2 + (w[0] + w[1] ** 2 - 7) ** 2  # noqa: E731
    angles = np.radians(np.arange(0, 180, 0.5))
    curv = curvature_along(himmelblau, [3.0, 2.0], np.stack([np.cos(angles), np.sin(angles)], 1))
    np.testing.assert_allclose(curv[[0, 180]], [74, 34], atol=1e-5)
    np.testing.assert_allclose([curv.min(), curv.max()], 54 + np.array([-1, 1]) * 800 ** 0.5,
                               rtol=1e-4)
    assert np.degrees(angles[np.argmax(curv)]) == 22.5    # tan(2 phi) = 2 * 20 / (74 - 34)


def test_curvature_along_refuses_a_zero_or_misshapen_direction():
    with pytest.raises(ValueError, match="non-zero direction"):
        curvature_along(np.sum, np.ones(2), [0.0, 0.0])
    with pytest.raises(ValueError, match=r"u must have shape \(2,\)"):
        curvature_along(np.sum, np.ones(2), [1.0, 0.0, 0.0])
