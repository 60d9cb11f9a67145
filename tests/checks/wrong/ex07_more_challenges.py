"""Typical wrong answers to exercises/07_more_challenges: each must fail at least one check.

Each entry of WRONG replaces one student function; ``kind`` names the mistake from a
fixed vocabulary so tests can require the typical ones to be present; ``names`` is the
misconception a failing check must name.
"""
import numpy as np

from tests.checks.wrong import registry, right_answers

# Words the failing check's message uses for the kinds without a named Mistake.
SAYS = {
    "wrong length": "expected shape",
    "returns None": "returned None",
    "no error when all diverged": "expected ValueError",
    "final_loss called twice": "the task says to call it once for each rate",
    "lists only": "truth value of an array",
    "shortcut": "the task asks you to write the 1/t rates yourself",
}

WRONG, wrong = registry(SAYS)
RIGHT, right = right_answers()

# The mistakes the wrong answers below must include, per student function.
REQUIRED_KINDS = {
    "inverse_time_lrs": {"t starts at 1", "decay per epoch", "restarts every epoch",
                         "missing k", "wrong length", "returns None", "shortcut"},
    "best_lr": {"largest loss", "index instead of rate", "ignores diverged runs",
                "returns the loss", "no error when all diverged", "returns None",
                "final_loss called twice", "last finite rate", "index into the filtered list",
                "lists only"},
}


# -- inverse_time_lrs -------------------------------------------------------------------------

@wrong("inverse_time_lrs", "t starts at 1", "t = 1, 2, ...: the first update is already decayed",
       names="t starts at 1 instead of 0, so even the first update uses a decayed rate")
def lrs_from_one(lr, k, epochs, updates_per_epoch):
    t = np.arange(1, epochs * updates_per_epoch + 1)
    return lr / (1 + k * t)


@wrong("inverse_time_lrs", "decay per epoch", "t is the epoch number",
       names="the rate decays once per epoch instead of once per update")
def lrs_per_epoch(lr, k, epochs, updates_per_epoch):
    return np.repeat(lr / (1 + k * np.arange(epochs)), updates_per_epoch)


@wrong("inverse_time_lrs", "restarts every epoch", "t counts updates within the epoch only",
       names="t restarts at 0 in every epoch")
def lrs_restart(lr, k, epochs, updates_per_epoch):
    return np.tile(lr / (1 + k * np.arange(updates_per_epoch)), epochs)


@wrong("inverse_time_lrs", "missing k", "lr / (1 + t)", names="k is left out (lr / (1 + t))")
def lrs_no_k(lr, k, epochs, updates_per_epoch):
    return lr / (1 + np.arange(epochs * updates_per_epoch))


@wrong("inverse_time_lrs", "wrong length", "one rate per epoch only")
def lrs_per_epoch_only(lr, k, epochs, updates_per_epoch):
    return lr / (1 + k * np.arange(epochs))


@wrong("inverse_time_lrs", "wrong length", "one rate too many (range up to and including the end)")
def lrs_one_more(lr, k, epochs, updates_per_epoch):
    return lr / (1 + k * np.arange(epochs * updates_per_epoch + 1))


@wrong("inverse_time_lrs", "returns None", "forgets the return")
def lrs_none(lr, k, epochs, updates_per_epoch):
    lr / (1 + k * np.arange(epochs * updates_per_epoch))


# -- best_lr ------------------------------------------------------------------------------------

def _losses(final_loss, lrs):
    return np.array([final_loss(lr) for lr in lrs], dtype=float)


@wrong("best_lr", "largest loss", "np.nanargmax of the finite losses",
       names="the rate with the LARGEST final loss was picked")
def best_largest(final_loss, lrs):
    losses = _losses(final_loss, lrs)
    losses[~np.isfinite(losses)] = np.nan
    if np.all(np.isnan(losses)):
        raise ValueError("every run diverged")
    return lrs[int(np.nanargmax(losses))]


@wrong("best_lr", "index instead of rate", "returns the position of the best rate",
       names="the position of the best rate was returned instead of the rate itself")
def best_index(final_loss, lrs):
    losses = _losses(final_loss, lrs)
    losses[~np.isfinite(losses)] = np.inf
    if np.all(np.isinf(losses)):
        raise ValueError("every run diverged")
    return int(np.argmin(losses))


@wrong("best_lr", "ignores diverged runs", "np.argmin over losses that may be nan",
       names="runs that diverged (nan or inf) were not left out")
