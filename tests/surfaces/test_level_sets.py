"""Level sets traced by marching squares, checked against closed forms of simple curves."""

import numpy as np
import pytest

from course_lib import Himmelblau, Quadratic
from course_lib.surfaces.level_sets import level_segments, level_set, tangents_and_midpoints


def test_a_plane_is_traced_exactly_on_its_line():
    x = np.linspace(-1, 1, 17)
    X, Y = np.meshgrid(x, x)
    segments = level_segments(X, Y, X + 2 * Y, 0.3)      # linear: interpolation is exact
    assert len(segments) > 0
    assert np.allclose(segments[..., 0] + 2 * segments[..., 1], 0.3, atol=1e-12)


def test_the_unit_circle_has_its_points_on_the_circle_and_length_two_pi():
    segments = level_set(Quadratic(np.eye(2)), level=0.5, n=201)     # 0.5 |w|^2 = 0.5
    radii = np.linalg.norm(segments, axis=2)
    assert np.allclose(radii, 1.0, atol=2e-4)                       # error ~ h^2
    length = np.linalg.norm(segments[:, 1] - segments[:, 0], axis=1).sum()
    assert length == pytest.approx(2 * np.pi, rel=1e-3)


def test_a_level_outside_the_losses_gives_no_segments():
    assert level_set(Quadratic(np.eye(2)), level=-1.0, n=50).shape == (0, 2, 2)


@pytest.mark.parametrize("level, expected", [
    (0.5, [[[0.5, 0.0], [1.0, 0.5]], [[0.5, 1.0], [0.0, 0.5]]]),   # centre 0.5 >= level:
    (0.6, [[[0.0, 0.4], [0.4, 0.0]], [[1.0, 0.6], [0.6, 1.0]]]),   # centre below the level
])
def test_an_ambiguous_cell_is_decided_by_its_centre(level, expected):
    X, Y = np.meshgrid([0.0, 1.0], [0.0, 1.0])
    Z = np.array([[1.0, 0.0], [0.0, 1.0]])          # high corners (0, 0) and (1, 1)
    got = level_segments(X, Y, Z, level)
    # by hand: above (centre high), the two low corners are cut off; below, the high ones
    expected = np.sort(np.reshape(expected, (2, 4)), axis=0)
    assert np.allclose(np.sort(got.reshape(2, 4), axis=0), expected)


def test_the_segment_count_matches_matplotlib_on_himmelblau():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    X, Y, Z = Himmelblau().grid(120)
    fig, ax = plt.subplots()
    reference = ax.contour(X, Y, Z, levels=[20.0, 150.0])
    for level, lines in zip([20.0, 150.0], reference.allsegs):
        assert len(level_segments(X, Y, Z, level)) == sum(len(p) - 1 for p in lines)
    plt.close(fig)


def test_tangents_are_unit_vectors_at_segment_midpoints():
    segments = np.array([[[0.0, 0.0], [3.0, 4.0]], [[1.0, 1.0], [1.0, 1.0]]])
    tangents, midpoints = tangents_and_midpoints(segments)
    assert np.allclose(tangents, [[0.6, 0.8]]) and np.allclose(midpoints, [[1.5, 2.0]])


def test_mismatched_grids_are_refused_with_the_fix():
    with pytest.raises(ValueError, match=r"X, Y and Z must be 2-D arrays of one shape.*f\.grid"):
        level_segments(np.zeros((3, 3)), np.zeros((3, 3)), np.zeros((3, 4)), 0.0)
    with pytest.raises(ValueError, match="n must be a whole number"):
        level_set(Quadratic(np.eye(2)), 0.5, n=3)
