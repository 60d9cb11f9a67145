"""The Optimizer template: lists of arrays, in-place steps, reset, and validation that teaches."""

import numpy as np
import pytest

from course_lib.optimizers import (AdaGrad, Adam, GradientDescent, Momentum, Nesterov, Optimizer,
                                   RMSProp)
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


# --- the hook for an optimizer of one's own ------------------------------------------------

class SignDescent(GradientDescent):
    # w <- w - lr sign(g), through the public hook
    def update(self, w, g, buf):
        w -= np.multiply(self.lr, np.sign(g, out=buf), out=buf)


class AdamWithoutCorrection(Adam):
    def bias_corrections(self):
        return 1.0, 1.0


def test_an_optimizer_of_ones_own_overrides_update():
    w = np.array([4.0, -1.0, 0.0])
    SignDescent(lr=0.5).step(w, np.array([100.0, -1e-3, 0.0]))
    np.testing.assert_array_equal(w, [3.5, -0.5, 0.0])


def test_state_named_in_state_names_reaches_update_at_zero_and_persists():
    seen = []

    class Counter(GradientDescent):
        state_names = ("n",)

        def update(self, w, g, buf, n):
            seen.append(n.copy())
            n += 1

    opt = Counter(lr=0.1)
    for _ in range(3):
        opt.step(np.zeros(2), np.zeros(2))
    assert [s.tolist() for s in seen] == [[0, 0], [1, 1], [2, 2]]


def test_adam_without_bias_correction_first_step_is_3_16_lr():
    # (1 - beta1) / sqrt(1 - beta2) times lr, against the sign of g (Kingma & Ba, section 3)
    w = np.zeros(3)
    AdamWithoutCorrection(lr=0.01).step(w, np.array([3.0, -0.02, 500.0]))
    factor = 0.1 / np.sqrt(0.001)
    np.testing.assert_allclose(w, -0.01 * factor * np.array([1, -1, 1]), rtol=1e-4)


def test_an_optimizer_without_update_says_what_to_write():
    class Empty(Optimizer):
        pass

    with pytest.raises(NotImplementedError, match=r"Empty must define update\(self, w, g, buf"):
        Empty(lr=0.1).step(np.zeros(2), np.zeros(2))


def test_repr_lists_lr_first_then_the_constructor_arguments():
    assert repr(RMSProp(lr=0.01)) == "RMSProp(lr=0.01, rho=0.9, eps=1e-08)"
    assert repr(Adam()) == "Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08)"


@pytest.mark.parametrize("opt", [GradientDescent(0.1), Momentum(0.1), Nesterov(0.1),
                                 AdaGrad(0.1), RMSProp(0.1), Adam(0.1)], ids=repr)
def test_a_step_allocates_nothing_of_the_parameters_size(opt):
    import tracemalloc
    rng = np.random.default_rng(0)
    params = [rng.normal(size=(300, 500)), rng.normal(size=1000)]
    grads = [rng.normal(size=p.shape) for p in params]
    opt.step(params, grads)                       # the first step allocates the state
    tracemalloc.start()
    opt.step(params, grads)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < params[0].nbytes / 10, f"{opt!r} allocated {peak} bytes in one step"


# --- large arrays in blocks that stay in the CPU cache ------------------------------------

@pytest.mark.parametrize("cls", [GradientDescent, Momentum, Nesterov, AdaGrad, RMSProp, Adam])
def test_updating_in_blocks_gives_the_whole_array_update_bit_for_bit(cls):
    from course_lib.optimizers.base import BLOCK
    whole = type("Whole", (cls,), {"elementwise": False})(lr=0.01)
    blocked = cls(lr=0.01)
    rng = np.random.default_rng(1)
    start = [rng.normal(size=(3 * BLOCK + 17,)), rng.normal(size=(300, 500)), rng.normal(size=7)]
    a, b = [p.copy() for p in start], [p.copy() for p in start]
    for t in range(3):
        grads = [np.sin(p) + 0.1 * t for p in a]
        grads[1] = np.asfortranarray(grads[1])          # a non-contiguous layout of g too
        whole.step(a, grads)
        blocked.step(b, [g.copy(order="K") for g in grads])
    assert blocked._buffers[0].size == BLOCK                 # it did run in blocks
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)


def test_an_update_that_is_not_elementwise_sees_the_whole_array():
    sizes = []

    class NormalizedStep(Optimizer):                 # w <- w - lr g / ||g||: needs all of g
        def update(self, w, g, buf):
            sizes.append(w.size)
            w -= np.multiply(self.lr / np.linalg.norm(g), g, out=buf)

    w = np.ones(200_000)
    NormalizedStep(lr=1.0).step(w, np.full(200_000, 3.0))
    assert sizes == [200_000]
    np.testing.assert_allclose(np.linalg.norm(1 - w), 1.0)
