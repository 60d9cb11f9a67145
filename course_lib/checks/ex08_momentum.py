"""Checks of exercises/08_momentum: ``momentum_train(loss_and_grad, params, lr, beta, steps)``.

The lesson runs momentum on one array; the exercise asks for the shape of a network's
training: ``params`` is a list of arrays (an MLP's W1, b1, W2, b2), each with a velocity
of its own, updated in place; the function returns the loss before each step. A check
runs the answer for k = 0, 1, ..., steps steps from fresh copies and compares the path of
the parameters (all arrays flattened and joined, one row per k) with heavy-ball momentum.

The named mistakes are what students write instead: one velocity shared by all the
arrays, the velocity reset every step, the sign, lr left out, lr twice, the averaged
"dampened" velocity (the cases keep lr != 1 - beta so that it and "lr twice" differ),
Nesterov's step, the arrays rebound instead of updated in place, the velocity updated
after the step, beta and lr swapped. An answer may not call course_lib's optimizers,
``run`` or ``train``.

Introduced in exercises/08_momentum.
"""
import copy

import numpy as np

from ..learning.mlp import MLP
from ..learning.synthetic import make_two_moons
from ..surfaces.classic import Himmelblau, Quadratic, Rosenbrock
from .cases import Case
from .compare import CheckFailed, check, check_function, expect_close
from .mistakes import Mistake
from .shortcuts import watch

__all__ = ["check_momentum_train", "check_momentum_losses", "check_momentum_mlp", "Layers",
           "MLPLoss", "Himmelblau", "Rosenbrock", "Quadratic"]

REPLACES = ("course_lib.optimizers", "course_lib.learning.training")
TASK = "the momentum loop"


class Layers:
    """``loss_and_grad(params)`` for a surface of all the entries of ``params`` joined: the
    loss, and the gradient cut back into arrays of the params' shapes."""

    def __init__(self, surface, shapes):
        self.surface, self.shapes = surface, [tuple(s) for s in shapes]

    def __call__(self, params):
        x = np.concatenate([np.ravel(p) for p in params]).astype(float)
        g, grads, at = self.surface.grad(x), [], 0
        for shape in self.shapes:
            size = int(np.prod(shape))
            grads.append(g[at:at + size].reshape(shape))
            at += size
        return float(self.surface(x)), grads


class MLPLoss:
    """``loss_and_grad(params)`` of course_lib's MLP (2 inputs, ``n_hidden`` tanh units, 2
    classes) on ``n_samples`` two-moons points, all of them in every step."""

    def __init__(self, n_hidden=6, n_samples=40, seed=0):
        self.X, self.y = make_two_moons(n_samples, noise=0.1, seed=seed)
        self.model = MLP(2, n_hidden, 2, seed=seed)
        self.start = [p.copy() for p in self.model.params]

    def __call__(self, params):
        self.model.params = params
        return self.model.loss_and_grad(self.X, self.y)


def _train(loss_and_grad, params, lr, beta, steps, *, velocity=None, move=None,
           reset=False, shared=False, in_place=True, late=False):
    """Heavy ball on a list of arrays, or (keywords) one of the known mistakes."""
    velocity = velocity or (lambda v, g: beta * v + lr * g)
    move = move or (lambda v, g: v)
    vs = [np.zeros(np.shape(p)) for p in params]
    v_shared, losses = 0.0, []
    for _ in range(steps):
        loss, grads = loss_and_grad(params)
        losses.append(loss)
        for i, g in enumerate(grads):
            old = v_shared if shared else (0.0 if reset else vs[i])
            new = velocity(old, np.asarray(g, dtype=float))
            v_shared, vs[i] = new, new
            if in_place:
                params[i] -= move(old if late else new, g)
    return losses


