"""Checks of exercises/07_more_challenges: ``inverse_time_lrs(lr, k, epochs, updates_per_epoch)``
and ``best_lr(final_loss, lrs)``.

The schedule's reference is course_lib's ``InverseTimeDecay`` (an answer may not call it:
the task asks for the rates themselves); its named mistakes are the clocks students get
wrong (t from 1, per epoch, restarting every epoch) and a missing k. The sweep's reference
keeps the first of the lowest finite losses; an answer may return any of several tied
rates, as the task states. The sweep's ``final_loss`` is a ``FinalLoss``: it counts the
calls, so an answer that trains a rate twice ("call it once for each rate") or asks for a
rate that is not in ``lrs`` fails with a sentence saying so. The sweep's mistakes are
named only when they give the answer's rate on every failing sweep (the last finite rate
is not "the largest loss"; an index into the filtered list is not "diverged runs kept"),
and picks are never called "N times the expected ones".

A check cell calls e.g. ``check_best_lr(best_lr)`` (``%check``); hidden checks pass ``cases``.

Introduced in exercises/07_more_challenges.
"""
import re

import numpy as np

from ..optimizers.gradient_descent import GradientDescent
from ..optimizers.running import run
from ..optimizers.schedules import InverseTimeDecay, values
from ..surfaces.classic import Quadratic
from .cases import Case, hashable
from .compare import CheckFailed, check_function, check_raises
from .diagnosis import short
from .mistakes import Mistake
from .shortcuts import watch

__all__ = ["check_inverse_time_lrs", "check_best_lr", "check_best_lr_real_sweep",
           "check_best_lr_all_diverged", "FinalLoss"]

SCHEDULES = ("course_lib.optimizers.schedules",)


# -- inverse_time_lrs -------------------------------------------------------------------------

def _rates(lr, k, epochs, updates_per_epoch):
    return values(InverseTimeDecay(lr, k), epochs * updates_per_epoch)


def _with_clock(clock):
    # the 1/t rates, with the step counter replaced by clock(t, updates_per_epoch)
    def rates(lr, k, epochs, updates_per_epoch):
        t = np.arange(epochs * updates_per_epoch)
        return lr / (1.0 + k * clock(t, updates_per_epoch))
    return rates


