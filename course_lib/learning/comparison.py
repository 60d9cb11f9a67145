"""Which optimizer when, measured: six optimizers train the digits MLP, each at its own
swept learning rate, over several seeds.

Intuition: "Adam is best" or "SGD generalizes better" means something only when every
optimizer runs at its own best learning rate and the spread over seeds is shown. The sweep
that finds the rates takes a while (6 optimizers x 16 rates x 5 seeds), so its result is
stored here (``CHOSEN``, ``SWEPT``) and ``sweep`` recomputes it; a test checks that a
recomputation picks the stored rates and that no best rate sits on the grid's edge. A
lesson then runs each optimizer at its chosen rate on fresh seeds with ``compare``.

Rule: one run = ``MLP(64, N_HIDDEN, 10, seed=s)`` trained by ``train`` on ``load_digits()``
with mini-batches of ``BATCH_SIZE``, shuffled with seed s, for ``EPOCHS`` epochs. The best
rate of an optimizer is the rate of ``GRID`` whose runs end with the lowest training loss,
averaged over ``SWEEP_SEEDS`` (a run that diverged counts as inf).

Example:
    >>> CHOSEN["GradientDescent"] in GRID, len(GRID), GRID[0], GRID[-1]
    (True, 16, 0.0001, 10.0)
    >>> runs = compare(["Adam"], seeds=(3,), epochs=1)["Adam"]
    >>> runs.losses.shape, runs.accuracy.shape, runs.seconds.shape
    ((1, 2), (1, 2), (1, 2))

Introduced in notebooks/10_adaptive.
"""

from dataclasses import dataclass

import time

import numpy as np

from course_lib._validate import one_of
from course_lib.data import load_digits
from course_lib.learning.batches import minibatches
from course_lib.learning.mlp import MLP
from course_lib.learning.training import train
from course_lib.optimizers.adaptive import AdaGrad, Adam, RMSProp
from course_lib.optimizers.gradient_descent import GradientDescent
from course_lib.optimizers.momentum import Momentum, Nesterov

__all__ = ["BATCH_SIZE", "CHOSEN", "EPOCHS", "GRID", "LESSON_SEEDS", "N_HIDDEN", "OPTIMIZERS",
           "SWEEP_SEEDS", "SWEPT", "Runs", "compare", "run_one", "sweep"]

OPTIMIZERS = {cls.__name__: cls for cls in (GradientDescent, Momentum, Nesterov, AdaGrad,
                                            RMSProp, Adam)}
GRID = tuple(float(f"{m * 10.0 ** d:.3g}") for d in range(-4, 2) for m in (1, 2, 5)
             if m * 10.0 ** d <= 10)
N_HIDDEN, BATCH_SIZE, EPOCHS = 32, 64, 10
SWEEP_SEEDS, LESSON_SEEDS = (0, 1, 2, 3, 4), (5, 6, 7)

# Stored result of sweep(name) for every optimizer (defaults above; recomputed by
# tests/learning/test_comparison.py). SWEPT: mean final training loss over SWEEP_SEEDS per
# rate of GRID, in GRID's order (inf: diverged); CHOSEN: the rate with the lowest. Computed
# with `python -m course_lib.learning.comparison` (about a minute).
SWEPT = {
    "GradientDescent": (
        2.406, 2.379, 2.302, 2.18, 1.964, 1.49, 1.05, 0.6636,
        0.3167, 0.1724, 0.09197, 0.03538, 0.01526, 0.006158, 0.286, 1.09),
    "Momentum": (
        2.189, 1.979, 1.51, 1.069, 0.6773, 0.3242, 0.1755, 0.09237,
        0.0354, 0.01457, 0.005368, 0.003233, 0.2305, 1.179, 5.25, 12.57),
    "Nesterov": (
        2.188, 1.978, 1.508, 1.067, 0.6759, 0.3233, 0.175, 0.092,
        0.03517, 0.01466, 0.005615, 0.002106, 0.0403, 0.8566, 4.172, 8.808),
    "AdaGrad": (
        2.351, 2.272, 2.05, 1.733, 1.264, 0.6087, 0.2774, 0.113,
        0.03012, 0.01048, 0.005796, 0.007678, 0.08872, 0.24, 0.5577, 6.233),
    "RMSProp": (
        1.845, 1.404, 0.6922, 0.2955, 0.104, 0.01847, 0.004417, 0.006619,
        0.009713, 0.05374, 0.1752, 1.437, 2.201, 7.378, 21.26, 41.78),
    "Adam": (
        1.877, 1.466, 0.8004, 0.4048, 0.1795, 0.05197, 0.0168, 0.005148,
        0.006526, 0.04698, 0.1294, 0.784, 2.338, 5.6, 13.64, 33.23),
}
CHOSEN = {name: GRID[int(np.argmin(losses))] for name, losses in SWEPT.items()}


