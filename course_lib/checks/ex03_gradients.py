"""Checks of exercises/03_gradients: ``numerical_gradient(f, w, h)``, ``mse_gradient(w, b, x, y)``
and ``gradient_check(f, grad_f, w, h)``.

The references are gradients worked out by hand (and, for the line's loss, course_lib's
tested central differences); the named mistakes are what students write instead: a forward
or backward difference, a step of their own, the wrong denominator or order, a column, the
last coordinate skipped, an integer w whose steps round away; for the line's gradient a sum,
the missing 2, the sign, the order, the chain rule stopped early; for the comparison an
absolute difference, no floor, the mean where the worst coordinate belongs. ``w`` may come
as a list of integers, as the task allows. An answer may not call course_lib's
``numerical_gradient``, ``gradient_check`` or the line's ``mse_grad_wb``.

A check cell calls e.g. ``check_numerical_gradient(numerical_gradient)`` (``%check``);
hidden checks pass ``cases``.

Introduced in exercises/03_gradients.
"""
import numpy as np

from .. import gradients
from ..surfaces.line_fit import mse_grad_wb
from .cases import Case
from .compare import check, check_function, expect
from .mistakes import Mistake, known_mistake
from .shortcuts import watch

__all__ = ["check_numerical_gradient", "check_numerical_gradient_step", "check_mse_gradient",
           "check_gradient_check", "check_gradient_check_on_the_line", "smooth_quadratic",
           "line_data"]

REPLACES = ("course_lib.gradients", "course_lib.surfaces")


# -- numerical_gradient -----------------------------------------------------------------------

def _bowl(w):
    return np.sum(w ** 2)


def _growth(w):
    return np.sum(np.exp(2 * w))


def _coupled(w):
    return w[0] ** 2 * w[1] + np.sin(w[1])


_bowl.__name__, _growth.__name__, _coupled.__name__ = "bowl", "growth", "coupled"
_BY_HAND = {
    _bowl: lambda w: 2 * w,
    _growth: lambda w: 2 * np.exp(2 * w),
    _coupled: lambda w: np.array([2 * w[0] * w[1], w[0] ** 2 + np.cos(w[1])]),
}
# what one-sided differences (f(w + h e_i) - f(w)) / h give, worked out by hand
_FORWARD = {
    _bowl: lambda w, h: 2 * w + h,
    _growth: lambda w, h: np.exp(2 * w) * np.expm1(2 * h) / h,
    _coupled: lambda w, h: np.array([(2 * w[0] + h) * w[1],
                                     w[0] ** 2 + (np.sin(w[1] + h) - np.sin(w[1])) / h]),
}


def _float(w):
    return np.asarray(w, dtype=float)


def _known(f, w, h=1e-5):
    return _BY_HAND[f](_float(w))


def _last_skipped(f, w, h=1e-5):
    grad = _known(f, w)
    return np.where(np.arange(len(grad)) == len(grad) - 1, 0.0, grad)


def _integer_steps(in_place):
    """The central differences taken in an integer array: a step array np.zeros_like(w) is
    all zeros, and w[i] += h truncates back to an integer (toward zero)."""
    def steps(f, w, h=1e-5):
        w = np.array(w)
        if w.dtype.kind not in "iu":
            return _known(f, w)
        grad = np.zeros(len(w))
        for i in range(len(w)):
            up, down = w.copy(), w.copy()
            if in_place:
                up[i], down[i] = np.trunc(w[i] + h), np.trunc(w[i] - h)
            grad[i] = (f(up) - f(down)) / (2 * h)
        return grad
    return steps


