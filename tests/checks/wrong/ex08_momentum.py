"""Typical wrong answers to exercises/08_momentum: each must fail at least one check.

Each entry of WRONG replaces one student function; ``kind`` names the mistake from a
fixed vocabulary so tests can require the typical ones to be present. SAYS maps a kind to
the words the failing check must use to name it (tests/checks/test_exercises.py).
"""
import numpy as np

from tests.checks.wrong import registry, right_answers

# What the failing check's message says for each kind.
SAYS = {
    "shared velocity": "one velocity is shared by all the arrays",
    "velocity reset each step": "starts from zero again every step",
    "sign error": "the sign is flipped",
    "missing lr": "the learning rate is missing",
    "lr applied twice": "learning rate is applied twice",
    "dampened velocity": "the velocity is an average of the gradients",
    "nesterov instead": "Nesterov's step",
    "not in place": "the arrays in params never change",
    "velocity updated after the step": "velocity is updated after the step",
    "beta and lr swapped": "beta and lr are swapped",
    "returns None": "returned None",
    "loss after the step": "the loss after each step",
    "shortcut": "the task asks you to write the momentum loop yourself",
}

WRONG, wrong = registry(SAYS)
RIGHT, right = right_answers()

# The mistakes the wrong answers below must include, per student function.
REQUIRED_KINDS = {"momentum_train": set(SAYS)}


def _velocities(params):
    return [np.zeros_like(p, dtype=float) for p in params]


@wrong("momentum_train", "shared velocity", "v = 0 before the loop, then v = beta v + lr g for every array")
def shared_scalar(loss_and_grad, params, lr, beta, steps):
    v, losses = 0.0, []
    for _ in range(steps):
        loss, grads = loss_and_grad(params)
        losses.append(loss)
        for p, g in zip(params, grads):
            v = beta * v + lr * g
            p -= v
    return losses


@wrong("momentum_train", "shared velocity", "[np.zeros_like(params[0])] * len(params): one array, repeated")
def shared_repeated(loss_and_grad, params, lr, beta, steps):
    vs, losses = [np.zeros_like(params[0])] * len(params), []
    for _ in range(steps):
        loss, grads = loss_and_grad(params)
        losses.append(loss)
        for p, v, g in zip(params, vs, grads):
            v *= beta
            v += lr * g
            p -= v
    return losses


@wrong("momentum_train", "velocity reset each step", "the velocities made inside the loop: plain GD")
def reset(loss_and_grad, params, lr, beta, steps):
    losses = []
    for _ in range(steps):
        vs = _velocities(params)
        loss, grads = loss_and_grad(params)
        losses.append(loss)
        for p, v, g in zip(params, vs, grads):
            p -= beta * v + lr * g
    return losses


@wrong("momentum_train", "sign error", "p += v: climbs")
def sign(loss_and_grad, params, lr, beta, steps):
    vs, losses = _velocities(params), []
    for _ in range(steps):
        loss, grads = loss_and_grad(params)
        losses.append(loss)
        for p, v, g in zip(params, vs, grads):
            v *= beta
            v += lr * g
            p += v
    return losses


@wrong("momentum_train", "missing lr", "v = beta v + g, p -= v")
def no_lr(loss_and_grad, params, lr, beta, steps):
    vs, losses = _velocities(params), []
    for _ in range(steps):
        loss, grads = loss_and_grad(params)
        losses.append(loss)
        for i, g in enumerate(grads):
            vs[i] = beta * vs[i] + g
            params[i] -= vs[i]
    return losses


@wrong("momentum_train", "lr applied twice", "v = beta v + lr g, p -= lr v")
def lr_twice(loss_and_grad, params, lr, beta, steps):
    vs, losses = _velocities(params), []
    for _ in range(steps):
        loss, grads = loss_and_grad(params)
        losses.append(loss)
        for i, g in enumerate(grads):
            vs[i] = beta * vs[i] + lr * g
            params[i] -= lr * vs[i]
    return losses


@wrong("momentum_train", "dampened velocity",
       "v = beta v + (1 - beta) g, p -= lr v (the averaged form; lr != 1 - beta in the cases)")
def dampened(loss_and_grad, params, lr, beta, steps):
    vs, losses = _velocities(params), []
    for _ in range(steps):
        loss, grads = loss_and_grad(params)
        losses.append(loss)
        for i, g in enumerate(grads):
            vs[i] = beta * vs[i] + (1 - beta) * g
            params[i] -= lr * vs[i]
    return losses


@wrong("momentum_train", "nesterov instead", "p -= beta v + lr g: Nesterov's step")
def nesterov_step(loss_and_grad, params, lr, beta, steps):
    vs, losses = _velocities(params), []
    for _ in range(steps):
        loss, grads = loss_and_grad(params)
        losses.append(loss)
        for i, g in enumerate(grads):
            vs[i] = beta * vs[i] + lr * g
            params[i] -= beta * vs[i] + lr * g
    return losses


@wrong("momentum_train", "not in place", "p = p - v on the loop variable: the list keeps the old arrays")
def rebinds(loss_and_grad, params, lr, beta, steps):
    vs, losses = _velocities(params), []
    for _ in range(steps):
        loss, grads = loss_and_grad(params)
        losses.append(loss)
        for p, v, g in zip(params, vs, grads):
            v *= beta
            v += lr * g
            p = p - v
    return losses


