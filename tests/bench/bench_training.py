"""make bench: batch, mini-batch and stochastic GD on the digits, softmax regression.

For batch sizes 1 (SGD), 32, 128 and the full training set (batch GD) it measures, in one
run on this machine:
  - the cost of one epoch (one pass over the 1,347 training images) and of one update;
  - the epochs, updates and seconds of training needed to bring the training loss down
    to TARGET (cross-entropy, nats).
Fair learning rates: every batch size gets the best lr from the same grid (the one that
reaches TARGET in the fewest epochs, hence seconds; diverging lrs are out). Times count the updates
only, not the per-epoch evaluation, and are the best of REPEATS runs.

BLAS runs single-threaded unless OPENBLAS_NUM_THREADS is set: on a small, shared machine
a multi-threaded 1347 x 64 matrix product can stall for tens of milliseconds waiting for
a busy core, which would swamp the ~1 ms full-batch epoch being measured.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")   # before numpy is imported
os.environ.setdefault("OMP_NUM_THREADS", "1")

import time  # noqa: E402

import numpy as np  # noqa: E402

from course_lib import GradientDescent  # noqa: E402
from course_lib.data import load_digits  # noqa: E402
from course_lib.learning.models import SoftmaxRegression  # noqa: E402
from course_lib.learning.training import train  # noqa: E402

TARGET = 0.1
LR_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
MAX_EPOCHS = {1: 40, 32: 300, 128: 1000, "full": 5000}
REPEATS = 5


def run(data, batch_size, lr, epochs):
    model = SoftmaxRegression(n_features=64, n_classes=10)
    return train(model, GradientDescent(lr=lr), data, batch_size, epochs, seed=0,
                 target_loss=TARGET)


def seconds_to_target(hist):
    reached = hist.first_below(TARGET)
    return np.inf if reached is None or hist.diverged else hist.times[reached]


def main():
    data = load_digits()
    n = len(data.X_train)
    t_start = time.perf_counter()
    rows = []
    for key, budget in MAX_EPOCHS.items():
        batch_size = n if key == "full" else key
        # choose the lr: fewest epochs (= seconds, at a fixed batch size) to TARGET on the
        # shared grid; from large to small lr, each run gets only the epochs it must beat
        lr, best_epochs = None, budget
        for candidate in sorted(LR_GRID, reverse=True):
            hist = run(data, batch_size, candidate, best_epochs)
            reached = None if hist.diverged else hist.first_below(TARGET)
            if reached is not None and (lr is None or reached < best_epochs):
                lr, best_epochs = candidate, reached
        if lr is None:
            print(f"batch_size={batch_size}: no lr in {LR_GRID} reached {TARGET} within "
                  f"{budget} epochs")
            continue
        hists = [run(data, batch_size, lr, budget) for _ in range(REPEATS)]
        best = min(hists, key=seconds_to_target)
        epochs = best.first_below(TARGET)
        per_epoch = min(np.diff(h.times).min() for h in hists)
        rows.append(dict(label=f"{batch_size}" + (" (full)" if key == "full" else ""),
                         lr=lr, upe=best.updates_per_epoch, epoch_ms=1e3 * per_epoch,
                         update_us=1e6 * per_epoch / best.updates_per_epoch,
                         epochs=epochs, updates=epochs * best.updates_per_epoch,
                         seconds=seconds_to_target(best), acc=best.test_accuracy[epochs]))
    full = rows[-1]["epoch_ms"]
    fastest = min(r["seconds"] for r in rows)
    print(f"Softmax regression on the digits ({n} training images), plain GD, "
          f"target training loss {TARGET}; best of {REPEATS} runs in one process, "
          f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}")
    header = (f"{'batch':>11}{'lr':>7}{'upd/ep':>8}{'ms/epoch':>10}{'us/upd':>8}"
              f"{'epoch x full':>13}{'epochs':>8}{'updates':>9}{'seconds':>9}"
              f"{'x fastest':>10}{'test acc':>9}")
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{r['label']:>11}{r['lr']:>7g}{r['upe']:>8}{r['epoch_ms']:>10.2f}"
              f"{r['update_us']:>8.0f}{r['epoch_ms'] / full:>13.1f}{r['epochs']:>8}"
              f"{r['updates']:>9}{r['seconds']:>9.3f}{r['seconds'] / fastest:>10.1f}"
              f"{r['acc']:>9.3f}")
    print(f"(bench took {time.perf_counter() - t_start:.1f} s)")


if __name__ == "__main__":
    main()
