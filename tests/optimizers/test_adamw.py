"""AdamW: decoupled weight decay, checked against torch.optim.AdamW and against Adam."""

import numpy as np
import pytest

from course_lib import Adam, AdamW

torch = pytest.importorskip("torch", reason="torch is the reference for AdamW's update rule")
torch.set_default_dtype(torch.float64)


def loss_grads(params):
    """Gradients of L = sum(0.5 * c * p^2 + 0.3 * sin(p)) per array, c fixed curvatures."""
    return [c * p + 0.3 * np.cos(p) for c, p in zip((1.0, 2.5), params)]


def run_both(ours, theirs, steps=150, grads_of=loss_grads, torch_grads_of=loss_grads):
    """Both optimizers from the same random start; returns (our params, torch's params).

    150 steps: with decay pulling towards 0, Adam later bounces around the minimum,
    where rounding differences of 1e-16 grow (at step ~265 they pass 1e-9).
    """
    rng = np.random.default_rng(7)
    params = [rng.normal(size=(4, 3)), rng.normal(size=5)]
    tparams = [torch.tensor(p.copy(), requires_grad=True) for p in params]
    topt = theirs(tparams)
    for _ in range(steps):
        grads = grads_of(params)
        for tp, g in zip(tparams, torch_grads_of([tp.detach().numpy() for tp in tparams])):
            tp.grad = torch.tensor(g)
        ours.step(params, grads)
        topt.step()
    return params, [tp.detach().numpy() for tp in tparams]


@pytest.mark.parametrize("weight_decay", [0.0, 0.01, 0.3])
def test_adamw_iterates_agree_with_torch_adamw_over_150_steps(weight_decay):
    ours, theirs = run_both(
        AdamW(lr=0.02, beta1=0.85, beta2=0.99, eps=1e-8, weight_decay=weight_decay),
        lambda p: torch.optim.AdamW(p, lr=0.02, betas=(0.85, 0.99), eps=1e-8,
                                    weight_decay=weight_decay))
    for p, tp in zip(ours, theirs):
        np.testing.assert_allclose(p, tp, rtol=1e-10, atol=1e-12)


def test_adam_on_the_l2_gradient_is_torch_adam_with_weight_decay():
    """Adam "with L2": the decay term joins the gradient (torch.optim.Adam's weight_decay)."""
    wd = 0.3
    ours, theirs = run_both(
        Adam(lr=0.02), lambda p: torch.optim.Adam(p, lr=0.02, weight_decay=wd),
        grads_of=lambda ps: [g + wd * p for g, p in zip(loss_grads(ps), ps)])
    for p, tp in zip(ours, theirs):
        np.testing.assert_allclose(p, tp, rtol=1e-10, atol=1e-12)


def test_decoupled_decay_differs_from_l2_through_adam():
    """With the same weight_decay, AdamW and Adam-with-L2 end at different points."""
    w1, w2 = np.array([3.0, -2.0]), np.array([3.0, -2.0])
    adamw, adam = AdamW(lr=0.05, weight_decay=0.5), Adam(lr=0.05)
    for _ in range(200):
        adamw.step(w1, 0.1 * w1)
        adam.step(w2, 0.1 * w2 + 0.5 * w2)
    assert not np.allclose(w1, w2, rtol=1e-3)


def test_first_step_shrinks_then_moves_lr_against_the_gradient_sign():
    w = np.array([10.0, -4.0])
    AdamW(lr=0.1, weight_decay=0.5).step(w, np.array([3.0, -0.001]))
    np.testing.assert_allclose(w, [10.0 * 0.95 - 0.1, -4.0 * 0.95 + 0.1], rtol=1e-6)


@pytest.mark.parametrize("bad", [-0.1, float("nan")])
def test_bad_weight_decay_says_what_to_do(bad):
    with pytest.raises(ValueError, match=r"weight_decay must be a finite number >= 0.*0\.01"):
        AdamW(weight_decay=bad)
