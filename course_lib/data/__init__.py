"""Real data sets shipped with the course, loaded offline.

- `load_digits`: 1,797 handwritten digits, 8x8 pixels (values 0..16), 10 classes.
- `load_diabetes`: 442 patients, 10 baseline measurements, a disease-progression target.

Both return a fixed, seeded train/test split as float arrays. Source, citations and
licences are in course_lib/data/README.md.

Example:
    >>> X_train, y_train, X_test, y_test = load_diabetes()
    >>> X_train.shape, X_test.shape
    ((332, 10), (110, 10))

Introduced in notebooks/02_loss_surfaces (diabetes) and 06_gd_variants (digits).
"""
import functools
from pathlib import Path
from typing import NamedTuple

import numpy as np

from course_lib._validate import in_range, one_of

__all__ = ["Split", "load_digits", "load_diabetes", "DIABETES_FEATURES"]

_HERE = Path(__file__).resolve().parent
DIABETES_FEATURES = ("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")


class Split(NamedTuple):
    """A train/test split; unpack it as `X_train, y_train, X_test, y_test = split`.

    Intuition: the model learns from the training part only; the test part measures how
    well it does on examples it has never seen.

    Args: X_train (n_train, d), y_train (n_train,), X_test (n_test, d),
    y_test (n_test,).

    Example:
        >>> split = load_digits()
        >>> split.X_train.shape == (len(split.y_train), 64)
        True

    Introduced in notebooks/06_gd_variants.
    """
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


@functools.lru_cache(maxsize=None)
def _read(name):
    with np.load(_HERE / f"{name}.npz", allow_pickle=False) as f:
        return {k: f[k] for k in f.files}


def _check_test_size(test_size):
    in_range("test_size", test_size, 0, 1, "a fraction: use e.g. test_size=0.25 to hold out "
             "a quarter of the examples", high_open=True)


def _split_indices(labels, test_size, seed):
    """Seeded split; stratified on `labels` so every class keeps its share in both parts."""
    rng = np.random.default_rng(seed)
    test = []
    for c in np.unique(labels):
        idx = rng.permutation(np.flatnonzero(labels == c))
        test.append(idx[:int(round(test_size * len(idx)))])
    test = np.sort(np.concatenate(test))
    train = np.setdiff1d(np.arange(len(labels)), test)
    return rng.permutation(train), rng.permutation(test)


def _standardize(train, *others):
    """Center and scale with the TRAIN statistics only; constant columns are only centered."""
    mean, std = train.mean(axis=0), train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return [(a - mean) / std for a in (train, *others)]


def load_digits(test_size=0.25, seed=0, standardize=True):
    """The UCI handwritten digits as a seeded, stratified train/test split.

    Each example is an 8x8 image flattened to 64 pixel values (integers 0..16: how many
    of the 16 pixels in a 4x4 block of the original 32x32 scan were ink) and a label 0..9.

    Args:
        test_size: fraction of the 1,797 images held out for testing, in [0, 1);
            default 0.25 (1,347 train / 450 test). 0 puts everything in train.
        seed: int; the same seed always gives the same split and order.
        standardize: if True (default) every pixel column is centered and divided by
            its standard deviation, both computed on the training part only (columns
            that are always 0 in training stay 0). If False, raw values 0..16.

    Returns:
        Split(X_train, y_train, X_test, y_test): X float64 of shape (n, 64),
        y int64 of shape (n,). View an image with `X[i].reshape(8, 8)`.

    Example:
        >>> X_train, y_train, X_test, y_test = load_digits()
        >>> X_train.shape, X_test.shape
        ((1347, 64), (450, 64))

    References:
        Alpaydin & Kaynak (1998) "Optical Recognition of Handwritten Digits", UCI
        Machine Learning Repository, doi:10.24432/C50P49.

    Introduced in notebooks/06_gd_variants.
    """
    _check_test_size(test_size)
    raw = _read("digits")
    X = raw["images"].reshape(len(raw["images"]), -1).astype(np.float64)
    y = raw["target"].astype(np.int64)
    train, test = _split_indices(y, test_size, seed)
    X_train, X_test = X[train], X[test]
    if standardize:
        X_train, X_test = _standardize(X_train, X_test)
    return Split(X_train, y[train], X_test, y[test])


def load_diabetes(test_size=0.25, seed=0, standardize=True, feature=None):
    """The diabetes regression data (442 patients x 10 features) of Efron et al. (2004).

    Features (in this column order): age, sex, bmi (body mass index), bp (mean blood
    pressure), s1..s6 (six blood serum measurements). Target: a measure of disease
    progression one year after the baseline measurements (raw values 25..346).

    Two forms:
    - `load_diabetes()` -> Split(X_train, y_train, X_test, y_test) with X of shape
      (n, 10). If standardize, X columns AND the target are standardized with train
      statistics, so an MSE of 1.0 means "no better than predicting the mean".
    - `load_diabetes(feature="bmi")` -> (x, y), two 1-D arrays over all 442 patients:
      one feature against the target, for the two-parameter model y ~ w x + b whose
      loss surface L(w, b) lesson 02 draws. If standardize, x and y have mean 0 and
      standard deviation 1 (statistics of all 442 patients; there is no test part).

    Args:
        test_size: fraction held out for testing, in [0, 1); default 0.25. Ignored
            when `feature` is given.
        seed: int; the same seed gives the same split (ignored when `feature` is given).
        standardize: True (default) or False for the raw units.
        feature: None (all 10 features) or one name from DIABETES_FEATURES.

    Returns: a Split, or (x, y) when ``feature`` is given (see above).

    Example:
        >>> x, y = load_diabetes(feature="bmi")
        >>> x.shape, round(float(np.corrcoef(x, y)[0, 1]), 2)
        ((442,), 0.59)

    References:
        Efron, Hastie, Johnstone & Tibshirani (2004) "Least angle regression",
        Annals of Statistics 32(2), 407-499.

    Introduced in notebooks/02_loss_surfaces.
    """
    raw = _read("diabetes")
    X, y = raw["data"].astype(np.float64), raw["target"].astype(np.float64)
    if feature is not None:
        one_of("feature", feature, DIABETES_FEATURES, "try feature='bmi' (body mass index)")
        x = X[:, DIABETES_FEATURES.index(feature)]
        if standardize:
            x, y = (x - x.mean()) / x.std(), (y - y.mean()) / y.std()
        return x, y
    _check_test_size(test_size)
    rng = np.random.default_rng(seed)
    n_test = int(round(test_size * len(y)))
    order = rng.permutation(len(y))
    test, train = order[:n_test], order[n_test:]
    X_train, X_test, y_train, y_test = X[train], X[test], y[train], y[test]
    if standardize:
        X_train, X_test = _standardize(X_train, X_test)
        y_train, y_test = _standardize(y_train, y_test)
    return Split(X_train, y_train, X_test, y_test)
