"""Checks of exercises/06_gd_variants: ``iterate_minibatches(X, y, batch_size, rng)`` and
``sgd_epoch(w, X, y, lr, batch_size, rng)``.

The references are course_lib's ``minibatches`` and ``LinearRegression``, which an answer may
not call. Batches are compared as rows (features, label, batch number); a batch must keep
each example's shape. Named: X and y shuffled apart, n // batch_size batches (the last
dropped, or ``np.array_split``), no shuffle, one permutation for every epoch; for the
epoch a sum for the mean, lr twice, the missing 2, the full gradient, two draws per epoch.

``sgd_epoch`` is judged on the course's batches: the check runs it with every student
function of its notebook seeing the reference in place of ``iterate_minibatches``, so a
correct ``sgd_epoch`` keeps its points when only the student's iterator is wrong, and the
message says which part is wrong.

A check cell calls e.g. ``check_sgd_epoch(sgd_epoch)`` (``%check``); hidden checks pass ``cases``.

Introduced in exercises/06_gd_variants.
"""
import copy
import types

import numpy as np

from ..learning.batches import minibatches
from ..learning.models import LinearRegression
from .cases import Case
from .compare import CheckFailed, check_function, expect
from .mistakes import Mistake
from .shortcuts import watch

__all__ = ["check_batches", "check_batches_next_epoch", "check_sgd_epoch", "regression"]

REPLACES = ("course_lib.learning", "course_lib.optimizers")


# -- iterate_minibatches ----------------------------------------------------------------------

def _as_rows(batches, X=None, y=None):
    """One row per example: its features, its label, the number of its batch. With ``X``
    (the student's batches) each batch must keep the examples' shape."""
    expect(batches is not None, "iterate_minibatches returned None", hint="end it with `return ...`.")
    rows = []
    for k, (X_batch, y_batch) in enumerate(batches):
        X_batch, y_batch = np.asarray(X_batch, dtype=float), np.asarray(y_batch, dtype=float)
        if X is not None:
            expect(X_batch.shape[1:] == np.shape(X)[1:],
                   f"batch {k}: its examples have shape {X_batch.shape[1:]}, those of X have "
                   f"shape {np.shape(X)[1:]}", FLATTENED.line(), hint=FLATTENED.hint)
            expect(len(y_batch) == len(X_batch),
                   f"batch {k}: {len(X_batch)} rows of X with y of shape {y_batch.shape}: a "
                   f"batch's labels are y's entries for its rows")
        rows.append(np.column_stack([X_batch.reshape(len(X_batch), -1),
                                     y_batch.reshape(len(y_batch), -1), np.full(len(y_batch), k)]))
    expect(rows, "iterate_minibatches returned no batch at all")
    return np.vstack(rows)


def _same_rows(a, b):
    # the same rows, in any order
    return a.shape == b.shape and np.array_equal(a[np.lexsort(a.T)], b[np.lexsort(b.T)])


def _expect_pairs_kept(rows, X, y):
    # every (row of X, label) pair of the input, and no other, whatever the order
    pairs = np.column_stack([np.asarray(X, dtype=float).reshape(len(X), -1), np.asarray(y, dtype=float)])
    got = rows[:, :-1]
    apart = (not _same_rows(got, pairs) and _same_rows(got[:, :-1], pairs[:, :-1])
             and _same_rows(got[:, -1:], pairs[:, -1:]))
    expect(not apart, "the rows of X and the labels of y no longer belong together",
           APART.line(), hint=APART.hint)


