"""Typical wrong answers to exercises/09_nesterov: each must fail at least one check.

Each entry of WRONG replaces one student function; ``kind`` names the mistake from a
fixed vocabulary so tests can require the typical ones to be present. SAYS maps a kind to
the words the failing check must use to name it (tests/checks/test_exercises.py).
"""
import numpy as np

from tests.checks.wrong import registry, right_answers

# What the failing check's message says for each kind.
SAYS = {
    "look-ahead at w": "heavy-ball momentum, not Nesterov",
    "look-ahead at w + beta v": "gradient is taken at w + beta v",
    "look-ahead at w - lr v": "gradient is taken at w - lr v",
    "velocity reset each step": "starts from zero again every step",
    "lr applied twice": "learning rate is applied twice",
    "sign error": "the sign is flipped",
    "velocity updated after the step": "velocity is updated after the step",
    "beta and lr swapped": "beta and lr are swapped",
    "returns the look-ahead points": "look-ahead points w - beta v",
    "returns None": "returned None",
    "in-place aliasing": "same array",
    "changes its input": "changed its input",
    "dampened velocity": "the velocity is an average of the gradients",
    "shortcut": "the task asks you to write the Nesterov loop yourself",
}

WRONG, wrong = registry(SAYS)
RIGHT, right = right_answers()

# The mistakes the wrong answers below must include, per student function.
REQUIRED_KINDS = {
    "nesterov_path": {"look-ahead at w", "look-ahead at w + beta v", "look-ahead at w - lr v",
                      "velocity reset each step", "lr applied twice", "sign error",
                      "velocity updated after the step", "beta and lr swapped",
                      "returns the look-ahead points", "returns None", "in-place aliasing",
                      "changes its input", "dampened velocity", "shortcut"},
}



def _looking_at(point):
    """The look-ahead loop with the gradient taken at point(w, v, lr, beta)."""
    def path(grad, start, lr, beta, steps):
        w, v = np.array(start, dtype=float), np.zeros(len(start))
        points = [w.copy()]
        for _ in range(steps):
            v = beta * v + lr * grad(point(w, v, lr, beta))
            w = w - v
            points.append(w.copy())
        return np.array(points)
    return path


at_w = wrong("nesterov_path", "look-ahead at w", "gradient at w: heavy ball")(
    _looking_at(lambda w, v, lr, beta: w))
ahead_plus = wrong("nesterov_path", "look-ahead at w + beta v", "gradient at w + beta v")(
    _looking_at(lambda w, v, lr, beta: w + beta * v))
ahead_lr = wrong("nesterov_path", "look-ahead at w - lr v", "gradient at w - lr v")(
    _looking_at(lambda w, v, lr, beta: w - lr * v))


