"""Typical wrong answers to exercises/03_gradients: every one must fail at least one check.

Each entry of WRONG replaces one student function; ``kind`` names the mistake from a
fixed vocabulary so tests can require the typical ones to be present.
"""
import numpy as np

from course_lib import gradients

from tests.checks.wrong import registry, right_answers

WRONG, wrong = registry()
RIGHT, right = right_answers()

# The mistakes the wrong answers below must include, per student function.
REQUIRED_KINDS = {
    "numerical_gradient": {"sign error", "forward difference", "wrong denominator",
                           "wrong shape", "returns None"},
    "mse_gradient": {"sign error", "missing factor", "wrong shape", "returns None", "delegates to course_lib"},
    "gradient_check": {"absolute error", "no guard", "mean instead of max", "returns None"},
}


def _central(f, w, h=1e-5):
    w = np.array(w, dtype=float)
    out = np.zeros_like(w)
    for i in range(w.size):
        e = np.zeros_like(w)
        e[i] = h
        out[i] = (f(w + e) - f(w - e)) / (2 * h)
    return out


# -- numerical_gradient -----------------------------------------------------------------------

@wrong("numerical_gradient", "sign error", "f(w - h) - f(w + h) on top", says="the wrong way round")
def ng_sign(f, w, h=1e-5):
    return -_central(f, w, h)


@wrong("numerical_gradient", "forward difference", "(f(w + h) - f(w)) / h", says="forward difference, not central")
def ng_forward(f, w, h=1e-5):
    w = np.array(w, dtype=float)
    out = np.zeros_like(w)
    for i in range(w.size):
        e = np.zeros_like(w)
        e[i] = h
        out[i] = (f(w + e) - f(w)) / h
    return out


@wrong("numerical_gradient", "wrong denominator", "central difference divided by h, not 2h", says="the two points are 2h apart")
def ng_denominator(f, w, h=1e-5):
    return 2 * _central(f, w, h)


@wrong("numerical_gradient", "ignores an argument", "uses its own h = 1e-5 whatever h is", says="a step of your own")
def ng_ignores_h(f, w, h=1e-5):
    return _central(f, w, 1e-5)


@wrong("numerical_gradient", "changes its input", "perturbs w in place and never restores it", says="changed its input")
def ng_no_restore(f, w, h=1e-5):
    out = np.zeros_like(w, dtype=float)
    for i in range(w.size):
        w[i] += h
        up = f(w)
        w[i] -= 2 * h
        out[i] = (up - f(w)) / (2 * h)
    return out


@wrong("numerical_gradient", "wrong shape", "returns a column (n, 1)", says="a column of shape (n, 1)")
def ng_column(f, w, h=1e-5):
    return _central(f, w, h)[:, None]


@wrong("numerical_gradient", "returns None", "forgets the return", says="returned None")
def ng_none(f, w, h=1e-5):
    _central(f, w, h)


@wrong("numerical_gradient", "off by one", "skips the last coordinate", says="the last coordinate skipped")
def ng_skip_last(f, w, h=1e-5):
    out = _central(f, w, h)
    out[-1] = 0.0
    return out


wrong("numerical_gradient", "delegates to course_lib",
      "imports course_lib's numerical_gradient under the same name",
      says="the task asks you to write the central differences yourself")(gradients.numerical_gradient)


# -- mse_gradient -----------------------------------------------------------------------------

def _residual(w, b, x, y):
    return w * x + b - y


@wrong("mse_gradient", "sign error", "residual y - prediction", says="the residual's sign flipped")
def mse_sign(w, b, x, y):
    r = -_residual(w, b, x, y)
    return 2 * np.mean(r * x), 2 * np.mean(r)


@wrong("mse_gradient", "missing factor", "drops the factor 2 of the square", says="the factor 2 from differentiating the square")
def mse_no_two(w, b, x, y):
    r = _residual(w, b, x, y)
    return np.mean(r * x), np.mean(r)


@wrong("mse_gradient", "sum instead of mean", "sums over the data", says="a sum where a mean belongs")
def mse_sum(w, b, x, y):
    r = _residual(w, b, x, y)
    return 2 * np.sum(r * x), 2 * np.sum(r)


