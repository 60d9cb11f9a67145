"""Shipped data sets and synthetic generators: shapes, published facts, seeded splits."""

from pathlib import Path

import numpy as np
import pytest

from course_lib.data import DIABETES_FEATURES, load_diabetes, load_digits
from course_lib.learning.synthetic import (make_regression_1d, make_sparse_features, make_two_blobs,
                                  make_two_moons)

DATA = Path(__file__).resolve().parents[2] / "course_lib" / "data"
# Class counts of the UCI optdigits test set (optdigits.names, section "Class Distribution")
UCI_TEST_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def raw_digits():
    with np.load(DATA / "digits.npz") as f:
        return f["images"].reshape(-1, 64).astype(float), f["target"].astype(int)


# ---- digits -------------------------------------------------------------------------

def test_digits_are_1797_images_of_64_pixels_with_uci_class_counts():
    X_train, y_train, X_test, y_test = load_digits()
    assert X_train.shape[1] == X_test.shape[1] == 64
    assert len(X_train) + len(X_test) == 1797
    y = np.concatenate([y_train, y_test])
    assert np.bincount(y).tolist() == UCI_TEST_COUNTS


def test_raw_digit_pixels_are_whole_numbers_from_0_to_16():
    X_train, _, X_test, _ = load_digits(standardize=False)
    X = np.vstack([X_train, X_test])
    assert X.dtype == np.float64
    assert X.min() == 0 and X.max() == 16 and np.all(X == np.round(X))


def test_split_is_a_partition_of_the_shipped_examples():
    X, y = raw_digits()
    X_train, y_train, X_test, y_test = load_digits(standardize=False, seed=3)
    rows = lambda A, b: sorted(map(tuple, np.column_stack([A, b]).tolist()))   # noqa: E731
    assert rows(np.vstack([X_train, X_test]), np.concatenate([y_train, y_test])) == rows(X, y)


def test_split_is_stratified_and_test_size_is_respected():
    _, y_train, _, y_test = load_digits(test_size=0.2)
    expected = 0.2 * np.array(UCI_TEST_COUNTS)
    assert np.all(np.abs(np.bincount(y_test) - expected) <= 0.5)
    assert len(y_test) == pytest.approx(0.2 * 1797, abs=5)


def test_same_seed_same_split_and_different_seed_different_split():
    a, b, c = load_digits(seed=0), load_digits(seed=0), load_digits(seed=1)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    assert not np.array_equal(a.y_test, c.y_test)


def test_standardization_uses_train_statistics_only():
    raw = load_digits(standardize=False, seed=2)
    std = load_digits(standardize=True, seed=2)
    mean, scale = raw.X_train.mean(axis=0), raw.X_train.std(axis=0)
    scale[scale == 0] = 1.0                      # pixels that are always 0 in training
    np.testing.assert_allclose(std.X_test, (raw.X_test - mean) / scale)
    np.testing.assert_allclose(std.X_train.mean(axis=0), 0, atol=1e-12)
    varying = raw.X_train.std(axis=0) > 0
    np.testing.assert_allclose(std.X_train.std(axis=0)[varying], 1)
    np.testing.assert_array_equal(std.y_train, raw.y_train)


def test_test_size_zero_puts_everything_in_train():
    X_train, _, X_test, _ = load_digits(test_size=0)
    assert X_train.shape == (1797, 64) and X_test.shape == (0, 64)


@pytest.mark.parametrize("test_size, error", [(-0.1, ValueError), (1, ValueError),
                                               (1.5, ValueError), ("0.25", TypeError)])
def test_bad_test_size_is_refused(test_size, error):
    with pytest.raises(error, match=r"test_size must be (a number )?in \[0, 1\).*a fraction"):
        load_digits(test_size=test_size)


# ---- diabetes -----------------------------------------------------------------------

def test_diabetes_is_442_patients_by_10_features_with_the_published_target_range():
    X_train, y_train, X_test, y_test = load_diabetes(standardize=False)
    X, y = np.vstack([X_train, X_test]), np.concatenate([y_train, y_test])
    assert X.shape == (442, 10) and y.shape == (442,)
    assert y.min() == 25 and y.max() == 346                # scikit-learn docs: integer 25 - 346
    assert sorted(np.unique(X[:, DIABETES_FEATURES.index("sex")])) == [1, 2]


def test_diabetes_first_patient_matches_scikit_learns_published_scaled_row():
    # scikit-learn's load_diabetes() scales each column to unit sum of squares; its
    # documented first row begins 0.03807591, 0.05068012, 0.06169621 (age, sex, bmi).
    x_bmi, _ = load_diabetes(feature="bmi")
    assert x_bmi[0] / np.sqrt(442) == pytest.approx(0.06169621, abs=1e-8)
    x_age, _ = load_diabetes(feature="age")
    assert x_age[0] / np.sqrt(442) == pytest.approx(0.03807591, abs=1e-8)
    assert load_diabetes(feature="bmi", standardize=False)[1][0] == 151


