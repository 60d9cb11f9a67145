"""The race settings: every stored learning rate is what a real sweep finds, inside its grid."""

import numpy as np
import pytest

from course_lib.optimizers import GradientDescent, Trajectory, run
from course_lib.surfaces import Quadratic
from course_lib.surfaces.races import RACES, RUNNERS, rates_between, score, sweep


@pytest.mark.parametrize("name", list(RACES))
def test_every_stored_rate_is_its_sweeps_best_and_strictly_inside_the_grid(name):
    race = RACES[name]
    assert set(race.lrs) == set(race.grids) == set(RUNNERS)
    for optimizer, lr in race.lrs.items():
        grid = race.grids[optimizer]
        best, finals = sweep(race, optimizer)
        assert best == lr, (f"{name}, {optimizer}: the sweep's best rate is {best} "
                            f"(final loss {finals[best]:.3g}), the stored one {lr} "
                            f"({finals.get(lr, np.nan):.3g})")
        assert grid[0] < lr < grid[-1], f"{name}, {optimizer}: {lr} sits on its grid's edge"
        assert np.isfinite(finals[lr])


def test_a_sweep_grid_has_ten_rates_per_decade():
    assert rates_between(0.1, 1.0) == (0.1, 0.125, 0.16, 0.2, 0.25, 0.315, 0.4, 0.5, 0.63,
                                       0.8, 1.0)
    assert rates_between(2e-3, 5e-3) == (2e-3, 2.5e-3, 3.15e-3, 4e-3, 5e-3)


def test_a_run_that_diverges_or_leaves_the_window_is_out_of_the_race():
    f = Quadratic(np.eye(2))                                    # window +-3 around 0
    assert score(run(GradientDescent(lr=5.0), f, [1.0, 1.0], steps=50), f)[0] == np.inf
    outside = Trajectory(np.array([[1.0, 1.0], [9.0, 0.0]]), np.array([1.0, 40.5]), "GD")
    assert score(outside, f) == (np.inf, 0)


def test_runs_that_arrive_tie_and_the_earliest_lasting_arrival_wins():
    f = Quadratic(np.eye(2))
    slow, fast = (run(GradientDescent(lr=lr), f, [1.0, 1.0], steps=200) for lr in (0.5, 0.9))
    assert slow.losses[-1] < 1e-12 and fast.losses[-1] < 1e-12
    assert score(fast, f) < score(slow, f) and score(fast, f)[0] == score(slow, f)[0]
    # a visit to the minimum that does not last is no arrival
    bounce = Trajectory(np.zeros((3, 2)), np.array([1.0, 0.0, 1e-3]), "GD")
    assert score(bounce, f) == (1e-3, 0)


def test_a_race_runs_its_runner_at_its_swept_rate():
    race = RACES["ravine"]
    traj = race.run("Adam")
    assert traj.hyperparameters["lr"] == race.lrs["Adam"] and traj.steps == race.steps
    np.testing.assert_array_equal(traj.path[0], race.start)
    with pytest.raises(ValueError, match="optimizer must be one of"):
        race.run("SGD")