@wrong("nesterov_path", "velocity reset each step", "a fresh v = 0 inside the loop: plain GD")
def reset(grad, start, lr, beta, steps):
    w = np.array(start, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        v = np.zeros_like(w)
        v = beta * v + lr * grad(w - beta * v)
        w = w - v
        path.append(w.copy())
    return np.array(path)


@wrong("nesterov_path", "lr applied twice", "w = w - lr * v")
def lr_twice(grad, start, lr, beta, steps):
    w, v = np.array(start, dtype=float), np.zeros(len(start))
    path = [w.copy()]
    for _ in range(steps):
        v = beta * v + lr * grad(w - beta * v)
        w = w - lr * v
        path.append(w.copy())
    return np.array(path)


@wrong("nesterov_path", "sign error", "w = w + v, looking ahead to w + beta v")
def sign(grad, start, lr, beta, steps):
    w, v = np.array(start, dtype=float), np.zeros(len(start))
    path = [w.copy()]
    for _ in range(steps):
        v = beta * v + lr * grad(w + beta * v)
        w = w + v
        path.append(w.copy())
    return np.array(path)


@wrong("nesterov_path", "velocity updated after the step", "w = w - v first, then the new v")
def late(grad, start, lr, beta, steps):
    w, v = np.array(start, dtype=float), np.zeros(len(start))
    path = [w.copy()]
    for _ in range(steps):
        g = grad(w - beta * v)
        w = w - v
        v = beta * v + lr * g
        path.append(w.copy())
    return np.array(path)


@wrong("nesterov_path", "beta and lr swapped", "v = lr v + beta grad(w - lr v)")
def swapped(grad, start, lr, beta, steps):
    w, v = np.array(start, dtype=float), np.zeros(len(start))
    path = [w.copy()]
    for _ in range(steps):
        v = lr * v + beta * grad(w - lr * v)
        w = w - v
        path.append(w.copy())
    return np.array(path)


@wrong("nesterov_path", "returns the look-ahead points", "returns w - beta v at every step")
def lookahead_points(grad, start, lr, beta, steps):
    w, v = np.array(start, dtype=float), np.zeros(len(start))
    path = [w.copy()]
    for _ in range(steps):
        v = beta * v + lr * grad(w - beta * v)
        w = w - v
        path.append(w - beta * v)
    return np.array(path)


@wrong("nesterov_path", "returns None", "forgets the return")
def none(grad, start, lr, beta, steps):
    w, v = np.array(start, dtype=float), np.zeros(len(start))
    for _ in range(steps):
        v = beta * v + lr * grad(w - beta * v)
        w = w - v


@wrong("nesterov_path", "in-place aliasing", "appends w itself and updates it in place")
def alias(grad, start, lr, beta, steps):
    w, v = np.array(start, dtype=float), np.zeros(len(start))
    path = [w]
    for _ in range(steps):
        ahead = w - beta * v
        v *= beta
        v += lr * grad(ahead)
        w -= v
        path.append(w)
    return path


@wrong("nesterov_path", "changes its input", "updates start in place")
def mutates(grad, start, lr, beta, steps):
    w, v = start, np.zeros(len(start))
    path = [np.array(w, dtype=float)]
    for _ in range(steps):
        v = beta * v + lr * grad(w - beta * v)
        w -= v
        path.append(np.array(w, dtype=float))
    return np.array(path)


@wrong("nesterov_path", "dampened velocity", "v = beta v + (1 - beta) grad(w - beta v), w = w - lr v")
def dampened(grad, start, lr, beta, steps):
    w, v = np.array(start, dtype=float), np.zeros(len(start))
    path = [w.copy()]
    for _ in range(steps):
        v = beta * v + (1 - beta) * grad(w - lr * beta * v)
        w = w - lr * v
        path.append(w.copy())
    return np.array(path)


@wrong("nesterov_path", "shortcut", "steps course_lib's Nesterov and shifts its points back")
def calls_nesterov(grad, start, lr, beta, steps):
    from course_lib import Nesterov
    opt, p = Nesterov(lr=lr, beta=beta), np.array(start, dtype=float)
    path = [p.copy()]
    for _ in range(steps):
        opt.step(p, grad(p))
        path.append(p + beta * opt.state[0]["v"])
    return np.array(path)


@wrong("nesterov_path", "shortcut", "returns the check module's own look-ahead loop")
def calls_check_loop(grad, start, lr, beta, steps):
    from course_lib.checks import ex09_nesterov
    return ex09_nesterov._lookahead_loop(grad, start, lr, beta, steps,
                                         at=lambda w, v, lr, beta: w - beta * v)


# -- right answers in unusual forms: every check must pass ----------------------------------

@right("the framework form, shifted back to the look-ahead form's points")
def nesterov_path(grad, start, lr, beta, steps):
    p = np.array(start, dtype=float)        # p = w - beta v, the point frameworks keep
    v = np.zeros_like(p)
    path = [p.copy()]
    for _ in range(steps):
        g = grad(p)
        v = beta * v + lr * g
        p = p - (beta * v + lr * g)
        path.append(p + beta * v)
    return np.array(path)


@right("a class of one's own named Nesterov, in a cell of its own")
class Nesterov:
    def __init__(self, lr, beta):
        self.lr, self.beta = lr, beta
        self.v = 0.0

    def step(self, w, grad):
        self.v = self.beta * self.v + self.lr * grad(w - self.beta * self.v)
        return w - self.v


@right("a class of one's own named Nesterov, in a cell of its own")
def nesterov_path(grad, start, lr, beta, steps):  # noqa: F811
    opt, w = Nesterov(lr, beta), np.asarray(start, dtype=float)
    return [w] + [w := opt.step(w, grad) for _ in range(steps)]
