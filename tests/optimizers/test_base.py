"""The Optimizer template: lists of arrays, in-place steps, reset, and validation that teaches."""

import numpy as np
import pytest

from course_lib.optimizers import AdaGrad, Adam, GradientDescent, Momentum, Nesterov, RMSProp
from tests.support.optimizers import two_steps


@pytest.mark.parametrize("opt", [GradientDescent(0.1), Momentum(0.1), Nesterov(0.1),
                                 AdaGrad(0.1), RMSProp(0.1), Adam(0.1)], ids=repr)
def test_a_list_of_arrays_moves_like_each_array_alone(opt):
    W, b = np.arange(6.0).reshape(2, 3), np.array([1.0, -2.0])
    params = [W.copy(), b.copy()]
    for _ in range(3):
        returned = opt.step(params, [2 * params[0], 3 * params[1]])
    assert returned is params
    for p0, scale, got in [(W, 2, params[0]), (b, 3, params[1])]:
        alone, w = type(opt)(**opt.hyperparameters()), p0.copy()
        for _ in range(3):
            alone.step(w, scale * w)
        np.testing.assert_allclose(got, w, rtol=1e-15)


@pytest.mark.parametrize("opt", [Momentum(0.1), Nesterov(0.1), AdaGrad(0.1), RMSProp(0.1),
                                 Adam(0.1)], ids=repr)
def test_reset_forgets_the_state(opt):
    first = two_steps(opt)
    opt.reset()
    assert opt.t == 0 and opt.state is None
    assert two_steps(opt) == first


def test_step_updates_in_place_and_returns_the_same_array():
    w = np.array([1.0, 2.0])
    assert GradientDescent(0.5).step(w, np.array([2.0, 2.0])) is w
    np.testing.assert_array_equal(w, [0.0, 1.0])


@pytest.mark.parametrize("lr", [0, -0.1, float("nan"), float("inf")])
def test_bad_lr_says_what_to_do(lr):
    with pytest.raises(ValueError, match=r"lr must be a finite number > 0, got .*try a small"):
        Momentum(lr=lr)


@pytest.mark.parametrize("lr", ["0.1", None, True])
def test_lr_that_is_not_a_number_is_a_type_error(lr):
    with pytest.raises(TypeError, match="lr must be a number"):
        GradientDescent(lr=lr)


@pytest.mark.parametrize("cls, arg", [(Momentum, "beta"), (Nesterov, "beta"),
                                      (RMSProp, "rho"), (Adam, "beta1"), (Adam, "beta2")])
@pytest.mark.parametrize("value", [1.0, -0.1, 1.5])
def test_decay_outside_unit_interval_is_rejected(cls, arg, value):
    with pytest.raises(ValueError, match=rf"{arg} must be in \[0, 1\), got {value}"):
        cls(lr=0.1, **{arg: value})


@pytest.mark.parametrize("cls", [AdaGrad, RMSProp, Adam])
def test_eps_must_be_positive(cls):
    with pytest.raises(ValueError, match="eps must be a finite number > 0"):
        cls(lr=0.1, eps=0)


def test_integer_params_would_be_truncated_so_they_are_refused():
    with pytest.raises(TypeError, match=r"params has dtype int64.*truncate.*dtype=float"):
        GradientDescent(0.1).step(np.array([1, 2]), np.array([0.5, 0.5]))


def test_python_float_params_cannot_be_updated_in_place():
    with pytest.raises(TypeError, match=r"params must be a NumPy float array.*np.array"):
        GradientDescent(0.1).step(1.0, 2.0)


def test_grads_of_another_shape_are_refused_naming_both_shapes():
    with pytest.raises(ValueError, match=r"grads\[1\] has shape \(3,\) but params\[1\] has shape \(2,\)"):
        Adam().step([np.zeros(4), np.zeros(2)], [np.zeros(4), np.zeros(3)])


def test_params_and_grads_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="same length, got 2 params and 1 grads"):
        Momentum(0.1).step([np.zeros(2), np.zeros(2)], [np.zeros(2)])


def test_changing_params_between_steps_asks_for_reset():
    opt = Momentum(0.1)
    opt.step(np.zeros(2), np.ones(2))
    with pytest.raises(ValueError, match=r"reset\(\)"):
        opt.step(np.zeros(3), np.ones(3))


def test_read_only_params_are_refused():
    w = np.zeros(2)
    w.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        GradientDescent(0.1).step(w, np.ones(2))
