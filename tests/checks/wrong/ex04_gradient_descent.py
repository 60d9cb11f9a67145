"""Typical wrong answers to exercises/04_gradient_descent: each must fail at least one check.

Each entry of WRONG replaces one student function; ``kind`` names the mistake from a
fixed vocabulary so tests can require the typical ones to be present.
"""
import numpy as np

from tests.checks.wrong import registry, right_answers

WRONG, wrong = registry()
RIGHT, right = right_answers()

# The mistakes the wrong answers below must include, per student function.
REQUIRED_KINDS = {
    "gradient_descent": {"sign error", "learning rate left out", "gradient at the wrong point",
                         "in-place aliasing", "wrong shape", "returns None", "off by one",
                         "path missing the start", "changes its input"},
    "good_lr": {"too small", "too large", "at the edge", "diagonal for curvature", "ignores an argument",
                "returns None"},
    "largest_stable_lr": {"missing factor", "wrong eigenvalue", "wrong shape", "returns None",
                          "delegates to course_lib"},
}


# -- gradient_descent -------------------------------------------------------------------------

@wrong("gradient_descent", "sign error", "w + lr * grad(w): climbs uphill",
       says="a step up the gradient")
def gd_sign(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        w = w + lr * grad(w)
        path.append(w.copy())
    return np.array(path)


@wrong("gradient_descent", "learning rate left out", "w - grad(w)",
       says="the learning rate left out")
def gd_no_lr(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        w = w - grad(w)
        path.append(w.copy())
    return np.array(path)


@wrong("gradient_descent", "gradient at the wrong point", "always the gradient at the start",
       says="the gradient taken at the start")
def gd_grad_at_start(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    g = grad(w)
    path = [w.copy()]
    for _ in range(steps):
        w = w - lr * g
        path.append(w.copy())
    return np.array(path)


@wrong("gradient_descent", "gradient at the wrong point", "the gradient of the previous point",
       says="the gradient of the previous point")
def gd_grad_lagged(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    previous = w.copy()
    path = [w.copy()]
    for _ in range(steps):
        w, previous = w - lr * grad(previous), w
        path.append(w.copy())
    return np.array(path)


@wrong("gradient_descent", "in-place aliasing", "appends w itself and updates it in place",
       says="store a copy")
def gd_alias(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    path = [w]
    for _ in range(steps):
        w -= lr * grad(w)
        path.append(w)
    return path


@wrong("gradient_descent", "in-place aliasing", "keeps the caller's start as the first point",
       says="the caller's `start` array itself")
def gd_alias_start(grad, start, lr, steps):
    path = [start]
    w = np.array(start, dtype=float)
    for _ in range(steps):
        w = w - lr * grad(w)
        path.append(w.copy())
    return path


@wrong("gradient_descent", "in-place aliasing", "stores the working array once, as the start, "
       "then updates it in place (every later point a copy)",
       says="the working array itself, updated in place")
def gd_alias_once(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    path = [w]
    for _ in range(steps):
        w -= lr * grad(w)
        path.append(w.copy())
    return path


@wrong("gradient_descent", "changes its input", "updates start in place",
       says="changed its input")
def gd_mutates_start(grad, start, lr, steps):
    w = start
    path = [np.array(w, dtype=float)]
    for _ in range(steps):
        w -= lr * grad(w)
        path.append(np.array(w, dtype=float))
    return np.array(path)


@wrong("gradient_descent", "off by one", "one update too few",
       says="One point short")
def gd_short(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    path = [w.copy()]
    for _ in range(steps - 1):
        w = w - lr * grad(w)
        path.append(w.copy())
    return np.array(path)


@wrong("gradient_descent", "off by one", "one update too many",
       says="One point too many")
def gd_long(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    path = [w.copy()]
    for _ in range(steps + 1):
        w = w - lr * grad(w)
        path.append(w.copy())
    return np.array(path)


@wrong("gradient_descent", "path missing the start", "only the points after each step",
       says="The first point is missing")
def gd_no_start(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    path = []
    for _ in range(steps):
        w = w - lr * grad(w)
        path.append(w.copy())
    return np.array(path).reshape(steps, len(w))


@wrong("gradient_descent", "wrong shape", "returns only the final point",
       says="only the final point, not the whole path")
def gd_final_only(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    for _ in range(steps):
        w = w - lr * grad(w)
    return w


@wrong("gradient_descent", "wrong shape", "returns the path transposed, (d, steps + 1)",
       says="looks transposed")
def gd_transposed(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        w = w - lr * grad(w)
        path.append(w.copy())
    return np.array(path).T


@wrong("gradient_descent", "returns None", "forgets the return", says="returned None")
def gd_none(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    for _ in range(steps):
        w = w - lr * grad(w)


@wrong("gradient_descent", "integer start", "keeps the dtype of start: in-place update fails on ints",
       says="an integer start updated in place")
def gd_int_start(grad, start, lr, steps):
    w = np.array(start)
    path = [w.copy()]
    for _ in range(steps):
        w -= lr * grad(w)
        path.append(w.copy())
    return np.array(path)


@wrong("gradient_descent", "delegates to course_lib", "calls course_lib.run on grad's surface",
       says="the task asks you to write the gradient descent loop yourself")
def gd_delegates(grad, start, lr, steps):
    from course_lib import GradientDescent, run
    return run(GradientDescent(lr), grad.__self__, start, steps).path


# -- good_lr ----------------------------------------------------------------------------------

def _eig(A):
    return np.linalg.eigvalsh(A)


@wrong("good_lr", "too small", "a tiny constant 1e-3",
       says="a fixed number, whatever the scale of A")
def lr_tiny(A):
    return 1e-3


@wrong("good_lr", "ignores an argument", "the constant 0.1, whatever the scale of A",
       says="a fixed number, whatever the scale of A")
def lr_constant(A):
    return 0.1


@wrong("good_lr", "too small", "a quarter of 1 / L: safe but too slow",
       says="times the expected ones")
def lr_quarter(A):
    return 0.25 / _eig(A)[-1]


@wrong("good_lr", "at the edge", "exactly 2 / L: the steepest direction never settles",
       says="the edge of stability")
def lr_edge(A):
    return 2.0 / _eig(A)[-1]


@wrong("good_lr", "too large", "1 / mu, set by the flattest direction",
       says="the best step for the flattest direction alone")
def lr_one_over_mu(A):
    return 1.0 / _eig(A)[0]


@wrong("good_lr", "diagonal for curvature", "1 / max(diag A): reads the curvature off the diagonal",
       says="the diagonal of A read as its curvatures")
def lr_diagonal(A):
    return 1.0 / np.max(np.diag(A))


@wrong("good_lr", "too small", "1 / L: the best step for the steepest direction alone",
       says="the best step for the steepest direction alone")
def lr_one_over_L(A):
    return 1.0 / _eig(A)[-1]


@wrong("good_lr", "sign error", "a negative learning rate",
       says="a learning rate is a number > 0")
def lr_negative(A):
    return -1.0 / _eig(A)[-1]


@wrong("good_lr", "returns None", "forgets the return", says="returned None")
def lr_none(A):
    _eig(A)


# -- largest_stable_lr ------------------------------------------------------------------------

@wrong("largest_stable_lr", "missing factor", "1 / L instead of 2 / L",
       says="reaches 0, not -1")
def edge_one_over_L(A):
    return 1.0 / _eig(A)[-1]


@wrong("largest_stable_lr", "wrong eigenvalue", "2 / mu: the flattest direction",
       says="the edge of the flattest direction")
def edge_two_over_mu(A):
    return 2.0 / _eig(A)[0]


@wrong("largest_stable_lr", "wrong eigenvalue", "2 / the largest diagonal entry",
       says="the diagonal of A read as its curvatures")
def edge_diagonal(A):
    return 2.0 / np.max(np.diag(A))


@wrong("largest_stable_lr", "wrong eigenvalue", "2 / trace(A)",
       says="the sum of the curvatures (the trace)")
def edge_trace(A):
    return 2.0 / np.trace(A)


@wrong("largest_stable_lr", "wrong shape", "2 / every eigenvalue, an array",
       says="one learning rate per direction")
def edge_array(A):
    return 2.0 / _eig(A)


@wrong("largest_stable_lr", "returns None", "forgets the return", says="returned None")
def edge_none(A):
    _eig(A)



@wrong("gradient_descent", "delegates to course_lib", "steps course_lib's GradientDescent",
       says="the task asks you to write the gradient descent loop yourself")
def gd_course_optimizer(grad, start, lr, steps):
    from course_lib import GradientDescent
    opt, w = GradientDescent(lr), np.array(start, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        path.append(opt.step(w, grad(w)).copy())
    return np.array(path)


@wrong("largest_stable_lr", "delegates to course_lib", "course_lib's lr_limit on a Quadratic",
       says="the task asks you to write the edge of stability yourself")
def edge_from_course_lib(A):
    from course_lib import Quadratic
    from course_lib.optimizers import lr_limit
    return lr_limit(Quadratic(A))


# -- right answers in unusual forms: every check must pass ----------------------------------

@right("a helper of one's own for one step, and a list as the path")
def gd_step(w, g, lr):
    return w - lr * g


@right("a helper of one's own for one step, and a list as the path")
def gradient_descent(grad, start, lr, steps):
    w = np.array(start, dtype=float)
    path = [w]
    for _ in range(steps):
        w = gd_step(w, grad(w), lr)
        path.append(w)
    return path


@right("the rates from the extreme curvatures by hand, for a 1 x 1 A too")
def largest_stable_lr(A):
    return 2 / max(np.linalg.eigvalsh(np.atleast_2d(A)))


@right("the rates from the extreme curvatures by hand, for a 1 x 1 A too")
def good_lr(A):
    curvatures = np.linalg.eigvalsh(np.atleast_2d(A))
    return 2 / (curvatures.min() + curvatures.max())