def run_one(name, lr, seed, epochs=EPOCHS, data=None):
    """One run of the comparison: a fresh MLP trained by one optimizer at one rate.

    Args:
        name: an optimizer class name in ``OPTIMIZERS``, e.g. "Adam".
        lr: its learning rate.
        seed: seeds both the network's initial weights and the batch order.
        epochs: passes over the training set (default ``EPOCHS``).
        data: the digits split (default ``load_digits()``; pass it to avoid reloading).

    Returns: the History of ``train`` (training loss and test accuracy per epoch, seconds).

    Example:
        >>> hist = run_one("GradientDescent", 0.5, seed=0, epochs=1)
        >>> bool(hist.epoch_losses[1] < hist.epoch_losses[0])
        True

    Introduced in notebooks/10_adaptive.
    """
    one_of("name", name, list(OPTIMIZERS))
    net = MLP(n_inputs=64, n_hidden=N_HIDDEN, n_classes=10, seed=seed)
    return train(net, OPTIMIZERS[name](lr=lr), load_digits() if data is None else data,
                 batch_size=BATCH_SIZE, epochs=epochs, seed=seed)


def _scores(params, X):
    """Hidden activations and class scores of the stacked networks: (S, n, 32), (S, n, 10)."""
    W1, b1, W2, b2 = params
    H = np.tanh(X @ W1 + b1)          # X: (n, 64) shared by all networks, or (S, n, 64)
    return H, H @ W2 + b2


def _log_softmax(Z):
    Z = Z - Z.max(axis=-1, keepdims=True)
    return Z - np.log(np.exp(Z).sum(axis=-1, keepdims=True))


def _train_stack(name, lr, seeds, epochs, data):
    """``run_one`` for several seeds at once: the networks stacked along a first axis.

    Every seed keeps its own initial weights and batch order (the same as ``run_one``'s),
    so each row is that seed's run; one update steps all of them (the optimizers are
    elementwise), which saves Python's per-step overhead. Seconds are the stack's update
    time divided by the number of seeds. Returns (losses, accuracy, seconds, diverged).
    """
    X, y, X_test, y_test = data
    nets = [MLP(n_inputs=64, n_hidden=N_HIDDEN, n_classes=10, seed=s).params for s in seeds]
    params = [np.stack([p[i] if p[i].ndim == 2 else p[i][None] for p in nets])
              for i in range(4)]                      # (S, 64, 32), (S, 1, 32), ...
    opt, rngs = OPTIMIZERS[name](lr=lr), [np.random.default_rng(s) for s in seeds]
    losses, accuracy, seconds = [], [], [0.0]

    def record():
        log_p = _log_softmax(_scores(params, X)[1])
        losses.append(-log_p[:, np.arange(len(y)), y].mean(axis=1))
        accuracy.append((_scores(params, X_test)[1].argmax(axis=-1) == y_test).mean(axis=1))

    with np.errstate(all="ignore"):
        record()
        for _ in range(epochs):
            start = time.perf_counter()
            batches = [list(minibatches(X, y, BATCH_SIZE, rng=rng)) for rng in rngs]
            for parts in zip(*batches):
                Xb, yb = np.stack([b[0] for b in parts]), np.stack([b[1] for b in parts])
                H, Z = _scores(params, Xb)
                dZ = np.exp(_log_softmax(Z))
                dZ[np.arange(len(seeds))[:, None], np.arange(yb.shape[1]), yb] -= 1.0
                dZ /= yb.shape[1]
                dA = (dZ @ params[2].transpose(0, 2, 1)) * (1.0 - H * H)
                grads = [Xb.transpose(0, 2, 1) @ dA, dA.sum(axis=1, keepdims=True),
                         H.transpose(0, 2, 1) @ dZ, dZ.sum(axis=1, keepdims=True)]
                opt.step(params, grads)
            seconds.append(seconds[-1] + (time.perf_counter() - start) / len(seeds))
            record()
    losses, accuracy = np.array(losses).T, np.array(accuracy).T
    diverged = ~np.all(np.isfinite(losses) & (losses < 1e6 * losses[:, :1]), axis=1)
    return losses, accuracy, np.array(seconds), diverged


