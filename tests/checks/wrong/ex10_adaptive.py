"""Typical wrong answers to exercises/10_adaptive: each must fail at least one check.

Each entry of WRONG replaces one student function; ``kind`` names the mistake from a
fixed vocabulary so tests can require the typical ones to be present. NAMED says, for a
wrong answer (by its ``what``), a phrase the failing check's message must contain: the
check names the misconception, not only "values differ" (tests/checks/test_exercises.py).
"""
import numpy as np

from tests.checks.wrong import registry, right_answers

WRONG, wrong = registry()
RIGHT, right = right_answers()

# The mistakes the wrong answers below must include, per student function.
REQUIRED_KINDS = {
    "adam_step": {"bias correction missing", "eps inside the square root", "t off by one",
                  "v from g not g^2", "sign error", "correction stored in m and v",
                  "betas swapped", "returns None", "changes its input", "corrections swapped",
                  "RMSProp instead", "AdaGrad instead", "efficient eps", "shortcut"},
    "adam_path": {"t starts at 0", "t never advances", "state not carried",
                  "correction stored in m and v", "returns None", "path missing the start",
                  "in-place aliasing", "changes its input", "shortcut"},
}

# what -> a phrase the message of a failing check must contain
NAMED = {}


def named(phrase):
    """Register the phrase the check's message must contain for the wrong answer below."""
    def register(fn):
        NAMED[WRONG[-1]["what"]] = phrase
        return fn
    return register


def _arrays(*xs):
    return [np.asarray(x, dtype=float) for x in xs]


# -- adam_step --------------------------------------------------------------------------------

@named("bias correction is missing")
@wrong("adam_step", "bias correction missing", "steps with the raw averages m and v")
def step_no_correction(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _arrays(w, g, m, v)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    return w - lr * m / (np.sqrt(v) + eps), m, v


@named("bias correction of v is missing")
@wrong("adam_step", "bias correction missing", "corrects m but not v")
def step_half_correction(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _arrays(w, g, m, v)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    return w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v) + eps), m, v


