"""Typical wrong answers to exercises/02_loss_surfaces: every one must fail at least one check.

Each entry of WRONG replaces one student function; ``kind`` names the mistake so that
tests/checks/test_exercises.py can require the typical ones to be present.
"""
import numpy as np

from course_lib.surfaces.line_fit import mse_loss_wb

from tests.checks.wrong import registry, right_answers

WRONG, wrong = registry()
RIGHT, right = right_answers()

# The mistakes the wrong answers below must include, per student function.
REQUIRED_KINDS = {
    "mse_grid": {"sum instead of mean", "axes swapped", "w and b swapped", "missing square",
                 "python loop", "python loop with wrong shape", "loop in disguise",
                 "delegates to course_lib", "returns None", "lists not converted"},
    "grid_argmin": {"flat index", "indices instead of values", "w and b swapped",
                    "row and column mixed up", "argmax", "returns None"},
}


def _residuals(x, y, ws, bs):
    return np.asarray(ws)[None, :, None] * x + np.asarray(bs)[:, None, None] - y


# -- mse_grid ---------------------------------------------------------------------------------

@wrong("mse_grid", "sum instead of mean", "sums the squared residuals instead of averaging",
       says="a sum where a mean belongs")
def grid_sum(x, y, ws, bs):
    return np.sum(_residuals(x, y, ws, bs) ** 2, axis=-1)


@wrong("mse_grid", "axes swapped", "rows follow w and columns follow b (the transpose)",
       says="the grid transposed")
def grid_transposed(x, y, ws, bs):
    return np.mean(_residuals(x, y, ws, bs) ** 2, axis=-1).T


@wrong("mse_grid", "w and b swapped", "right shape, but takes the slope from bs and the "
                                      "intercept from ws",
       says="w and b swapped")
def grid_roles_swapped(x, y, ws, bs):
    slopes, intercepts = np.meshgrid(bs, ws, indexing="ij")
    return np.mean((slopes[..., None] * x + intercepts[..., None] - y) ** 2, axis=-1)


@wrong("mse_grid", "missing square", "averages the residuals without squaring them",
       says="without squaring them")
def grid_no_square(x, y, ws, bs):
    return np.mean(_residuals(x, y, ws, bs), axis=-1)


@wrong("mse_grid", "absolute error", "averages |residual| instead of residual squared",
       says="absolute residuals where squares belong")
def grid_abs(x, y, ws, bs):
    return np.mean(np.abs(_residuals(x, y, ws, bs)), axis=-1)


@wrong("mse_grid", "sign error", "residual w x - b - y",
       says="a sign slip in the residual")
def grid_sign(x, y, ws, bs):
    r = np.asarray(ws)[None, :, None] * x - np.asarray(bs)[:, None, None] - y
    return np.mean(r ** 2, axis=-1)


@wrong("mse_grid", "mean over the wrong axis", "averages over the slopes, not the data",
       says="the mean taken over the slopes")
def grid_wrong_axis(x, y, ws, bs):
    return np.mean(_residuals(x, y, ws, bs) ** 2, axis=1)


@wrong("mse_grid", "python loop", "right values, computed with two nested for loops",
       says="contains a Python loop")
def grid_loop(x, y, ws, bs):
    J = np.zeros((len(bs), len(ws)))
    for i, b in enumerate(bs):
        for j, w in enumerate(ws):
            J[i, j] = np.mean((w * x + b - y) ** 2)
    return J


@wrong("mse_grid", "python loop with wrong shape", "a list comprehension over the grid, "
                                                   "returned flat",
       says="contains a Python loop")
def grid_loop_flat(x, y, ws, bs):
    return np.array([np.mean((w * x + b - y) ** 2) for b in bs for w in ws])


@wrong("mse_grid", "loop in disguise", "right values through np.vectorize",
       says="loops in disguise")
def grid_vectorize(x, y, ws, bs):
    one = np.vectorize(lambda w, b: np.mean((w * x + b - y) ** 2))
    W, B = np.meshgrid(ws, bs)
    return one(W, B)


@wrong("mse_grid", "delegates to course_lib", "calls course_lib.surfaces.line_fit.mse_loss_wb",
       says="the task asks you to write the grid of losses yourself")
def grid_delegates(x, y, ws, bs):
    W, B = np.meshgrid(ws, bs)
    return mse_loss_wb(W, B, x, y)


