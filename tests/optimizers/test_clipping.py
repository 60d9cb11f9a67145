"""Gradient clipping by norm: torch.nn.utils.clip_grad_norm_ and a hand-computed rule."""

import numpy as np
import pytest

from course_lib import GradientDescent, Momentum, run
from course_lib.optimizers import Clipped, clip_by_norm
from course_lib.surfaces import Cliff


def torch_clipped(grads, max_norm):
    """torch's clip_grad_norm_ on copies of ``grads`` (float64)."""
    torch = pytest.importorskip("torch", reason="torch's clip_grad_norm_ is the reference")
    params = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
    for p, g in zip(params, grads):
        p.grad = torch.tensor(g.copy())
    torch.nn.utils.clip_grad_norm_(params, max_norm)
    return [p.grad.numpy() for p in params]


@pytest.mark.parametrize("max_norm", [0.1, 1.0, 3.0, 100.0])
def test_clip_by_norm_matches_torch_clip_grad_norm_over_several_arrays(max_norm):
    rng = np.random.default_rng(0)
    grads = [rng.standard_normal((3, 4)), rng.standard_normal(4), rng.standard_normal((2, 2))]
    ours = clip_by_norm(grads, max_norm)
    theirs = torch_clipped(grads, max_norm)
    for a, b in zip(ours, theirs):
        # torch divides by |g| + 1e-6: the two agree to about 1e-6 relative
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_a_long_gradient_keeps_its_direction_and_gets_length_max_norm():
    g = np.array([30.0, -40.0, 0.0])
    clipped = clip_by_norm(g, 5.0)
    np.testing.assert_allclose(clipped, [3.0, -4.0, 0.0], rtol=1e-15)


def test_a_short_gradient_and_a_zero_gradient_are_unchanged_and_not_aliased():
    g = np.array([0.3, 0.4])
    out = clip_by_norm(g, 1.0)
    np.testing.assert_array_equal(out, g)
    assert out is not g
    np.testing.assert_array_equal(clip_by_norm(np.zeros(3), 1.0), np.zeros(3))


def test_clip_by_norm_refuses_a_non_positive_max_norm():
    with pytest.raises(ValueError, match="max_norm must be"):
        clip_by_norm(np.ones(2), 0.0)


def test_clipped_gradient_descent_moves_at_most_lr_times_max_norm_and_matches_the_rule():
    lr, max_norm = 0.2, 5.0
    path = run(Clipped(GradientDescent(lr=lr), max_norm), Cliff(), [-2.0, 1.0], steps=40).path
    # the same rule written out: w <- w - lr g min(1, max_norm / |g|)
    f, w, expected = Cliff(), np.array([-2.0, 1.0]), [np.array([-2.0, 1.0])]
    for _ in range(40):
        g = f.grad(w)
        w = w - lr * g * min(1.0, max_norm / np.linalg.norm(g))
        expected.append(w)
    np.testing.assert_allclose(path, expected, rtol=1e-12, atol=1e-14)
    assert np.linalg.norm(np.diff(path, axis=0), axis=1).max() <= lr * max_norm * (1 + 1e-12)


def test_clipped_wraps_a_stateful_optimizer_and_resets_it():
    opt = Clipped(Momentum(lr=0.1, beta=0.9), max_norm=1.0)
    first = run(opt, Cliff(), [-2.0, 1.0], steps=20).path
    again = run(opt, Cliff(), [-2.0, 1.0], steps=20).path        # run() resets the state
    np.testing.assert_array_equal(first, again)
    assert "clipped at max_norm=1.0" in repr(opt)


def test_clipped_refuses_something_that_is_not_an_optimizer():
    with pytest.raises(TypeError, match="opt must be an optimizer"):
        Clipped(0.1, max_norm=1.0)
