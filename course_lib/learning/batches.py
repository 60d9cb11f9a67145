"""Mini-batches: cut a data set into shuffled batches, one epoch at a time.

Batch, stochastic and mini-batch gradient descent are the same loop; only the number of
examples behind each gradient changes. `minibatches` is that one knob.

Example:
    >>> X, y = np.arange(10.0).reshape(5, 2), np.arange(5)
    >>> [yb.tolist() for _, yb in minibatches(X, y, batch_size=2, shuffle=False)]
    [[0, 1], [2, 3], [4]]

Introduced in notebooks/06_gd_variants.
"""
import numpy as np

from course_lib._validate import as_rng, non_empty, shaped, whole_number

__all__ = ["minibatches"]


def minibatches(X, y, batch_size, shuffle=True, rng=None):
    """Yield the mini-batches (X_batch, y_batch) of one epoch.

    Intuition: one epoch is one pass over the training set. Shuffle the examples once
    (X and y with the *same* permutation, so each row keeps its label), then cut the
    shuffled list into consecutive pieces of `batch_size` rows. Every example lands in
    exactly one batch; the last batch keeps the leftover rows (it may be smaller).

    The three variants of gradient descent are three values of one argument:
        batch_size = len(X)        batch GD       (1 update per epoch)
        batch_size = 1             stochastic GD  (len(X) updates per epoch)
        1 < batch_size < len(X)    mini-batch GD  (ceil(len(X) / batch_size) updates)

    Args:
        X: array of shape (n, ...) with n >= 1 examples (rows).
        y: array of shape (n, ...): the targets, one per row of X.
        batch_size: B, a whole number in [1, n], the number of rows per batch.
        shuffle: if True (default) visit the rows in a random order; if False in order.
        rng: numpy Generator, int seed or None. The same seed gives the same batches;
            None draws a fresh order each call. A Generator is advanced, so calling
            again with the same Generator gives the next epoch's (different) order.

    Returns:
        a generator of (X_batch, y_batch): copies of the selected rows, with
        X_batch.shape[0] == y_batch.shape[0]. Arguments are checked at the call.

    Example:
        >>> X, y = np.arange(10).reshape(5, 2), np.arange(5)
        >>> [len(yb) for Xb, yb in minibatches(X, y, batch_size=2, rng=0)]
        [2, 2, 1]

    References:
        Robbins & Monro (1951) "A stochastic approximation method", Ann. Math. Statist.
        Bottou, Curtis & Nocedal (2018) "Optimization methods for large-scale machine
        learning", SIAM Review (section 3 and 4.2 on mini-batches).

    Introduced in notebooks/06_gd_variants.
    """
    X = shaped("X", X, ("n_examples", ...), "one example per row", dtype=None)
    non_empty("X", X, "pass the training inputs as an array of shape (n_examples, n_features)")
    y = shaped("y", y, (len(X), ...), "one target per row of X", dtype=None)
    n = len(X)
    batch_size = whole_number("batch_size", batch_size, 1, f"use 1 for SGD, {n} (len(X)) "
                              "for batch GD, or a value in between", maximum=n)
    order = as_rng(rng).permutation(n) if shuffle else np.arange(n)
    return _batches(X, y, order, batch_size)


def _batches(X, y, order, batch_size):
    # A separate generator, so that minibatches() checks its arguments when called,
    # not later at the first iteration.
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]
