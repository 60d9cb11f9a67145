"""Learning-rate schedules: closed forms, torch.optim.lr_scheduler, and the Scheduled wrapper."""

import math

import numpy as np
import pytest

from course_lib import GradientDescent, Momentum, Quadratic, run
from course_lib.optimizers.schedules import (Constant, ExponentialDecay, InverseTimeDecay, Scheduled,
                                  StepDecay, WarmupCosine, values)


def torch_lrs(make_scheduler, lr, steps):
    """The lr torch uses for updates 0 .. steps - 1 under the given scheduler."""
    torch = pytest.importorskip("torch", reason="torch's schedulers are the reference")
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr)
    scheduler = make_scheduler(torch.optim.lr_scheduler, opt)
    out = []
    for _ in range(steps):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    return np.array(out)


def test_step_decay_matches_torch_steplr():
    ours = values(StepDecay(lr=0.4, drop=0.3, every=7), 50)
    theirs = torch_lrs(lambda s, o: s.StepLR(o, step_size=7, gamma=0.3), 0.4, 50)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_exponential_decay_matches_torch_exponentiallr():
    ours = values(ExponentialDecay(lr=0.2, decay=0.97), 80)
    theirs = torch_lrs(lambda s, o: s.ExponentialLR(o, gamma=0.97), 0.2, 80)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_warmup_cosine_matches_torch_linear_then_cosine():
    warmup, total = 5, 40
    ours = values(WarmupCosine(lr=0.1, warmup=warmup, total=total, lr_min=0.01), total)

    def make(s, o):
        return s.SequentialLR(o, [s.LinearLR(o, start_factor=1 / warmup, end_factor=1.0,
                                             total_iters=warmup - 1),
                                  s.CosineAnnealingLR(o, T_max=total - warmup, eta_min=0.01)],
                              milestones=[warmup])
    np.testing.assert_allclose(ours, torch_lrs(make, 0.1, total), rtol=1e-9)


def test_warmup_cosine_shape_peak_end_and_midpoint():
    s = WarmupCosine(lr=1.0, warmup=10, total=110, lr_min=0.0)
    assert s(0) == pytest.approx(0.1) and s(9) == pytest.approx(1.0) and s(10) == 1.0
    assert s(60) == pytest.approx(0.5)                  # halfway down the cosine
    assert s(110) == pytest.approx(0.0, abs=1e-15) and s(500) == pytest.approx(0.0, abs=1e-15)


def test_inverse_time_halves_at_one_over_k_and_its_steps_sum_without_bound():
    s = InverseTimeDecay(lr=0.5, k=0.2)
    assert s(5) == pytest.approx(0.25)
    second_half = values(s, 100_000)[50_000:]
    # sum lr_t grows like (lr / k) log t without bound: doubling t still adds (lr / k) log 2;
    # sum lr_t^2 converges: its tail is negligible (the Robbins-Monro conditions).
    assert second_half.sum() == pytest.approx(0.5 / 0.2 * math.log(2), rel=1e-3)
    assert (second_half ** 2).sum() < 1e-4


def test_scheduled_optimizer_uses_schedule_t_at_update_t():
    f = Quadratic(np.eye(1) * 2.0)           # grad = 2 w
    opt = Scheduled(GradientDescent(lr=1.0), StepDecay(lr=0.25, drop=0.5, every=1))
    w, expected = np.array([1.0]), 1.0
    for t in range(5):
        opt.step(w, f.grad(w))
        expected *= 1 - 2 * 0.25 * 0.5 ** t
        assert w[0] == pytest.approx(expected, rel=1e-14)


def test_scheduled_constant_is_the_plain_optimizer_and_run_resets_it():
    f, start = Quadratic(np.diag([3.0, 0.5])), [1.0, -2.0]
    plain = run(Momentum(lr=0.1, beta=0.8), f, start, steps=40)
    wrapped = Scheduled(Momentum(lr=0.1, beta=0.8), Constant(lr=0.1))
    first = run(wrapped, f, start, steps=40)
    again = run(wrapped, f, start, steps=40)     # run() resets: same path again
    np.testing.assert_array_equal(plain.path, first.path)
    np.testing.assert_array_equal(first.path, again.path)
    assert first.optimizer.startswith("Momentum(") and "Constant" in first.optimizer


def test_decay_tames_noisy_gradients_where_a_constant_rate_bounces():
    """With noisy gradients a constant lr keeps a noise floor; a 1/t schedule goes below it."""
    rng_const, rng_decay = np.random.default_rng(0), np.random.default_rng(0)
    w_const, w_decay = np.array([5.0]), np.array([5.0])
    const = GradientDescent(lr=0.2)
    decay = Scheduled(GradientDescent(lr=0.2), InverseTimeDecay(lr=0.2, k=0.05))
    tail_const, tail_decay = [], []
    for t in range(4000):
        const.step(w_const, 2 * w_const + rng_const.normal())
        decay.step(w_decay, 2 * w_decay + rng_decay.normal())
        if t >= 3000:
            tail_const.append(w_const[0] ** 2)
            tail_decay.append(w_decay[0] ** 2)
    assert np.mean(tail_decay) < 0.1 * np.mean(tail_const)


@pytest.mark.parametrize("make, match", [
    (lambda: StepDecay(lr=0.1, drop=1.5), r"drop must be in \(0, 1\], got 1.5"),
    (lambda: StepDecay(lr=0.1, every=0), r"every must be a whole number >= 1, got 0"),
    (lambda: ExponentialDecay(lr=-1.0), r"lr must be a finite number > 0, got -1.0"),
    (lambda: InverseTimeDecay(lr=0.1, k=0), r"k must be a finite number > 0"),
    (lambda: WarmupCosine(lr=0.1, warmup=10, total=10), r"total must be a whole number >= 11"),
    (lambda: WarmupCosine(lr=0.1, lr_min=0.2), r"lr_min must be in \[0, lr\]"),
    (lambda: StepDecay(lr=0.1)(-1), r"t must be a whole number >= 0, got -1"),
])
def test_bad_arguments_say_what_to_do(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_scheduled_refuses_what_is_not_an_optimizer_or_a_schedule():
    with pytest.raises(TypeError, match="opt must be an optimizer"):
        Scheduled(0.1, Constant(0.1))
    with pytest.raises(TypeError, match="schedule must be a callable"):
        Scheduled(GradientDescent(lr=0.1), 0.1)
