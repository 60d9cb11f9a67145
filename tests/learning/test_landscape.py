"""Filter-normalized directions and loss slices (Li et al. 2018), checked by hand."""

import numpy as np
import pytest

from course_lib.learning.landscape import loss_slice, random_direction
from course_lib.learning.mlp import MLP
from course_lib.learning.models import LinearRegression


def test_each_unit_of_the_direction_has_the_norm_of_its_trained_weights():
    rng = np.random.default_rng(0)
    W = rng.standard_normal((5, 3)) * np.array([0.1, 1.0, 10.0])   # units of very different size
    d = random_direction([W], rng=1)[0]
    for j in range(3):
        assert np.isclose(np.linalg.norm(d[:, j]), np.linalg.norm(W[:, j]), rtol=1e-12)
    assert not np.allclose(d, W)                                     # random, not W itself


def test_biases_get_a_zero_direction_unless_asked():
    params = [np.ones((4, 2)), np.full(2, 3.0)]
    assert np.array_equal(random_direction(params, rng=0)[1], np.zeros(2))
    d = random_direction(params, rng=0, biases=True)[1]
    assert np.isclose(np.linalg.norm(d), np.linalg.norm(params[1]))


def test_higher_dimensional_filters_are_normalized_along_the_first_axis():
    W = np.random.default_rng(2).standard_normal((3, 2, 4, 4))
    d = random_direction([W], rng=3)[0]
    for j in range(3):
        assert np.isclose(np.linalg.norm(d[j]), np.linalg.norm(W[j]))


def test_same_seed_gives_the_same_direction():
    params = MLP(4, 3, 2, seed=0).params
    a, b = random_direction(params, rng=7), random_direction(params, rng=7)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))


def test_slice_of_linear_regression_matches_the_loss_computed_by_hand():
    rng = np.random.default_rng(4)
    X, y = rng.standard_normal((30, 2)), rng.standard_normal(30)
    model = LinearRegression(2)
    model.params[0][:] = [0.5, -1.0]
    model.params[1][:] = [0.2]
    d1 = [np.array([1.0, 0.0]), np.array([0.0])]
    d2 = [np.array([0.0, 0.0]), np.array([1.0])]
    alphas, betas = np.array([-1.0, 0.0, 2.0]), np.array([0.5, -0.3])
    Z = loss_slice(model, X, y, d1, d2, alphas, betas)
    assert Z.shape == (2, 3)
    for i, beta in enumerate(betas):
        for j, alpha in enumerate(alphas):
            w = np.array([0.5 + alpha, -1.0])
            expected = np.mean((X @ w + 0.2 + beta - y) ** 2)
            assert np.isclose(Z[i, j], expected, rtol=1e-12)


def test_slice_restores_the_parameters_and_its_center_is_the_model_loss():
    rng = np.random.default_rng(5)
    X, y = rng.standard_normal((20, 4)), rng.integers(0, 3, 20)
    model = MLP(4, 5, 3, seed=1)
    before = [p.copy() for p in model.params]
    objects = [id(p) for p in model.params]
    d1, d2 = random_direction(model.params, rng=1), random_direction(model.params, rng=2)
    Z = loss_slice(model, X, y, d1, d2, np.linspace(-1, 1, 5), np.linspace(-1, 1, 5))
    assert all(np.array_equal(p, q) for p, q in zip(model.params, before))
    assert [id(p) for p in model.params] == objects
    assert np.isclose(Z[2, 2], model.loss(X, y), rtol=1e-12)


def test_slice_rejects_directions_of_the_wrong_shape():
    model = LinearRegression(2)
    with pytest.raises(ValueError, match="d2"):
        loss_slice(model, np.ones((3, 2)), np.ones(3), [np.ones(2), np.ones(1)],
                   [np.ones(3), np.ones(1)], [0.0], [0.0])
