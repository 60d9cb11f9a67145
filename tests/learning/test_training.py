"""The training loop: GD variants as batch sizes, real accuracy, determinism, divergence."""

import warnings

import numpy as np
import pytest

from course_lib import GradientDescent, Momentum
from course_lib.data import load_diabetes, load_digits
from course_lib.learning.mlp import MLP
from course_lib.learning.models import LinearRegression, SoftmaxRegression
from course_lib.learning.training import train


@pytest.fixture(scope="module")
def digits():
    return load_digits()                      # seed 0: 1,347 train / 450 test images


def test_softmax_regression_by_minibatch_sgd_reaches_95_percent_on_digits(digits):
    model = SoftmaxRegression(n_features=64, n_classes=10)
    hist = train(model, GradientDescent(lr=0.1), digits, batch_size=32, epochs=20, seed=0)
    assert hist.test_accuracy[-1] >= 0.95
    assert hist.wall_time < 10
    assert model.accuracy(digits.X_test, digits.y_test) == hist.test_accuracy[-1]


def test_mlp_by_minibatch_sgd_reaches_96_percent_on_digits(digits):
    model = MLP(n_inputs=64, n_hidden=64, n_classes=10, seed=0)
    hist = train(model, GradientDescent(lr=0.3), digits, batch_size=32, epochs=15, seed=0)
    assert hist.test_accuracy[-1] >= 0.96
    assert hist.wall_time < 10


def test_training_is_deterministic_for_a_fixed_seed(digits):
    runs = [train(MLP(64, 16, 10, seed=1), Momentum(lr=0.05), digits, 64, 2, seed=3)
            for _ in range(2)]
    np.testing.assert_array_equal(runs[0].losses, runs[1].losses)
    other = train(MLP(64, 16, 10, seed=1), Momentum(lr=0.05), digits, 64, 2, seed=4)
    assert not np.array_equal(runs[0].losses, other.losses)


def test_full_batch_training_equals_plain_gradient_descent_by_hand():
    X, y, _, _ = load_diabetes(seed=0)
    model = LinearRegression(10)
    hist = train(model, GradientDescent(lr=0.1), (X, y), batch_size=len(X), epochs=5)
    w, b = np.zeros(10), 0.0
    for _ in range(5):                        # J = mean (Xw + b - y)^2, by hand
        r = X @ w + b - y
        w, b = w - 0.1 * 2 * X.T @ r / len(y), b - 0.1 * 2 * r.mean()
    np.testing.assert_allclose(model.params[0], w, rtol=1e-10)
    assert hist.updates_per_epoch == 1 and len(hist.losses) == 5


def test_update_counts_for_sgd_and_minibatches():
    X, y, _, _ = load_diabetes(seed=0)                    # 332 training patients
    sgd = train(LinearRegression(10), GradientDescent(lr=0.001), (X, y), batch_size=1, epochs=2)
    mini = train(LinearRegression(10), GradientDescent(lr=0.01), (X, y), batch_size=50, epochs=2)
    assert len(sgd.losses) == 2 * 332 and sgd.updates_per_epoch == 332
    assert len(mini.losses) == 2 * 7                      # ceil(332 / 50) = 7
    # losses[k] is taken after k updates: the first at epoch 0, the last at 13 / 7
    np.testing.assert_allclose(mini.update_epochs[[0, 1, -1]], [0.0, 1 / 7, 13 / 7])


def test_history_records_epoch_curves_starting_before_training(digits):
    hist = train(SoftmaxRegression(64, 10), GradientDescent(lr=0.1), digits, 128, epochs=3)
    for curve in (hist.epoch_losses, hist.test_losses, hist.train_accuracy,
                  hist.test_accuracy, hist.times):
        assert curve.shape == (4,)
    assert hist.epoch_losses[0] == pytest.approx(np.log(10))     # untrained: uniform
    assert np.all(np.diff(hist.times) > 0) and hist.times[0] == 0
    assert hist.epochs == 3 and hist.optimizer == "GradientDescent(lr=0.1)"
    assert repr(hist).startswith("History(batch_size=128, epochs=3, updates=33, train loss=")


def test_linear_regression_on_diabetes_reaches_the_least_squares_solution():
    X, y, X_test, y_test = load_diabetes(seed=0)
    A = np.column_stack([X, np.ones(len(X))])
    coef = np.linalg.lstsq(A, y, rcond=None)[0]
    best = np.mean((A @ coef - y) ** 2)
    model = LinearRegression(10)
    hist = train(model, Momentum(lr=0.2), (X, y, X_test, y_test), len(X), epochs=300)
    assert hist.epoch_losses[-1] == pytest.approx(best, rel=1e-9)
    np.testing.assert_allclose(np.append(*model.params), coef, atol=1e-4)
    assert hist.train_accuracy.size == 0 and hist.test_losses.shape == (301,)
    # mini-batches get close but keep jittering around the minimum (noisy gradients)
    mini = train(LinearRegression(10), Momentum(lr=0.005), (X, y), 32, epochs=100)
    assert best < mini.epoch_losses[-1] < 1.01 * best
    assert mini.first_below(1.01 * best) is not None


