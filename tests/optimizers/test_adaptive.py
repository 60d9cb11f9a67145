"""AdaGrad, RMSProp, Adam: steps by hand (AdamW against torch in test_adamw.py)."""

import numpy as np
import pytest

from course_lib.optimizers import AdaGrad, Adam, RMSProp
from tests.support.optimizers import two_steps


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
