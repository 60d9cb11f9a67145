"""One training loop for batch, stochastic and mini-batch gradient descent.

    for epoch in 1..epochs:
        for (X_batch, y_batch) in minibatches(X_train, y_train, batch_size, rng):
            loss, grads = model.loss_and_grad(X_batch, y_batch)
            optimizer.step(model.params, grads)

batch_size = len(X_train) is batch GD, 1 is SGD, anything in between mini-batch GD.

Example:
    >>> from course_lib.learning.models import LinearRegression
    >>> from course_lib.optimizers import GradientDescent
    >>> X, y = np.ones((8, 1)), np.full(8, 2.0)
    >>> hist = train(LinearRegression(1), GradientDescent(lr=0.1), (X, y), batch_size=4,
    ...              epochs=2)
    >>> hist.updates_per_epoch, len(hist.losses), len(hist.epoch_losses)
    (2, 4, 3)

Introduced in notebooks/06_gd_variants.
"""
import math
import sys
import time
from dataclasses import dataclass, field

import numpy as np

from course_lib._validate import as_rng, one_of, whole_number
from course_lib.learning.batches import minibatches
from course_lib.optimizers.running import blew_up, loss_limit

__all__ = ["History", "train"]


@dataclass
class History:
    """What a training run recorded: the loss per update and per epoch, times, accuracy.

    Intuition: the mini-batch losses say how noisy each step was; the losses on the
    whole training set after each epoch are the fair curve to compare batch sizes (each
    point has seen the same number of examples).

    Args:
        losses: (n_updates,) the mini-batch loss at each update, before the step: noisy
            when batches are small.
        epoch_losses: (epochs + 1,) the loss on the WHOLE training set before training
            (index 0) and after each epoch: the fair curve to compare batch sizes.
        test_losses: (epochs + 1,) the same on the test set (empty without test data).
        train_accuracy, test_accuracy: (epochs + 1,) for classifiers (else empty).
        times: (epochs + 1,) cumulative seconds spent training (updates only, not the
            evaluation above) at the start and after each epoch; times[0] = 0.
        wall_time: total seconds of the call, evaluation included.
        batch_size, updates_per_epoch, optimizer (its repr).
        path: with ``train(..., record_path=True)``, (n_updates + 1, n_params): all the
            parameters, flattened and concatenated in the order of ``model.params``, before
            training and after every update (copies); otherwise None.
        diverged: True if training stopped because the loss blew up; message: one
            sentence saying when and what to do ("" otherwise).

    Example:
        >>> hist = History(batch_size=4, updates_per_epoch=2, optimizer="GD",
        ...                losses=np.array([4.0, 3.0, 2.0, 1.0]))
        >>> hist.update_epochs.tolist()          # x-axis of `losses`, in epochs
        [0.0, 0.5, 1.0, 1.5]

    Introduced in notebooks/06_gd_variants.
    """

    batch_size: int
    updates_per_epoch: int
    optimizer: str
    losses: np.ndarray = field(default_factory=lambda: np.zeros(0))
    epoch_losses: np.ndarray = field(default_factory=lambda: np.zeros(0))
    test_losses: np.ndarray = field(default_factory=lambda: np.zeros(0))
    train_accuracy: np.ndarray = field(default_factory=lambda: np.zeros(0))
    test_accuracy: np.ndarray = field(default_factory=lambda: np.zeros(0))
    times: np.ndarray = field(default_factory=lambda: np.zeros(0))
    wall_time: float = 0.0
    path: np.ndarray = None
    diverged: bool = False
    message: str = ""

    @property
    def epochs(self):
        """Number of completed epochs."""
        return len(self.epoch_losses) - 1

    @property
    def update_epochs(self):
        """The x-coordinate, in epochs, of each entry of `losses` (to plot both curves).

        ``losses[k]`` is measured before update k + 1, after k updates: at epoch
        k / updates_per_epoch, on the same axis as ``epoch_losses`` (index = epoch).
        """
        return np.arange(len(self.losses)) / self.updates_per_epoch

    def __repr__(self):
        parts = [f"batch_size={self.batch_size}", f"epochs={self.epochs}",
                 f"updates={len(self.losses)}"]
        if len(self.epoch_losses):
            parts.append(f"train loss={self.epoch_losses[-1]:.4g}")
        if len(self.test_accuracy):
            parts.append(f"test accuracy={self.test_accuracy[-1]:.3f}")
        parts.append(f"{self.wall_time:.2f} s")
        return f"History({', '.join(parts)}{', DIVERGED' if self.diverged else ''})"

    def first_below(self, threshold):
        """The first epoch e with epoch_losses[e] <= threshold, or None if never."""
        hits = np.flatnonzero(self.epoch_losses <= threshold)
        return int(hits[0]) if hits.size else None


def _evaluate(model, X, y):
    loss = model.loss(X, y)
    acc = model.accuracy(X, y) if getattr(model, "is_classifier", False) else None
    return loss, acc


def _diverged(epoch, update, first, loss, optimizer):
    return (f"Training diverged in epoch {epoch} at update {update}: the loss grew from "
            f"{first:.3g} to {loss:.3g}, so {optimizer!r} steps too far; try a smaller lr.")


