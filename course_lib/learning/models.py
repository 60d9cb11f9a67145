"""Models with a loss and its gradient, written out by hand.

Every model keeps its parameters in `model.params`, a list of float arrays, and returns
gradients as a list of the same shapes, so any course_lib optimizer trains any model:

    loss, grads = model.loss_and_grad(X_batch, y_batch)
    opt.step(model.params, grads)          # updates model.params in place

Losses are means over the examples of the batch (so the gradient scale does not grow
with batch_size). Classifiers take integer labels y in 0..n_classes-1. The neural network
(`MLP`, hand-written backprop) lives in course_lib.learning.mlp on top of the `Model` base here.

Example:
    >>> model = LinearRegression(n_features=2)
    >>> loss, grads = model.loss_and_grad(np.ones((4, 2)), np.full(4, 3.0))
    >>> loss, [g.tolist() for g in grads]          # residuals -3: L = 9, dL/dw = 2 * -3
    (9.0, [[-6.0, -6.0], [-6.0]])

Introduced in notebooks/02_loss_surfaces (the line fit) and 06_gd_variants (the others).
"""
import copy

import numpy as np

from course_lib._validate import class_labels, shaped, whole_number

__all__ = ["cross_entropy", "Model", "LinearRegression", "LogisticRegression", "SoftmaxClassifier",
           "SoftmaxRegression"]


def _log_softmax(Z):
    """log softmax(Z) per row, via the log-sum-exp trick (no overflow for large Z)."""
    Z = Z - Z.max(axis=1, keepdims=True)
    return Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))


# Layer and feature counts are whole numbers; say where to read them from.
SIZE_HINT = "pass the size as a whole number, e.g. X.shape[1]"


def cross_entropy(Z, y):
    """Mean cross-entropy of scores Z (n, k) for labels y, and its gradient dL/dZ.

    Intuition: softmax turns each row of scores into probabilities; the loss is -log of
    the probability given to the true class, so a confident mistake costs a lot.

    Rule: P = softmax(Z) row by row (log-sum-exp, stable for any scores);
    L = -(1/n) sum_i log P[i, y_i];  dL/dZ = (P - Y) / n with Y the one-hot labels.

    Args:
        Z: (n, k) float scores. y: (n,) integer labels in 0..k-1.

    Returns: (L as a float, dL/dZ as an (n, k) array).

    Example:
        >>> loss, dZ = cross_entropy(np.zeros((1, 2)), np.array([0]))   # 50/50: log 2
        >>> round(loss, 4), dZ.tolist()
        (0.6931, [[-0.5, 0.5]])

    Introduced in notebooks/06_gd_variants.
    """
    n = len(y)
    log_p = _log_softmax(Z)
    loss = -log_p[np.arange(n), y].mean()
    dZ = np.exp(log_p)
    dZ[np.arange(n), y] -= 1.0          # softmax(Z) - one_hot(y)
    return float(loss), dZ / n


