"""Explorer widgets driven headlessly: set a control's value, check what was redrawn.

References are independent of course_lib's optimizers: gradient descent and heavy-ball
momentum on a diagonal quadratic written out here in a few lines of NumPy.
"""

import base64
import io

import matplotlib
matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from course_lib.plots.colors import OKABE_ITO  # noqa: E402
from course_lib.widgets.base import render_png  # noqa: E402
from course_lib.widgets import LearningRateExplorer, MomentumExplorer, OptimizerRace  # noqa: E402,E501


def heavy_ball(lambdas, w0, lr, beta, steps):
    """v <- beta v + lr g ; w <- w - v on 0.5 sum(lambda w^2); beta = 0 is plain GD."""
    w, v, path = np.array(w0, dtype=float), np.zeros(2), [np.array(w0, dtype=float)]
    for _ in range(steps):
        v = beta * v + lr * lambdas * w
        w = w - v
        path.append(w)
    return np.array(path)


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png))).astype(int)


def end_of(artists):
    return np.ravel(artists.end.get_data())


@pytest.fixture
def explorer():
    return LearningRateExplorer(lr=0.1, start=[2.5, 2.5], steps=30)


LR_LAMBDAS = np.array([2.0, 0.25])          # the explorer's default bowl: 2/λ_max = 1


def test_lr_explorer_path_end_moves_with_lr(explorer):
    gd = explorer.paths["GradientDescent"]
    expected = heavy_ball(LR_LAMBDAS, [2.5, 2.5], 0.1, 0.0, 30)
    assert np.allclose(np.column_stack(gd.line.get_data()), expected)
    before = end_of(gd)
    explorer.lr_slider.value = 0.5
    after = end_of(gd)
    assert np.allclose(after, heavy_ball(LR_LAMBDAS, [2.5, 2.5], 0.5, 0.0, 30)[-1])
    assert np.linalg.norm(after) < np.linalg.norm(before)         # closer to the minimum


def test_lr_explorer_start_and_steps_controls(explorer):
    explorer.x_slider.value = -1.0
    explorer.steps_slider.value = 5
    x, y = explorer.paths["GradientDescent"].line.get_data()
    expected = heavy_ball(LR_LAMBDAS, [-1.0, 2.5], 0.1, 0.0, 5)
    assert np.allclose(np.column_stack([x, y]), expected)
    losses = explorer.loss_lines["GradientDescent"].get_ydata()
    assert np.allclose(losses, 0.5 * np.sum(LR_LAMBDAS * expected ** 2, axis=1))


def test_start_sliders_name_the_parameters_as_the_plot_axes_do():
    from course_lib import TwoWells
    from course_lib.surfaces.line_fit import LineFitSurface
    x = np.array([-2.0, -1.0, 0.0, 1.0, 3.0])
    line = LearningRateExplorer(LineFitSurface(x, 0.5 * x + 1.0), lr=0.1, steps=5)
    wells = LearningRateExplorer(TwoWells(), lr=0.05, steps=5)
    assert (line.x_slider.description, line.y_slider.description) == ("start w", "start b")
    assert line.ax.get_xlabel() == "slope w" and line.ax.get_ylabel() == "intercept b"
    assert (wells.x_slider.description, wells.y_slider.description) == ("start w1", "start w2")


def test_lr_explorer_says_it_diverged_above_two_over_L(explorer):
    explorer.lr_slider.value = 1.2
    # the run stops once the loss exceeds 1e6 times the starting loss (course_lib.run)
    path = heavy_ball(LR_LAMBDAS, [2.5, 2.5], 1.2, 0.0, 30)
    losses = 0.5 * np.sum(LR_LAMBDAS * path ** 2, axis=1)
    step = int(np.argmax(losses > 1e6 * losses[0]))
    assert explorer.message == f"Diverged at step {step}: lr = 1.2 is above 2/λ_max = 1."
    assert explorer.message_label.value == f"<b>{explorer.message}</b>"


def test_lr_explorer_warns_before_the_blow_up_and_is_quiet_below(explorer):
    explorer.steps_slider.value = 5
    explorer.lr_slider.value = 1.05
    assert explorer.message.startswith("Diverging: lr = 1.05 is above 2/λ_max = 1")
    explorer.lr_slider.value = 0.95
    assert "iverg" not in explorer.message


def test_lr_explorer_names_the_limit_at_the_minimum_of_other_surfaces():
    from course_lib import TwoWells
    wells = TwoWells()                       # L at the global minimum: 12 x^2 - 4
    x_min = wells.minima[0][0]
    limit = 2 / (12 * x_min ** 2 - 4)
    e = LearningRateExplorer(wells, lr=0.05, start=[0.3, 1.0], steps=50, lr_range=(1e-3, 0.3))
    e.lr_slider.value = 0.28
    assert e.message.startswith(f"lr = 0.28 is above 2/λ_max = {limit:.3g} (λ_max: the largest "
                                "curvature at the global minimum)")


