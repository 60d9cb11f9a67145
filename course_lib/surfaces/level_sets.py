"""Level sets: trace the curve L(w) = c of a 2-D loss as short straight segments.

Intuition: a contour line is where the loss equals a given value. On a grid, the curve
crosses a cell edge wherever one corner is below c and the other above; joining the two
crossings of a cell gives a short piece of the curve (marching squares). The pieces are
chords of the true curve, so their directions approach its tangent as the grid gets finer.

Rule: on the edge from corner a to corner b the crossing sits at
    p = p_a + s (p_b - p_a),   s = (c - L_a) / (L_b - L_a),
the point where the straight line between the two corner values reaches c. A cell whose
corners alternate (two above, two below, diagonally) holds two segments; the value at
its centre (the mean of the four corners) decides which corners they cut off.

NumPy only, vectorized over all cells: lesson 03 uses it to check that the gradient
crosses every contour line at a right angle, without reading matplotlib's internals.

Example:
    >>> import numpy as np
    >>> from course_lib import Quadratic
    >>> segments = level_set(Quadratic(np.eye(2)), level=0.5, n=101)   # the unit circle
    >>> segments.shape[1:]
    (2, 2)
    >>> bool(np.allclose(np.linalg.norm(segments, axis=2), 1.0, atol=1e-3))
    True

References: W. E. Lorensen and H. E. Cline (1987), "Marching cubes: a high resolution 3D
surface construction algorithm", SIGGRAPH '87 (its 2-D case, marching squares).

Introduced in notebooks/03_gradients.
"""

import numpy as np

from course_lib._validate import whole_number

__all__ = ["level_segments", "level_set", "tangents_and_midpoints"]


def _crossings(pa, pb, za, zb, level):
    """Where the level crosses the edge a -> b (linear interpolation); nan where it does not."""
    crosses = (za >= level) != (zb >= level)
    with np.errstate(divide="ignore", invalid="ignore"):      # only used where it crosses
        s = (level - za) / (zb - za)
        point = pa + s[..., None] * (pb - pa)
    return np.where(crosses[..., None], point, np.nan)


def level_segments(X, Y, Z, level):
    """The pieces of the curve Z = level on a meshgrid (X, Y, Z), as an array (k, 2, 2).

    Args:
        X, Y, Z: arrays of one shape (rows, cols), both >= 2, as from ``np.meshgrid`` or
            a surface's ``f.grid(n)``; Z finite.
        level: the loss value c of the curve (a float).

    Returns:
        segments of shape (k, 2, 2): segment i runs from segments[i, 0] to segments[i, 1]
        (points (x, y)); k = 0 when the level is outside the range of Z.

    Example:
        >>> X, Y = np.meshgrid([0.0, 1.0], [0.0, 1.0])
        >>> level_segments(X, Y, X + Y, 0.5).tolist()       # one cell, one piece
        [[[0.5, 0.0], [0.0, 0.5]]]

    Introduced in notebooks/03_gradients.
    """
    X, Y, Z = (np.asarray(a, dtype=float) for a in (X, Y, Z))
    if not (X.shape == Y.shape == Z.shape and Z.ndim == 2 and min(Z.shape) >= 2):
        raise ValueError(f"X, Y and Z must be 2-D arrays of one shape with at least 2 rows "
                         f"and 2 columns, got {X.shape}, {Y.shape}, {Z.shape}; pass "
                         "X, Y, Z = f.grid(200)")
    P = np.stack([X, Y], axis=-1)
    # corners of every cell, counter-clockwise: c0 (i, j), c1 (i, j+1), c2 (i+1, j+1), c3 (i+1, j)
    corners = [(P[:-1, :-1], Z[:-1, :-1]), (P[:-1, 1:], Z[:-1, 1:]),
               (P[1:, 1:], Z[1:, 1:]), (P[1:, :-1], Z[1:, :-1])]
    # edges: 0 bottom (c0-c1), 1 right (c1-c2), 2 top (c2-c3), 3 left (c3-c0)
    edges = [_crossings(*corners[k][:1], *corners[(k + 1) % 4][:1], corners[k][1],
                        corners[(k + 1) % 4][1], level) for k in range(4)]
    edges = np.stack(edges, axis=2)                       # (rows-1, cols-1, 4 edges, 2)
    hit = ~np.isnan(edges[..., 0])
    count = hit.sum(axis=2)

    two = edges[count == 2]                               # (m, 4, 2) with 2 nan edges
    pairs = two[~np.isnan(two[..., 0])].reshape(-1, 2, 2)

    four = count == 4                                     # alternating corners
    centre = sum(z for _, z in corners)[four] / 4
    joined = (corners[0][1][four] >= level) == (centre >= level)   # c0 and c2 connected
    e = edges[four]
    cut_c1_c3 = np.concatenate([e[joined][:, [0, 1]], e[joined][:, [2, 3]]])
    cut_c0_c2 = np.concatenate([e[~joined][:, [3, 0]], e[~joined][:, [1, 2]]])
    return np.concatenate([pairs, cut_c1_c3, cut_c0_c2]).reshape(-1, 2, 2)


def level_set(f, level, n=200):
    """The pieces of the curve f(w) = level over the surface's plot window ``f.bounds``.

    Args:
        f: a 2-D surface with ``grid(n)`` (every course surface has one).
        level: the loss value of the curve.
        n: grid points per side, >= 10 (finer grid: shorter, more accurate pieces;
            200 is accurate and fast).

    Returns: segments of shape (k, 2, 2), as ``level_segments``.

    Example:
        >>> from course_lib import Quadratic
        >>> len(level_set(Quadratic(np.eye(2)), level=0.5, n=50)) > 50
        True

    Introduced in notebooks/03_gradients.
    """
    n = whole_number("n", n, 10, "200 points per side is accurate and fast")
    return level_segments(*f.grid(n), level)


def tangents_and_midpoints(segments):
    """Unit direction and midpoint of every segment: (tangents (k, 2), midpoints (k, 2)).

    Args:
        segments: array (k, 2, 2) of pieces, as from ``level_set``.

    Returns (tangents, midpoints), each (k', 2); zero-length segments (a curve through a
    grid point) are dropped.

    Example:
        >>> tangents_and_midpoints([[[0.0, 0.0], [2.0, 0.0]]])
        (array([[1., 0.]]), array([[1., 0.]]))

    Introduced in notebooks/03_gradients.
    """
    segments = np.asarray(segments, dtype=float).reshape(-1, 2, 2)
    d = segments[:, 1] - segments[:, 0]
    length = np.linalg.norm(d, axis=1)
    keep = length > 0
    return d[keep] / length[keep, None], segments[keep].mean(axis=1)