@wrong("mse_grid", "returns None", "forgets the return", says="returned None")
def grid_none(x, y, ws, bs):
    np.mean(_residuals(x, y, ws, bs) ** 2, axis=-1)


# -- grid_argmin ------------------------------------------------------------------------------

@wrong("grid_argmin", "flat index", "returns np.argmin(J), a position in the flattened grid",
       says="a position in the flattened grid")
def argmin_flat(J, ws, bs):
    return int(np.argmin(J))


@wrong("grid_argmin", "indices instead of values", "returns the (column, row) indices",
       says="the grid indices of the lowest point")
def argmin_indices(J, ws, bs):
    i, j = np.unravel_index(np.argmin(J), np.shape(J))
    return j, i


@wrong("grid_argmin", "w and b swapped", "returns (b, w)",
       says="(b, w) instead of (w, b)")
def argmin_swapped(J, ws, bs):
    i, j = np.unravel_index(np.argmin(J), np.shape(J))
    return bs[i], ws[j]


@wrong("grid_argmin", "row and column mixed up", "looks the slope up by the row index",
       says="the slope looked up by the row index")
def argmin_mixed(J, ws, bs):
    i, j = np.unravel_index(np.argmin(J), np.shape(J))
    return ws[i], bs[j]


@wrong("grid_argmin", "wrong unravel shape", "unravels with the transposed shape",
       says="np.unravel_index given the transposed shape")
def argmin_unravel_transposed(J, ws, bs):
    j, i = np.unravel_index(np.argmin(J), np.shape(J)[::-1])
    return ws[j], bs[i]


@wrong("grid_argmin", "argmax", "finds the highest grid point",
       says="the highest grid point, not the lowest")
def argmin_argmax(J, ws, bs):
    i, j = np.unravel_index(np.argmax(J), np.shape(J))
    return ws[j], bs[i]


@wrong("grid_argmin", "last of ties", "returns the last of several equal minima",
       says="the last of several equal minima")
def argmin_last_tie(J, ws, bs):
    i, j = np.argwhere(np.asarray(J) == np.min(J))[-1]
    return ws[j], bs[i]


@wrong("grid_argmin", "minimum value", "returns the smallest loss instead of its location",
       says="the smallest loss itself")
def argmin_value(J, ws, bs):
    return float(np.min(J))


@wrong("grid_argmin", "returns None", "forgets the return", says="returned None")
def argmin_none(J, ws, bs):
    np.unravel_index(np.argmin(J), np.shape(J))


@wrong("mse_grid", "lists not converted", "x[None, None, :] on the data as given: fails for lists",
       says="the data came as lists (the task allows them) and were indexed or reshaped")
def grid_lists_kept(x, y, ws, bs):
    W, B = np.asarray(ws)[None, :, None], np.asarray(bs)[:, None, None]
    return np.mean((W * x[None, None, :] + B - y[None, None, :]) ** 2, axis=-1)


@wrong("mse_grid", "lists not converted", "x.reshape(1, 1, -1) on the data as given: fails for lists",
       says="the data came as lists (the task allows them) and were indexed or reshaped")
def grid_lists_reshaped(x, y, ws, bs):
    W, B = np.asarray(ws)[None, :, None], np.asarray(bs)[:, None, None]
    return np.mean((W * x.reshape(1, 1, -1) + B - y.reshape(1, 1, -1)) ** 2, axis=-1)


# -- right answers in unusual forms: every check must pass ----------------------------------

@right("the five averages of the data, in a helper of one's own")
def averages(x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return np.mean(x * x), np.mean(x), np.mean(x * y), np.mean(y), np.mean(y * y)


@right("the five averages of the data, in a helper of one's own")
def mse_grid(x, y, ws, bs):
    xx, x1, xy, y1, yy = averages(x, y)
    W, B = np.meshgrid(ws, bs)
    return xx * W ** 2 + 2 * x1 * W * B + B ** 2 - 2 * xy * W - 2 * y1 * B + yy


@right("a scan of one's own that keeps the first strictly lower point (the stated tie rule)")
def grid_argmin(losses, ws, bs):
    best, where = np.inf, None
    for i, row in enumerate(np.asarray(losses)):
        for j, value in enumerate(row):
            if value < best:
                best, where = value, (ws[j], bs[i])
    return where
