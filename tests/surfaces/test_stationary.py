"""Stationary points: classification against hand-derived Hessians, Newton against known
points, the vectorized basin map against one-start-at-a-time runs and against theory."""

import numpy as np
import pytest

from course_lib import (GradientDescent, Himmelblau, Quadratic, Saddle, TwoWells, Plateau,
                        run)
from course_lib.surfaces.stationary import basin_map, classify_point, find_stationary


@pytest.mark.parametrize("A, kind", [
    (np.diag([1.0, 3.0]), "minimum"),
    (np.diag([-1.0, -3.0]), "maximum"),
    (np.diag([2.0, -0.5]), "saddle"),
    ([[2.0, 3.0], [3.0, 2.0]], "saddle"),          # eigenvalues 5 and -1: off-diagonal matters
    ([[2.0, 1.0], [1.0, 2.0]], "minimum"),         # eigenvalues 3 and 1
    (np.diag([1.0, 2.0, -3.0]), "saddle"),         # three dimensions
])
def test_quadratics_at_their_centre_are_classified_by_the_signs_of_their_eigenvalues(A, kind):
    f = Quadratic(A)
    assert classify_point(f, np.zeros(len(f.A))) == kind


def test_a_point_with_non_zero_gradient_is_not_stationary():
    assert classify_point(Quadratic(np.eye(2)), [0.1, 0.0]) == "not stationary"
    assert classify_point(lambda w: w[0] ** 2 + w[1], [0.0, 0.0]) == "not stationary"


def test_flat_directions_are_degenerate_unless_other_curvatures_disagree():
    quartic = lambda w: w[0] ** 4 + w[1] ** 2         # noqa: E731  a minimum f''=0 cannot see
    assert classify_point(quartic, [0.0, 0.0]) == "degenerate"
    assert classify_point(lambda w: -w[0] ** 4 - w[1] ** 2, [0.0, 0.0]) == "degenerate"
    mixed = lambda w: w[0] ** 2 - w[1] ** 2 + w[2] ** 4   # noqa: E731  up, down and flat
    assert classify_point(mixed, [0.0, 0.0, 0.0]) == "saddle"


def test_known_points_of_the_course_surfaces():
    f = TwoWells()
    assert classify_point(f, f.minima[0]) == "minimum"
    assert classify_point(f, f.local_minima[0]) == "minimum"
    assert classify_point(f, f.saddles[0]) == "saddle"
    assert classify_point(Saddle(), [0.0, 0.0]) == "saddle"
    assert classify_point(Plateau(), [0.0, 0.0]) == "minimum"
    for m in Himmelblau().minima:
        assert classify_point(Himmelblau(), m) == "minimum"


def test_newton_finds_himmelblaus_maximum_and_saddles():
    h = Himmelblau()
    top = find_stationary(h, [-0.3, -0.9])
    # Known to 6 digits (e.g. Himmelblau 1972; the value is 181.617).
    np.testing.assert_allclose(top, [-0.270845, -0.923039], atol=1e-5)
    assert abs(h(top) - 181.617) < 1e-3
    assert classify_point(h, top) == "maximum"
    saddle = find_stationary(h, [3.4, 0.0])
    assert np.linalg.norm(h.grad(saddle)) < 1e-9 and classify_point(h, saddle) == "saddle"


def test_basin_map_agrees_with_single_runs_of_gradient_descent():
    f, lr, steps = Himmelblau(), 0.01, 150
    basins = basin_map(f, lr=lr, steps=steps, n=7)
    for i in range(7):
        for j in range(7):
            start = [basins.X[i, j], basins.Y[i, j]]
            end = run(GradientDescent(lr=lr), f, start, steps=steps).final
            np.testing.assert_allclose(basins.final[:, i, j], end, rtol=1e-9, atol=1e-12)
            d = np.linalg.norm(basins.targets - end, axis=1)
            expected = int(np.argmin(d)) if d.min() <= 1e-2 else -1
            assert basins.labels[i, j] == expected


def test_two_wells_basins_are_split_by_the_saddles_vertical_line():
    # With a small lr the x-update ignores y, so x < saddle goes left, x > saddle goes right.
    f = TwoWells()
    basins = basin_map(f, lr=0.05, steps=400, n=41)
    xs = f.saddles[0, 0]
    left, right = basins.X < xs - 0.05, basins.X > xs + 0.05
    assert np.all(basins.labels[left] == 0)      # targets: [global minimum, local minimum]
    assert np.all(basins.labels[right] == 1)


def test_diverging_or_unfinished_starts_are_labelled_minus_one():
    basins = basin_map(Quadratic(np.eye(2)), lr=2.5, steps=50, n=5)     # lr > 2 / L
    assert np.all(basins.labels[basins.X ** 2 + basins.Y ** 2 > 0] == -1)
    few = basin_map(Plateau(), lr=0.1, steps=3, n=5)                    # far out: still flat
    assert few.labels[0, 0] == -1


def test_bad_arguments_name_themselves():
    with pytest.raises(ValueError, match="lr"):
        basin_map(TwoWells(), lr=0)
    with pytest.raises(ValueError, match=r"w must have shape \(n,\), got shape \(1, 2\)"):
        classify_point(Saddle(), [[0.0, 0.0]])
    with pytest.raises(ValueError, match="guess must be finite"):
        find_stationary(Saddle(), [np.nan, 0.0])
    with pytest.raises(TypeError, match="steps must be a whole number"):
        find_stationary(Saddle(), [0.0, 0.0], steps=2.5)
