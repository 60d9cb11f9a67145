"""Typical wrong answers to exercises/04_gradient_descent: each must fail at least one check.

Each entry of WRONG replaces one student function; ``kind`` names the mistake from a
fixed vocabulary so tests can require the typical ones to be present.
"""
import numpy as np

from wrong import registry

WRONG, wrong = registry()

# The mistakes the wrong answers below must include, per student function.
REQUIRED_KINDS = {
    "gradient_descent": {"sign error", "learning rate left out", "gradient at the wrong point",
                         "in-place aliasing", "wrong shape", "returns None", "off by one",
                         "path missing the start", "changes its input"},
    "good_lr": {"too small", "too large", "at the edge", "returns None"},
    "largest_stable_lr": {"missing factor", "wrong eigenvalue", "wrong shape", "returns None"},
}


# -- gradient_descent -------------------------------------------------------------------------

@wrong("gradient_descent", "sign error", "w + lr * grad(w): climbs uphill")
def gd_sign(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        w = w + lr * grad(w)
        path.append(w.copy())
    return np.array(path)


@wrong("gradient_descent", "learning rate left out", "w - grad(w)")
def gd_no_lr(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        w = w - grad(w)
        path.append(w.copy())
    return np.array(path)


@wrong("gradient_descent", "gradient at the wrong point", "always the gradient at the start")
def gd_grad_at_start(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    g = grad(w)
    path = [w.copy()]
    for _ in range(steps):
        w = w - lr * g
        path.append(w.copy())
    return np.array(path)


@wrong("gradient_descent", "gradient at the wrong point", "the gradient of the previous point")
def gd_grad_lagged(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    previous = w.copy()
    path = [w.copy()]
    for _ in range(steps):
        w, previous = w - lr * grad(previous), w
        path.append(w.copy())
    return np.array(path)


@wrong("gradient_descent", "in-place aliasing", "appends w itself and updates it in place")
def gd_alias(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    path = [w]
    for _ in range(steps):
        w -= lr * grad(w)
        path.append(w)
    return path


@wrong("gradient_descent", "in-place aliasing", "keeps the caller's start as the first point")
def gd_alias_start(grad, start, lr, steps):
    path = [start]
    w = np.array(start, dtype=float)
    for _ in range(steps):
        w = w - lr * grad(w)
        path.append(w.copy())
    return path


@wrong("gradient_descent", "changes its input", "updates start in place")
def gd_mutates_start(grad, start, lr, steps):
    w = start
    path = [np.array(w, dtype=float)]
    for _ in range(steps):
        w -= lr * grad(w)
        path.append(np.array(w, dtype=float))
    return np.array(path)


@wrong("gradient_descent", "off by one", "one update too few")
def gd_short(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    path = [w.copy()]
    for _ in range(steps - 1):
        w = w - lr * grad(w)
        path.append(w.copy())
    return np.array(path)


@wrong("gradient_descent", "off by one", "one update too many")
def gd_long(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    path = [w.copy()]
    for _ in range(steps + 1):
        w = w - lr * grad(w)
        path.append(w.copy())
    return np.array(path)


@wrong("gradient_descent", "path missing the start", "only the points after each step")
def gd_no_start(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    path = []
    for _ in range(steps):
        w = w - lr * grad(w)
        path.append(w.copy())
    return np.array(path).reshape(steps, len(w))


@wrong("gradient_descent", "wrong shape", "returns only the final point")
def gd_final_only(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    for _ in range(steps):
        w = w - lr * grad(w)
    return w


@wrong("gradient_descent", "wrong shape", "returns the path transposed, (d, steps + 1)")
def gd_transposed(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        w = w - lr * grad(w)
        path.append(w.copy())
    return np.array(path).T


@wrong("gradient_descent", "returns None", "forgets the return")
def gd_none(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    for _ in range(steps):
        w = w - lr * grad(w)


@wrong("gradient_descent", "integer start", "keeps the dtype of start: in-place update fails on ints")
def gd_int_start(grad, start, lr, steps):
    w = np.array(start)
    path = [w.copy()]
    for _ in range(steps):
        w -= lr * grad(w)
        path.append(w.copy())
    return np.array(path)


@wrong("gradient_descent", "delegates to course_lib", "calls course_lib.run on grad's surface")
def gd_delegates(grad, start, lr, steps):
    from course_lib import GradientDescent, run
    return run(GradientDescent(lr), grad.__self__, start, steps).path


# -- good_lr ----------------------------------------------------------------------------------

def _eig(A):
    return np.linalg.eigvalsh(A)


@wrong("good_lr", "too small", "a tiny constant 1e-3")
def lr_tiny(A):
    return 1e-3


@wrong("good_lr", "ignores an argument", "the constant 0.1, whatever the scale of A")
def lr_constant(A):
    return 0.1


@wrong("good_lr", "too small", "a quarter of 1 / L: safe but too slow")
def lr_quarter(A):
    return 0.25 / _eig(A)[-1]


@wrong("good_lr", "at the edge", "exactly 2 / L: the steepest direction never settles")
def lr_edge(A):
    return 2.0 / _eig(A)[-1]


@wrong("good_lr", "too large", "1 / mu, set by the flattest direction")
def lr_one_over_mu(A):
    return 1.0 / _eig(A)[0]


@wrong("good_lr", "sign error", "a negative learning rate")
def lr_negative(A):
    return -1.0 / _eig(A)[-1]


@wrong("good_lr", "returns None", "forgets the return")
def lr_none(A):
    _eig(A)


# -- largest_stable_lr ------------------------------------------------------------------------

@wrong("largest_stable_lr", "missing factor", "1 / L instead of 2 / L")
def edge_one_over_L(A):
    return 1.0 / _eig(A)[-1]


@wrong("largest_stable_lr", "wrong eigenvalue", "2 / mu: the flattest direction")
def edge_two_over_mu(A):
    return 2.0 / _eig(A)[0]


@wrong("largest_stable_lr", "wrong eigenvalue", "2 / the largest diagonal entry")
def edge_diagonal(A):
    return 2.0 / np.max(np.diag(A))


@wrong("largest_stable_lr", "wrong eigenvalue", "2 / trace(A)")
def edge_trace(A):
    return 2.0 / np.trace(A)


@wrong("largest_stable_lr", "wrong shape", "2 / every eigenvalue, an array")
def edge_array(A):
    return 2.0 / _eig(A)


@wrong("largest_stable_lr", "returns None", "forgets the return")
def edge_none(A):
    _eig(A)