def best_argmin_nan(final_loss, lrs):
    return lrs[int(np.argmin(_losses(final_loss, lrs)))]


@wrong("best_lr", "ignores diverged runs", "min(lrs, key=final_loss): a first nan always wins",
       names="runs that diverged (nan or inf) were not left out")
def best_python_min(final_loss, lrs):
    return min(lrs, key=final_loss)


@wrong("best_lr", "returns the loss", "returns the lowest loss, not its rate",
       names="the best loss was returned instead of its learning rate")
def best_loss_value(final_loss, lrs):
    losses = _losses(final_loss, lrs)
    finite = losses[np.isfinite(losses)]
    if finite.size == 0:
        raise ValueError("every run diverged")
    return float(finite.min())


@wrong("best_lr", "no error when all diverged", "returns None when every run diverged")
def best_silent(final_loss, lrs):
    losses = _losses(final_loss, lrs)
    finite = np.flatnonzero(np.isfinite(losses))
    if finite.size == 0:
        return None
    return lrs[finite[np.argmin(losses[finite])]]


@wrong("best_lr", "no error when all diverged", "np.nanargmin: an all-diverged sweep still returns a rate")
def best_nanargmin(final_loss, lrs):
    return lrs[int(np.nanargmin(_losses(final_loss, lrs)))]


@wrong("best_lr", "returns None", "forgets the return")
def best_none(final_loss, lrs):
    _losses(final_loss, lrs)


@wrong("best_lr", "final_loss called twice", "filters the finite rates, then min(finite, key=final_loss)")
def best_trains_twice(final_loss, lrs):
    finite = [lr for lr in lrs if np.isfinite(final_loss(lr))]
    if not finite:
        raise ValueError("every run diverged")
    return min(finite, key=final_loss)


@wrong("best_lr", "last finite rate", "keeps every finite rate it meets, without comparing",
       names="the last finite rate was returned: every finite run replaced the best so far, "
             "without comparing losses")
def best_last_finite(final_loss, lrs):
    best = None
    for lr in lrs:
        if np.isfinite(final_loss(lr)):
            best = lr
    if best is None:
        raise ValueError("every run diverged")
    return best


@wrong("best_lr", "index into the filtered list", "argmin of the finite losses, used as a position in lrs",
       names="the position among the finite runs was used to index the full list lrs: once "
             "diverged runs are left out, positions shift")
def best_filtered_index(final_loss, lrs):
    losses = _losses(final_loss, lrs)
    finite = losses[np.isfinite(losses)]
    if finite.size == 0:
        raise ValueError("every run diverged")
    return lrs[int(np.argmin(finite))]


@wrong("best_lr", "lists only", "`if not lrs:` as a guard: fails when lrs is a numpy array, as the task allows")
def best_list_guard(final_loss, lrs):
    if not lrs:
        raise ValueError("no rates")
    losses = [final_loss(lr) for lr in lrs]
    finite = [loss for loss in losses if np.isfinite(loss)]
    if not finite:
        raise ValueError("every run diverged")
    return lrs[losses.index(min(finite))]


@wrong("inverse_time_lrs", "shortcut", "returns course_lib's InverseTimeDecay rates")
def lrs_from_course_lib(lr, k, epochs, updates_per_epoch):
    from course_lib.optimizers import InverseTimeDecay, values
    return values(InverseTimeDecay(lr, k), epochs * updates_per_epoch)


@wrong("inverse_time_lrs", "shortcut", "returns the check module's own reference")
def lrs_from_the_check(lr, k, epochs, updates_per_epoch):
    from course_lib.checks import ex07_more_challenges
    return ex07_more_challenges._rates(lr, k, epochs, updates_per_epoch)


# -- right answers in unusual forms: every check must pass ----------------------------------

@right("a tie settled as the task allows: the last of the tied rates")
def best_lr(final_loss, lrs):
    best, best_loss = None, np.inf
    for lr in lrs:
        loss = final_loss(lr)
        if np.isfinite(loss) and loss <= best_loss:
            best, best_loss = lr, loss
    if best is None:
        raise ValueError("every run diverged")
    return best


@right("a helper of one's own, in a cell of its own")
def finite_losses(final_loss, lrs):
    return {lr: loss for lr in lrs if np.isfinite(loss := final_loss(lr))}


@right("a helper of one's own, in a cell of its own")
def best_lr(final_loss, lrs):  # noqa: F811
    losses = finite_losses(final_loss, lrs)
    if not losses:
        raise ValueError("every run diverged")
    return min(losses, key=losses.get)