def _rows_of(fn, epochs=1, student=False):
    # fn's batches as rows, for `epochs` calls in a row with the same generator
    def rows(X, y, batch_size, rng):
        found = []
        for _ in range(epochs):
            one = _as_rows(fn(X, y, batch_size, rng), *((X, y) if student else ()))
            if student:
                _expect_pairs_kept(one, X, y)
            found.append(one)
        in_order = np.array_equal(found[0][:, :-2], np.asarray(X, dtype=float).reshape(len(X), -1))
        if student and epochs > 1 and len(X) > 2 and not in_order:    # unshuffled: named below
            expect(not all(np.array_equal(found[0], f) for f in found[1:]),
                   f"{epochs} epochs with the same rng gave the same batches every time",
                   REUSED.line(), hint=REUSED.hint)
        return np.vstack(found)
    rows.__name__ = getattr(fn, "__name__", "iterate_minibatches")
    return rows


def _reference(X, y, batch_size, rng):
    return list(minibatches(X, y, batch_size, rng=rng))


def _cut(X, y, batch_size):
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def _shuffled_apart(X, y, batch_size, rng):
    X_order, y_order = rng.permutation(len(X)), rng.permutation(len(X))
    return _cut(np.asarray(X)[X_order], np.asarray(y)[y_order], batch_size)


def _last_dropped(X, y, batch_size, rng):
    return [(Xb, yb) for Xb, yb in _reference(X, y, batch_size, rng) if len(yb) == batch_size]


def _not_shuffled(X, y, batch_size, rng):
    return list(minibatches(X, y, batch_size, shuffle=False))


def _pieces(count):
    def split(X, y, batch_size, rng):
        order, n = rng.permutation(len(X)), len(X)
        k = max(count(n, batch_size), 1)
        return list(zip(np.array_split(np.asarray(X)[order], k), np.array_split(np.asarray(y)[order], k)))
    return split


def _same_order_every_epoch(X, y, batch_size, rng):
    return _reference(X, y, batch_size, copy.deepcopy(rng))


APART = Mistake("X and y were shuffled with different permutations, so rows lost their labels",
                _shuffled_apart, hint="draw ONE permutation and index both X and y with it.")
REUSED = Mistake("one permutation is reused for every epoch (drawn once and kept, or drawn from "
                 "a copy of rng or a fixed seed)", _same_order_every_epoch,
                 hint="draw the order from the rng you are given, at every call.")
FLATTENED = Mistake("the examples were flattened into rows; a batch keeps each example's shape "
                    "(an image stays an image)",
                    hint="index the rows of X (X[order]) and slice them; do not reshape.")
