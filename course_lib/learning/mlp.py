"""A one-hidden-layer neural network whose gradient is written out by hand (backprop).

Example:
    >>> model = MLP(n_inputs=2, n_hidden=8, n_classes=2, seed=0)
    >>> loss, grads = model.loss_and_grad(np.zeros((3, 2)), np.array([0, 1, 1]))
    >>> [g.shape for g in grads]
    [(2, 8), (8,), (8, 2), (2,)]

Introduced in notebooks/06_gd_variants.
"""
import numpy as np

from course_lib._validate import one_of, whole_number
from course_lib.learning.models import SIZE_HINT, SoftmaxClassifier, cross_entropy

__all__ = ["MLP"]


class MLP(SoftmaxClassifier):
    """A one-hidden-layer neural network classifier with hand-written backprop.

    Intuition: a hidden layer of n_hidden features, each a squashed linear score of the
    inputs, feeds a softmax regression; backprop applies the chain rule layer by layer.

    Forward:  A = X W1 + b1;  H = act(A);  Z = H W2 + b2;  loss = cross-entropy(Z, y).
    Backward (chain rule, from the loss back to each parameter):
        dZ = (softmax(Z) - Y) / n          dW2 = H^T dZ     db2 = sum_rows(dZ)
        dH = dZ W2^T    dA = dH * act'(A)  dW1 = X^T dA     db1 = sum_rows(dA)
    with act' = 1 - H^2 for tanh and act' = [A > 0] for relu.

    Args:
        n_inputs, n_hidden: layer sizes (ints >= 1); n_classes: int >= 2.
        activation: "tanh" (default, smooth) or "relu".
        seed: int; initial weights W ~ N(0, gain^2 / fan_in) with gain 1 for tanh
            (LeCun et al. 1998) and sqrt(2) for relu (He et al. 2015); biases 0.

    params = [W1 (n_inputs, n_hidden), b1 (n_hidden,), W2 (n_hidden, n_classes),
    b2 (n_classes,)]. Unlike the linear models, the loss is not convex in these.

    Returns: ``loss_and_grad(X, y)`` returns (mean loss, list of gradients shaped like
    ``params``); ``predict(X)`` the class of each row.

    Example:
        >>> model = MLP(n_inputs=64, n_hidden=32, n_classes=10, seed=0)
        >>> [p.shape for p in model.params]
        [(64, 32), (32,), (32, 10), (10,)]

    References:
        Rumelhart, Hinton & Williams (1986) "Learning representations by
        back-propagating errors", Nature 323.

    Introduced in notebooks/06_gd_variants.
    """

    def __init__(self, n_inputs, n_hidden, n_classes, activation="tanh", seed=0):
        self.activation = one_of("activation", activation, ("tanh", "relu"),
                                 "tanh is smooth, relu is the deep-learning default")
        n_inputs = whole_number("n_inputs", n_inputs, 1, SIZE_HINT)
        n_hidden = whole_number("n_hidden", n_hidden, 1, SIZE_HINT)
        self.n_classes = whole_number("n_classes", n_classes, 2, SIZE_HINT)
        rng = np.random.default_rng(seed)
        gain = 1.0 if activation == "tanh" else np.sqrt(2.0)
        self.params = [
            rng.standard_normal((n_inputs, n_hidden)) * gain / np.sqrt(n_inputs),
            np.zeros(n_hidden),
            rng.standard_normal((n_hidden, self.n_classes)) / np.sqrt(n_hidden),
            np.zeros(self.n_classes),
        ]

    def _forward(self, X):
        W1, b1, W2, b2 = self.params
        A = X @ W1 + b1
        H = np.tanh(A) if self.activation == "tanh" else np.maximum(A, 0.0)
        return A, H, H @ W2 + b2

    def _scores(self, X):
        return self._forward(X)[2]

    def loss_and_grad(self, X, y):
        X, y = self._check(X, y)
        W1, b1, W2, b2 = self.params
        A, H, Z = self._forward(X)
        loss, dZ = cross_entropy(Z, y)
        dH = dZ @ W2.T
        dA = dH * (1.0 - H * H) if self.activation == "tanh" else dH * (A > 0)
        return loss, [X.T @ dA, dA.sum(axis=0), H.T @ dZ, dZ.sum(axis=0)]
