"""Lesson 08's hump: its gradient against central differences, its three stationary points."""

import numpy as np
import pytest

from course_lib import GradientDescent, Momentum, numerical_gradient, run
from course_lib.surfaces import Hump


@pytest.mark.parametrize("point", [[-3.0, 0.5], [-1.3, 0.0], [-1.0, -0.2], [-0.8, 1.0], [0.5, 0.3]])
def test_hump_gradient_matches_central_differences(point):
    f = Hump()
    np.testing.assert_allclose(f.grad(point), numerical_gradient(f, np.array(point), h=1e-6),
                               rtol=1e-6, atol=1e-7)


def test_hump_stationary_points_have_zero_gradient_in_order_hollow_ridge_bottom():
    f = Hump()
    points = np.vstack([f.local_minima, f.saddles, f.minima])
    np.testing.assert_allclose(f.grad(points.T), 0.0, atol=1e-9)
    assert points[0, 0] < points[1, 0] < points[2, 0] and abs(points[1, 0] - f.at) < f.width
    assert f.min_value < f(f.local_minima[0]) < f(f.saddles[0])


def test_hump_bottom_is_the_lowest_point_on_a_grid():
    f = Hump()
    X, Y, Z = f.grid(301)
    assert Z.min() >= f.min_value - 1e-12


def test_hump_grid_evaluation_agrees_with_single_points():
    f = Hump()
    X, Y, Z = f.grid(7)
    assert Z[3, 2] == pytest.approx(f([X[3, 2], Y[3, 2]]), rel=1e-15)


def test_gradient_descent_stops_in_the_hollow_and_momentum_rolls_over():
    f = Hump()
    gd = run(GradientDescent(lr=0.05), f, [-3.0, 0.0], steps=300)
    heavy = run(Momentum(lr=0.05, beta=0.8), f, [-3.0, 0.0], steps=300)
    np.testing.assert_allclose(gd.final, f.local_minima[0], atol=1e-6)
    np.testing.assert_allclose(heavy.final, f.minima[0], atol=1e-3)


@pytest.mark.parametrize("kwargs, match", [({"height": 0.0}, "height"), ({"width": -1.0}, "width"),
                                           ({"at": 0.5}, "at"), ({"height": 0.1}, "hollow")])
def test_hump_refuses_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Hump(**kwargs)