BATCH_MISTAKES = [
    APART,
    Mistake("only n // batch_size batches were made, so the last, smaller batch was dropped and "
            "some examples are never used", _last_dropped,
            hint="keep the leftover rows as a final, smaller batch: ceil(n / batch_size) batches."),
    Mistake("the data were split into n // batch_size pieces of about equal size (np.array_split), "
            "not into pieces of batch_size rows", _pieces(lambda n, b: n // b),
            hint="each batch holds batch_size rows, only the last may hold fewer."),
    Mistake("the examples were not shuffled", _not_shuffled,
            hint="draw the order with rng.permutation(len(X)) before cutting the batches."),
    Mistake("the data were split into batch_size pieces instead of pieces of batch_size rows",
            _pieces(lambda n, b: b),
            hint="each batch holds batch_size rows; their number is ceil(n / batch_size)."),
    REUSED,
]

_X10, _y10 = np.arange(20.0).reshape(10, 2), np.arange(10) * 10
_X12, _y12 = np.random.default_rng(1).normal(size=(12, 3)), np.arange(12)
_images = np.arange(7 * 2 * 3.0).reshape(7, 2, 3)
BATCH_CASES = [
    Case(_X10, _y10, 4, np.random.default_rng(0), label="n = 10, batch_size = 4"),
    Case(_X10, _y10, 3, np.random.default_rng(1), label="n = 10, batch_size = 3"),
    Case(_X12, _y12, 4, np.random.default_rng(2), label="n = 12, batch_size = 4"),
    Case(_X12, _y12, 1, np.random.default_rng(3), label="batch_size = 1 (SGD)"),
    Case(_X12, _y12, 12, np.random.default_rng(4), label="batch_size = n (batch GD)"),
    Case(_images, np.arange(7), 3, np.random.default_rng(5), label="7 tiny images of 2 x 3, batch_size = 3"),
]
EPOCH_CASES = [Case(_X10, _y10, 4, np.random.default_rng(5), label="three epochs in a row, n = 10, batch_size = 4")]


def check_batches(iterate_minibatches, cases=None, *, epochs=1,
                  name="iterate_minibatches makes one shuffled epoch",
                  hint="one rng.permutation(len(X)), applied to X and y alike, then consecutive "
                       "slices of batch_size rows, keeping the leftover rows."):
    """Compare the batches of ``epochs`` calls in a row with course_lib's ``minibatches`` on
    ``cases`` (default: the visible ones), refusing an answer that calls course_lib."""
    student = watch(iterate_minibatches, REPLACES, task="the mini-batches")
    check_function(_rows_of(student, epochs, student=True), _rows_of(_reference, epochs),
                   cases or BATCH_CASES, name=name, hint=hint, scale=False,
                   mistakes=[Mistake(m.says, _rows_of(m.fn, epochs), m.hint) for m in BATCH_MISTAKES])


def check_batches_next_epoch(iterate_minibatches):
    """Three calls with the same generator: three different orders, the reference's."""
    check_batches(iterate_minibatches, EPOCH_CASES, epochs=3,
                  name="iterate_minibatches reshuffles every epoch",
                  hint="draw the order from the generator you are given, every time the function runs.")


# -- sgd_epoch ----------------------------------------------------------------------------------

def _epoch(w, X, y, lr, batch_size, rng, full_gradient=False, factor=lambda b: 1.0,
           shuffle=True, draws=1):
    # one epoch of mini-batch gradient descent on the mean squared error, via course_lib
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    model = LinearRegression(X.shape[1])
    model.params[0][:] = w
    for _ in range(draws - 1):
        rng.permutation(len(X))                     # an order drawn and thrown away
    for X_batch, y_batch in minibatches(X, y, batch_size, shuffle=shuffle, rng=rng):
        _, (g, _) = model.loss_and_grad(*((X, y) if full_gradient else (X_batch, y_batch)))
        model.params[0] -= lr * factor(len(y_batch)) * g
    return model.params[0]


def _varied(**how):
    return lambda w, X, y, lr, batch_size, rng: _epoch(w, X, y, lr, batch_size, rng, **how)


EPOCH_MISTAKES = [
    Mistake("the step goes uphill (w + lr * gradient: a sign error)", _varied(factor=lambda b: -1.0),
            hint="the gradient points uphill; a descent step moves against it."),
    Mistake("the gradient sums over the batch where it should average (it grows with the batch size)",
            _varied(factor=lambda b: b),
            hint="the batch loss is a MEAN over the rows of the batch, so is its gradient."),
    Mistake("the last, smaller batch is averaged over batch_size rows instead of its own size",
            lambda w, X, y, lr, batch_size, rng: _epoch(w, X, y, lr, batch_size, rng,
                                                        factor=lambda b: b / batch_size),
            hint="divide by the number of rows in the batch at hand."),
    Mistake("the learning rate is applied twice (lr * lr * gradient)",
            lambda w, X, y, lr, *rest: _epoch(w, X, y, lr, *rest, factor=lambda b: lr)),
    Mistake("the factor 2 from differentiating the square is missing", _varied(factor=lambda b: 0.5)),
    Mistake("every step uses the gradient on the whole data set instead of the batch",
            _varied(full_gradient=True)),
    Mistake("the examples were not shuffled", _varied(shuffle=False)),
    Mistake("iterate_minibatches is called twice, and each call draws a new order: one call is "
            "one epoch", _varied(draws=2), hint="call iterate_minibatches once and loop over "
                                                "what it returns."),
]


class _Batches:
    """The reference's batches, standing in for the student's ``iterate_minibatches``."""

    __name__ = "iterate_minibatches"

    def __call__(self, X, y, batch_size, rng):
        return _reference(X, y, batch_size, rng)


def _on_reference_batches(sgd_epoch, batches):
    """``sgd_epoch`` with every function of its notebook seeing ``batches`` as
    ``iterate_minibatches`` (the notebook itself is not changed); itself when it is not
    a plain function."""
    if not isinstance(sgd_epoch, types.FunctionType):
        return sgd_epoch
    home = sgd_epoch.__globals__
    names = dict(home)
    for key, value in home.items():
        if isinstance(value, types.FunctionType) and value.__globals__ is home:
            names[key] = _rebound(value, names)
    names["iterate_minibatches"] = batches
    return _rebound(sgd_epoch, names)


def _rebound(fn, names):
    copy_ = types.FunctionType(fn.__code__, names, fn.__name__, fn.__defaults__, fn.__closure__)
    copy_.__kwdefaults__, copy_.__dict__, copy_.__qualname__ = (
        fn.__kwdefaults__, dict(fn.__dict__), fn.__qualname__)
    return copy_


def regression(n, d, seed, integers=False):
    """Check data: ``X`` (n, d), normal or integers in [-3, 3], and ``y = X w + noise``."""
    rng = np.random.default_rng(seed)
    X = rng.integers(-3, 4, size=(n, d)) if integers else rng.normal(size=(n, d))
    return X, X @ rng.normal(size=d) + 0.1 * rng.normal(size=n)


_X, _y = regression(20, 3, seed=10)
EPOCH_CASES_SGD = [
    Case(np.zeros(3), _X, _y, 0.05, 5, np.random.default_rng(0), label="n = 20, batch_size = 5, from w = 0"),
    Case(np.array([0.5, 0.5, 0.5]), _X, _y, 0.05, 6, np.random.default_rng(1),
         label="batch_size = 6: a last batch of 2"),
    Case(np.zeros(3), _X, _y, 0.02, 1, np.random.default_rng(2), label="batch_size = 1 (SGD)"),
    Case(np.zeros(3), _X, _y, 0.1, 20, np.random.default_rng(3), label="batch_size = n: one step of batch GD"),
]


def check_sgd_epoch(sgd_epoch, cases=None, *,
                    name="sgd_epoch makes one epoch of mini-batch gradient descent (on the "
                         "course's batches)",
                    hint="for each batch in order: the gradient of the batch's MEAN squared "
                         "error at the current w, then one step of lr times it; return a new array."):
    """Compare ``sgd_epoch`` with course_lib's linear regression on ``cases`` (default: the
    visible ones), on the reference's batches; then say whether the student's own
    ``iterate_minibatches`` changes the result (a note, no points: the batch checks grade it)."""
    batches = _Batches()
    judged = watch(_on_reference_batches(sgd_epoch, batches), REPLACES,
                   task="the epoch (batches and gradient)", name="sgd_epoch", allow=[batches])
    cases = cases or EPOCH_CASES_SGD
    check_function(judged, _epoch, cases, name=name, hint=hint, rtol=1e-9, atol=1e-12,
                   mistakes=EPOCH_MISTAKES)
    own = watch(sgd_epoch, REPLACES, task="the epoch (batches and gradient)", name="sgd_epoch")
    for case in cases:
        try:
            with np.errstate(all="ignore"):
                got = own(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
            same = np.allclose(np.asarray(got, dtype=float),
                               _epoch(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs)),
                               rtol=1e-9, atol=1e-12)
        except (Exception, CheckFailed):
            same = False
        if not same:
            print(f"  note: with your own iterate_minibatches the epoch differs ({case.describe()}): "
                  "sgd_epoch is right, your batches are what is wrong (see the iterate_minibatches "
                  "checks).")
            break
