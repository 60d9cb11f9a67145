"""Lesson 07's cliff: its gradient against central differences, its minimum, its face."""

import numpy as np
import pytest

from course_lib import GradientDescent, numerical_gradient, run
from course_lib.surfaces import Cliff


@pytest.mark.parametrize("point", [[-2.0, 1.0], [-0.03, 0.5], [0.0, 0.0], [0.02, -1.0], [1.5, 2.0]])
def test_cliff_gradient_matches_central_differences(point):
    f = Cliff()
    np.testing.assert_allclose(f.grad(point), numerical_gradient(f, np.array(point), h=1e-7),
                               rtol=1e-6, atol=1e-6)


def test_cliff_minimum_has_zero_gradient_and_the_lowest_loss_on_a_grid():
    f = Cliff()
    np.testing.assert_allclose(f.grad(f.minima[0]), 0.0, atol=1e-12)
    X, Y, Z = f.grid(301)
    assert Z.min() >= f.min_value - 1e-12


def test_cliff_face_gradient_is_height_over_two_widths_and_the_terrace_is_height_higher():
    f = Cliff(height=3.0, width=0.02)
    assert abs(np.linalg.norm(f.grad([0.0, 0.0])) - np.hypot(1.0 + 3.0 / 0.04, 0.0)) < 1e-9
    assert abs((f([-0.5, 0.0]) - 0.5 * 1.5 ** 2) - 3.0) < 1e-9


def test_cliff_grid_evaluation_agrees_with_single_points():
    f = Cliff()
    X, Y, Z = f.grid(7)
    assert Z[3, 2] == pytest.approx(f([X[3, 2], Y[3, 2]]), rel=1e-15)


def test_gradient_descent_landing_on_the_face_is_thrown_above_its_start():
    path = run(GradientDescent(lr=0.3), Cliff(), [-2.0, 1.0], steps=40)
    assert path.losses.max() > 3 * path.losses[0]


@pytest.mark.parametrize("kwargs, match", [({"height": 0.0}, "height"), ({"width": 0.5}, "width")])
def test_cliff_refuses_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Cliff(**kwargs)