@named("eps is inside the square root")
@wrong("adam_step", "eps inside the square root", "sqrt(v_hat + eps)")
def step_eps_inside(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _arrays(w, g, m, v)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    return w - lr * (m / (1 - beta1 ** t)) / np.sqrt(v / (1 - beta2 ** t) + eps), m, v


@named("uses t + 1")
@wrong("adam_step", "t off by one", "treats t as counting from 0: corrects with t + 1")
def step_t_plus_one(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _arrays(w, g, m, v)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    m_hat, v_hat = m / (1 - beta1 ** (t + 1)), v / (1 - beta2 ** (t + 1))
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


@named("uses t - 1")
@wrong("adam_step", "t off by one", "corrects with t - 1: divides by zero at the first step")
def step_t_minus_one(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _arrays(w, g, m, v)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    m_hat, v_hat = m / (1 - beta1 ** (t - 1)), v / (1 - beta2 ** (t - 1))
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


@named("v averages g instead of g**2")
@wrong("adam_step", "v from g not g^2", "v <- beta2 v + (1 - beta2) g")
def step_v_from_g(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _arrays(w, g, m, v)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g
    return w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps), m, v


@named("sign error")
@wrong("adam_step", "sign error", "w + lr * m_hat / (sqrt(v_hat) + eps)")
def step_uphill(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _arrays(w, g, m, v)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    return w + lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps), m, v


@named("corrected averages are returned as the new m and v")
@wrong("adam_step", "correction stored in m and v", "returns m_hat and v_hat as the state")
def step_stores_corrected(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _arrays(w, g, m, v)
    m = (beta1 * m + (1 - beta1) * g) / (1 - beta1 ** t)
    v = (beta2 * v + (1 - beta2) * g ** 2) / (1 - beta2 ** t)
    return w - lr * m / (np.sqrt(v) + eps), m, v


@named("beta1 and beta2 are swapped")
@wrong("adam_step", "betas swapped", "m decays with beta2, v with beta1")
def step_swapped(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _arrays(w, g, m, v)
    m = beta2 * m + (1 - beta2) * g
    v = beta1 * v + (1 - beta1) * g ** 2
    return w - lr * (m / (1 - beta2 ** t)) / (np.sqrt(v / (1 - beta1 ** t)) + eps), m, v


@named("returned None")
@wrong("adam_step", "returns None", "updates local names and forgets the return")
def step_none(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _arrays(w, g, m, v)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    w = w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps)


@named("changed its input")
@wrong("adam_step", "changes its input", "updates the caller's m and v in place")
def step_in_place(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g = _arrays(w, g)
    m *= beta1
    m += (1 - beta1) * g
    v *= beta2
    v += (1 - beta2) * g ** 2
    return w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps), m, v


@named("expected shape")
@wrong("adam_step", "wrong shape", "returns only the new w")
def step_only_w(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _arrays(w, g, m, v)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    return w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps)


# -- adam_path --------------------------------------------------------------------------------

def _step(w, g, m, v, t, lr, beta1, beta2, eps):
    # a correct Adam step, so each wrong loop below differs from the solution in one place
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    return w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps), m, v


@named("t starts at 0")
@wrong("adam_path", "t starts at 0", "for t in range(steps): the first step has t = 0")
def path_t_from_zero(grad, start, steps, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w = np.array(start, dtype=float)
    m, v = np.zeros_like(w), np.zeros_like(w)
    path = [w.copy()]
    for t in range(steps):
        w, m, v = _step(w, grad(w), m, v, t, lr, beta1, beta2, eps)
        path.append(w.copy())
    return np.array(path)


@named("t never advances")
@wrong("adam_path", "t never advances", "calls every step with t = 1")
def path_t_fixed(grad, start, steps, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w = np.array(start, dtype=float)
    m, v = np.zeros_like(w), np.zeros_like(w)
    path = [w.copy()]
    for _ in range(steps):
        w, m, v = _step(w, grad(w), m, v, 1, lr, beta1, beta2, eps)
        path.append(w.copy())
    return np.array(path)


@named("not carried from one step to the next")
@wrong("adam_path", "state not carried", "passes zeros for m and v at every step")
def path_forgets(grad, start, steps, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w = np.array(start, dtype=float)
    path = [w.copy()]
    for t in range(1, steps + 1):
        w, _, _ = _step(w, grad(w), np.zeros_like(w), np.zeros_like(w), t, lr, beta1, beta2, eps)
        path.append(w.copy())
    return np.array(path)


@named("correction compounds")
@wrong("adam_path", "correction stored in m and v", "carries m_hat and v_hat as the state")
def path_compounds(grad, start, steps, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w = np.array(start, dtype=float)
    m, v = np.zeros_like(w), np.zeros_like(w)
    path = [w.copy()]
    for t in range(1, steps + 1):
        g = grad(w)
        m = (beta1 * m + (1 - beta1) * g) / (1 - beta1 ** t)
        v = (beta2 * v + (1 - beta2) * g ** 2) / (1 - beta2 ** t)
        w = w - lr * m / (np.sqrt(v) + eps)
        path.append(w.copy())
    return np.array(path)


@named("returned None")
@wrong("adam_path", "returns None", "builds the path and forgets the return")
def path_none(grad, start, steps, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w = np.array(start, dtype=float)
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t in range(1, steps + 1):
        w, m, v = _step(w, grad(w), m, v, t, lr, beta1, beta2, eps)


@named("expected shape")
@wrong("adam_path", "path missing the start", "only the points after each step")
def path_no_start(grad, start, steps, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w = np.array(start, dtype=float)
    m, v = np.zeros_like(w), np.zeros_like(w)
    path = []
    for t in range(1, steps + 1):
        w, m, v = _step(w, grad(w), m, v, t, lr, beta1, beta2, eps)
        path.append(w.copy())
    return np.array(path).reshape(steps, len(w))


@named("same array")
@wrong("adam_path", "in-place aliasing", "appends w itself and updates it in place")
def path_alias(grad, start, steps, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w = np.array(start, dtype=float)
    m, v = np.zeros_like(w), np.zeros_like(w)
    path = [w]
    for t in range(1, steps + 1):
        new_w, m, v = _step(w, grad(w), m, v, t, lr, beta1, beta2, eps)
        w[...] = new_w
        path.append(w)
    return path


@named("changed")
@wrong("adam_path", "changes its input", "updates start in place")
def path_mutates_start(grad, start, steps, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w = start
    m, v = np.zeros(len(w)), np.zeros(len(w))
    path = [np.array(w, dtype=float)]
    for t in range(1, steps + 1):
        new_w, m, v = _step(w, grad(w), m, v, t, lr, beta1, beta2, eps)
        w[...] = new_w
        path.append(np.array(w, dtype=float))
    return np.array(path)


@named("expected shape")
@wrong("adam_path", "off by one", "one update too few")
def path_short(grad, start, steps, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w = np.array(start, dtype=float)
    m, v = np.zeros_like(w), np.zeros_like(w)
    path = [w.copy()]
    for t in range(1, steps):
        w, m, v = _step(w, grad(w), m, v, t, lr, beta1, beta2, eps)
        path.append(w.copy())
    return np.array(path)


# Each entry says the phrase its failing check must contain (tests/checks/test_exercises.py).
for _entry in WRONG:
    _entry["says"] = NAMED[_entry["what"]]


# -- the mistakes issue 18 asked to name ------------------------------------------------------

@wrong("adam_step", "corrections swapped", "m_hat = m / (1 - beta2**t), v_hat = v / (1 - beta1**t)",
       names="the two bias corrections are swapped")
def step_corrections_swapped(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _arrays(w, g, m, v)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    return w - lr * (m / (1 - beta2 ** t)) / (np.sqrt(v / (1 - beta1 ** t)) + eps), m, v


@wrong("adam_step", "RMSProp instead", "steps with g / (sqrt(v) + eps): RMSProp, m unused",
       names="RMSProp where Adam was asked")
def step_rmsprop(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _arrays(w, g, m, v)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    return w - lr * g / (np.sqrt(v) + eps), m, v


@wrong("adam_step", "AdaGrad instead", "v sums g**2: AdaGrad's accumulator",
       names="AdaGrad where Adam was asked")
def step_adagrad(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _arrays(w, g, m, v)
    m = beta1 * m + (1 - beta1) * g
    v = v + g ** 2
    return w - lr * g / (np.sqrt(v) + eps), m, v


@wrong("adam_step", "efficient eps", "Kingma & Ba's efficient form: lr_t = lr sqrt(1 - b2^t) / (1 - b1^t)",
       names="Kingma & Ba's 'efficient' form")
def step_efficient(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = _arrays(w, g, m, v)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    lr_t = lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    return w - lr_t * m / (np.sqrt(v) + eps), m, v


@wrong("adam_step", "shortcut", "steps course_lib's Adam, put in the given state",
       says="the task asks you to write the Adam update yourself")
def step_calls_adam(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    from course_lib import Adam
    opt, w = Adam(lr, beta1, beta2, eps), np.array(w, dtype=float)
    opt.step(w, np.zeros_like(w))
    opt.t = t - 1
    opt.state[0]["m"][...], opt.state[0]["v"][...] = m, v
    opt.step(w, np.asarray(g, dtype=float))
    return w, opt.state[0]["m"].copy(), opt.state[0]["v"].copy()


@wrong("adam_path", "shortcut", "returns course_lib's run(Adam(...)).path",
       says="the task asks you to write the Adam loop yourself")
def path_calls_run(grad, start, steps, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    from course_lib import Adam, run

    class Surface:
        def __call__(self, w):
            return 0.0

        def grad(self, w):
            return grad(w)
    return run(Adam(lr, beta1, beta2, eps), Surface(), start, steps).path


# -- right answers in unusual forms: every check must pass ----------------------------------

@right("a class of one's own named Adam, in a cell of its own, used by both answers")
class Adam:
    def __init__(self, lr, beta1, beta2, eps):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps

    def update(self, w, g, m, v, t):
        m = self.beta1 * m + (1 - self.beta1) * g
        v = self.beta2 * v + (1 - self.beta2) * g * g
        m_hat, v_hat = m / (1 - self.beta1 ** t), v / (1 - self.beta2 ** t)
        return w - self.lr * m_hat / (np.sqrt(v_hat) + self.eps), m, v


@right("a class of one's own named Adam, in a cell of its own, used by both answers")
def adam_step(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    f = lambda x: np.asarray(x, dtype=float)  # noqa: E731
    return Adam(lr, beta1, beta2, eps).update(f(w), f(g), f(m), f(v), t)


@right("a class of one's own named Adam, in a cell of its own, used by both answers")
def adam_path(grad, start, steps, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    opt, w = Adam(lr, beta1, beta2, eps), np.array(start, dtype=float)
    m = v = np.zeros_like(w)
    path = [w]
    for t in range(1, steps + 1):
        w, m, v = opt.update(w, grad(w), m, v, t)
        path.append(w)
    return path