def test_slider_moves_reuse_contours_and_figure(explorer, monkeypatch):
    fig, filled = explorer.fig, explorer.contours.filled
    counts = (len(explorer.ax.collections), len(explorer.ax.lines), len(fig.axes))
    line = explorer.paths["GradientDescent"].line

    def no_grid(*args, **kwargs):
        raise AssertionError("a slider move must not recompute the contour grid")
    monkeypatch.setattr(explorer.f, "grid", no_grid)
    pictures = set()
    for lr in (0.05, 0.2, 0.7, 1.5):
        explorer.lr_slider.value = lr
        pictures.add(explorer.png)
    assert explorer.fig is fig and explorer.contours.filled is filled
    assert explorer.paths["GradientDescent"].line is line
    assert (len(explorer.ax.collections), len(explorer.ax.lines), len(fig.axes)) == counts
    assert len(pictures) == 4                                    # every move redrew


def test_blitted_picture_matches_a_full_redraw(explorer):
    explorer.lr_slider.value = 0.7
    blitted, full = pixels(explorer.png), pixels(render_png(explorer.fig))
    assert blitted.shape == full.shape
    different = np.abs(blitted - full).max(axis=2) > 40
    assert different.mean() < 0.002
    explorer.lr_slider.value = 0.05                    # a real change differs a lot more
    assert (np.abs(pixels(explorer.png) - full).max(axis=2) > 40).mean() > 0.004


def test_blitted_picture_stays_right_when_the_loss_panels_limits_change():
    # the loss panel's frame and ticks are kept with the background until its limits
    # change: beta keeps them, more steps widen the step axis
    m = MomentumExplorer(lr=0.3, beta=0.8, start=[2.5, 2.5], steps=40)
    limits = set()
    for control, value in [(m.beta_slider, 0.5), (m.steps_slider, 80), (m.beta_slider, 0.9),
                           (m.steps_slider, 40)]:
        control.value = value
        limits.add((m.ax_loss.get_xlim(), m.ax_loss.get_ylim()))
        blitted, full = pixels(m.png), pixels(render_png(m.fig))
        # a few dozen pixels differ by antialiasing; stale tick labels are hundreds
        different = (np.abs(blitted - full).max(axis=2) > 40).sum()
        assert different < 150, f"{control.description} = {value}: {different} pixels differ"
    assert len(limits) == 2


def test_output_widget_holds_the_current_png(explorer):
    explorer.lr_slider.value = 0.3
    (output,) = explorer.output.outputs
    assert output["output_type"] == "display_data"
    assert base64.b64decode(output["data"]["image/png"]) == explorer.png
    assert explorer.png.startswith(b"\x89PNG")
    assert explorer.lr_slider in explorer.widget.children[0].children
    assert hasattr(explorer, "_ipython_display_")


def test_momentum_explorer_follows_heavy_ball_and_keeps_gd_fixed():
    lambdas = np.array([2.0, 0.05])
    m = MomentumExplorer(lr=0.3, beta=0.8, start=[2.5, 2.5], steps=40)
    gd_before = np.column_stack(m.paths["GradientDescent"].line.get_data())
    m.beta_slider.value = 0.5
    momentum = np.column_stack(m.paths["Momentum"].line.get_data())
    assert np.allclose(momentum, heavy_ball(lambdas, [2.5, 2.5], 0.3, 0.5, 40))
    gd_after = np.column_stack(m.paths["GradientDescent"].line.get_data())
    assert np.array_equal(gd_before, gd_after)                    # beta does not touch GD
    assert np.allclose(gd_after, heavy_ball(lambdas, [2.5, 2.5], 0.3, 0.0, 40))
    assert m.paths["Momentum"].line.get_color() == OKABE_ITO["vermillion"]


def test_momentum_explorer_names_its_stability_limit():
    m = MomentumExplorer(lr=0.3, beta=0.5, start=[2.5, 2.5], steps=200)
    m.lr_slider.value = 1.6                                       # 2 (1 + 0.5) / 2 = 1.5
    assert "is above 2(1 + β)/λ_max = 1.5 for β = 0.50" in m.message
    assert m.message.startswith("Diverged at step")
    m.beta_slider.value = 0.9                                     # limit 1.9: stable again
    assert m.message.startswith("After 200 steps")
    assert m.message.endswith("diverged without.")                # GD: 1.6 > 2/λ_max = 1


