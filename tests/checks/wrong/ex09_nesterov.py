"""Typical wrong answers to exercises/09_nesterov: each must fail at least one check.

Each entry of WRONG replaces one student function; ``kind`` names the mistake from a
fixed vocabulary so tests can require the typical ones to be present. SAYS maps a kind to
the words the failing check must use to name it (tests/checks/test_exercises.py).
"""
import numpy as np

from tests.checks.wrong import registry, right_answers

# What the failing check's message says for each kind.
SAYS = {
    "gradient at a look-ahead of p": "the gradient is taken at p - beta lr b",
    "momentum instead": "heavy-ball momentum (p moves by lr b)",
    "sign error": "the sign is flipped",
    "buffer reset each step": "the buffer starts from zero again every step",
    "lr in the buffer": "the learning rate is applied twice",
    "velocity returned as buffer": "the buffers are the lesson's velocities v = lr b",
    "dampened buffer": "the buffer is an average of the gradients",
    "old buffer in the step": "a step with the buffer from before its update is the same",
    "look-ahead form instead": "the points are the look-ahead form's w",
    "returns None": "returned None",
    "in-place aliasing": "same array",
    "changes its input": "changed its input",
    "shortcut": "the task asks you to write the framework form of Nesterov's loop yourself",
    "shift the wrong way": "the shift goes the wrong way",
    "shift without lr": "lr is left out of the shift",
    "shift without beta": "beta is left out of the shift",
    "shift by the previous buffer": "the shift uses the buffer of the step before",
}

WRONG, wrong = registry(SAYS)
RIGHT, right = right_answers()

# The mistakes the wrong answers below must include, per student function.
REQUIRED_KINDS = {
    "nesterov_framework": {k for k in SAYS if not k.startswith("shift")},
    "to_lookahead": {k for k in SAYS if k.startswith("shift")},
}


def _framework(grad, start, lr, beta, steps, at=lambda p, b: p,
               buffer=lambda b, g, lr, beta: beta * b + g,
               move=lambda g, b, old, lr, beta: lr * (g + beta * b)):
    p = np.array(start, dtype=float)
    b = np.zeros_like(p)
    points, buffers = [p.copy()], [b.copy()]
    for _ in range(steps):
        g = grad(at(p, b))
        old, b = b, buffer(b, g, lr, beta)
        p = p - move(g, b, old, lr, beta)
        points.append(p.copy())
        buffers.append(b.copy())
    return np.array(points), np.array(buffers)


# -- nesterov_framework -----------------------------------------------------------------------

@wrong("nesterov_framework", "gradient at a look-ahead of p", "g = grad(p - beta lr b): looks ahead twice")
def lookahead_twice(grad, start, lr, beta, steps):
    p = np.array(start, dtype=float)
    b = np.zeros_like(p)
    points, buffers = [p.copy()], [b.copy()]
    for _ in range(steps):
        g = grad(p - beta * lr * b)
        b = beta * b + g
        p = p - lr * (g + beta * b)
        points.append(p.copy())
        buffers.append(b.copy())
    return np.array(points), np.array(buffers)


@wrong("nesterov_framework", "momentum instead", "p = p - lr b: PyTorch's plain momentum")
def plain_momentum(grad, start, lr, beta, steps):
    return _framework(grad, start, lr, beta, steps, move=lambda g, b, old, lr, beta: lr * b)


@wrong("nesterov_framework", "sign error", "p = p + lr (g + beta b)")
def sign(grad, start, lr, beta, steps):
    return _framework(grad, start, lr, beta, steps, move=lambda g, b, old, lr, beta: -lr * (g + beta * b))


@wrong("nesterov_framework", "buffer reset each step", "b = g every step")
def reset(grad, start, lr, beta, steps):
    return _framework(grad, start, lr, beta, steps, buffer=lambda b, g, lr, beta: g)


@wrong("nesterov_framework", "lr in the buffer", "b = beta b + lr g, p = p - lr (g + beta b)")
def lr_in_buffer(grad, start, lr, beta, steps):
    return _framework(grad, start, lr, beta, steps, buffer=lambda b, g, lr, beta: beta * b + lr * g)


@wrong("nesterov_framework", "velocity returned as buffer",
       "course_lib's form written out (v = beta v + lr g, p -= beta v + lr g), v returned")
def returns_velocity(grad, start, lr, beta, steps):
    p = np.array(start, dtype=float)
    v = np.zeros_like(p)
    points, velocities = [p.copy()], [v.copy()]
    for _ in range(steps):
        g = grad(p)
        v = beta * v + lr * g
        p = p - (beta * v + lr * g)
        points.append(p.copy())
        velocities.append(v.copy())
    return np.array(points), np.array(velocities)


@wrong("nesterov_framework", "dampened buffer", "b = beta b + (1 - beta) g (lr != 1 - beta in the cases)")
def dampened(grad, start, lr, beta, steps):
    return _framework(grad, start, lr, beta, steps,
                      buffer=lambda b, g, lr, beta: beta * b + (1 - beta) * g)


@wrong("nesterov_framework", "old buffer in the step", "p = p - lr (g + beta b) before b is updated")
def old_buffer(grad, start, lr, beta, steps):
    p = np.array(start, dtype=float)
    b = np.zeros_like(p)
    points, buffers = [p.copy()], [b.copy()]
    for _ in range(steps):
        g = grad(p)
        p = p - lr * (g + beta * b)
        b = beta * b + g
        points.append(p.copy())
        buffers.append(b.copy())
    return np.array(points), np.array(buffers)