def sweep(name, rates=GRID, seeds=SWEEP_SEEDS, epochs=EPOCHS):
    """The best learning rate of optimizer `name` on the digits MLP, and the whole sweep.

    Rule: for each lr in `rates`, the final training loss averaged over `seeds` (inf if any
    run diverged); the best rate is the one with the lowest.

    Args:
        name: an optimizer class name in ``OPTIMIZERS``.
        rates: the learning rates to try (default ``GRID``).
        seeds: one run per seed and rate (default ``SWEEP_SEEDS``).
        epochs: passes over the training set per run (default ``EPOCHS``).

    Returns: (best lr, {lr: mean final training loss}).

    Example:
        >>> best, losses = sweep("Adam", rates=(1e-4, 1e-2), seeds=(0,), epochs=2)
        >>> best
        0.01

    Introduced in notebooks/10_adaptive.
    """
    one_of("name", name, list(OPTIMIZERS))
    data, finals = load_digits(), {}
    for lr in rates:
        losses, _, _, diverged = _train_stack(name, lr, seeds, epochs, data)
        finals[lr] = np.inf if diverged.any() else float(losses[:, -1].mean())
    return min(rates, key=finals.get), finals


@dataclass(frozen=True)
class Runs:
    """One optimizer's runs over several seeds, one row per seed, one column per epoch.

    Args:
        name, lr: the optimizer's class name and its learning rate.
        losses: (seeds, epochs + 1) training loss before training and after each epoch.
        accuracy: (seeds, epochs + 1) test accuracy at the same moments.
        seconds: (seeds, epochs + 1) cumulative seconds spent in updates (0 first); the
            seeds run stacked, so every row holds the stack's time divided by the seeds.

    Example:
        >>> runs = Runs("Adam", 0.02, np.ones((3, 2)), np.ones((3, 2)), np.zeros((3, 2)))
        >>> runs.losses.shape
        (3, 2)

    Introduced in notebooks/10_adaptive.
    """

    name: str
    lr: float
    losses: np.ndarray
    accuracy: np.ndarray
    seconds: np.ndarray


def compare(names=tuple(OPTIMIZERS), lrs=None, seeds=LESSON_SEEDS, epochs=EPOCHS):
    """Run each optimizer of `names` at its rate (default its stored best) once per seed.

    Intuition: the stored rates were picked on ``SWEEP_SEEDS``; running them on other seeds
    shows how much of a difference between optimizers survives a new initialization and
    batch order.

    Args:
        names: optimizer class names in ``OPTIMIZERS`` (default: all six).
        lrs: {name: learning rate} (default ``CHOSEN``).
        seeds: one run per seed (default ``LESSON_SEEDS``, none of them a sweep seed).
        epochs: passes over the training set (default ``EPOCHS``).

    Returns: {name: Runs}, one row per seed.

    Example:
        >>> runs = compare(["GradientDescent"], seeds=(5, 6), epochs=1)
        >>> runs["GradientDescent"].lr, runs["GradientDescent"].accuracy.shape
        (2.0, (2, 2))

    Introduced in notebooks/10_adaptive.
    """
    data, lrs = load_digits(), CHOSEN if lrs is None else lrs
    out = {}
    for name in names:
        one_of("name", name, list(OPTIMIZERS))
        losses, accuracy, seconds, _ = _train_stack(name, lrs[name], seeds, epochs, data)
        out[name] = Runs(name, lrs[name], losses, accuracy,
                         np.tile(seconds, (len(seeds), 1)))
    return out


if __name__ == "__main__":      # recompute SWEPT (about a minute); paste it above
    print("SWEPT = {")
    for name in OPTIMIZERS:
        losses = [f"{v:.4g}" for v in sweep(name)[1].values()]
        print(f'    "{name}": (\n        {", ".join(losses[:8])},\n'
              f'        {", ".join(losses[8:])}),')
    print("}")
