"""Typical wrong answers to exercises/06_gd_variants: each must fail at least one check.

Each entry of WRONG replaces one student function; ``kind`` names the mistake from a
fixed vocabulary so tests can require the typical ones to be present; ``names`` is the
misconception a failing check must name.
"""
import numpy as np

from tests.checks.wrong import registry, right_answers

# Words the failing check's message uses for the kinds without a named Mistake.
SAYS = {
    "wrong batch size": "expected shape",
    "changes its input": "changed its input",
    "returns None": "returned None",
    "sign error": "goes uphill",
    "shortcut": "the task asks you to write",
}

WRONG, wrong = registry(SAYS)
RIGHT, right = right_answers()

# The mistakes the wrong answers below must include, per student function.
REQUIRED_KINDS = {
    "iterate_minibatches": {"shuffled apart", "last batch dropped", "permutation reused",
                            "no shuffle", "wrong batch size", "changes its input",
                            "returns None", "flattened images", "permutation cached",
                            "n // batch_size batches", "shortcut"},
    "sgd_epoch": {"sum instead of mean", "lr applied twice", "missing factor",
                  "gradient on all data", "no shuffle", "sign error", "changes its input",
                  "returns None", "iterator called twice", "shortcut"},
}

SHUFFLED_APART = "X and y were shuffled with different permutations, so rows lost their labels"
LAST_DROPPED = ("only n // batch_size batches were made, so the last, smaller batch was dropped "
                "and some examples are never used")
FEWER_PIECES = ("the data were split into n // batch_size pieces of about equal size "
                "(np.array_split), not into pieces of batch_size rows")
FLATTENED = ("the examples were flattened into rows; a batch keeps each example's shape (an "
             "image stays an image)")
TWICE = "iterate_minibatches is called twice, and each call draws a new order: one call is one epoch"
NOT_SHUFFLED = "the examples were not shuffled"
PIECES = "the data were split into batch_size pieces instead of pieces of batch_size rows"
REUSED = "one permutation is reused for every epoch"


def _cut(X, y, batch_size):
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]


# -- iterate_minibatches ----------------------------------------------------------------------

@wrong("iterate_minibatches", "shuffled apart", "one permutation for X, another for y",
       names=SHUFFLED_APART)
def batches_shuffled_apart(X, y, batch_size, rng):
    X, y = np.asarray(X), np.asarray(y)
    X = X[rng.permutation(len(X))]
    y = y[rng.permutation(len(y))]
    return _cut(X, y, batch_size)


@wrong("iterate_minibatches", "shuffled apart", "y reordered with a different permutation than X",
       names=SHUFFLED_APART)
def batches_shuffled_in_turn(X, y, batch_size, rng):
    X, y = np.array(X), np.array(y)
    order = rng.permutation(len(X))
    return _cut(X[order], y[np.argsort(order)], batch_size)


@wrong("iterate_minibatches", "last batch dropped", "only full batches: range(n // batch_size)",
       names=LAST_DROPPED)
