"""Typical wrong answers to exercises/08_momentum: each must fail at least one check.

Each entry of WRONG replaces one student function; ``kind`` names the mistake from a
fixed vocabulary so tests can require the typical ones to be present. SAYS maps a kind to
the words the failing check must use to name it (tests/checks/test_exercises.py).
"""
import numpy as np

from tests.checks.wrong import registry, right_answers

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
    "dampened velocity": "the velocity is an average of the gradients",
    "nesterov instead": "Nesterov's step",
    "shortcut": "the task asks you to write the momentum loop yourself",
}

WRONG, wrong = registry(SAYS)
RIGHT, right = right_answers()

# The mistakes the wrong answers below must include, per student function.
REQUIRED_KINDS = {
    "momentum_path": {"velocity reset each step", "lr applied twice", "sign error",
                      "velocity updated after the step", "beta and lr swapped", "returns None",
                      "in-place aliasing", "path missing the start", "changes its input",
                      "dampened velocity", "nesterov instead", "shortcut"},
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



@wrong("momentum_path", "dampened velocity",
       "v = beta v + (1 - beta) g, w = w - lr v (the averaged form; lr != 1 - beta in the cases)")
def dampened(grad, start, lr, beta, steps):
    w, v = _start(start), 0.0
    path = [w.copy()]
    for _ in range(steps):
        v = beta * v + (1 - beta) * grad(w)
        w = w - lr * v
        path.append(w.copy())
    return np.array(path)


@wrong("momentum_path", "nesterov instead", "w = w - (beta v + lr g): Nesterov's step")
def nesterov_step(grad, start, lr, beta, steps):
    w, v = _start(start), 0.0
    path = [w.copy()]
    for _ in range(steps):
        g = grad(w)
        v = beta * v + lr * g
        w = w - (beta * v + lr * g)
        path.append(w.copy())
    return np.array(path)


@wrong("momentum_path", "shortcut", "steps course_lib's Momentum")
def calls_momentum(grad, start, lr, beta, steps):
    from course_lib import Momentum
    opt, w = Momentum(lr=lr, beta=beta), _start(start)
    path = [w.copy()]
    for _ in range(steps):
        path.append(opt.step(w, grad(w)).copy())
    return np.array(path)


@wrong("momentum_path", "shortcut", "returns the check module's own reference")
def calls_reference(grad, start, lr, beta, steps):
    from course_lib.checks import ex08_momentum
    return ex08_momentum._reference(grad, start, lr, beta, steps)


@wrong("momentum_path", "shortcut", "runs course_lib's run() with Momentum")
def calls_run(grad, start, lr, beta, steps):
    from course_lib import Momentum, run

    class Surface:
        def __call__(self, w):
            return 0.0

        def grad(self, w):
            return grad(w)
    return run(Momentum(lr=lr, beta=beta), Surface(), start, steps=steps).path


# -- right answers in unusual forms: every check must pass ----------------------------------

@right("a helper for one step, in a cell of its own")
def heavy_ball_step(w, v, g, lr, beta):
    v = beta * v + lr * g
    return w - v, v


@right("a helper for one step, in a cell of its own")
def momentum_path(grad, start, lr, beta, steps):
    w = np.array(start, dtype=float)
    v = np.zeros_like(w)
    path = [w]
    for _ in range(steps):
        w, v = heavy_ball_step(w, v, grad(w), lr, beta)
        path.append(w)
    return path


@right("a class of one's own named Momentum, used by the answer")
class Momentum:
    def __init__(self, lr, beta):
        self.lr, self.beta, self.v = lr, beta, None

    def step(self, w, g):
        self.v = self.lr * g if self.v is None else self.beta * self.v + self.lr * g
        return w - self.v


@right("a class of one's own named Momentum, used by the answer")
def momentum_path(grad, start, lr, beta, steps):  # noqa: F811
    opt, w = Momentum(lr, beta), np.asarray(start, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        w = opt.step(w, grad(w))
        path.append(w.copy())
    return np.vstack(path)