INTEGER = "the steps were taken in an integer array, so w + h e_i was cut back to whole numbers"
_INTEGER_HINT = "make w a float array (np.array(w, dtype=float)) before stepping."
KNOWN_MISTAKES = [
    Mistake("forward difference, not central", lambda f, w, h=1e-5: _FORWARD[f](_float(w), h)),
    Mistake("a backward difference, not central", lambda f, w, h=1e-5: _FORWARD[f](_float(w), -h)),
    Mistake("the change divided by h, but the two points are 2h apart",
            lambda f, w, h=1e-5: 2 * _known(f, w)),
    Mistake("the difference taken the wrong way round (f(w - h e_i) first)",
            lambda f, w, h=1e-5: -_known(f, w)),
    Mistake("a column of shape (n, 1) where the gradient has the shape of w",
            lambda f, w, h=1e-5: _known(f, w)[:, None]),
    Mistake("the last coordinate skipped", _last_skipped),
    Mistake(INTEGER, _integer_steps(in_place=False), hint=_INTEGER_HINT),
    Mistake(INTEGER, _integer_steps(in_place=True), hint=_INTEGER_HINT),
]

_rng = np.random.default_rng(0)
KNOWN_CASES = [
    Case(_bowl, np.array([1.0, -2.0]), label="sum(w**2) at [1, -2]"),
    Case(_bowl, np.array([0.0]), label="sum(w**2) with one parameter, at its minimum"),
    Case(_growth, _rng.normal(size=4), label="sum(exp(2 w)) at a random point in 4-D"),
    Case(_coupled, np.array([1.5, -0.5]), label="w0**2 * w1 + sin(w1) at [1.5, -0.5]"),
    Case(_bowl, [1, -2, 3], label="sum(w**2) at the list of integers [1, -2, 3]"),
    Case(_coupled, np.array([2, 1]), label="w0**2 * w1 + sin(w1) at the integer array [2, 1]"),
]


def check_numerical_gradient(numerical_gradient, cases=None, reference=None, *,
                             name="numerical_gradient agrees with hand-derived gradients",
                             hint="one coordinate at a time, step both ways from w (on a copy) "
                                  "and divide the change in f by the distance between the two "
                                  "points.", rtol=1e-6, atol=1e-8):
    """Compare ``numerical_gradient`` with hand-derived gradients on ``cases`` (default: the
    visible ones; hidden cases give their own ``reference(f, w, h=1e-5)``), refusing an
    answer that calls course_lib's."""
    check_function(watch(numerical_gradient, REPLACES, task="the central differences"),
                   reference or _known, cases or KNOWN_CASES, name=name, hint=hint, rtol=rtol,
                   atol=atol, mistakes=KNOWN_MISTAKES if reference is None else ())


def _cubes(w):
    return np.sum(w ** 3)


_cubes.__name__ = "cubes"
STEP_CASES = [
    Case(_cubes, np.array([1.0, -2.0, 0.5]), 0.1, label="sum(w**3) with h = 0.1"),
    Case(_cubes, np.array([1.0, -2.0, 0.5]), 0.5, label="sum(w**3) with h = 0.5"),
    Case(_cubes, np.array([3.0]), h=0.01, label="sum(w**3) with h=0.01 passed by name"),
]


def check_numerical_gradient_step(numerical_gradient):
    """With a large h the central difference of sum(w**3) is exactly 3 w^2 + h^2: the extra
    h^2 is the method's own error, so it shows which h was used."""
    check_function(
        watch(numerical_gradient, REPLACES, task="the central differences"),
        lambda f, w, h: 3 * _float(w) ** 2 + h ** 2, STEP_CASES,
        name="numerical_gradient uses the step h it is given",
        hint="use the argument h for the step, not a number of your own.", rtol=1e-9, atol=1e-12,
        mistakes=[Mistake("a step of your own instead of the h passed in",
                          lambda f, w, h: 3 * _float(w) ** 2 + 1e-10),
                  Mistake("forward difference, not central",
                          lambda f, w, h: 3 * _float(w) ** 2 + 3 * _float(w) * h + h ** 2),
                  Mistake("a backward difference, not central",
                          lambda f, w, h: 3 * _float(w) ** 2 - 3 * _float(w) * h + h ** 2)])