def test_divergence_stops_with_one_sentence_and_no_runtime_warning():
    X, y, _, _ = load_diabetes(seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        hist = train(LinearRegression(10), GradientDescent(lr=5.0), (X, y), 32, epochs=50)
    assert hist.diverged
    assert hist.message.startswith("Training diverged in epoch 1 at update")
    assert "smaller lr" in hist.message and hist.message.count(". ") == 0
    assert np.all(np.isfinite(hist.losses))


def test_a_healthy_run_does_not_report_divergence(digits):
    hist = train(SoftmaxRegression(64, 10), GradientDescent(lr=0.1), digits, 256, epochs=1)
    assert not hist.diverged and hist.message == ""


def test_progress_is_silent_by_default(digits, capsys):
    train(SoftmaxRegression(64, 10), GradientDescent(lr=0.1), digits, 256, epochs=2)
    assert capsys.readouterr().out == ""
    train(SoftmaxRegression(64, 10), GradientDescent(lr=0.1), digits, 256, epochs=2,
          progress=True)
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "epoch 2/2" in out


def test_the_optimizer_is_reset_before_training(digits):
    opt = Momentum(lr=0.1)
    a = train(SoftmaxRegression(64, 10), opt, digits, 128, epochs=1)
    b = train(SoftmaxRegression(64, 10), opt, digits, 128, epochs=1)
    np.testing.assert_array_equal(a.losses, b.losses)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"batch_size": 0}, ValueError, r"batch_size must be a whole number in \[1, 332\]"),
    ({"batch_size": 8.0}, TypeError, "batch_size must be a whole number"),
    ({"epochs": -1}, ValueError, "epochs must be a whole number >= 0"),
    ({"epochs": 1.5}, TypeError, "epochs must be a whole number"),
    ({"max_loss": -1.0}, ValueError, "max_loss must be a finite number > 0"),
    ({"data": ([1.0],)}, ValueError, "data must be"),
    ({"seed": 1.5}, TypeError, "seed must be"),
])
def test_bad_arguments_are_refused_naming_them(kwargs, error, match):
    X, y, _, _ = load_diabetes()
    args = {"data": (X, y), "batch_size": 8, "epochs": 1} | kwargs
    with pytest.raises(error, match=match):
        train(LinearRegression(10), GradientDescent(lr=0.1), **args)


def test_target_loss_stops_after_the_first_epoch_below_it(digits):
    full = train(SoftmaxRegression(64, 10), GradientDescent(lr=0.1), digits, 64, epochs=10)
    stop = full.first_below(0.3)
    assert stop is not None and 1 < stop < 10
    short = train(SoftmaxRegression(64, 10), GradientDescent(lr=0.1), digits, 64, epochs=10,
                  target_loss=0.3)
    assert short.epochs == stop
    np.testing.assert_array_equal(short.epoch_losses, full.epoch_losses[:stop + 1])


def test_one_lr_for_all_parameters_lags_on_rare_features_and_adagrad_does_not():
    from course_lib import AdaGrad
    from course_lib.learning.synthetic import make_sparse_features
    X, y, w_true = make_sparse_features(n_dense=5, n_rare=5, p_rare=0.02, seed=0)

    def errors(opt):
        model = LinearRegression(10)
        train(model, opt, (X, y), batch_size=32, epochs=3, seed=0)
        err = np.abs(model.params[0] - w_true)
        return err[:5].max(), err[5:].max()               # dense, rare

    for lr in (0.1, 0.3, 0.6):             # 0.9 already throws the dense weights off
        dense, rare = errors(GradientDescent(lr=lr))
        assert dense < 0.1 and rare > 0.3, (lr, dense, rare)
    dense, rare = errors(AdaGrad(lr=0.5))
    assert dense < 0.1 and rare < 0.1


def test_record_path_keeps_the_start_and_every_update_by_value():
    X, y, _, _ = load_diabetes(seed=0)
    model, lr = LinearRegression(10), 0.1
    hist = train(model, GradientDescent(lr=lr), (X, y), len(X), epochs=4, shuffle=False,
                 record_path=True)
    assert hist.path.shape == (len(hist.losses) + 1, 11)       # w_0 .. w_4; w then b
    np.testing.assert_array_equal(hist.path[0], 0.0)          # LinearRegression starts at 0
    np.testing.assert_array_equal(hist.path[-1], np.append(*model.params))
    # batch GD, checked step by step against the rule w <- w - lr grad L(w)
    probe = LinearRegression(10)
    for before, after in zip(hist.path[:-1], hist.path[1:]):
        probe.params[0][:], probe.params[1][:] = before[:10], before[10:]
        _, (g_w, g_b) = probe.loss_and_grad(X, y)
        np.testing.assert_allclose(after, before - lr * np.append(g_w, g_b), rtol=1e-12)
    model.params[0][:] = 7.0                                   # copies, not aliases
    assert not np.any(hist.path == 7.0)


def test_without_record_path_there_is_no_path(digits):
    hist = train(SoftmaxRegression(64, 10), GradientDescent(lr=0.1), digits, 512, epochs=1)
    assert hist.path is None