class Model:
    """Base class of the course's models: parameters, a loss and its gradient.

    Intuition: an optimizer needs only two things from a model, the parameter arrays
    to move and the gradient of the loss with respect to each; any model that offers
    them trains with any optimizer.

    Rule: a subclass sets `params` (a list of float arrays) in __init__ and implements
    `loss_and_grad(X, y) -> (float, list of arrays shaped like params)` and `predict(X)`;
    classifiers also set `is_classifier = True` and `n_classes`. The base class then
    provides `loss`, `grad`, `accuracy`, `copy` and `n_params`.

    Example:
        >>> LinearRegression(n_features=3).n_params          # w (3,) and b (1,)
        4

    Introduced in notebooks/06_gd_variants.
    """

    is_classifier = False
    n_classes = None

    def loss(self, X, y):
        """Mean loss over the examples (X, y): a float."""
        return self.loss_and_grad(X, y)[0]

    def grad(self, X, y):
        """Gradient of `loss` w.r.t. each array in `params` (a list of the same shapes)."""
        return self.loss_and_grad(X, y)[1]

    def copy(self):
        """An independent copy (same parameter values, separate arrays)."""
        return copy.deepcopy(self)

    def __repr__(self):
        shapes = ", ".join(str(p.shape) for p in self.params)
        return f"{type(self).__name__}(params: {shapes}; {self.n_params} numbers)"

    @property
    def n_params(self):
        """Total number of scalar parameters."""
        return sum(p.size for p in self.params)

    def accuracy(self, X, y):
        """Fraction of examples whose predicted class equals y (classifiers only)."""
        if not self.is_classifier:
            raise TypeError(f"{type(self).__name__} is a regression model; use loss(X, y)")
        X, y = self._check(X, y)
        return float(np.mean(self.predict(X) == y))

    def _check(self, X, y=None):
        """Validate shapes (and labels): learner-facing messages naming the argument."""
        d = self.params[0].shape[0]
        X = shaped("X", X, ("n_examples", d),
                   "for a single example use X[None, :] or X.reshape(1, -1)")
        if y is None:
            return X
        y = shaped("y", y, (len(X),), "pass one target per row of X (flatten it with "
                   "y.ravel() if needed)", dtype=None)
        if not self.is_classifier:
            return X, y.astype(np.float64)
        class_labels("y", y, self.n_classes)
        return X, y


class LinearRegression(Model):
    """Linear regression with mean squared error.

    Intuition: predict with a weighted sum of the features plus an offset, and pay the
    squared distance to the truth; the loss is a bowl in (w, b) with one bottom.

    Prediction y_hat = X w + b; loss L(w, b) = (1/n) sum_i (y_hat_i - y_i)^2;
    gradient dL/dw = (2/n) X^T (y_hat - y), dL/db = (2/n) sum_i (y_hat_i - y_i).
    params = [w (n_features,), b (1,)], both starting at 0 (the loss is convex).

    Args:
        n_features: the number of input columns, a whole number >= 1.

    Example:
        >>> model = LinearRegression(n_features=3)
        >>> model.loss(np.ones((4, 3)), np.full(4, 2.0))
        4.0

    Introduced in notebooks/02_loss_surfaces.
    """

    def __init__(self, n_features):
        n_features = whole_number("n_features", n_features, 1, SIZE_HINT)
        self.params = [np.zeros(n_features), np.zeros(1)]

    def predict(self, X):
        w, b = self.params
        return self._check(X) @ w + b[0]

    def loss_and_grad(self, X, y):
        X, y = self._check(X, y)
        w, b = self.params
        r = X @ w + b[0] - y                         # residuals y_hat - y
        n = len(y)
        return float(r @ r / n), [2.0 / n * (X.T @ r), np.array([2.0 / n * r.sum()])]


class LogisticRegression(Model):
    """Binary logistic regression with (binary) cross-entropy; labels y in {0, 1}.

    Intuition: a linear score squashed into a probability of class 1; the loss charges
    -log of the probability given to the true class (a confident mistake costs a lot).

    p = sigmoid(X w + b); loss = -(1/n) sum_i [y_i log p_i + (1 - y_i) log(1 - p_i)],
    computed stably as (1/n) sum_i [log(1 + exp(z_i)) - y_i z_i] with z = X w + b.
    Gradient: dL/dz = (p - y) / n, so dL/dw = X^T (p - y) / n, dL/db = sum(p - y) / n.
    params = [w (n_features,), b (1,)], starting at 0.

    Args:
        n_features: the number of input columns, a whole number >= 1.

    Example:
        >>> model = LogisticRegression(n_features=2)          # w = 0: p = 0.5 for all
        >>> round(model.loss(np.ones((2, 2)), np.array([0, 1])), 4)     # log 2
        0.6931

    References: Cox (1958), "The regression analysis of binary sequences", JRSS B 20(2).
    Introduced in notebooks/06_gd_variants.
    """

    is_classifier = True
    n_classes = 2

    def __init__(self, n_features):
        n_features = whole_number("n_features", n_features, 1, SIZE_HINT)
        self.params = [np.zeros(n_features), np.zeros(1)]

    def _scores(self, X):
        w, b = self.params
        return X @ w + b[0]

    def predict_proba(self, X):
        """Probability of class 1 for each row."""
        return np.exp(-np.logaddexp(0.0, -self._scores(self._check(X))))

    def predict(self, X):
        return (self._scores(self._check(X)) > 0).astype(np.int64)

    def loss_and_grad(self, X, y):
        X, y = self._check(X, y)
        z = self._scores(X)
        loss = np.mean(np.logaddexp(0.0, z) - y * z)
        dz = (np.exp(-np.logaddexp(0.0, -z)) - y) / len(y)
        return float(loss), [X.T @ dz, np.array([dz.sum()])]