@wrong("momentum_train", "velocity updated after the step", "p -= v, then v = beta v + lr g")
def late(loss_and_grad, params, lr, beta, steps):
    vs, losses = _velocities(params), []
    for _ in range(steps):
        loss, grads = loss_and_grad(params)
        losses.append(loss)
        for p, v, g in zip(params, vs, grads):
            p -= v
            v *= beta
            v += lr * g
    return losses


@wrong("momentum_train", "beta and lr swapped", "v = lr v + beta g")
def swapped(loss_and_grad, params, lr, beta, steps):
    vs, losses = _velocities(params), []
    for _ in range(steps):
        loss, grads = loss_and_grad(params)
        losses.append(loss)
        for i, g in enumerate(grads):
            vs[i] = lr * vs[i] + beta * g
            params[i] -= vs[i]
    return losses


@wrong("momentum_train", "returns None", "trains right, forgets to return the losses")
def none(loss_and_grad, params, lr, beta, steps):
    vs = _velocities(params)
    for _ in range(steps):
        _, grads = loss_and_grad(params)
        for p, v, g in zip(params, vs, grads):
            v *= beta
            v += lr * g
            p -= v


@wrong("momentum_train", "loss after the step", "trains right, stores the loss after each step")
def loss_after(loss_and_grad, params, lr, beta, steps):
    vs, losses = _velocities(params), []
    for _ in range(steps):
        _, grads = loss_and_grad(params)
        for p, v, g in zip(params, vs, grads):
            v *= beta
            v += lr * g
            p -= v
        losses.append(loss_and_grad(params)[0])
    return losses


@wrong("momentum_train", "shortcut", "steps course_lib's Momentum on the list")
def calls_momentum(loss_and_grad, params, lr, beta, steps):
    from course_lib import Momentum
    opt, losses = Momentum(lr=lr, beta=beta), []
    for _ in range(steps):
        loss, grads = loss_and_grad(params)
        losses.append(loss)
        opt.step(params, grads)
    return losses


@wrong("momentum_train", "shortcut", "one course_lib Momentum per array")
def calls_momentum_per_array(loss_and_grad, params, lr, beta, steps):
    from course_lib.optimizers import Momentum
    opts, losses = [Momentum(lr=lr, beta=beta) for _ in params], []
    for _ in range(steps):
        loss, grads = loss_and_grad(params)
        losses.append(loss)
        for opt, p, g in zip(opts, params, grads):
            opt.step(p, g)
    return losses


@wrong("momentum_train", "shortcut", "returns the check module's own reference")
def calls_reference(loss_and_grad, params, lr, beta, steps):
    from course_lib.checks import ex08_momentum
    return ex08_momentum._train(loss_and_grad, params, lr, beta, steps)


# -- right answers in unusual forms: every check must pass ----------------------------------

@right("a helper layer_step for one array, in a cell of its own")
def layer_step(p, v, g, lr, beta):
    v[...] = beta * v + lr * g
    p -= v


@right("a helper layer_step for one array, in a cell of its own")
def momentum_train(loss_and_grad, params, lr, beta, steps):
    velocities = [np.zeros(p.shape) for p in params]
    losses = []
    for _ in range(steps):
        loss, grads = loss_and_grad(params)
        losses.append(loss)
        for p, v, g in zip(params, velocities, grads):
            layer_step(p, v, g, lr, beta)
    return losses


@right("new arrays put back into the list (params[i] = ...), velocities in a dict, an array of losses")
def momentum_train(loss_and_grad, params, lr, beta, steps):  # noqa: F811
    velocity = {}
    losses = np.zeros(steps)
    for t in range(steps):
        losses[t], grads = loss_and_grad(params)
        for i, g in enumerate(grads):
            velocity[i] = beta * velocity.get(i, 0.0) + lr * g
            params[i] = params[i] - velocity[i]
    return losses


@right("a class of one's own named Momentum that keeps a velocity per array")
class Momentum:
    def __init__(self, lr, beta):
        self.lr, self.beta, self.v = lr, beta, None

    def step(self, params, grads):
        if self.v is None:
            self.v = [np.zeros_like(p) for p in params]
        for p, v, g in zip(params, self.v, grads):
            v *= self.beta
            v += self.lr * g
            p -= v


@right("a class of one's own named Momentum that keeps a velocity per array")
def momentum_train(loss_and_grad, params, lr, beta, steps):  # noqa: F811
    opt, losses = Momentum(lr, beta), []
    for _ in range(steps):
        loss, grads = loss_and_grad(params)
        opt.step(params, grads)
        losses.append(float(loss))
    return losses


@right("the loss and the gradient asked for in two calls, np.subtract(..., out=p)")
def momentum_train(loss_and_grad, params, lr, beta, steps):  # noqa: F811
    vs = [0 * p for p in params]
    losses = []
    for _ in range(steps):
        losses.append(loss_and_grad(params)[0])
        grads = loss_and_grad(params)[1]
        for j in range(len(params)):
            vs[j] = beta * vs[j] + lr * np.asarray(grads[j])
            np.subtract(params[j], vs[j], out=params[j])
    return losses