@wrong("mse_gradient", "swapped", "returns (dJ/db, dJ/dw)", says="in the wrong order")
def mse_swapped(w, b, x, y):
    r = _residual(w, b, x, y)
    return 2 * np.mean(r), 2 * np.mean(r * x)


@wrong("mse_gradient", "chain rule", "forgets the factor x in dJ/dw", says="the chain rule stopped early")
def mse_no_x(w, b, x, y):
    r = _residual(w, b, x, y)
    return 2 * np.mean(r), 2 * np.mean(r)


@wrong("mse_gradient", "wrong shape", "returns per-example gradients, shape (n, 2)", says="one result per data point")
def mse_per_example(w, b, x, y):
    r = _residual(w, b, x, y)
    return np.stack([2 * r * x, 2 * r], axis=1)


@wrong("mse_gradient", "returns None", "forgets the return", says="returned None")
def mse_none(w, b, x, y):
    _residual(w, b, x, y)


# -- gradient_check ---------------------------------------------------------------------------

@wrong("gradient_check", "absolute error", "max |a - n|, not relative", says="not relative at this scale")
def gc_absolute(f, grad_f, w, h=1e-5):
    return float(np.max(np.abs(np.asarray(grad_f(w)) - _central(f, w, h))))


@wrong("gradient_check", "no guard", "divides by |a| + |n| without a floor: nan at a minimum", says="no floor under the denominator")
def gc_no_guard(f, grad_f, w, h=1e-5):
    a, n = np.asarray(grad_f(w), dtype=float), _central(f, w, h)
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.max(np.abs(a - n) / (np.abs(a) + np.abs(n))))


@wrong("gradient_check", "guard too large", "floor of 1 in the denominator", says="not relative at this scale")
def gc_big_guard(f, grad_f, w, h=1e-5):
    a, n = np.asarray(grad_f(w), dtype=float), _central(f, w, h)
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1.0)))


@wrong("gradient_check", "forward difference", "compares with a forward-difference gradient", says="forward difference, not central")
def gc_forward(f, grad_f, w, h=1e-5):
    a, n = np.asarray(grad_f(w), dtype=float), ng_forward(f, w, h)
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-12)))


@wrong("gradient_check", "mean instead of max", "the mean relative error over the coordinates",
       says="the mean over coordinates where the worst coordinate belongs")
def gc_mean(f, grad_f, w, h=1e-5):
    a, n = np.asarray(grad_f(w), dtype=float), _central(f, w, h)
    return float(np.mean(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-8)))


@wrong("gradient_check", "returns None", "forgets the return", says="returned None")
def gc_none(f, grad_f, w, h=1e-5):
    np.asarray(grad_f(w)) - _central(f, w, h)


wrong("gradient_check", "delegates to course_lib",
      "imports course_lib's gradient_check under the same name",
      says="the task asks you to write the gradient check yourself")(gradients.gradient_check)


@wrong("numerical_gradient", "integer steps", "np.array(w) keeps integers: w[i] += h is truncated back",
       says="the steps were taken in an integer array")
def integer_steps(f, w, h=1e-5):
    w = np.array(w)
    grad = np.zeros(len(w))
    for i in range(len(w)):
        up, down = w.copy(), w.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


@wrong("mse_gradient", "delegates to course_lib", "returns course_lib's mse_grad_wb",
       says="the task asks you to write the gradient of the line's loss yourself")
def mse_from_course_lib(w, b, x, y):
    from course_lib.surfaces import mse_grad_wb
    return mse_grad_wb(w, b, x, y)


# -- right answers in unusual forms: every check must pass ----------------------------------

@right("a helper of one's own for one partial derivative, and w given as a list")
def partial(f, w, i, h):
    step = np.zeros_like(w)
    step[i] = h
    return (f(w + step) - f(w - step)) / (2 * h)


@right("a helper of one's own for one partial derivative, and w given as a list")
def numerical_gradient(f, w, h=1e-5):
    w = np.asarray(w, dtype=float)
    return np.array([partial(f, w, i, h) for i in range(len(w))])