def trained_path(train, student=False):
    """``train`` turned into a path: row k holds the params after ``train`` made k steps
    from fresh copies, every array flattened and joined (k = 0, ..., steps). A
    ``student``'s answer that leaves every array as it was fails here, with that said."""
    def path(loss_and_grad, params, lr, beta, steps):
        rows = []
        for k in range(steps + 1):
            ps = copy.deepcopy(params)
            train(copy.deepcopy(loss_and_grad), ps, lr, beta, k)
            rows.append(np.concatenate([np.ravel(p) for p in ps]))
        if student and steps > 1 and all(np.array_equal(row, rows[0]) for row in rows):
            raise CheckFailed(f"after {steps} steps every array in params is as it was",
                              details=[NOT_IN_PLACE.line()], hint=NOT_IN_PLACE.hint)
        return np.array(rows)
    return path


def _mistake(says, hint="", **how):
    def train(loss_and_grad, params, lr, beta, steps):
        options = {k: (v(lr, beta) if k in ("velocity", "move") else v) for k, v in how.items()}
        return _train(loss_and_grad, params, lr, beta, steps, **options)
    return Mistake(says, trained_path(train), hint=hint)


NOT_IN_PLACE = _mistake(
    "the arrays in params never change: `p = p - v` makes a new array and leaves the one in "
    "the list as it was",
    hint="update each array in place (p -= v, or params[i] = ... on the list), so the model "
         "that reads params sees the new values.", in_place=False)

MISTAKES = [
    _mistake("one velocity is shared by all the arrays: each array's step carries the "
             "previous array's velocity (a single v, or a list of one array repeated)",
             hint="make one velocity per array of params, shaped like it, before the loop.",
             shared=True),
    _mistake("the velocity starts from zero again every step, so nothing carries over "
             "(that is plain gradient descent)",
             hint="create the velocities once, before the loop, and keep updating them.",
             reset=True),
    _mistake("the sign is flipped: the velocity is added to the parameters, so they climb",
             move=lambda lr, beta: lambda v, g: -v,
             hint="the velocity points uphill (it adds lr times the gradient): subtract it."),
    _mistake("the learning rate is missing: the velocity adds the whole gradient",
             velocity=lambda lr, beta: lambda v, g: beta * v + g,
             hint="the velocity adds lr times the gradient."),
    _mistake("the learning rate is applied twice, in the velocity and again in the step",
             move=lambda lr, beta: lambda v, g: lr * v,
             hint="lr is already inside the velocity: move each array by v itself."),
    _mistake("the velocity is an average of the gradients (a (1 - beta) factor, the 'dampened' "
             "form of some courses and of PyTorch's dampening); the lesson's velocity adds "
             "lr times the gradient with no (1 - beta)",
             velocity=lambda lr, beta: lambda v, g: beta * v + (1 - beta) * g,
             move=lambda lr, beta: lambda v, g: lr * v,
             hint="the velocity adds lr times the gradient, with no (1 - beta); each array moves "
                  "by its velocity itself."),
    _mistake("Nesterov's step (each array moves by beta v + lr g) where heavy-ball momentum "
             "(a move by v) was asked",
             move=lambda lr, beta: lambda v, g: beta * v + lr * np.asarray(g, dtype=float),
             hint="heavy ball moves each array by its new velocity v, nothing more."),
    NOT_IN_PLACE,
    _mistake("the velocity is updated after the step, so each step moves with the previous "
             "velocity", late=True, hint="update the velocity first, then move by the new one."),
    _mistake("beta and lr are swapped",
             velocity=lambda lr, beta: lambda v, g: lr * v + beta * g,
             hint="beta multiplies the old velocity, lr the gradient."),
]

_joined = Quadratic([[3.0, 1.0, 0.5, 0.0], [1.0, 2.0, 0.0, 0.3],
                     [0.5, 0.0, 1.0, 0.2], [0.0, 0.3, 0.2, 4.0]], b=[1.0, -1.0, 0.5, 0.0])
_layer = Quadratic(np.diag([0.2, 1.0, 4.0, 0.5, 2.0, 3.0, 1.5, 0.8, 2.5]))
_ravine = Quadratic(np.diag([0.2, 4.0]))

