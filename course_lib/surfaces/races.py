"""The optimizer race as data: per surface, the start, the step budget, and each runner's
learning rate together with the grid it was swept over.

Intuition: a race says something only if every runner runs at its own best learning rate
for that surface. ``sweep`` finds it the way a learner would: run the optimizer at every
rate of a grid, from the race's start, for the race's steps, and keep the rate whose run
``score`` ranks first. ``RACES`` stores the winners; a test re-runs every sweep.

Example:
    >>> race = RACES["ravine"]
    >>> race.surface.name, race.steps, race.lrs["GradientDescent"]
    ('quadratic (kappa = 40)', 100, 0.8)
    >>> best, finals = sweep(race, "GradientDescent")
    >>> best, len(finals) == len(race.grids["GradientDescent"])
    (0.8, True)

Introduced in notebooks/09_nesterov; used again in 10_adaptive.
"""

from dataclasses import dataclass

import numpy as np

from course_lib._validate import one_of
from course_lib.optimizers.adaptive import AdaGrad, Adam, RMSProp
from course_lib.optimizers.gradient_descent import GradientDescent
from course_lib.optimizers.momentum import Momentum, Nesterov
from course_lib.optimizers.running import run
from course_lib.surfaces.challenges import Plateau, Saddle, TwoWells
from course_lib.surfaces.classic import Beale, Himmelblau, Quadratic, Rosenbrock

__all__ = ["Race", "RACES", "RUNNERS", "rates_between", "score", "sweep"]

RUNNERS = {cls.__name__: cls for cls in (GradientDescent, Momentum, Nesterov, AdaGrad,
                                         RMSProp, Adam)}
REACHED = 1e-12         # a loss this close to the surface's minimum counts as arrived
_R10 = (1.0, 1.25, 1.6, 2.0, 2.5, 3.15, 4.0, 5.0, 6.3, 8.0)


def rates_between(low, high):
    """The learning rates of a sweep: 10 per decade (1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3,
    8 times a power of ten) from ``low`` to ``high``, both included.

    Args:
        low, high: the ends, each one of those numbers, 0 < low < high.

    Returns: a tuple of floats, e.g. ``rates_between(0.5, 1.0) == (0.5, 0.63, 0.8, 1.0)``.

    Example:
        >>> rates_between(0.4, 1.0)
        (0.4, 0.5, 0.63, 0.8, 1.0)

    Introduced in notebooks/10_adaptive.
    """
    decades = range(int(np.floor(np.log10(low))) - 1, int(np.ceil(np.log10(high))) + 1)
    rates = [float(f"{m * 10.0 ** d:.3g}") for d in decades for m in _R10]
    return tuple(r for r in rates if low * (1 - 1e-9) <= r <= high * (1 + 1e-9))


@dataclass(frozen=True)
class Race:
    """One race: a surface, a start, a step budget, each runner's swept learning rate.

    Args:
        name: the race's name, e.g. "ravine".
        surface: the loss surface (``f(w)``, ``f.grad(w)``, ``f.bounds``).
        start: the start point (x, y) of every runner.
        steps: how many updates each runner makes.
        lrs: {optimizer class name: its best learning rate on this race}.
        grids: {optimizer class name: the rates swept to find it}.

    Example:
        >>> race = RACES["Rosenbrock"]
        >>> race.start, race.run("Adam").steps
        ((-1.5, 2.0), 300)

    Introduced in notebooks/09_nesterov.
    """

    name: str
    surface: object
    start: tuple
    steps: int
    lrs: dict
    grids: dict

    def run(self, optimizer, lr=None, start=None, steps=None):
        """Run one runner (a class name) at its race rate, or at ``lr``; a Trajectory."""
        one_of("optimizer", optimizer, list(RUNNERS))
        return run(RUNNERS[optimizer](lr=self.lrs[optimizer] if lr is None else lr),
                   self.surface, self.start if start is None else start,
                   steps=self.steps if steps is None else steps)


def score(traj, f):
    """How well a run did in a race, as a sort key: the smaller, the better.

    Rule: a run that diverged or left the surface's window ``f.bounds`` is out (inf).
    Otherwise its final loss counts (its gap to ``f.min_value`` when known); runs that
    arrive at the minimum (gap <= 1e-12 from some step on, to the end) tie on the loss,
    and the earliest arrival wins.

    Args:
        traj: a Trajectory on f. f: the surface.

    Returns: a (loss or gap, step) pair.

    Example:
        >>> race = RACES["ravine"]
        >>> score(race.run("GradientDescent"), race.surface) < score(
        ...     race.run("GradientDescent", lr=0.1), race.surface)
        True

    Introduced in notebooks/10_adaptive.
    """
    (x0, x1), (y0, y1) = f.bounds
    x, y = traj.path[:, 0], traj.path[:, 1]
    if traj.diverged or not np.all((x0 <= x) & (x <= x1) & (y0 <= y) & (y <= y1)):
        return (np.inf, 0)
    if getattr(f, "min_value", None) is None:
        return (float(traj.losses[-1]), 0)
    gaps = traj.losses - f.min_value
    if gaps[-1] > REACHED:
        return (float(gaps[-1]), 0)
    away = np.flatnonzero(gaps > REACHED)          # it stays arrived after the last of these
    return (REACHED, int(away[-1]) + 1 if away.size else 0)