class SoftmaxClassifier(Model):
    """Shared by the models that end in class scores Z -> softmax -> cross-entropy.

    Intuition: softmax regression and the MLP differ only in how they compute the class
    scores; predicting, probabilities and the loss follow from the scores alike.

    Rule: a subclass writes ``_scores(X)`` (the (n, n_classes) array Z) and
    ``loss_and_grad``; P = softmax(Z), the prediction is argmax_k Z[i, k].

    Example:
        >>> SoftmaxRegression(n_features=2, n_classes=3).predict_proba(np.ones((1, 2)))
        array([[0.33333333, 0.33333333, 0.33333333]])

    Introduced in notebooks/06_gd_variants.
    """

    is_classifier = True

    def predict_proba(self, X):
        """Class probabilities, shape (n, n_classes), rows summing to 1."""
        return np.exp(_log_softmax(self._scores(self._check(X))))

    def predict(self, X):
        return self._scores(self._check(X)).argmax(axis=1)

    def loss(self, X, y):
        """Mean cross-entropy over (X, y): a forward pass only, no gradient computed."""
        X, y = self._check(X, y)
        return float(-_log_softmax(self._scores(X))[np.arange(len(y)), y].mean())


class SoftmaxRegression(SoftmaxClassifier):
    """Multinomial logistic (softmax) regression with cross-entropy.

    Intuition: one linear score per class, turned into probabilities by softmax; the
    loss is -log of the probability given to the true class, averaged over examples.

    Scores Z = X W + b; probabilities P = softmax(Z) per row;
    loss = -(1/n) sum_i log P[i, y_i] (log-sum-exp trick, stable for any scores).
    Gradient: dL/dZ = (P - Y) / n with Y the one-hot labels; dL/dW = X^T dL/dZ,
    dL/db = column sums of dL/dZ. params = [W (n_features, n_classes), b (n_classes,)],
    starting at 0 (the loss is convex).

    Args:
        n_features: the number of input columns, a whole number >= 1.
        n_classes: the number of classes, a whole number >= 2.

    Example:
        >>> model = SoftmaxRegression(n_features=64, n_classes=10)
        >>> round(model.loss(np.zeros((2, 64)), np.array([3, 7])), 4)   # log(10)
        2.3026

    Introduced in notebooks/06_gd_variants.
    """

    def __init__(self, n_features, n_classes):
        self.n_classes = whole_number("n_classes", n_classes, 2, SIZE_HINT)
        n_features = whole_number("n_features", n_features, 1, SIZE_HINT)
        self.params = [np.zeros((n_features, self.n_classes)),
                       np.zeros(self.n_classes)]

    def _scores(self, X):
        W, b = self.params
        return X @ W + b

    def loss_and_grad(self, X, y):
        X, y = self._check(X, y)
        loss, dZ = cross_entropy(self._scores(X), y)
        return loss, [X.T @ dZ, dZ.sum(axis=0)]