@wrong("nesterov_framework", "look-ahead form instead", "the lesson's look-ahead loop, w's and v / lr returned")
def lookahead_form(grad, start, lr, beta, steps):
    w = np.array(start, dtype=float)
    v = np.zeros_like(w)
    path, buffers = [w.copy()], [v.copy()]
    for _ in range(steps):
        v = beta * v + lr * grad(w - beta * v)
        w = w - v
        path.append(w.copy())
        buffers.append(v / lr)
    return np.array(path), np.array(buffers)


@wrong("nesterov_framework", "returns None", "forgets the return")
def none(grad, start, lr, beta, steps):
    _framework(grad, start, lr, beta, steps)


@wrong("nesterov_framework", "in-place aliasing", "appends p and b themselves, updated in place")
def alias(grad, start, lr, beta, steps):
    p = np.array(start, dtype=float)
    b = np.zeros_like(p)
    points, buffers = [p], [b]
    for _ in range(steps):
        g = grad(p)
        b *= beta
        b += g
        p -= lr * (g + beta * b)
        points.append(p)
        buffers.append(b)
    return points, buffers


@wrong("nesterov_framework", "changes its input", "updates start in place")
def mutates(grad, start, lr, beta, steps):
    p, b = start, np.zeros(len(start))
    points, buffers = [np.array(p, dtype=float)], [b.copy()]
    for _ in range(steps):
        g = grad(p)
        b = beta * b + g
        p -= lr * (g + beta * b)
        points.append(np.array(p, dtype=float))
        buffers.append(b.copy())
    return np.array(points), np.array(buffers)


@wrong("nesterov_framework", "shortcut", "steps course_lib's Nesterov, buffers from its state")
def calls_nesterov(grad, start, lr, beta, steps):
    from course_lib import Nesterov
    opt, p = Nesterov(lr=lr, beta=beta), np.array(start, dtype=float)
    points, buffers = [p.copy()], [np.zeros_like(p)]
    for _ in range(steps):
        opt.step(p, grad(p))
        points.append(p.copy())
        buffers.append(opt.state[0]["v"] / lr)
    return np.array(points), np.array(buffers)


@wrong("nesterov_framework", "shortcut", "returns the check module's own reference")
def calls_reference(grad, start, lr, beta, steps):
    from course_lib.checks import ex09_nesterov
    return ex09_nesterov._framework(grad, start, lr, beta, steps)


# -- to_lookahead -----------------------------------------------------------------------------

@wrong("to_lookahead", "shift the wrong way", "w = p - beta lr b")
def shift_back(points, buffers, lr, beta):
    return np.asarray(points) - beta * lr * np.asarray(buffers)


@wrong("to_lookahead", "shift without lr", "w = p + beta b")
def shift_no_lr(points, buffers, lr, beta):
    return np.asarray(points) + beta * np.asarray(buffers)


@wrong("to_lookahead", "shift without beta", "w = p + lr b")
def shift_no_beta(points, buffers, lr, beta):
    return np.asarray(points) + lr * np.asarray(buffers)


@wrong("to_lookahead", "shift by the previous buffer", "w_t = p_t + beta lr b_(t-1)")
def shift_previous(points, buffers, lr, beta):
    points, buffers = np.asarray(points), np.asarray(buffers)
    out = points.copy()
    out[1:] += beta * lr * buffers[:-1]
    return out


# -- right answers in unusual forms: every check must pass ----------------------------------

@right("a helper for one framework step, lists returned, a loop over rows in to_lookahead")
def framework_step(p, b, g, lr, beta):
    b = beta * b + g
    return p - lr * (g + beta * b), b


@right("a helper for one framework step, lists returned, a loop over rows in to_lookahead")
def nesterov_framework(grad, start, lr, beta, steps):
    p = np.asarray(start, dtype=float).copy()
    b = np.zeros(p.shape)
    points, buffers = [p], [b]
    for _ in range(steps):
        p, b = framework_step(p, b, grad(p), lr, beta)
        points.append(p)
        buffers.append(b)
    return points, buffers


@right("a helper for one framework step, lists returned, a loop over rows in to_lookahead")
def to_lookahead(points, buffers, lr, beta):
    return [p + beta * (lr * b) for p, b in zip(points, buffers)]


@right("PyTorch's order: the buffer cloned from the first gradient, in place, a tuple; v = lr b")
def nesterov_framework(grad, start, lr, beta, steps):  # noqa: F811
    p = np.array(start, dtype=float)
    points, buffers, b = np.zeros((steps + 1, len(p))), np.zeros((steps + 1, len(p))), None
    points[0] = p
    for t in range(1, steps + 1):
        g = grad(p)
        b = g.copy() if b is None else b * beta + g
        p -= lr * (g + beta * b)
        points[t], buffers[t] = p, b
    return (points, buffers)


@right("PyTorch's order: the buffer cloned from the first gradient, in place, a tuple; v = lr b")
def to_lookahead(points, buffers, lr, beta):  # noqa: F811
    velocities = lr * np.array(buffers)
    return np.array(points) + beta * velocities
