"""Seeded synthetic data sets: small, fully known problems to reason about.

- `make_regression_1d`: y = w x + b + noise, one feature (a (w, b) loss surface).
- `make_sparse_features`: a few always-present features and a few rarely active ones
  (why one learning rate for all parameters is a poor fit).
- `make_two_blobs`, `make_two_moons`: 2-D two-class sets (linear / curved boundary).

Every generator takes `seed` (int or numpy Generator): same seed, same data.

Example:
    >>> x, y = make_regression_1d(n_samples=5, seed=0)
    >>> x.shape, y.shape
    ((5,), (5,))

Introduced in notebooks/02_loss_surfaces (the line), 06_gd_variants and 07_more_challenges.
"""

import numpy as np

from course_lib._validate import as_rng, in_range, non_negative, positive, whole_number

__all__ = ["make_regression_1d", "make_sparse_features", "make_two_blobs", "make_two_moons"]


def _check_n(n_samples, minimum=1):
    whole_number("n_samples", n_samples, minimum, "try n_samples=200")


def make_regression_1d(n_samples=100, w=2.0, b=-1.0, noise=0.5, seed=0):
    """One-feature linear regression data: y = w * x + b + noise.

    Intuition: the true line is known, so the bottom of the loss surface L(w, b) can be
    checked against it (with noise the least-squares optimum sits near, not exactly at,
    (w, b)).

    Rule: x ~ Uniform(-2, 2), y = w x + b + noise N(0, 1).

    Args:
        n_samples: int >= 2, number of points (default 100).
        w, b: slope and intercept of the true line.
        noise: standard deviation (>= 0) of the Gaussian noise added to y.
        seed: int or numpy Generator.

    Returns:
        x, y: float arrays of shape (n_samples,); x ~ Uniform(-2, 2).

    Example:
        >>> x, y = make_regression_1d(n_samples=50, noise=0.0)
        >>> bool(np.allclose(y, 2.0 * x - 1.0))
        True

    Introduced in notebooks/02_loss_surfaces.
    """
    _check_n(n_samples, minimum=2)
    non_negative("noise", noise, "try noise=0.5")
    rng = as_rng(seed, "seed")
    x = rng.uniform(-2.0, 2.0, n_samples)
    y = w * x + b + noise * rng.standard_normal(n_samples)
    return x, y


def make_sparse_features(n_samples=1000, n_dense=5, n_rare=5, p_rare=0.02, noise=0.1,
                         seed=0):
    """Linear regression data where some features are almost always zero.

    Intuition: like words in documents, the `n_rare` binary features are active (= 1)
    in only a fraction `p_rare` of the examples. Their weights receive a non-zero
    gradient only from those few examples, so the loss is very flat along them
    (curvature about p_rare, versus about 1 along the dense features). One learning
    rate small enough for the dense weights crawls along the rare ones; per-parameter
    rates (AdaGrad, RMSProp, Adam) compensate.

    Data: the first n_dense columns ~ N(0, 1); the last n_rare columns ~ Bernoulli(p_rare)
    (each rare column is active at least once). y = X @ w_true + noise * N(0, 1), with
    every true weight of size between 1 and 2 and a random sign, so the rare features
    matter as much per activation as the dense ones.

    Args:
        n_samples: int >= 1 (default 1000).
        n_dense: int >= 0 always-present features; n_rare: int >= 0 rare features;
            at least one feature in total.
        p_rare: probability in (0, 1] that a rare feature is active (default 0.02).
        noise: standard deviation (>= 0) of the noise on y.
        seed: int or numpy Generator.

    Returns:
        X (n_samples, n_dense + n_rare), y (n_samples,), w_true (n_dense + n_rare,).

    Example:
        >>> X, y, w_true = make_sparse_features()
        >>> round(float((X[:, 5:] != 0).mean()), 2)       # rare features: active 2% of the time
        0.02

    References:
        Duchi, Hazan & Singer (2011) "Adaptive subgradient methods for online learning
        and stochastic optimization", JMLR 12.

    Introduced in notebooks/07_more_challenges.
    """
    _check_n(n_samples)
    n_dense = whole_number("n_dense", n_dense, 0, "try n_dense=5")
    n_rare = whole_number("n_rare", n_rare, 0, "try n_rare=5")
    whole_number("n_dense + n_rare", n_dense + n_rare, 1, "at least one feature in total")
    in_range("p_rare", p_rare, 0, 1, "try p_rare=0.02", low_open=True)
    non_negative("noise", noise, "try noise=0.1")
    rng = as_rng(seed, "seed")
    dense = rng.standard_normal((n_samples, n_dense))
    rare = (rng.random((n_samples, n_rare)) < p_rare).astype(np.float64)
    for j in np.flatnonzero(rare.sum(axis=0) == 0):
        rare[rng.integers(n_samples), j] = 1.0
    X = np.hstack([dense, rare])
    w_true = rng.uniform(1.0, 2.0, X.shape[1]) * rng.choice([-1.0, 1.0], X.shape[1])
    y = X @ w_true + noise * rng.standard_normal(n_samples)
    return X, y, w_true


