"""Models: every hand-written gradient against finite differences (and torch autograd)."""

import numpy as np
import pytest

from course_lib.gradients import numerical_gradient
from course_lib.surfaces.line_fit import LineFitSurface, mse_grad_wb, mse_loss_wb
from course_lib.learning.mlp import MLP
from course_lib.learning.models import LinearRegression, LogisticRegression, SoftmaxRegression


def numerical_param_grads(model, X, y):
    """Finite-difference gradient of model.loss w.r.t. each array of model.params."""
    grads = []
    for i, p in enumerate(model.params):
        def loss_of(p_i, i=i):
            saved = model.params[i]
            model.params[i] = p_i
            try:
                return model.loss(X, y)
            finally:
                model.params[i] = saved
        grads.append(numerical_gradient(loss_of, p))
    return grads


def randomize(model, rng, scale=0.5):
    for p in model.params:
        p[...] = scale * rng.standard_normal(p.shape)
    return model


def assert_grads_match(model, X, y, rtol=1e-6, atol=1e-8):
    analytic = model.grad(X, y)
    numeric = numerical_param_grads(model, X, y)
    assert [g.shape for g in analytic] == [p.shape for p in model.params]
    for a, n in zip(analytic, numeric):
        np.testing.assert_allclose(a, n, rtol=rtol, atol=atol)


CASES = [(1, 1), (5, 3), (17, 8)]          # (n_examples, n_features)


@pytest.mark.parametrize("n, d", CASES)
@pytest.mark.parametrize("seed", [0, 1])
def test_linear_regression_gradient_matches_finite_differences(n, d, seed):
    rng = np.random.default_rng(seed)
    model = randomize(LinearRegression(d), rng)
    assert_grads_match(model, rng.standard_normal((n, d)), rng.standard_normal(n))


@pytest.mark.parametrize("n, d", CASES)
@pytest.mark.parametrize("seed", [0, 1])
def test_logistic_regression_gradient_matches_finite_differences(n, d, seed):
    rng = np.random.default_rng(seed)
    model = randomize(LogisticRegression(d), rng)
    assert_grads_match(model, rng.standard_normal((n, d)), rng.integers(0, 2, n))


@pytest.mark.parametrize("n, d, k", [(1, 1, 2), (6, 4, 3), (20, 8, 10)])
@pytest.mark.parametrize("seed", [0, 1])
def test_softmax_regression_gradient_matches_finite_differences(n, d, k, seed):
    rng = np.random.default_rng(seed)
    model = randomize(SoftmaxRegression(d, k), rng)
    assert_grads_match(model, rng.standard_normal((n, d)), rng.integers(0, k, n))


@pytest.mark.parametrize("n, d, h, k", [(1, 2, 1, 2), (7, 5, 4, 3), (16, 8, 12, 10)])
@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_mlp_gradient_matches_finite_differences(n, d, h, k, activation):
    rng = np.random.default_rng(n + d)
    model = randomize(MLP(d, h, k, activation=activation), rng, scale=0.7)
    X = rng.standard_normal((n, d))
    # relu has a kink at 0: a point with no pre-activation within 1e-3 of it is smooth
    # enough for finite differences with h = 1e-5
    A = X @ model.params[0] + model.params[1]
    assert np.min(np.abs(A)) > 1e-3 or activation == "tanh"
    assert_grads_match(model, X, rng.integers(0, k, n))


