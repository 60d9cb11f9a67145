"""Learning from data: mini-batches, models with hand-written gradients, the training loop.

Modules: ``batches`` (minibatches: one epoch, each example once), ``models`` (linear,
logistic and softmax regression), ``mlp`` (a one-hidden-layer network with backprop),
``synthetic`` (seeded toy data sets), ``training`` (train -> History), ``landscape`` (the
loss of a network along random directions through its weights), ``critical_points`` (find
a network's critical points and count their downhill directions), ``comparison`` (six
optimizers on the digits MLP at their stored swept rates, over seeds). NumPy only.

Example:
    >>> import numpy as np
    >>> X, y = np.arange(12.0).reshape(6, 2), np.arange(6)
    >>> [len(yb) for _, yb in minibatches(X, y, batch_size=4, rng=0)]
    [4, 2]

Introduced in notebooks/06_gd_variants (the training loop) and used after it.
"""

from course_lib.learning.batches import minibatches
from course_lib.learning.critical_points import (FlatLoss, critical_index, find_critical_point,
                                                 hessian_from_gradient, rank_correlation)
from course_lib.learning.landscape import loss_slice, random_direction
from course_lib.learning.mlp import MLP
from course_lib.learning.models import LinearRegression, LogisticRegression, SoftmaxRegression
from course_lib.learning.synthetic import (make_regression_1d, make_sparse_features,
                                           make_two_blobs, make_two_moons)
from course_lib.learning.training import History, train

__all__ = ["minibatches", "LinearRegression", "LogisticRegression", "SoftmaxRegression",
           "MLP", "make_regression_1d", "make_sparse_features", "make_two_blobs",
           "make_two_moons", "train", "History", "random_direction", "loss_slice", "FlatLoss",
           "critical_index", "find_critical_point", "hessian_from_gradient",
           "rank_correlation"]
