"""Every optimizer against torch.optim's documented update rules: float64, 300 steps, rtol 1e-10."""

import numpy as np
import pytest

from course_lib.optimizers import AdaGrad, Adam, GradientDescent, Momentum, Nesterov, RMSProp
from tests.support.optimizers import NO_TORCH, loss_grads


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