def test_race_switches_surface_without_a_new_figure():
    race = OptimizerRace("ravine")
    fig, old = race.fig, race.contours.filled
    race.surface_dropdown.value = "Himmelblau"
    assert race.fig is fig and race.contours.filled is not old
    assert old not in race.ax.collections                         # the old contours left
    assert (race.x_slider.min, race.x_slider.max) == (-5.0, 5.0)
    assert [race.x_slider.value, race.y_slider.value] == [-0.5, -0.5]
    assert race.ax.get_xlim() == (-5.0, 5.0)
    for name, traj in race.runs.items():
        assert np.allclose(traj.path[0], [-0.5, -0.5])
        assert np.allclose(np.column_stack(race.paths[name].line.get_data()), traj.path)


def test_race_on_the_ravine_runs_gd_as_the_closed_form():
    race = OptimizerRace("ravine")
    lambdas, start = np.array([2.0, 0.05]), [2.5, 2.5]
    race.lr_scale_slider.value = 0.5                               # GD's lr 0.8 -> 0.4
    expected = heavy_ball(lambdas, start, 0.4, 0.0, race.steps_slider.value)
    assert np.allclose(race.runs["GradientDescent"].path, expected)


def test_race_runs_every_optimizer_at_its_swept_rate_from_the_public_table():
    from course_lib.surfaces.races import RACES
    race = OptimizerRace("Beale")
    assert race.races is RACES
    for name, traj in race.runs.items():
        assert traj.hyperparameters["lr"] == RACES["Beale"].lrs[name]
        assert traj.steps == RACES["Beale"].steps


def test_race_unticked_optimizers_leave_the_picture():
    race = OptimizerRace("Rosenbrock", optimizers=["GradientDescent", "Adam", "Momentum"])
    assert set(race.runs) == {"GradientDescent", "Adam", "Momentum"}
    race.optimizer_boxes["Adam"].value = False
    assert set(race.runs) == {"GradientDescent", "Momentum"}
    assert not race.paths["Adam"].line.get_visible()
    legend = [t.get_text() for t in race.legend.get_texts()]
    assert legend == ["global minimum", "GradientDescent", "Momentum"]
    for box in race.optimizer_boxes.values():
        box.value = False
    assert race.runs == {} and race.message.startswith("Tick at least one")


def test_race_refuses_an_unknown_surface():
    with pytest.raises(ValueError, match="surface must be one of"):
        OptimizerRace("Everest")


def full_batch_line_fit(x, y, start, lr, epochs):
    """Batch GD on J(w, b) = mean((w x + b - y)^2), gradient written out by hand."""
    w, b = start
    path = [(w, b)]
    for _ in range(epochs):
        r = w * x + b - y
        w, b = w - lr * 2 * np.mean(r * x), b - lr * 2 * np.mean(r)
        path.append((w, b))
    return np.array(path)


@pytest.fixture(scope="module")
def batch_explorer():
    from course_lib.widgets import BatchSizeExplorer
    return BatchSizeExplorer(lr=0.05, batch_size=16, epochs=3, start=(-1.0, 1.5), seed=0)


def test_batch_explorer_full_batch_is_plain_gradient_descent(batch_explorer):
    from course_lib.data import load_diabetes
    x, y = load_diabetes(feature="bmi")
    expected = full_batch_line_fit(x, y, (-1.0, 1.5), 0.05, 3)
    reference = np.column_stack(batch_explorer.paths["batch GD (all examples)"].line.get_data())
    assert np.allclose(reference, expected)
    batch_explorer.batch_slider.value = len(y)
    mini = np.column_stack(batch_explorer.paths["mini-batch GD"].line.get_data())
    assert np.allclose(mini, expected)
    assert batch_explorer.message.startswith("batch_size = 442: 1 update per epoch")


def test_batch_explorer_makes_ceil_n_over_batch_size_updates_per_epoch(batch_explorer):
    batch_explorer.batch_slider.value = 16
    path = batch_explorer.paths["mini-batch GD"].line.get_data()[0]
    assert len(path) == 3 * 28 + 1                           # ceil(442 / 16) = 28
    assert "28 updates per epoch" in batch_explorer.message
    x, _ = batch_explorer.loss_lines["mini-batch GD"].get_data()
    assert x[0] == 0 and x[-1] == pytest.approx(3.0)           # 84 updates = 3 epochs


def test_batch_explorer_trajectories_keep_one_loss_per_point(batch_explorer):
    from course_lib.learning.models import LinearRegression
    batch_explorer.batch_slider.value = 16
    traj, history = batch_explorer.runs["mini-batch GD"], batch_explorer.history
    # at each epoch's end the loss is the History's loss on all examples, computed by the
    # model (LinearRegression), not by the surface the trajectory used
    np.testing.assert_allclose(traj.losses[::history.updates_per_epoch], history.epoch_losses,
                               rtol=1e-12)
    model = LinearRegression(n_features=1)
    model.params[0][:], model.params[1][:] = traj.path[5]
    assert traj.losses[5] == pytest.approx(model.loss(batch_explorer.X, batch_explorer.y))


