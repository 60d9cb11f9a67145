"""The stored optimizer comparison (course_lib/learning/comparison.py) is what a sweep picks.

The full sweep (6 optimizers x 16 rates x 5 seeds) takes about a minute; here each stored
best rate is re-run with its two neighbours on the grid, on the same seeds: the stored
rate must still win, and the stored losses must be what the runs give.
"""

import numpy as np
import pytest

from course_lib.learning.comparison import (CHOSEN, GRID, OPTIMIZERS, SWEPT, compare, run_one,
                                           sweep)


def test_the_grid_spans_1e4_to_10_at_1_2_5_per_decade():
    assert GRID[0] == 1e-4 and GRID[-1] == 10.0 and len(GRID) == 16
    assert np.allclose(np.diff(np.log10(GRID)), np.log10([2, 2.5, 2] * 5)[:15])


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_no_best_rate_sits_on_the_edge_of_the_grid(name):
    assert len(SWEPT[name]) == len(GRID)
    assert GRID[0] < CHOSEN[name] < GRID[-1], f"{name}: widen the grid past {CHOSEN[name]}"


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_a_recomputation_around_the_stored_rate_picks_it(name):
    i = GRID.index(CHOSEN[name])
    rates = GRID[i - 1:i + 2]
    best, finals = sweep(name, rates=rates)
    assert best == CHOSEN[name], f"{name}: the sweep now picks {best}, stored {CHOSEN[name]}"
    for lr in rates:
        assert np.isclose(finals[lr], SWEPT[name][GRID.index(lr)], rtol=1e-3), (name, lr)


def test_compare_returns_one_row_per_seed_and_one_column_per_epoch():
    runs = compare(["GradientDescent", "Adam"], seeds=(5, 6), epochs=2)
    assert list(runs) == ["GradientDescent", "Adam"]
    for r in runs.values():
        assert r.losses.shape == r.accuracy.shape == r.seconds.shape == (2, 3)
        assert r.lr == CHOSEN[r.name] and np.all(r.seconds[:, 0] == 0)
        assert np.all(np.diff(r.seconds, axis=1) > 0)


@pytest.mark.parametrize("name", ["GradientDescent", "Nesterov", "Adam"])
def test_the_stacked_seeds_run_exactly_as_train_runs_each_seed(name):
    # compare() and sweep() step all seeds at once; each row must be that seed's own run.
    runs = compare([name], seeds=(5, 6), epochs=2)[name]
    for row, seed in enumerate((5, 6)):
        hist = run_one(name, CHOSEN[name], seed, epochs=2)
        assert np.allclose(runs.losses[row], hist.epoch_losses, rtol=1e-12, atol=1e-12)
        assert np.array_equal(runs.accuracy[row], hist.test_accuracy)


def test_a_sweep_ranks_by_the_mean_final_loss_over_its_seeds():
    best, finals = sweep("Momentum", rates=(0.5, 1e4), seeds=(0, 1), epochs=2)
    runs = [run_one("Momentum", 0.5, seed, epochs=2) for seed in (0, 1)]
    assert best == 0.5 and finals[1e4] > 100 * finals[0.5]
    assert np.isclose(finals[0.5], np.mean([h.epoch_losses[-1] for h in runs]), rtol=1e-12)