def test_mlp_loss_and_gradient_agree_with_torch_autograd():
    torch = pytest.importorskip(
        "torch", reason="torch autograd is the reference here: pip install -e .[test,reference]")
    rng = np.random.default_rng(0)
    model = MLP(6, 5, 4, activation="tanh", seed=3)
    X, y = rng.standard_normal((9, 6)), rng.integers(0, 4, 9)
    loss, grads = model.loss_and_grad(X, y)
    W1, b1, W2, b2 = [torch.tensor(p, requires_grad=True) for p in model.params]
    Z = torch.tanh(torch.tensor(X) @ W1 + b1) @ W2 + b2
    ref = torch.nn.functional.cross_entropy(Z, torch.tensor(y))
    ref.backward()
    assert loss == pytest.approx(ref.item(), rel=1e-12)
    for g, t in zip(grads, (W1, b1, W2, b2)):
        np.testing.assert_allclose(g, t.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_softmax_loss_is_stable_for_huge_scores_no_overflow():
    model = SoftmaxRegression(2, 3)
    model.params[0][...] = [[1e4, 0.0, -1e4], [0.0, 0.0, 0.0]]
    X, y = np.array([[1.0, 0.0], [1.0, 0.0]]), np.array([0, 1])
    # scores (1e4, 0, -1e4): example 0 is certain (loss ~0), example 1 costs 1e4 nats
    assert model.loss(X, y) == pytest.approx((0.0 + 1e4) / 2)
    assert np.all(np.isfinite(model.grad(X, y)[0]))
    np.testing.assert_allclose(model.predict_proba(X).sum(axis=1), 1.0)


def test_logistic_regression_equals_two_class_softmax_with_a_zero_class():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((10, 3)), rng.integers(0, 2, 10)
    logistic = randomize(LogisticRegression(3), rng)
    softmax = SoftmaxRegression(3, 2)
    softmax.params[0][:, 1], softmax.params[1][1] = logistic.params[0], logistic.params[1][0]
    assert logistic.loss(X, y) == pytest.approx(softmax.loss(X, y), rel=1e-12)
    np.testing.assert_allclose(logistic.predict_proba(X), softmax.predict_proba(X)[:, 1])
    np.testing.assert_array_equal(logistic.predict(X), softmax.predict(X))


def test_linear_regression_gradient_vanishes_at_the_least_squares_solution():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((50, 4)), rng.standard_normal(50)
    coef = np.linalg.lstsq(np.column_stack([X, np.ones(50)]), y, rcond=None)[0]
    model = LinearRegression(4)
    model.params[0][...], model.params[1][...] = coef[:4], coef[4]
    for g in model.grad(X, y):
        np.testing.assert_allclose(g, 0.0, atol=1e-12)
    assert model.loss(X, y) == pytest.approx(np.mean((X @ coef[:4] + coef[4] - y) ** 2))


def test_untrained_softmax_predicts_uniformly_with_loss_log_k():
    model = SoftmaxRegression(64, 10)
    assert model.loss(np.ones((3, 64)), np.array([0, 5, 9])) == pytest.approx(np.log(10))


def test_mlp_initialization_is_seeded():
    a, b, c = MLP(8, 4, 3, seed=0), MLP(8, 4, 3, seed=0), MLP(8, 4, 3, seed=1)
    np.testing.assert_array_equal(a.params[0], b.params[0])
    assert not np.array_equal(a.params[0], c.params[0])
    assert a.n_params == 8 * 4 + 4 + 4 * 3 + 3


def test_copy_is_independent():
    model = SoftmaxRegression(3, 2)
    twin = model.copy()
    twin.params[0] += 1.0
    assert np.all(model.params[0] == 0.0)


def test_accuracy_counts_correct_predictions():
    model = SoftmaxRegression(2, 2)
    model.params[0][...] = [[1.0, -1.0], [0.0, 0.0]]          # predicts 0 iff x0 > 0
    X = np.array([[1.0, 0.0], [2.0, 0.0], [-1.0, 0.0], [-3.0, 0.0]])
    assert model.accuracy(X, np.array([0, 1, 1, 1])) == 0.75


@pytest.mark.parametrize("X, y, error, match", [
    (np.zeros((4, 2)), np.zeros(4, dtype=int), ValueError, r"X must have shape \(n_examples, 3\)"),
    (np.zeros((4, 3)), np.zeros(5, dtype=int), ValueError, r"y must have shape \(4,\)"),
    (np.zeros((4, 3)), np.array([0, 1, 2, 3]), ValueError, r"labels 0\.\.2, got values 0\.\.3"),
    (np.zeros((2, 3)), np.array([0.0, 1.0]), TypeError, "integer class labels.*astype"),
])
def test_bad_inputs_are_refused_naming_the_argument(X, y, error, match):
    # a value of the wrong kind (float labels) is a TypeError, one out of range a ValueError
    with pytest.raises(error, match=match):
        SoftmaxRegression(3, 3).loss(X, y)


def test_bad_sizes_are_refused():
    with pytest.raises(ValueError, match="n_classes must be a whole number >= 2"):
        SoftmaxRegression(4, 1)
    with pytest.raises(ValueError, match="n_hidden"):
        MLP(4, 0, 3)
    with pytest.raises(ValueError, match="activation"):
        MLP(4, 2, 3, activation="sigmoid")


def test_accuracy_of_a_regression_model_is_a_clear_error():
    with pytest.raises(TypeError, match="regression model"):
        LinearRegression(2).accuracy(np.zeros((1, 2)), np.zeros(1))


# ---- J(w, b) of a line fit -------------------------------------------------------------

def test_mse_loss_wb_equals_the_direct_mean_of_squares_on_a_grid():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal(30), rng.standard_normal(30) * 3 + 1
    W, B = np.meshgrid(np.linspace(-2, 2, 7), np.linspace(-1, 3, 5))
    direct = ((W[..., None] * x + B[..., None] - y) ** 2).mean(axis=-1)
    np.testing.assert_allclose(mse_loss_wb(W, B, x, y), direct, rtol=1e-12)
    assert isinstance(mse_loss_wb(0.5, 0.1, x, y), float)


def test_mse_grad_wb_matches_finite_differences():
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal(20), rng.standard_normal(20)
    for w, b in rng.standard_normal((3, 2)):
        numeric = numerical_gradient(lambda p: mse_loss_wb(p[0], p[1], x, y), np.array([w, b]))
        np.testing.assert_allclose(mse_grad_wb(w, b, x, y), numeric, rtol=1e-7)


def test_line_fit_surface_minimum_is_the_polyfit_line_and_matches_linear_regression():
    rng = np.random.default_rng(2)
    x = rng.uniform(-2, 2, 40)
    y = 1.5 * x - 0.5 + rng.standard_normal(40)
    f = LineFitSurface(x, y)
    np.testing.assert_allclose(f.minima[0], np.polyfit(x, y, 1), rtol=1e-10)
    np.testing.assert_allclose(f.grad(f.minima[0]), 0.0, atol=1e-12)
    model = LinearRegression(1)
    model.params[0][0], model.params[1][0] = 0.3, -0.7
    assert f([0.3, -0.7]) == pytest.approx(model.loss(x[:, None], y), rel=1e-12)
    X, Y, Z = f.grid(n=11)
    assert Z.shape == (11, 11) and Z.min() >= f.min_value - 1e-12


def test_line_fit_surface_refuses_a_constant_feature():
    with pytest.raises(ValueError, match="x must not be constant"):
        LineFitSurface(np.ones(5), np.arange(5.0))


@pytest.mark.parametrize("make", [lambda: SoftmaxRegression(5, 3),
                                  lambda: MLP(5, 4, 3, seed=1)], ids=["softmax", "mlp"])
def test_forward_only_loss_equals_the_loss_of_loss_and_grad(make):
    model, rng = make(), np.random.default_rng(7)
    for p in model.params:
        p += rng.normal(size=p.shape)
    X, y = rng.normal(size=(9, 5)), rng.integers(0, 3, size=9)
    assert model.loss(X, y) == pytest.approx(model.loss_and_grad(X, y)[0], rel=1e-13)
