"""Surfaces: analytic gradients vs finite differences and closed forms, minima, grids."""

import numpy as np
import pytest

from course_lib import (Beale, Himmelblau, Plateau, Quadratic, Rosenbrock, Saddle, TwoWells,
                        numerical_gradient)
from course_lib.surfaces import SaddlePlateau

SURFACES = [Quadratic([[3.0, 1.0], [1.0, 2.0]], b=[1.0, -1.0]), Rosenbrock(), Beale(),
            Himmelblau(), Saddle(), TwoWells(), Plateau(), SaddlePlateau()]
IDS = [type(f).__name__ for f in SURFACES]


def random_points(f, n=50, seed=0):
    (x0, x1), (y0, y1) = f.bounds
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)])


@pytest.mark.parametrize("f", SURFACES, ids=IDS)
def test_gradient_matches_central_differences_at_random_points(f):
    for w in random_points(f):
        num = numerical_gradient(f, w, h=1e-6)
        scale = max(1.0, np.abs(num).max())
        np.testing.assert_allclose(f.grad(w), num, rtol=1e-6, atol=1e-6 * scale)


@pytest.mark.parametrize("f", SURFACES, ids=IDS)
def test_known_minima_and_saddles_have_zero_gradient(f):
    points = np.concatenate([f.minima, f.local_minima, f.saddles])
    assert len(points) > 0
    for w in points:
        np.testing.assert_allclose(f.grad(w), 0.0, atol=1e-9)


@pytest.mark.parametrize("f", SURFACES, ids=IDS)
def test_grid_evaluation_equals_point_by_point(f):
    X, Y, Z = f.grid(n=7)
    G = f.grad(np.stack([X, Y]))
    assert Z.shape == X.shape and G.shape == (2,) + X.shape
    for i in range(7):
        for j in range(7):
            w = np.array([X[i, j], Y[i, j]])
            assert Z[i, j] == pytest.approx(f(w), rel=1e-12, abs=1e-12)
            np.testing.assert_allclose(G[:, i, j], f.grad(w), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("f", [f for f in SURFACES if len(f.minima)],
                         ids=[i for f, i in zip(SURFACES, IDS) if len(f.minima)])
def test_global_minima_are_lowest_on_a_dense_grid(f):
    _, _, Z = f.grid(n=301)
    assert f.min_value <= Z.min() + 1e-12
    for w in f.local_minima:
        assert f(w) > f.min_value


def test_saddle_has_no_minimum_and_falls_along_y():
    f = Saddle()
    assert len(f.minima) == 0
    assert f([0.0, 10.0]) < f([0.0, 1.0]) < f([0.0, 0.0]) < f([1.0, 0.0])


def test_rosenbrock_agrees_with_scipy_closed_form():
    optimize = pytest.importorskip(
        "scipy.optimize", reason="scipy is the reference here: pip install -e .[test,reference]")
    rosen, rosen_der = optimize.rosen, optimize.rosen_der
    f = Rosenbrock()
    for w in random_points(f, seed=1):
        assert f(w) == pytest.approx(rosen(w), rel=1e-13)
        np.testing.assert_allclose(f.grad(w), rosen_der(w), rtol=1e-12, atol=1e-12)


def test_rosenbrock_minimum_moves_with_a():
    np.testing.assert_allclose(Rosenbrock(a=2.0).minima, [[2.0, 4.0]])


def test_himmelblau_minima_all_have_zero_loss():
    f = Himmelblau()
    assert len(f.minima) == 4
    for w in f.minima:
        assert f(w) == pytest.approx(0.0, abs=1e-20)


def test_quadratic_minimum_solves_A_w_equals_b_and_reports_curvatures():
    A, b = np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([1.0, -1.0])
    f = Quadratic(A, b)
    np.testing.assert_allclose(A @ f.minima[0], b)
    eig = np.linalg.eigvals(A)
    assert f.lambda_max == pytest.approx(eig.max()) and f.lambda_min == pytest.approx(eig.min())
    assert f.kappa == pytest.approx(eig.max() / eig.min())
    assert (f.L, f.mu) == (f.lambda_max, f.lambda_min)           # the older names still work
    # 0.5 w^T A w - b^T w, evaluated by hand at (1, 2): 0.5 * (3 + 4 + 8) - (1 - 2) = 8.5
    assert f([1.0, 2.0]) == pytest.approx(8.5)


def test_quadratic_works_in_any_dimension():
    A = np.diag([1.0, 2.0, 3.0, 4.0])
    f = Quadratic(A, b=np.ones(4))
    w = np.arange(4.0)
    np.testing.assert_allclose(f.grad(w), numerical_gradient(f, w), atol=1e-8)


def test_two_wells_left_is_global_right_is_local_saddle_between():
    f = TwoWells()
    (left, _), (right, _), (mid, _) = f.minima[0], f.local_minima[0], f.saddles[0]
    assert left < mid < right
    assert f(f.minima[0]) < f(f.local_minima[0])


def test_plateau_gradient_vanishes_far_from_the_bowl():
    f = Plateau()
    assert np.linalg.norm(f.grad([3.5, 3.0])) < 1e-3 < np.linalg.norm(f.grad([1.0, 0.0]))


@pytest.mark.parametrize("bad", [np.zeros(3), np.zeros((3, 4)), 1.0])
def test_wrong_shape_names_the_expected_shape(bad):
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        Rosenbrock()(bad)


def test_quadratic_rejects_a_non_symmetric_matrix():
    with pytest.raises(ValueError, match="symmetric"):
        Quadratic([[1.0, 2.0], [0.0, 1.0]])


def test_a_quadratic_with_a_negative_curvature_is_a_saddle_with_infinite_kappa():
    f = Quadratic(np.diag([1.0, -2.0]))
    assert f.lambda_min == pytest.approx(-2.0) and f.kappa == np.inf
    assert len(f.minima) == 0 and np.allclose(f.saddles, [[0.0, 0.0]])


@pytest.mark.parametrize("make, error, match", [
    (lambda: Quadratic([1.0, 2.0]), ValueError, r"A must have shape \(n, n\)"),
    (lambda: Quadratic(np.eye(2), b=[1.0]), ValueError, r"b must have shape \(2,\)"),
    (lambda: TwoWells(tilt=0.9), ValueError, r"tilt must be in \(0, 0.76\)"),
    (lambda: TwoWells(tilt="0.3"), TypeError, "tilt must be a number"),
    (lambda: Plateau(width=0), ValueError, "width must be a finite number > 0"),
    (lambda: Rosenbrock(b=-1.0), ValueError, "b must be a finite number > 0"),
])
def test_bad_surface_arguments_name_themselves(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_saddle_plateau_is_flat_to_third_order_and_slow_to_leave():
    from course_lib import GradientDescent, numerical_hessian, run
    f = SaddlePlateau()
    np.testing.assert_allclose(numerical_hessian(f, [0.0, 0.0]), np.diag([2.0, 0.0]), atol=1e-5)
    assert f([0.0, 0.3]) < f([0.0, 0.0]) < f([0.3, 0.0])          # downhill along y, uphill along x
    # the predicted escape time 1 / (16 lr y0^2) steps, here 833, within 5 %
    escape = run(GradientDescent(lr=0.03), f, [0.0, 0.05], steps=1200).first_below(0.5)
    assert abs(escape - 1 / (16 * 0.03 * 0.05 ** 2)) < 0.05 * 833