def test_one_feature_form_is_standardized_and_bmi_correlates_with_progression():
    x, y = load_diabetes(feature="bmi")
    assert x.shape == y.shape == (442,)
    np.testing.assert_allclose([x.mean(), y.mean(), x.std(), y.std()], [0, 0, 1, 1],
                               atol=1e-12)
    assert np.corrcoef(x, y)[0, 1] == pytest.approx(0.5865, abs=1e-4)


def test_diabetes_standardizes_features_and_target_with_train_statistics():
    raw = load_diabetes(standardize=False, seed=4)
    std = load_diabetes(seed=4)
    np.testing.assert_allclose(std.y_test, (raw.y_test - raw.y_train.mean()) / raw.y_train.std())
    np.testing.assert_allclose(std.X_train.std(axis=0), 1)
    assert len(std.y_test) == round(0.25 * 442)


def test_unknown_diabetes_feature_is_refused_listing_the_names():
    with pytest.raises(ValueError, match="feature must be one of.*'bmi'.*got 'BMI'"):
        load_diabetes(feature="BMI")


# ---- synthetic ----------------------------------------------------------------------

def test_regression_1d_without_noise_lies_on_the_line():
    x, y = make_regression_1d(n_samples=30, w=-1.5, b=0.25, noise=0.0, seed=1)
    np.testing.assert_allclose(y, -1.5 * x + 0.25)


def test_regression_1d_least_squares_recovers_the_line():
    x, y = make_regression_1d(n_samples=2000, w=2.0, b=-1.0, noise=0.5, seed=0)
    w, b = np.polyfit(x, y, 1)
    assert w == pytest.approx(2.0, abs=0.05) and b == pytest.approx(-1.0, abs=0.05)


def test_generators_are_seeded():
    for make in (make_regression_1d, make_two_blobs, make_two_moons, make_sparse_features):
        a, b, c = make(seed=5), make(seed=5), make(seed=6)
        np.testing.assert_array_equal(a[0], b[0])
        assert not np.array_equal(a[0], c[0])


def test_sparse_features_are_rarely_active_and_y_follows_the_true_weights():
    X, y, w_true = make_sparse_features(n_samples=5000, n_dense=3, n_rare=4, p_rare=0.02,
                                        noise=0.0, seed=0)
    assert X.shape == (5000, 7)
    active = (X[:, 3:] != 0).mean(axis=0)
    assert np.all((active > 0.01) & (active < 0.03))
    assert np.all((X[:, :3] != 0).mean(axis=0) == 1.0)
    np.testing.assert_allclose(y, X @ w_true)
    assert np.all((np.abs(w_true) >= 1) & (np.abs(w_true) <= 2))


def test_every_rare_feature_is_active_at_least_once():
    X, _, _ = make_sparse_features(n_samples=20, n_rare=10, p_rare=0.001, seed=0)
    assert np.all((X[:, 5:] != 0).sum(axis=0) >= 1)


def test_two_blobs_are_balanced_and_centered_at_plus_minus_half_the_distance():
    X, y = make_two_blobs(n_samples=4000, distance=3.0, noise=0.5, seed=0)
    assert np.bincount(y).tolist() == [2000, 2000]
    gap = X[y == 1].mean(axis=0) - X[y == 0].mean(axis=0)
    assert np.linalg.norm(gap) == pytest.approx(3.0, abs=0.05)


def test_two_moons_without_noise_lie_on_two_unit_half_circles():
    X, y = make_two_moons(n_samples=101, noise=0.0, seed=0)
    np.testing.assert_allclose(np.hypot(*X[y == 0].T), 1.0)
    assert np.all(X[y == 0, 1] >= 0)
    np.testing.assert_allclose(np.hypot(X[y == 1, 0] - 1.0, X[y == 1, 1] - 0.5), 1.0)
    assert np.all(X[y == 1, 1] <= 0.5)


@pytest.mark.parametrize("make, kwargs, name", [
    (make_regression_1d, {"noise": -1.0}, "noise"),
    (make_sparse_features, {"p_rare": 0.0}, "p_rare"),
    (make_two_blobs, {"n_samples": 1}, "n_samples"),
    (make_two_moons, {"seed": "x"}, "seed"),
])
def test_generator_arguments_are_checked_by_name(make, kwargs, name):
    with pytest.raises((ValueError, TypeError), match=name):
        make(**kwargs)