LRS_MISTAKES = [
    Mistake("t starts at 1 instead of 0, so even the first update uses a decayed rate",
            _with_clock(lambda t, per_epoch: t + 1), hint="the first update, t = 0, uses lr itself."),
    Mistake("the rate decays once per epoch instead of once per update",
            _with_clock(lambda t, per_epoch: t // per_epoch),
            hint="t counts updates: it grows by one at every update, within an epoch too."),
    Mistake("t restarts at 0 in every epoch", _with_clock(lambda t, per_epoch: t % per_epoch),
            hint="t keeps counting across epochs; it is the number of updates made so far."),
    Mistake("k is left out (lr / (1 + t))",
            lambda lr, k, epochs, updates_per_epoch: _rates(lr, 1.0, epochs, updates_per_epoch)),
    Mistake("k multiplies the rate instead of t (lr / (1 + t) * k, or lr * k / (1 + t))",
            lambda lr, k, epochs, updates_per_epoch: k * _rates(lr, 1.0, epochs, updates_per_epoch)),
]

LRS_CASES = [
    Case(1.0, 1.0, 2, 2, label="lr = 1, k = 1, 2 epochs of 2 updates"),
    Case(0.1, 0.5, 3, 4, label="lr = 0.1, k = 0.5, 3 epochs of 4 updates"),
    Case(0.5, 0.01, 5, 10, label="lr = 0.5, k = 0.01, 5 epochs of 10 updates"),
    Case(0.2, 1.0, 1, 6, label="a single epoch of 6 updates"),
    Case(0.3, 0.2, 4, 1, label="one update per epoch (batch gradient descent)"),
]


def check_inverse_time_lrs(inverse_time_lrs, cases=None, *,
                           name="inverse_time_lrs gives lr / (1 + k t) for t = 0, 1, ...",
                           hint="t is the number of updates made before this one: 0 for the "
                                "first, and it never restarts."):
    """Compare ``inverse_time_lrs`` with course_lib's 1/t schedule on ``cases`` (default:
    the visible ones), refusing an answer that calls course_lib's schedules."""
    check_function(watch(inverse_time_lrs, SCHEDULES, task="the 1/t rates"), _rates,
                   cases or LRS_CASES, name=name, hint=hint, mistakes=LRS_MISTAKES)


# -- best_lr ------------------------------------------------------------------------------------

class FinalLoss:
    """The ``final_loss(lr)`` handed to a student's ``best_lr``: the final loss of each rate
    (a table {rate: loss} or a function of the rate), with every call counted."""

    def __init__(self, losses, label=None):
        self.losses, self.label, self.calls = losses, label, []
        self.__name__ = "final_loss"

    def loss(self, lr):
        if callable(self.losses):
            return float(self.losses(lr))
        return float(self.losses[lr])

    def __call__(self, lr):
        try:
            known = hashable(lr) and (callable(self.losses) or lr in self.losses)
        except TypeError:
            known = False
        if not known:
            raise CheckFailed(f"final_loss was called with {short(lr)}, which is not one of "
                              "the rates in lrs", hint="call final_loss with each rate of lrs.")
        self.calls.append(lr)
        return self.loss(lr)

    def __repr__(self):
        return self.label or "final_loss"


def _losses(final_loss, lrs):
    return np.array([final_loss.loss(lr) for lr in lrs], dtype=float)


def _best(final_loss, lrs):
    losses = _losses(final_loss, lrs)
    finite = np.flatnonzero(np.isfinite(losses))
    if finite.size == 0:
        raise ValueError("every run diverged")
    return lrs[finite[np.argmin(losses[finite])]]


def _tied(final_loss, lrs):
    """The rates whose finite loss is the lowest (several when they tie)."""
    losses = _losses(final_loss, lrs)
    finite = losses[np.isfinite(losses)]
    return [lr for lr, loss in zip(lrs, losses) if finite.size and loss == finite.min()]


def _counted(best_lr):
    """``best_lr`` that must call final_loss once per rate; any tied best rate counts as
    the reference's (the task accepts any of them)."""
    def counted(final_loss, lrs):
        got = best_lr(final_loss, lrs)
        times = {}
        for lr in final_loss.calls:
            times[lr] = times.get(lr, 0) + 1
        twice = [lr for lr in lrs if times.get(lr, 0) > 1]
        never = [lr for lr in lrs if times.get(lr, 0) == 0]
        if twice or never:
            lr = (twice or never)[0]
            raise CheckFailed(
                f"best_lr called final_loss {times.get(lr, 0)} times for the "
                f"rate {short(lr)}: the task says to call it once for each rate",
                details=["Each call trains a whole run: keep the losses of one pass over lrs."],
                hint="collect the final losses in one pass over lrs, then choose from them.")
        tied = _tied(final_loss, lrs)
        if len(tied) > 1 and hashable(got) and any(got == lr for lr in tied):
            return tied[0]
        return got
    counted.__name__ = getattr(best_lr, "__name__", "best_lr")
    return counted


def _finite_losses(final_loss, lrs):
    losses = _losses(final_loss, lrs)
    return losses, np.flatnonzero(np.isfinite(losses))


def _largest(final_loss, lrs):
    losses, finite = _finite_losses(final_loss, lrs)
    return lrs[finite[np.argmax(losses[finite])]]


def _last_finite(final_loss, lrs):
    losses, finite = _finite_losses(final_loss, lrs)
    return lrs[finite[-1]]


def _filtered_index(final_loss, lrs):
    losses, finite = _finite_losses(final_loss, lrs)
    return lrs[int(np.argmin(losses[finite]))]


def _index(final_loss, lrs):
    losses, finite = _finite_losses(final_loss, lrs)
    return int(finite[np.argmin(losses[finite])])


def _nan_kept(final_loss, lrs):
    return lrs[int(np.argmin(_losses(final_loss, lrs)))]


def _python_min(final_loss, lrs):
    return min(lrs, key=final_loss.loss)


def _loss_value(final_loss, lrs):
    losses, finite = _finite_losses(final_loss, lrs)
    return float(losses[finite].min())


KEPT = "runs that diverged (nan or inf) were not left out"
SWEEP_MISTAKES = [
    Mistake("the rate with the LARGEST final loss was picked", _largest),
    Mistake("the position of the best rate was returned instead of the rate itself", _index),
    Mistake("the best loss was returned instead of its learning rate", _loss_value),
    Mistake(KEPT, _nan_kept, hint="np.argmin picks a nan as the smallest value; leave the "
                                  "runs that are not finite out first."),
    Mistake(KEPT, _python_min, hint="min() keeps a nan that comes first; leave the runs that "
                                    "are not finite out first."),
    Mistake("the position among the finite runs was used to index the full list lrs: once "
            "diverged runs are left out, positions shift", _filtered_index,
            hint="keep each loss next to its own rate (or map the position back) when you "
                 "leave runs out."),
    Mistake("the last finite rate was returned: every finite run replaced the best so far, "
            "without comparing losses", _last_finite),
]

nan, inf = float("nan"), float("inf")


def _sweep(label, lrs, losses):
    return Case(FinalLoss(dict(zip(lrs, losses)), label), list(lrs), label=label)


# untied sweeps in which the typical picks all differ from each other and from the answer
SWEEPS = [
    _sweep("a U-shaped sweep", [0.001, 0.01, 0.1, 1.0], [2.1, 0.9, 0.2, 5.0]),
    _sweep("the two largest rates diverged", [0.01, 0.03, 0.1, 0.3, 1.0], [0.8, 0.3, 0.5, nan, inf]),
    _sweep("the first run diverged", [3.0, 1.0, 0.3, 0.1, 0.03], [nan, 0.05, 0.02, 0.4, 0.6]),
    _sweep("rates not in order", [0.5, 0.05, 5.0, 0.005, 0.01], [0.3, 0.1, inf, 0.7, 0.2]),
]


def check_best_lr(best_lr, cases=None, *, name="best_lr returns the rate with the lowest finite loss",
                  hint="collect the final losses, leave out the ones that are not finite, and "
                       "return the RATE that belongs to the smallest of the rest."):
    """Compare ``best_lr`` with the sweep's answer on ``cases`` (``Case(FinalLoss(...), lrs)``;
    default: the visible sweeps); final_loss must be called once for each rate."""
    cases = cases or SWEEPS
    try:
        check_function(_counted(watch(best_lr, (), task="the sweep")), _best, cases, name=name,
                       hint=hint, squeeze=True, scale=False, mistakes=SWEEP_MISTAKES)
    except CheckFailed as err:
        raise _ties_listed(err, cases) from None


def _ties_listed(err, cases):
    """``err`` with "expected: one of the tied rates a, b" when its case is a tie."""
    found = re.match(r"case (\d+) of", err.problem)
    if not found:
        return err
    case = cases[int(found.group(1)) - 1]
    tied = _tied(*case.args[:2])
    if len(tied) < 2:
        return err
    listed = f"expected: one of the tied rates {', '.join(short(lr) for lr in tied)}"
    details = [listed if d.startswith("expected:") else d for d in err.details]
    return CheckFailed(err.problem, name=err.check_name, details=details, hint=err.hint)


_bowl = Quadratic(np.diag([1.0, 10.0]))


def _after_50_steps(lr):
    # the final loss of 50 steps of gradient descent, nan when the run blew up
    trajectory = run(GradientDescent(lr=lr), _bowl, [1.0, 1.0], steps=50)
    return float("nan") if trajectory.diverged else trajectory.losses[-1]


REAL_SWEEP = [Case(FinalLoss(_after_50_steps, "50 steps of gradient descent on a bowl"),
                   [0.01, 0.0163, 0.0266, 0.0434, 0.0707, 0.1153, 0.188, 0.3066, 0.5],
                   label="9 rates, 50 steps each; the two largest diverge")]


def check_best_lr_real_sweep(best_lr):
    """best_lr on a real sweep: gradient descent on a bowl, the two largest rates diverge."""
    check_best_lr(best_lr, REAL_SWEEP, name="best_lr on a sweep of gradient descent runs",
                  hint="the two largest rates diverge on this bowl: their loss is nan.")


def check_best_lr_all_diverged(best_lr):
    """When every run diverged there is no best rate: ValueError."""
    table = FinalLoss({1.0: nan, 3.0: inf, 10.0: nan})
    check_raises(watch(best_lr, (), task="the sweep"), (table, [1.0, 3.0, 10.0]), ValueError,
                 name="best_lr raises ValueError when every run diverged",
                 hint="if no loss is finite, there is nothing to return: raise ValueError(...).")