def smooth_quadratic(d, seed):
    """A smooth function of d parameters for a check: ``(f, reference)`` with
    f(w) = 0.5 w^T Q w + c^T w + sum(cos w) and ``reference(f, w, h=1e-5)`` its gradient
    (the signature of ``numerical_gradient``)."""
    rng = np.random.default_rng(seed)
    M = rng.normal(size=(d, d))
    Q, c = M @ M.T / d, rng.normal(size=d)

    def smooth(w):
        return 0.5 * w @ Q @ w + c @ w + np.sum(np.cos(w))

    def reference(f, w, h=1e-5):
        w = _float(w)
        return Q @ w + c - np.sin(w)
    return smooth, reference


# -- mse_gradient -----------------------------------------------------------------------------

def _measured(w, b, x, y):
    # course_lib's tested central differences, applied to L as a function of (w, b)
    x, y = _float(x), _float(y)
    loss = lambda p: np.mean((p[0] * x + p[1] - y) ** 2)  # noqa: E731
    return gradients.numerical_gradient(loss, np.array([w, b], dtype=float))


MSE_MISTAKES = [
    Mistake("a sum where a mean belongs", lambda w, b, x, y: len(x) * _measured(w, b, x, y)),
    Mistake("the factor 2 from differentiating the square is missing",
            lambda w, b, x, y: _measured(w, b, x, y) / 2),
    Mistake("the residual's sign flipped: it is prediction minus target",
            lambda w, b, x, y: -_measured(w, b, x, y)),
    Mistake("(dL/db, dL/dw): the two partial derivatives in the wrong order",
            lambda w, b, x, y: _measured(w, b, x, y)[::-1]),
    Mistake("the chain rule stopped early in dL/dw: the residual's own derivative with "
            "respect to w is missing", lambda w, b, x, y: _measured(w, b, x, y)[[1, 1]]),
]


def line_data(n, seed, low=-2.0, high=2.0, w=1.5, b=-0.5, noise=0.3):
    """Data for a check: ``x`` uniform in [low, high], ``y = w x + b + noise``."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(low, high, size=n)
    return x, w * x + b + noise * rng.normal(size=n)


_x, _y = line_data(30, seed=4)
MSE_CASES = [
    Case(0.0, 0.0, _x, _y, label="w = 0, b = 0 on 30 noisy points"),
    Case(2.0, -1.0, _x, _y, label="w = 2, b = -1 on the same points"),
    Case(0.5, 0.25, np.array([2.0]), np.array([1.0]), label="a single data point"),
    Case(3.0, 1.0, _x, 3.0 * _x + 1.0, label="a line through every point: gradient zero"),
]


def check_mse_gradient(mse_gradient, cases=None, *,
                       name="mse_gradient matches the measured slope of the loss",
                       hint="apply the chain rule to the mean of squared residuals, one parameter "
                            "at a time, and compare your formula with numerical_gradient on the "
                            "given mse_loss.", atol=1e-7):
    """Compare ``mse_gradient`` with the measured gradient of the line's loss on ``cases``
    (default: the visible ones), refusing an answer that calls course_lib's."""
    check_function(watch(mse_gradient, REPLACES, task="the gradient of the line's loss"),
                   _measured, cases or MSE_CASES, name=name, hint=hint, rtol=1e-6, atol=atol,
                   squeeze=True, mistakes=MSE_MISTAKES)


# -- gradient_check ---------------------------------------------------------------------------

NOT_RELATIVE = Mistake("a difference that is not relative at this scale (an absolute "
                       "difference, or a floor far above 1e-8 under the denominator)")
FORWARD = Mistake("forward difference, not central: the numerical gradient inside is "
                  "one-sided, so even a right gradient shows an error of about h")
MEAN = Mistake("the mean over coordinates where the worst coordinate belongs")
NO_FLOOR = Mistake("no floor under the denominator, so 0/0 where both gradients vanish")