def sweep(race, optimizer, rates=None):
    """Run one optimizer of a race at every rate of a grid; return the best rate and all.

    Intuition: the fair learning rate for a race is not guessed, it is measured: the
    same race at many rates, and the best run picks the rate.

    Rule: for each lr in ``rates`` (default: the race's stored grid for this optimizer),
    run the race (same start, same steps) and rank the runs by ``score``; the first wins.

    Args:
        race: a Race, or its name in ``RACES``.
        optimizer: a class name in ``RUNNERS``, e.g. "Adam".
        rates: learning rates to try (default ``race.grids[optimizer]``).

    Returns: (best lr, {lr: final loss}); a diverged run or one that left the window
    has final loss inf.

    Example:
        >>> sweep("Rosenbrock", "GradientDescent", rates=[1e-4, 1e-3, 1e-2])[0]
        0.001

    Introduced in notebooks/10_adaptive.
    """
    if isinstance(race, str):
        one_of("race", race, list(RACES))
        race = RACES[race]
    rates = race.grids[optimizer] if rates is None else tuple(rates)
    runs = {lr: race.run(optimizer, lr) for lr in rates}
    scores = {lr: score(traj, race.surface) for lr, traj in runs.items()}
    finals = {lr: np.inf if scores[lr][0] == np.inf else float(runs[lr].losses[-1])
              for lr in rates}
    return min(rates, key=scores.get), finals


def _race(name, surface, start, steps, table):
    """A Race from {optimizer: (lr, lowest rate swept, highest rate swept)}."""
    return Race(name, surface, start, steps, {k: lr for k, (lr, _, _) in table.items()},
                {k: rates_between(low, high) for k, (_, low, high) in table.items()})


# Each rate is the best of its grid (10 rates per decade, four either side of the best);
# the grids were chosen after a first sweep over 1e-5 .. 10 (61 rates) had shown where each
# optimizer's best lies. (lr, lowest rate swept, highest rate swept) per runner:
RACES = {r.name: r for r in [
    _race("ravine", Quadratic(np.diag([2.0, 0.05])), (2.5, 2.5), 100, {
        "GradientDescent": (0.8, 0.315, 2.0), "Momentum": (0.125, 0.05, 0.315),
        "Nesterov": (0.315, 0.125, 0.8), "AdaGrad": (2.5, 1.0, 6.3),
        "RMSProp": (0.1, 0.04, 0.25), "Adam": (5.0, 2.0, 12.5)}),
    _race("Rosenbrock", Rosenbrock(), (-1.5, 2.0), 300, {
        "GradientDescent": (2e-3, 8e-4, 5e-3), "Momentum": (2e-3, 8e-4, 5e-3),
        "Nesterov": (1e-3, 4e-4, 2.5e-3), "AdaGrad": (1.0, 0.4, 2.5),
        "RMSProp": (0.315, 0.125, 0.8), "Adam": (1.0, 0.4, 2.5)}),
    _race("Rosenbrock, classic start", Rosenbrock(), (-1.2, 1.0), 1000, {
        "GradientDescent": (2.5e-3, 1e-3, 6.3e-3), "Momentum": (3.15e-3, 1.25e-3, 8e-3),
        "Nesterov": (1.25e-3, 5e-4, 3.15e-3), "AdaGrad": (1.6, 0.63, 4.0),
        "RMSProp": (6.3e-3, 2.5e-3, 0.016), "Adam": (0.5, 0.2, 1.25)}),
    _race("Beale", Beale(), (1.0, 1.5), 300, {
        "GradientDescent": (0.0315, 0.0125, 0.08), "Momentum": (3.15e-3, 1.25e-3, 8e-3),
        "Nesterov": (3.15e-3, 1.25e-3, 8e-3), "AdaGrad": (2.5, 1.0, 6.3),
        "RMSProp": (0.25, 0.1, 0.63), "Adam": (0.5, 0.2, 1.25)}),
    _race("Himmelblau", Himmelblau(), (-0.5, -0.5), 150, {
        "GradientDescent": (0.0125, 5e-3, 0.0315), "Momentum": (0.0125, 5e-3, 0.0315),
        "Nesterov": (0.0125, 5e-3, 0.0315), "AdaGrad": (0.8, 0.315, 2.0),
        "RMSProp": (0.0315, 0.0125, 0.08), "Adam": (0.8, 0.315, 2.0)}),
    _race("saddle", Saddle(), (-1.8, 0.01), 40, {
        "GradientDescent": (0.063, 0.025, 0.16), "Momentum": (0.016, 6.3e-3, 0.04),
        "Nesterov": (0.0125, 5e-3, 0.0315), "AdaGrad": (0.1, 0.04, 0.25),
        "RMSProp": (0.025, 0.01, 0.063), "Adam": (0.04, 0.016, 0.1)}),
    _race("two wells", TwoWells(), (1.6, 1.2), 200, {
        "GradientDescent": (0.16, 0.063, 0.4), "Momentum": (0.1, 0.04, 0.25),
        "Nesterov": (0.1, 0.04, 0.25), "AdaGrad": (1.6, 0.63, 4.0),
        "RMSProp": (0.63, 0.25, 1.6), "Adam": (0.8, 0.315, 2.0)}),
    _race("plateau", Plateau(), (2.5, 2.0), 150, {
        "GradientDescent": (1.0, 0.4, 2.5), "Momentum": (1.25, 0.5, 3.15),
        "Nesterov": (1.0, 0.4, 2.5), "AdaGrad": (0.5, 0.2, 1.25),
        "RMSProp": (0.02, 8e-3, 0.05), "Adam": (1.0, 0.4, 2.5)}),
]}
