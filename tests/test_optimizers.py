"""Optimizers: hand-computed steps, torch.optim's documented rules, state, validation."""

import numpy as np
import pytest

from course_lib import AdaGrad, Adam, GradientDescent, Momentum, Nesterov, RMSProp

NO_TORCH = "torch is the reference for the update rules: pip install -e .[test,reference]"


# --- hand-computed cases: L(w) = w^2, g = 2w, from w = 10 --------------------------------

def two_steps(opt, w0=10.0):
    w = np.array([w0])
    first = opt.step(w, 2 * w).copy()
    second = opt.step(w, 2 * w).copy()
    return first[0], second[0]


def test_gradient_descent_by_hand():
    # w1 = 10 - 0.2 * 20 = 6 ; w2 = 6 - 0.2 * 12 = 3.6
    assert two_steps(GradientDescent(lr=0.2)) == pytest.approx((6.0, 3.6))


def test_momentum_by_hand():
    # v1 = 0.1 * 20 = 2, w1 = 8 ; v2 = 0.9 * 2 + 0.1 * 16 = 3.4, w2 = 4.6
    assert two_steps(Momentum(lr=0.1, beta=0.9)) == pytest.approx((8.0, 4.6))


def test_nesterov_by_hand():
    # v1 = 2, w1 = 10 - (0.9 * 2 + 2) = 6.2 ; g = 12.4, v2 = 1.8 + 1.24 = 3.04,
    # w2 = 6.2 - (0.9 * 3.04 + 1.24) = 2.224
    assert two_steps(Nesterov(lr=0.1, beta=0.9)) == pytest.approx((6.2, 2.224))


def test_adagrad_by_hand():
    # s1 = 400, w1 = 10 - 0.5 * 20 / 20 = 9.5 ; g = 19, s2 = 761, w2 = 9.5 - 0.5 * 19 / sqrt(761)
    assert two_steps(AdaGrad(lr=0.5)) == pytest.approx((9.5, 9.5 - 9.5 / np.sqrt(761)))


def test_rmsprop_by_hand():
    # s1 = 0.1 * 400 = 40, w1 = 10 - 0.01 * 20 / (sqrt(40) + eps)
    w1 = 10 - 0.2 / (np.sqrt(40) + 1e-8)
    s2 = 0.9 * 40 + 0.1 * (2 * w1) ** 2
    w2 = w1 - 0.01 * 2 * w1 / (np.sqrt(s2) + 1e-8)
    assert two_steps(RMSProp(lr=0.01, rho=0.9)) == pytest.approx((w1, w2), rel=1e-12)


def test_adam_by_hand():
    # step 1: m = 2, v = 0.4, m_hat = 20, v_hat = 400 -> w1 = 10 - 0.1 * 20 / (20 + eps)
    w1 = 10 - 2 / (20 + 1e-8)
    g2 = 2 * w1
    m2, v2 = 0.9 * 2 + 0.1 * g2, 0.999 * 0.4 + 0.001 * g2 ** 2
    w2 = w1 - 0.1 * (m2 / (1 - 0.9 ** 2)) / (np.sqrt(v2 / (1 - 0.999 ** 2)) + 1e-8)
    assert two_steps(Adam(lr=0.1)) == pytest.approx((w1, w2), rel=1e-12)


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


# --- torch.optim's documented update rules, float64, hundreds of steps ------------------

TORCH_PAIRS = [
    (lambda: GradientDescent(lr=0.05), lambda torch, p: torch.optim.SGD(p, lr=0.05)),
    (lambda: Momentum(lr=0.05, beta=0.9),
     lambda torch, p: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
    (lambda: Nesterov(lr=0.05, beta=0.8),
     lambda torch, p: torch.optim.SGD(p, lr=0.05, momentum=0.8, nesterov=True)),
    (lambda: AdaGrad(lr=0.3, eps=1e-10), lambda torch, p: torch.optim.Adagrad(p, lr=0.3, eps=1e-10)),
    (lambda: RMSProp(lr=0.01, rho=0.95, eps=1e-8),
     lambda torch, p: torch.optim.RMSprop(p, lr=0.01, alpha=0.95, eps=1e-8)),
    (lambda: Adam(lr=0.02, beta1=0.85, beta2=0.99, eps=1e-8),
     lambda torch, p: torch.optim.Adam(p, lr=0.02, betas=(0.85, 0.99), eps=1e-8)),
]


def loss_grads(params):
    """Gradients of L = sum(0.5 * c * p^2 + 0.3 * sin(p)) per array, c fixed curvatures."""
    return [c * p + 0.3 * np.cos(p) for c, p in zip((1.0, 2.5), params)]


@pytest.mark.parametrize("ours, theirs", TORCH_PAIRS,
                         ids=["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"])
def test_iterates_agree_with_torch_optim_over_300_steps(ours, theirs):
    torch = pytest.importorskip("torch", reason=NO_TORCH)
    rng = np.random.default_rng(42)
    params = [rng.normal(size=(4, 3)), rng.normal(size=5)]
    tparams = [torch.tensor(p.copy(), requires_grad=True) for p in params]
    opt, topt = ours(), theirs(torch, tparams)
    for _ in range(300):
        grads = loss_grads(params)
        for tp, g in zip(tparams, loss_grads([tp.detach().numpy() for tp in tparams])):
            tp.grad = torch.tensor(g)
        opt.step(params, grads)
        topt.step()
    for p, tp in zip(params, tparams):
        np.testing.assert_allclose(p, tp.detach().numpy(), rtol=1e-10, atol=1e-12)


# --- validation speaks to the learner ---------------------------------------------------

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