def make_two_blobs(n_samples=200, distance=3.0, noise=1.0, seed=0):
    """Two Gaussian clouds in the plane, one per class (a nearly linear boundary).

    Intuition: the easiest classification problem; a straight line separates most of it,
    so logistic regression does well and the interesting part is how fast it gets there.

    Rule: class c in {0, 1} is drawn from N(mu_c, noise^2 I) with mu_0 = -mu_1 and
    |mu_1 - mu_0| = distance, along the diagonal.

    Args:
        n_samples: int >= 2, split evenly between the classes (class 0 gets the extra one).
        distance: distance between the two cloud centers (default 3.0).
        noise: standard deviation > 0 of each cloud.
        seed: int or numpy Generator.

    Returns:
        X (n_samples, 2) float, y (n_samples,) int in {0, 1}, shuffled.

    Example:
        >>> X, y = make_two_blobs(n_samples=10)
        >>> X.shape, np.bincount(y).tolist()
        ((10, 2), [5, 5])

    Introduced in notebooks/06_gd_variants.
    """
    _check_n(n_samples, minimum=2)
    positive("noise", noise, "try noise=1.0")
    rng = as_rng(seed, "seed")
    y = np.arange(n_samples) % 2
    centers = np.array([[-0.5, -0.5], [0.5, 0.5]]) * distance / np.sqrt(2.0)
    X = centers[y] + noise * rng.standard_normal((n_samples, 2))
    order = rng.permutation(n_samples)
    return X[order], y[order].astype(np.int64)


def make_two_moons(n_samples=200, noise=0.1, seed=0):
    """Two interleaving half circles, one per class (a curved boundary: needs an MLP).

    Intuition: no straight line separates the moons, so a linear model plateaus while a
    network with a hidden layer learns the curve: a small non-convex training problem.

    Rule: class 0 lies on the upper unit half circle, class 1 on the lower one shifted to
    (1, 0.5); angles ~ Uniform(0, pi), then Gaussian jitter of size ``noise``.

    Args:
        n_samples: int >= 2, split evenly between the classes.
        noise: standard deviation >= 0 of the Gaussian jitter added to each point.
        seed: int or numpy Generator.

    Returns:
        X (n_samples, 2) float, y (n_samples,) int in {0, 1}, shuffled.

    Example:
        >>> X, y = make_two_moons(n_samples=10, noise=0.0)
        >>> bool(np.allclose(np.hypot(X[y == 0, 0], X[y == 0, 1]), 1.0))
        True

    Introduced in notebooks/07_more_challenges.
    """
    _check_n(n_samples, minimum=2)
    non_negative("noise", noise, "try noise=0.1")
    rng = as_rng(seed, "seed")
    y = np.arange(n_samples) % 2
    angle = rng.uniform(0.0, np.pi, n_samples)
    # class 0: upper unit half circle; class 1: lower half circle shifted right and down
    X = np.column_stack([np.cos(angle), np.sin(angle)])
    X[y == 1] = np.column_stack([1.0 - X[y == 1, 0], 0.5 - X[y == 1, 1]])
    X += noise * rng.standard_normal((n_samples, 2))
    order = rng.permutation(n_samples)
    return X[order], y[order].astype(np.int64)