def _error_of(gradient_check, f, grad_f, w, what):
    error = gradient_check(f, grad_f, w.copy())
    expect(error is not None, "gradient_check returned None", hint="end it with `return ...`.")
    expect(np.size(error) == 1, f"gradient_check should return one number, got {error!r}")
    error = float(np.squeeze(error))
    true = gradients.gradient_check(f, grad_f, w.copy())            # course_lib's, tested
    absolute = np.max(np.abs(grad_f(w) - gradients.numerical_gradient(f, w.copy())))
    mistake = known_mistake(error, {NOT_RELATIVE: absolute, MEAN: true / len(w)}, rtol=0.05)
    if mistake is None and true < 1e-7 and 1e-7 < error < 1e-3:
        mistake = FORWARD
    expect_right = true < 1e-7
    ok = error < 1e-6 if expect_right else error > 1e-3
    expect(ok, f"{what} gave error {error:.3g}; expected "
               + ("below 1e-6" if expect_right else "above 1e-3: a bug must stand out"),
           *([mistake.line()] if mistake else []))


def check_gradient_check(gradient_check):
    """gradient_check tells right gradients from wrong ones at scales 1e-6, 1 and 1e6, finds
    one bad coordinate among 200, and gives 0 where both gradients vanish."""
    gradient_check = watch(gradient_check, REPLACES, task="the gradient check")
    w0 = np.array([0.3, -0.7, 1.1])
    with check("gradient_check tells right gradients from wrong ones, at any scale",
               hint="compare the two gradients coordinate by coordinate, each relative to their "
                    "size there, and report the worst coordinate."):
        for scale in (1e-6, 1.0, 1e6):
            f = lambda w: scale * np.sum(np.exp(2 * w))  # noqa: E731
            right = lambda w: scale * 2 * np.exp(2 * w)  # noqa: E731
            _error_of(gradient_check, f, right, w0, f"the correct gradient of {scale:g} * sum(exp(2 w))")
            _error_of(gradient_check, f, lambda w: 2 * right(w), w0,
                      f"twice the true gradient of {scale:g} * sum(exp(2 w))")
            _error_of(gradient_check, f, lambda w: right(w) * [1, -1, 1], w0,
                      f"the gradient of {scale:g} * sum(exp(2 w)) with one coordinate's sign flipped")
        many = np.linspace(-1, 1, 200)
        _error_of(gradient_check, lambda w: np.sum(np.exp(2 * w)), lambda w: 2 * np.exp(2 * w) * np.where(
            np.arange(len(w)) == 7, 1.01, 1.0), many, "a gradient of 200 coordinates with one of them 1% off")
        error = gradient_check(lambda w: np.sum(w ** 2), lambda w: 2 * w, np.zeros(2))
        expect(error is not None, "gradient_check returned None", hint="end it with `return ...`.")
        error = float(np.squeeze(error))
        expect(np.isfinite(error) and error < 1e-6,
               f"at a minimum, where both gradients are 0, the error came out {error}; expected 0",
               *([NO_FLOOR.line()] if not np.isfinite(error) else []),
               hint="the task's tiny floor keeps the denominator away from 0.")


def check_gradient_check_on_the_line(gradient_check, x, y, at, *, name):
    """On the line's loss for data ``x``, ``y`` at the point ``at``: course_lib's right
    gradient gives an error below 1e-6, one 10% off in b an error above 1e-3."""
    gradient_check = watch(gradient_check, REPLACES, task="the gradient check")
    x, y, at = _float(x), _float(y), _float(at)
    with check(name):
        loss = lambda p: np.mean((p[0] * x + p[1] - y) ** 2)  # noqa: E731
        grad = lambda p: np.array(mse_grad_wb(p[0], p[1], x, y))  # noqa: E731
        error = gradient_check(loss, grad, at.copy())
        expect(error is not None, "gradient_check returned None", hint="end it with `return ...`.")
        error = float(np.squeeze(error))
        expect(error < 1e-6, f"gradient_check(loss, the right gradient) gave {error:.3g}; "
                             f"expected below 1e-6")
        broken = lambda p: grad(p) * [1.0, 1.1]  # noqa: E731
        error = float(np.squeeze(gradient_check(loss, broken, at.copy())))
        expect(error > 1e-3, f"a gradient 10% off in b gave error {error:.3g}; expected above 1e-3")
