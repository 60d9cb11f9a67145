"""Typical wrong answers to exercises/08_momentum: each must fail at least one check.

Each entry of WRONG replaces one student function; ``kind`` names the mistake from a
fixed vocabulary so tests can require the typical ones to be present. SAYS maps a kind to
the words the failing check must use to name it (tests/checks/test_exercises.py).
"""
import numpy as np

from tests.checks.wrong import registry

# What the failing check's message says for each kind.
SAYS = {
    "velocity reset each step": "starts from zero again every step",
    "lr applied twice": "learning rate is applied twice",
    "sign error": "the sign is flipped",
    "velocity updated after the step": "velocity is updated after the step",
    "beta and lr swapped": "beta and lr are swapped",
    "returns None": "returned None",
    "in-place aliasing": "same array",
    "path missing the start": "expected shape",
    "changes its input": "changed its input",
}

WRONG, wrong = registry(SAYS)

# The mistakes the wrong answers below must include, per student function.
REQUIRED_KINDS = {
    "momentum_path": {"velocity reset each step", "lr applied twice", "sign error",
                      "velocity updated after the step", "beta and lr swapped", "returns None",
                      "in-place aliasing", "path missing the start", "changes its input"},
}



def _start(start):
    return np.array(start, dtype=float)


@wrong("momentum_path", "velocity reset each step", "v = lr * grad(w) inside the loop: plain GD")
def reset(grad, start, lr, beta, steps):
    w = _start(start)
    path = [w.copy()]
    for _ in range(steps):
        v = np.zeros_like(w)
        v = beta * v + lr * grad(w)
        w = w - v
        path.append(w.copy())
    return np.array(path)


@wrong("momentum_path", "lr applied twice", "w = w - lr * v after v = beta v + lr g")
def lr_twice(grad, start, lr, beta, steps):
    w, v = _start(start), 0.0
    path = [w.copy()]
    for _ in range(steps):
        v = beta * v + lr * grad(w)
        w = w - lr * v
        path.append(w.copy())
    return np.array(path)


@wrong("momentum_path", "sign error", "w = w + v: rolls uphill")
def sign(grad, start, lr, beta, steps):
    w, v = _start(start), 0.0
    path = [w.copy()]
    for _ in range(steps):
        v = beta * v + lr * grad(w)
        w = w + v
        path.append(w.copy())
    return np.array(path)


@wrong("momentum_path", "sign error", "v = beta v - lr g, then w = w - v")
def sign_in_velocity(grad, start, lr, beta, steps):
    w, v = _start(start), 0.0
    path = [w.copy()]
    for _ in range(steps):
        v = beta * v - lr * grad(w)
        w = w - v
        path.append(w.copy())
    return np.array(path)


@wrong("momentum_path", "velocity updated after the step", "w = w - v, then v = beta v + lr grad(old w)")
def late(grad, start, lr, beta, steps):
    w, v = _start(start), np.zeros(len(start))
    path = [w.copy()]
    for _ in range(steps):
        g = grad(w)
        w = w - v
        v = beta * v + lr * g
        path.append(w.copy())
    return np.array(path)


@wrong("momentum_path", "velocity updated after the step", "w = w - v, then v = beta v + lr grad(new w)")
def late_new_point(grad, start, lr, beta, steps):
    w, v = _start(start), np.zeros(len(start))
    path = [w.copy()]
    for _ in range(steps):
        w = w - v
        v = beta * v + lr * grad(w)
        path.append(w.copy())
    return np.array(path)


@wrong("momentum_path", "beta and lr swapped", "v = lr * v + beta * grad(w)")
def swapped(grad, start, lr, beta, steps):
    w, v = _start(start), 0.0
    path = [w.copy()]
    for _ in range(steps):
        v = lr * v + beta * grad(w)
        w = w - v
        path.append(w.copy())
    return np.array(path)


@wrong("momentum_path", "returns None", "forgets the return")
def none(grad, start, lr, beta, steps):
    w, v = _start(start), 0.0
    for _ in range(steps):
        v = beta * v + lr * grad(w)
        w = w - v


@wrong("momentum_path", "in-place aliasing", "appends w itself and updates it in place")
def alias(grad, start, lr, beta, steps):
    w, v = _start(start), np.zeros(len(start))
    path = [w]
    for _ in range(steps):
        v *= beta
        v += lr * grad(w)
        w -= v
        path.append(w)
    return path


@wrong("momentum_path", "path missing the start", "only the points after each step")
def no_start(grad, start, lr, beta, steps):
    w, v = _start(start), 0.0
    path = []
    for _ in range(steps):
        v = beta * v + lr * grad(w)
        w = w - v
        path.append(w.copy())
    return np.array(path).reshape(steps, len(w))


@wrong("momentum_path", "changes its input", "updates start in place")
def mutates(grad, start, lr, beta, steps):
    w, v = start, 0.0
    path = [np.array(w, dtype=float)]
    for _ in range(steps):
        v = beta * v + lr * grad(w)
        w -= v
        path.append(np.array(w, dtype=float))
    return np.array(path)