@pytest.mark.parametrize("kwargs, error, match", [
    ({"batch_size": 0}, ValueError, r"batch_size must be a whole number in \[1, 442\]"),
    ({"batch_size": 16.0}, TypeError, "batch_size must be a whole number"),
    ({"epochs": 50}, ValueError, r"epochs must be a whole number in \[1, 20\]"),
    ({"lr": 0.0}, ValueError, r"lr must be in \[0.001, 1\]"),
    ({"start": (1.0, 2.0, 3.0)}, ValueError, r"start must have shape \(2,\)"),
])
def test_batch_explorer_refuses_bad_arguments_naming_them(kwargs, error, match):
    from course_lib.widgets import BatchSizeExplorer
    with pytest.raises(error, match=match):
        BatchSizeExplorer(**kwargs)


def test_batch_explorer_smaller_batches_are_noisier_and_seeded(batch_explorer):
    from course_lib.widgets import BatchSizeExplorer
    spread = {}
    for batch_size in (1, 64):
        batch_explorer.batch_slider.value = batch_size
        losses = batch_explorer.history.losses
        spread[batch_size] = np.std(losses[len(losses) // 2:])      # after the descent
    assert spread[1] > 3 * spread[64]
    again = BatchSizeExplorer(lr=0.05, batch_size=64, epochs=3, start=(-1.0, 1.5), seed=0)
    assert np.array_equal(again.runs["mini-batch GD"].path,
                          batch_explorer.runs["mini-batch GD"].path)


def test_lr_explorer_message_tells_converging_learning_rates_apart():
    from course_lib import Quadratic
    from course_lib.widgets import LearningRateExplorer
    f = Quadratic(np.diag([2.0, 0.25]))
    explorer = LearningRateExplorer(f, lr=0.3, start=[1.5, 1.5], steps=30)
    gaps = []
    for lr in (0.3, 0.9):
        explorer.lr_slider.value = lr
        # closed form: each coordinate shrinks by (1 - lr * lambda) per step
        w = np.array([1.5, 1.5]) * (1 - lr * np.array([2.0, 0.25])) ** 30
        gap = 0.5 * (2.0 * w[0] ** 2 + 0.25 * w[1] ** 2)
        assert explorer.message.endswith(f"{gap:.2g} above the minimum.")
        gaps.append(gap)
    assert gaps[1] < gaps[0]
    matplotlib.pyplot.close(explorer.fig)


def test_lr_explorer_on_real_data_says_diverging_just_above_two_over_L():
    from course_lib.data import load_diabetes
    from course_lib.surfaces.line_fit import LineFitSurface
    from course_lib.widgets import LearningRateExplorer
    J = LineFitSurface(*load_diabetes(feature="bmi"))
    explorer = LearningRateExplorer(J, lr=0.3, steps=30)
    explorer.lr_slider.value = 1.1 * 2 / J.lambda_max          # too few steps to blow up the loss
    assert not explorer.trajectory.diverged
    assert explorer.message.startswith("Diverging: lr = ")
    matplotlib.pyplot.close(explorer.fig)


def test_lr_explorer_blames_the_steep_wall_not_the_minimum_when_a_run_blows_up():
    from course_lib import TwoWells
    wells = TwoWells()
    e = LearningRateExplorer(wells, lr=0.05, start=[1.8, 1.0], steps=100, lr_range=(1e-3, 0.3))
    e.lr_slider.value = 0.25
    assert e.trajectory.diverged
    # by hand: the Hessian of (x^2 - 1)^2 + 0.3 x + y^2 is diag(12 x^2 - 4, 2)
    xs = e.trajectory.path[:-1][:5, 0]             # the points it stepped from
    lam = max(12 * xs ** 2 - 4)
    assert lam > 12 * wells.minima[0][0] ** 2 - 4                 # steeper than the bottom
    assert f"curvature up to λ = {lam:.3g} along the path" in e.message
    assert "2/λ_max" not in e.message


def test_explorers_draw_a_round_bowl_round():
    e = LearningRateExplorer(lr=0.1, start=[2.5, 2.5], steps=5)
    assert e.ax.get_aspect() == 1.0
    (x0, x1), (y0, y1) = e.ax.get_xlim(), e.ax.get_ylim()
    box = e.ax.get_window_extent()
    assert box.width / box.height == pytest.approx((x1 - x0) / (y1 - y0), rel=0.02)


def test_race_keeps_one_colour_bar_and_updates_it_with_the_surface():
    race = OptimizerRace("ravine")
    axes = len(race.fig.axes)
    race.surface_dropdown.value = "Himmelblau"
    assert len(race.fig.axes) == axes
    assert race.contours.colorbar.mappable is race.contours.filled