# lr != 1 - beta in every case: the dampened velocity must not look like "lr applied twice";
# the first case has arrays of one shape, so a shared velocity runs (and is named by value)
TRAIN_CASES = [
    Case(Layers(_joined, [(2,), (2,)]), [np.array([-1.0, 2.0]), np.array([0.5, -0.5])], 0.05,
         0.9, 12, label="two arrays of shape (2,), lr = 0.05, beta = 0.9, 12 steps"),
    Case(Layers(_layer, [(2, 3), (3,)]), [np.ones((2, 3)), np.array([1.0, -2.0, 0.5])], 0.1,
         0.5, 10, label="a (2, 3) weight matrix and a (3,) bias, beta = 0.5, 10 steps"),
    Case(Layers(_ravine, [(2,)]), [np.array([-2.8, 1.0])], 0.05, 0.9, 0,
         label="steps = 0: the params stay as they are"),
    Case(Layers(_layer, [(3,), (3, 2)]), [np.full(3, 0.5), np.ones((3, 2))], 0.3, 0.8, 2,
         label="a (3,) and a (3, 2) array, two steps"),
]
LOSS_CASES = TRAIN_CASES[:2]


def check_momentum_train(momentum_train, cases=None, *,
                         name="momentum_train follows v <- beta v + lr g, p <- p - v for every array",
                         hint="keep one velocity per array; in every step update each "
                              "velocity, then move its array in place."):
    """Compare the params' path of ``momentum_train`` (k = 0..steps steps) with heavy-ball
    momentum on ``cases``, refusing an answer that calls course_lib's optimizers."""
    check_function(trained_path(watch(momentum_train, REPLACES, task=TASK), student=True),
                   trained_path(_train),
                   cases or TRAIN_CASES, name=name, hint=hint, mistakes=MISTAKES,
                   rtol=1e-9, atol=1e-12)


def check_momentum_mlp(momentum_train):
    """On course_lib's MLP (W1, b1, W2, b2 of four shapes) the answer trains as heavy ball."""
    check_momentum_train(momentum_train, [
        Case(MLPLoss(), MLPLoss().start, 0.5, 0.9, 12,
             label="course_lib's MLP on 40 two-moons points, lr = 0.5, beta = 0.9, 12 steps")],
        name="momentum_train trains course_lib's MLP (params W1, b1, W2, b2)",
        hint="keep one velocity per array, shaped like it; in every step update each velocity, "
             "then move its array in place.")


def check_momentum_losses(momentum_train):
    """The returned losses are the loss before each step, at the answer's own params (so a
    wrong update does not cost these points)."""
    watched = watch(momentum_train, REPLACES, task=TASK)
    after = Mistake("the loss after each step, not the loss at the params the step starts from")
    with check("momentum_train returns the loss before each step",
               hint="store the loss that loss_and_grad returns with the gradient of each step.") as this:
        for i, case in enumerate(LOSS_CASES, start=1):
            loss_and_grad, params, lr, beta, steps = copy.deepcopy(case.args)
            with np.errstate(all="ignore"):
                got = watched(loss_and_grad, params, lr, beta, steps)
            own = trained_path(watched)(*copy.deepcopy(case.args))      # the answer's own path
            at = [_loss_at(case, row) for row in own]
            expect_close(None if got is None else list(got), at[:-1], scale=False,
                         where=f"case {i} of {len(LOSS_CASES)} ({case.describe()})",
                         mistakes={after: at[1:]})
        this.name = f"momentum_train returns the loss before each step ({len(LOSS_CASES)} cases)"


def _loss_at(case, row):
    loss_and_grad, params = copy.deepcopy(case.args[:2])
    at, arrays = 0, []
    for p in params:
        arrays.append(row[at:at + np.size(p)].reshape(np.shape(p)))
        at += np.size(p)
    return loss_and_grad(arrays)[0]