def train(model, optimizer, data, batch_size, epochs, seed=0, shuffle=True,
          target_loss=None, progress=False, max_loss=None, record_path=False):
    """Train `model` in place with `optimizer` on mini-batches; return a History.

    Intuition: batch, stochastic and mini-batch gradient descent are one loop with one
    knob, the batch size B: fewer examples per gradient make cheaper, noisier updates.

    Rule: each epoch shuffles the training set (seeded), cuts it into batches of B rows
    (the last one may be smaller) and makes one update per batch:
        w <- optimizer's rule applied to grad L_batch(w)
    After each epoch the loss (and accuracy, for classifiers) on the whole training set,
    and on the test set if given, is recorded. The optimizer is reset first, so a run
    never inherits velocity or step counts from a previous one; the model is NOT reset:
    pass a fresh model, or `model.copy()`, to compare runs from the same start.

    Training stops early with `diverged=True` and a one-sentence `message` (no warnings)
    when a mini-batch loss or an epoch's training loss becomes non-finite or exceeds
    `max_loss` (default: 1e6 times the starting training loss, at least 1e6): the rule
    of `course_lib.optimizers.running.loss_limit`, shared with `run`.

    Args:
        model: a course_lib model (params, loss, loss_and_grad; accuracy if classifier).
        optimizer: any course_lib optimizer (step(params, grads), reset()).
        data: (X_train, y_train) or (X_train, y_train, X_test, y_test), e.g. the
            Split returned by load_digits().
        batch_size: int in [1, len(X_train)]: 1 is SGD, len(X_train) is batch GD.
        epochs: int >= 0, passes over the training set.
        seed: int or numpy Generator for the shuffling: same seed, same run.
        shuffle: False visits the examples in their stored order every epoch.
        target_loss: if given, stop after the first epoch whose training loss is
            <= target_loss (to measure epochs and seconds to reach a loss).
        progress: True prints one self-overwriting status line (off by default).
        max_loss: loss above which training counts as diverged.
        record_path: True keeps the parameters before training and after every update in
            ``History.path`` (one row each: the parameter path w_0, w_1, ..., to plot on a
            loss surface or to measure weight errors).

    Returns: a History; the model's params have been trained in place.

    Example:
        >>> from course_lib import GradientDescent
        >>> from course_lib.data import load_digits
        >>> from course_lib.learning.models import SoftmaxRegression
        >>> model = SoftmaxRegression(n_features=64, n_classes=10)
        >>> hist = train(model, GradientDescent(lr=0.1), load_digits(), batch_size=32, epochs=5)
        >>> bool(hist.test_accuracy[-1] > 0.9), hist.updates_per_epoch
        (True, 43)

    References:
        Bottou, Curtis & Nocedal (2018) "Optimization methods for large-scale machine
        learning", SIAM Review 60(2).

    Introduced in notebooks/06_gd_variants.
    """
    one_of("len(data)", len(data), (2, 4), "data must be (X_train, y_train) or (X_train, "
           "y_train, X_test, y_test), e.g. data=load_digits()")
    X, y = data[0], data[1]
    test = data[2:] if len(data) == 4 else None
    epochs = whole_number("epochs", epochs, 0, "try epochs=10")
    minibatches(X, y, batch_size, shuffle=False)            # validates X, y, batch_size
    rng = as_rng(seed, "seed")
    optimizer.reset()
    start = time.perf_counter()
    hist = History(batch_size=int(batch_size), optimizer=repr(optimizer),
                   updates_per_epoch=math.ceil(len(X) / batch_size))
    losses, epoch_losses, test_losses, train_acc, test_acc, times = [], [], [], [], [], [0.0]
    path = [np.concatenate([p.ravel() for p in model.params])] if record_path else None

    def record():
        loss, acc = _evaluate(model, X, y)
        epoch_losses.append(loss)
        train_acc.append(acc)
        if test is not None:
            test_loss, acc = _evaluate(model, *test)
            test_losses.append(test_loss)
            test_acc.append(acc)
        return loss

    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        first = record()
        limit = loss_limit(first, max_loss)
        for epoch in range(1, epochs + 1):
            t0 = time.perf_counter()
            for X_batch, y_batch in minibatches(X, y, batch_size, shuffle, rng):
                loss, grads = model.loss_and_grad(X_batch, y_batch)
                if blew_up(loss, limit):
                    hist.message = _diverged(epoch, len(losses) + 1, first, loss, optimizer)
                    break
                losses.append(loss)
                optimizer.step(model.params, grads)
                if record_path:
                    path.append(np.concatenate([p.ravel() for p in model.params]))
            if hist.message:
                break
            times.append(times[-1] + time.perf_counter() - t0)
            loss = record()
            if progress:
                print(f"\repoch {epoch}/{epochs}  train loss {loss:.4g}", end="",
                      file=sys.stdout, flush=True)
            if blew_up(loss, limit):
                hist.message = _diverged(epoch, len(losses), first, loss, optimizer)
                break
            if target_loss is not None and loss <= target_loss:
                break
        if progress:
            print(file=sys.stdout, flush=True)

    hist.diverged = bool(hist.message)
    hist.losses, hist.epoch_losses = np.array(losses), np.array(epoch_losses)
    hist.times = np.array(times)
    if record_path:
        hist.path = np.array(path)
    if test is not None:
        hist.test_losses = np.array(test_losses)
    if getattr(model, "is_classifier", False):
        hist.train_accuracy = np.array(train_acc)
        if test is not None:
            hist.test_accuracy = np.array(test_acc)
    hist.wall_time = time.perf_counter() - start
    return hist
