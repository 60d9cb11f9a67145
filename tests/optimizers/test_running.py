"""run(): the recorded path, copies not aliases, and clean stops on divergence."""

import warnings

import numpy as np
import pytest

from course_lib import GradientDescent, Momentum, Quadratic, Rosenbrock, run


def test_path_holds_the_start_and_every_iterate_by_value():
    f = Quadratic(np.eye(2))
    traj = run(GradientDescent(lr=0.5), f, [2.0, -4.0], steps=3)
    # each GD step halves w here: w_t = w_0 * 0.5^t
    np.testing.assert_allclose(traj.path, [[2, -4], [1, -2], [0.5, -1], [0.25, -0.5]])
    np.testing.assert_allclose(traj.losses, [0.5 * (4 + 16) / 4 ** t for t in range(4)])
    assert traj.steps == 3 and not traj.diverged and traj.message == ""


def test_start_is_not_modified():
    start = np.array([1.0, 1.0])
    run(GradientDescent(lr=0.1), Quadratic(np.eye(2)), start, steps=5)
    np.testing.assert_array_equal(start, [1.0, 1.0])


def test_run_resets_the_optimizer_so_runs_are_repeatable():
    opt, f = Momentum(lr=0.1, beta=0.9), Quadratic(np.diag([1.0, 5.0]))
    a = run(opt, f, [1.0, 1.0], steps=20)
    b = run(opt, f, [1.0, 1.0], steps=20)
    np.testing.assert_array_equal(a.path, b.path)


def test_first_below():
    traj = run(GradientDescent(lr=0.5), Quadratic(np.eye(2)), [2.0, -4.0], steps=3)
    assert traj.first_below(10.0) == 0 and traj.first_below(1.0) == 2
    assert traj.first_below(1e-9) is None


@pytest.mark.parametrize("f, lr, start", [(Quadratic(np.eye(2)), 3.0, [1.0, 1.0]),
                                          (Rosenbrock(), 0.01, [-1.5, 2.5]),
                                          (Quadratic(np.eye(2)), 1e200, [1.0, 1.0])])
def test_divergence_stops_with_one_sentence_and_no_runtime_warning(f, lr, start):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = run(GradientDescent(lr=lr), f, start, steps=10_000)
    assert traj.diverged
    assert traj.steps < 10_000
    assert traj.message.startswith(f"Diverged at step {traj.steps}:")
    assert "smaller lr" in traj.message


@pytest.mark.parametrize("steps, error", [(-1, ValueError), (2.5, TypeError),
                                          ("10", TypeError)])
def test_bad_steps_are_refused(steps, error):
    # a value of the wrong kind is a TypeError, a whole number out of range a ValueError
    with pytest.raises(error, match="steps must be a whole number"):
        run(GradientDescent(lr=0.1), Quadratic(np.eye(2)), [1.0, 1.0], steps=steps)


def test_start_of_the_wrong_shape_is_refused():
    with pytest.raises(ValueError, match=r"start must have shape"):
        run(GradientDescent(lr=0.1), Quadratic(np.eye(2)), [[1.0, 1.0]], steps=1)


def test_a_trajectory_needs_one_loss_per_point_of_its_path():
    from course_lib import Trajectory
    with pytest.raises(ValueError, match=r"losses must have shape \(3,\).*one loss per point"):
        Trajectory(np.zeros((3, 2)), np.zeros(2), "GradientDescent", {"lr": 0.1})


def test_run_and_train_share_one_divergence_rule():
    from course_lib.optimizers.running import blew_up, loss_limit
    assert loss_limit(-5.0) == 5e6 and loss_limit(0.5) == 1e6        # 1e6 max(1, |L_0|)
    assert blew_up(float("inf"), 1.0) and blew_up(2.0, 1.0) and not blew_up(1.0, 1.0)
    traj = run(GradientDescent(lr=0.1), Quadratic(np.eye(2)), [1.0, 1.0], steps=5,
               max_loss=0.5)                         # starts at 1.0 > 0.5: stops at once
    assert traj.diverged and traj.steps == 1


def test_a_run_keeps_the_optimizers_name_and_settings_as_data():
    traj = run(Momentum(lr=0.1, beta=0.8), Quadratic(np.eye(2)), [1.0, 1.0], steps=2)
    assert traj.optimizer_name == "Momentum"
    assert traj.hyperparameters == {"lr": 0.1, "beta": 0.8}
    assert traj.optimizer == "Momentum(lr=0.1, beta=0.8)"          # as text, like its repr


def test_the_settings_are_a_copy_taken_at_the_run():
    opt = Momentum(lr=0.1)
    traj = run(opt, Quadratic(np.eye(2)), [1.0, 1.0], steps=2)
    opt.lr = 0.5
    assert traj.hyperparameters["lr"] == 0.1


def test_name_and_label_come_from_the_field_not_from_parsing_text():
    from course_lib.optimizers import optimizer_name
    from course_lib.optimizers.schedules import Scheduled, StepDecay

    class Heavy(Momentum):                     # an optimizer of one's own keeps its name
        pass

    traj = run(Heavy(lr=0.1), Quadratic(np.eye(2)), [1.0, 1.0], steps=1)
    assert optimizer_name(traj) == "Heavy"
    scheduled = run(Scheduled(Momentum(lr=0.1), StepDecay(lr=0.1)), Quadratic(np.eye(2)),
                    [1.0, 1.0], steps=1)
    assert optimizer_name(scheduled) == "Momentum"
    lr, beta = scheduled.hyperparameters["lr"], scheduled.hyperparameters["beta"]
    assert isinstance(lr, StepDecay) and beta == 0.9      # the schedule is its lr


def test_steps_to_counts_steps_to_a_relative_distance_from_the_minimum():
    from course_lib.optimizers import steps_to
    # GD on L = 0.5 ||w||^2 with lr 0.2 multiplies the distance by 0.8 per step:
    # 0.8^t <= 1e-6 first at t = ceil(ln 1e-6 / ln 0.8) = 62
    traj = run(GradientDescent(lr=0.2), Quadratic(np.eye(2)), [3.0, -4.0], steps=100)
    assert steps_to(traj) == int(np.ceil(np.log(1e-6) / np.log(0.8))) == 62
    assert steps_to(traj.path, tol=0.5) == 4                 # 0.8^4 = 0.41; 0.8^3 = 0.51
    assert steps_to(traj, tol=1e-12) is None                 # not within 100 steps


def test_steps_to_measures_from_the_given_minimum():
    from course_lib.optimizers import steps_to
    f = Quadratic(np.eye(2), b=[1.0, 2.0])                  # minimum at (1, 2)
    traj = run(GradientDescent(lr=0.2), f, [4.0, 6.0], steps=100)
    assert steps_to(traj, tol=1e-6, minimum=[1.0, 2.0]) == 62  # the distance shrinks 0.8x
    assert steps_to(traj, tol=0.1) is None                   # the origin is no minimum here
    with pytest.raises(ValueError, match=r"minimum must have shape \(2,\)"):
        steps_to(traj, minimum=[1.0])