def batches_drop_last(X, y, batch_size, rng):
    X, y = np.asarray(X), np.asarray(y)
    order = rng.permutation(len(X))
    X, y = X[order], y[order]
    return [(X[k * batch_size:(k + 1) * batch_size], y[k * batch_size:(k + 1) * batch_size])
            for k in range(len(X) // batch_size)]


@wrong("iterate_minibatches", "permutation reused", "a fixed seed inside: the same order every epoch",
       names=REUSED)
def batches_fixed_seed(X, y, batch_size, rng):
    import copy
    X, y = np.asarray(X), np.asarray(y)
    order = copy.deepcopy(rng).permutation(len(X))      # never advances the caller's rng
    return _cut(X[order], y[order], batch_size)


@wrong("iterate_minibatches", "no shuffle", "the stored order", names=NOT_SHUFFLED)
def batches_in_order(X, y, batch_size, rng):
    return _cut(np.asarray(X), np.asarray(y), batch_size)


@wrong("iterate_minibatches", "wrong batch size", "np.array_split(X, batch_size): batch_size pieces",
       names=PIECES)
def batches_array_split(X, y, batch_size, rng):
    X, y = np.asarray(X), np.asarray(y)
    order = rng.permutation(len(X))
    return list(zip(np.array_split(X[order], batch_size), np.array_split(y[order], batch_size)))


@wrong("iterate_minibatches", "wrong batch size", "steps of batch_size but slices one row too long")
def batches_overlap(X, y, batch_size, rng):
    X, y = np.asarray(X), np.asarray(y)
    order = rng.permutation(len(X))
    X, y = X[order], y[order]
    return [(X[i:i + batch_size + 1], y[i:i + batch_size + 1]) for i in range(0, len(X), batch_size)]


@wrong("iterate_minibatches", "changes its input", "rng.shuffle(X) and y in place")
def batches_in_place(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    X[:] = X[order]
    y[:] = y[order]
    return _cut(X, y, batch_size)


@wrong("iterate_minibatches", "returns None", "forgets the return")
def batches_none(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    _cut(np.asarray(X)[order], np.asarray(y)[order], batch_size)


# -- sgd_epoch ----------------------------------------------------------------------------------

def _batches(X, y, batch_size, rng, shuffle=True):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    order = rng.permutation(len(X)) if shuffle else np.arange(len(X))
    return _cut(X[order], y[order], batch_size)


def _epoch(w, X, y, lr, batch_size, rng, step, shuffle=True):
    w = np.array(w, dtype=float)
    for X_batch, y_batch in _batches(X, y, batch_size, rng, shuffle):
        w = step(w, X_batch, y_batch, lr)
    return w


@wrong("sgd_epoch", "sum instead of mean", "2 X^T r without dividing by the batch size",
       names="the gradient sums over the batch where it should average (it grows with the batch size)")
def sgd_sum(w, X, y, lr, batch_size, rng):
    return _epoch(w, X, y, lr, batch_size, rng,
                  lambda w, Xb, yb, lr: w - lr * 2.0 * Xb.T @ (Xb @ w - yb))


@wrong("sgd_epoch", "sum instead of mean", "divides by batch_size, also for the smaller last batch",
       names="the last, smaller batch is averaged over batch_size rows instead of its own size")
def sgd_divides_by_batch_size(w, X, y, lr, batch_size, rng):
    return _epoch(w, X, y, lr, batch_size, rng,
                  lambda w, Xb, yb, lr: w - lr * 2.0 / batch_size * Xb.T @ (Xb @ w - yb))


@wrong("sgd_epoch", "lr applied twice", "the gradient already holds lr, and the step multiplies again",
       names="the learning rate is applied twice (lr * lr * gradient)")
def sgd_lr_twice(w, X, y, lr, batch_size, rng):
    def step(w, Xb, yb, lr):
        g = lr * 2.0 / len(yb) * Xb.T @ (Xb @ w - yb)
        return w - lr * g
    return _epoch(w, X, y, lr, batch_size, rng, step)


@wrong("sgd_epoch", "missing factor", "(1/b) X^T r: the 2 of the square left out",
       names="the factor 2 from differentiating the square is missing")
def sgd_no_two(w, X, y, lr, batch_size, rng):
    return _epoch(w, X, y, lr, batch_size, rng,
                  lambda w, Xb, yb, lr: w - lr / len(yb) * Xb.T @ (Xb @ w - yb))


@wrong("sgd_epoch", "gradient on all data", "the full gradient at every step",
       names="every step uses the gradient on the whole data set instead of the batch")
def sgd_full_gradient(w, X, y, lr, batch_size, rng):
    X_all, y_all = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    return _epoch(w, X, y, lr, batch_size, rng,
                  lambda w, Xb, yb, lr: w - lr * 2.0 / len(y_all) * X_all.T @ (X_all @ w - y_all))


@wrong("sgd_epoch", "no shuffle", "batches in the stored order", names="the examples were not shuffled")
def sgd_in_order(w, X, y, lr, batch_size, rng):
    return _epoch(w, X, y, lr, batch_size, rng,
                  lambda w, Xb, yb, lr: w - lr * 2.0 / len(yb) * Xb.T @ (Xb @ w - yb), shuffle=False)


@wrong("sgd_epoch", "sign error", "w + lr * gradient: climbs")
def sgd_sign(w, X, y, lr, batch_size, rng):
    return _epoch(w, X, y, lr, batch_size, rng,
                  lambda w, Xb, yb, lr: w + lr * 2.0 / len(yb) * Xb.T @ (Xb @ w - yb))


@wrong("sgd_epoch", "changes its input", "updates the caller's w in place")
def sgd_in_place(w, X, y, lr, batch_size, rng):
    for X_batch, y_batch in _batches(X, y, batch_size, rng):
        w -= lr * 2.0 / len(y_batch) * X_batch.T @ (X_batch @ w - y_batch)
    return w


@wrong("sgd_epoch", "returns None", "forgets the return")
def sgd_none(w, X, y, lr, batch_size, rng):
    _epoch(w, X, y, lr, batch_size, rng,
           lambda w, Xb, yb, lr: w - lr * 2.0 / len(yb) * Xb.T @ (Xb @ w - yb))


@wrong("iterate_minibatches", "flattened images", "X[order].reshape(n, -1): image batches as flat rows",
       names=FLATTENED)
def batches_flat_rows(X, y, batch_size, rng):
    X, y = np.asarray(X), np.asarray(y)
    order = rng.permutation(len(X))
    return _cut(X[order].reshape(len(X), -1), y[order], batch_size)


_CACHE = {}


@wrong("iterate_minibatches", "permutation cached", "the first permutation drawn for n is kept for later epochs",
       names=REUSED)
def batches_cached(X, y, batch_size, rng):
    X, y = np.asarray(X), np.asarray(y)
    if len(X) not in _CACHE:
        _CACHE[len(X)] = rng.permutation(len(X))
    order = _CACHE[len(X)]
    return _cut(X[order], y[order], batch_size)


@wrong("iterate_minibatches", "n // batch_size batches", "np.array_split into n // batch_size pieces",
       names=FEWER_PIECES)
def batches_fewer_pieces(X, y, batch_size, rng):
    X, y = np.asarray(X), np.asarray(y)
    order = rng.permutation(len(X))
    k = len(X) // batch_size
    return list(zip(np.array_split(X[order], k), np.array_split(y[order], k)))


@wrong("iterate_minibatches", "shortcut", "returns course_lib's minibatches")
def batches_from_course_lib(X, y, batch_size, rng):
    from course_lib.learning import minibatches
    return list(minibatches(X, y, batch_size, rng=rng))


@wrong("sgd_epoch", "iterator called twice", "len(iterate_minibatches(...)) first, then a second call to loop",
       names=TWICE)
def sgd_two_epochs_of_order(w, X, y, lr, batch_size, rng):
    w = np.array(w, dtype=float)
    count = len(iterate_minibatches(X, y, batch_size, rng))      # noqa: F821 (the notebook's)
    for X_batch, y_batch in iterate_minibatches(X, y, batch_size, rng)[:count]:  # noqa: F821
        w = w - lr * 2.0 / len(y_batch) * X_batch.T @ (X_batch @ w - y_batch)
    return w


@wrong("sgd_epoch", "shortcut", "the gradient from course_lib's LinearRegression.loss_and_grad")
def sgd_course_gradient(w, X, y, lr, batch_size, rng):
    from course_lib.learning import LinearRegression
    model = LinearRegression(X.shape[1])
    model.params[0][:] = w
    for X_batch, y_batch in iterate_minibatches(X, y, batch_size, rng):  # noqa: F821
        _, (g, _) = model.loss_and_grad(X_batch, y_batch)
        model.params[0] -= lr * g
    return model.params[0].copy()


@wrong("sgd_epoch", "shortcut", "batches from course_lib's minibatches")
def sgd_course_batches(w, X, y, lr, batch_size, rng):
    from course_lib.learning import minibatches
    w = np.array(w, dtype=float)
    for X_batch, y_batch in minibatches(X, y, batch_size, rng=rng):
        w = w - lr * 2.0 / len(y_batch) * X_batch.T @ (X_batch @ w - y_batch)
    return w


# -- right answers in unusual forms: every check must pass ----------------------------------

@right("a generator of one's own named minibatches, in a cell of its own")
def minibatches(X, y, batch_size, rng):
    X, y = np.asarray(X), np.asarray(y)
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        rows = order[start:start + batch_size]
        yield X[rows], y[rows]


@right("a generator of one's own named minibatches, in a cell of its own")
def iterate_minibatches(X, y, batch_size, rng):
    return list(minibatches(X, y, batch_size, rng))


@right("a gradient helper of one's own, and w given as a list")
def batch_gradient(w, X_batch, y_batch):
    return 2.0 * X_batch.T @ (X_batch @ w - y_batch) / len(y_batch)


@right("a gradient helper of one's own, and w given as a list")
def sgd_epoch(w, X, y, lr, batch_size, rng):
    w = np.asarray(w, dtype=float).copy()
    for X_batch, y_batch in iterate_minibatches(X, y, batch_size, rng):
        w -= lr * batch_gradient(w, X_batch, y_batch)
    return w
