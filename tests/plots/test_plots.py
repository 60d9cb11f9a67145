"""Plot helpers: each runs under Agg, returns what it drew, and draws the right data.

References are computed here independently: closed forms of gradient descent on a diagonal
quadratic, hand-written gradients, and geometric spacing checked by ratios.
"""

import re

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_lib import (Adam, GradientDescent, Momentum, Nesterov, AdaGrad,  # noqa: E402
                        Quadratic, RMSProp, Rosenbrock, TwoWells, run)
from course_lib.plots.animation import frame_steps, race_animation  # noqa: E402
from course_lib.plots.colors import OKABE_ITO, OPTIMIZER_COLORS, optimizer_color, optimizer_name  # noqa: E402
from course_lib.plots import (contour_levels, plot_contours, plot_gradient_field,  # noqa: E402
                              plot_losses, plot_lr_sweep, plot_path, plot_spread,
                              plot_surface_3d)

LAMBDAS = np.array([2.0, 0.25])          # curvatures of the test bowl: lambda_max = 2, 2/lambda_max = 1
W0 = np.array([2.5, 2.5])


def gd_closed_form(lr, t):
    """Gradient descent on 0.5 * sum(lambda_i w_i^2): w_t = (1 - lr lambda)^t w_0."""
    return (1 - lr * LAMBDAS) ** t * W0


def bowl_loss(w):
    return 0.5 * np.sum(LAMBDAS * np.asarray(w) ** 2)


@pytest.fixture(autouse=True)
def no_show_and_close(monkeypatch):
    def refuse():
        raise AssertionError("plot helpers must never call plt.show()")
    monkeypatch.setattr(plt, "show", refuse)
    yield
    plt.close("all")


@pytest.fixture
def bowl():
    return Quadratic(np.diag(LAMBDAS))


ALL = [GradientDescent, Momentum, Nesterov, AdaGrad, RMSProp, Adam]


def test_each_optimizer_has_its_own_okabe_ito_colour():
    colours = [optimizer_color(c) for c in ALL]
    assert len(set(colours)) == len(ALL)
    assert set(colours) <= set(OKABE_ITO.values())
    assert OKABE_ITO["yellow"] not in colours      # invisible on light backgrounds


@pytest.mark.parametrize("cls", ALL)
def test_colour_is_the_same_for_class_instance_trajectory_and_name(cls, bowl):
    opt = cls(lr=0.01)
    traj = run(opt, bowl, W0, steps=2)
    assert re.match(cls.__name__ + r"\(", traj.optimizer)      # the repr, with arguments
    names = {optimizer_name(x) for x in (cls, opt, traj, cls.__name__, repr(opt))}
    assert names == {cls.__name__}
    assert len({optimizer_color(x) for x in (cls, opt, traj, repr(opt))}) == 1


def test_common_aliases_map_to_course_names():
    assert optimizer_name("SGD") == "GradientDescent"
    assert optimizer_name("rmsprop") == "RMSProp"
    own = optimizer_color("MyOwnOptimizer")
    assert own not in OPTIMIZER_COLORS.values() and own != OKABE_ITO["yellow"]


def test_log_levels_are_geometric_above_the_minimum():
    Z = np.linspace(3.0, 1003.0, 9999).reshape(101, 99)
    levels = contour_levels(Z, levels=12, log=True)
    assert levels[0] == 3.0 and levels[-1] == pytest.approx(1003.0)
    gaps = levels[1:] - 3.0
    ratios = gaps[1:] / gaps[:-1]
    assert np.allclose(ratios, ratios[0]) and ratios[0] > 1


def test_levels_are_log_for_rosenbrock_and_even_for_a_bowl(bowl):
    rosen = contour_levels(Rosenbrock().grid(100)[2])
    even = contour_levels(bowl.grid(100)[2], levels=10)
    assert np.allclose(np.diff(even), np.diff(even)[0])
    steps = np.diff(rosen)
    assert steps[-1] > 100 * steps[1]          # spacing grows geometrically


def test_contours_with_paths_draw_each_run_in_its_colour(bowl):
    runs = [run(GradientDescent(lr=0.3), bowl, W0, 20), run(Momentum(lr=0.1), bowl, W0, 20)]
    drawn = plot_contours(bowl, paths=runs)
    assert drawn.ax.get_xlim() == bowl.bounds[0] and drawn.ax.get_ylim() == bowl.bounds[1]
    assert drawn.ax.get_xlabel() and drawn.ax.get_ylabel()
    assert len(drawn.paths) == 2
    gd = drawn.paths[0]
    x, y = gd.line.get_data()
    expected = np.array([gd_closed_form(0.3, t) for t in range(21)])
    assert np.allclose(np.column_stack([x, y]), expected)
    assert np.allclose(np.ravel(gd.start.get_data()), W0)
    assert np.allclose(np.ravel(gd.end.get_data()), gd_closed_form(0.3, 20))
    assert gd.line.get_color() == OKABE_ITO["blue"]
    assert drawn.paths[1].line.get_color() == OKABE_ITO["vermillion"]
    labels = [t.get_text() for t in drawn.legend.get_texts()]
    assert labels == ["global minimum", "GradientDescent", "Momentum"]
    assert np.allclose(np.ravel(drawn.minima[0].get_data()), [0.0, 0.0])


def test_contours_mark_local_minimum_and_saddle_of_two_wells():
    drawn = plot_contours(TwoWells(), minima=True)
    labels = [m.get_label() for m in drawn.minima]
    assert labels == ["global minimum", "local minimum", "saddle point"]
    left, _ = np.ravel(drawn.minima[0].get_data())
    right, _ = np.ravel(drawn.minima[1].get_data())
    # independent check: dL/dx = 4x^3 - 4x + 0.3 vanishes there
    for x in (left, right):
        assert abs(4 * x ** 3 - 4 * x + 0.3) < 1e-9


def test_set_path_moves_the_same_artists(bowl):
    artists = plot_path(np.zeros((3, 2)))
    line = artists.line
    artists.set_path(np.array([[1.0, 2.0], [3.0, 4.0]]))
    assert artists.line is line
    assert np.allclose(np.ravel(artists.end.get_data()), [3.0, 4.0])


def test_path_must_have_two_columns():
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        plot_path(np.zeros((4, 3)))


def test_contours_refuse_a_bad_grid_size_naming_it(bowl):
    with pytest.raises(ValueError, match=r"n must be a whole number in \[20, 500\], got 3"):
        plot_contours(bowl, n=3)
    with pytest.raises(TypeError, match="levels must be a whole number"):
        plot_contours(bowl, levels=2.5)


def test_surface_3d_spans_the_losses_over_the_bounds(bowl):
    surface = plot_surface_3d(bowl, n=41)
    ax = surface.axes
    assert ax.name == "3d" and ax.get_zlabel() == "loss"
    corner = bowl_loss([3.0, 3.0])             # the highest point of the window
    low, high = ax.get_zlim()
    assert low <= 0.0 and high >= corner * 0.999


def test_surface_3d_refuses_a_flat_axes(bowl):
    _, ax = plt.subplots()
    with pytest.raises(TypeError, match="3-D axes"):
        plot_surface_3d(bowl, ax=ax)


@pytest.mark.parametrize("descent", [False, True])
def test_gradient_field_points_along_the_hand_written_gradient(bowl, descent):
    quiver = plot_gradient_field(bowl, n=7, descent=descent, contours=False)
    X, Y = quiver.X, quiver.Y
    gx, gy = LAMBDAS[0] * X, LAMBDAS[1] * Y                  # grad of the bowl by hand
    norm = np.hypot(gx, gy)
    ok = norm > 0
    sign = -1 if descent else 1
    assert np.allclose(quiver.U[ok], sign * (gx / np.where(ok, norm, 1))[ok])
    assert np.allclose(quiver.V[ok], sign * (gy / np.where(ok, norm, 1))[ok])


def test_loss_curves_accept_trajectories_arrays_and_dicts(bowl):
    traj = run(GradientDescent(lr=0.3), bowl, W0, 10)
    lines = plot_losses(traj)
    expected = [bowl_loss(gd_closed_form(0.3, t)) for t in range(11)]
    assert np.allclose(lines[0].get_ydata(), expected)
    assert lines[0].axes.get_yscale() == "log"
    assert lines[0].get_label() == "GradientDescent"
    lines = plot_losses({"mine": [4.0, 2.0, 1.0], "yours": np.array([3.0, 1.0])}, log=False)
    assert [line.get_label() for line in lines] == ["mine", "yours"]
    assert lines[0].axes.get_yscale() == "linear"
    assert len(plot_losses([1.0, 0.5, 0.25])) == 1                 # one plain list


def test_loss_curves_subtract_f_min_and_refuse_log_of_negatives():
    lines = plot_losses(np.array([3.0, 2.0, 1.5]), f_min=1.0)
    assert np.allclose(lines[0].get_ydata(), [2.0, 1.0, 0.5])
    with pytest.raises(ValueError, match="f_min"):
        plot_losses(np.array([-1.0, -2.0]))


def test_diverged_run_ends_with_a_cross(bowl):
    traj = run(GradientDescent(lr=1.5), bowl, W0, 50)
    assert traj.diverged
    lines = plot_losses(traj)
    crosses = [a for a in lines[0].axes.lines if a.get_marker() == "x"]
    assert len(crosses) == 1 and crosses[0].get_xdata()[0] == len(traj.losses) - 1


def test_lr_sweep_matches_the_closed_form_and_marks_divergence(bowl):
    lrs = np.array([0.01, 0.1, 0.5, 0.9, 1.5])
    sweep = plot_lr_sweep(bowl, GradientDescent, lrs, W0, steps=40)
    expected = [bowl_loss(gd_closed_form(lr, 40)) for lr in lrs[:4]]
    assert np.allclose(sweep.values[:4], expected, rtol=1e-9, atol=1e-300)
    assert list(sweep.diverged) == [False, False, False, False, True]
    assert np.isnan(sweep.values[4])
    ax = sweep.line.axes
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    limits = [line.get_xdata()[0] for line in ax.lines if line.get_linestyle() == "--"]
    assert limits == [pytest.approx(1.0)]                          # 2 / lambda_max with lambda_max = 2



def test_lr_sweep_counts_steps_to_tolerance(bowl):
    lrs = np.array([0.1, 0.5])
    sweep = plot_lr_sweep(bowl, GradientDescent, lrs, W0, steps=300, tol=1e-6)
    for lr, value in zip(lrs, sweep.values):
        first = next(t for t in range(301) if bowl_loss(gd_closed_form(lr, t)) <= 1e-6)
        assert value == first


def test_frame_steps_start_at_zero_end_at_the_last_step():
    steps = frame_steps(300, 40)
    assert steps[0] == 0 and steps[-1] == 300 and len(steps) == 40
    assert np.all(np.diff(steps) > 0)
    assert list(frame_steps(3, 40)) == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="frames"):
        frame_steps(10, 1)


def test_race_animation_embeds_each_path_in_image_pixels():
    f = Rosenbrock()
    runs = [run(GradientDescent(lr=1e-3), f, [-1.5, 2.0], 120),
            run(Adam(lr=0.05), f, [-1.5, 2.0], 120)]
    anim = race_animation(f, runs, frames=30)
    html = anim._repr_html_()
    assert html.count("<polyline") == 2 and "data:image/png;base64," in html
    assert OKABE_ITO["blue"] in html and OKABE_ITO["black"] in html
    assert len(anim.steps) == 30 and anim.steps[-1] == 120
    # map the pixels back to data coordinates: they must be the runs' paths
    ax = anim.fig.axes[0]
    height = anim.fig.canvas.get_width_height()[1]
    for r, pixels in zip(runs, anim.pixels):
        display = np.column_stack([pixels[:, 0], height - pixels[:, 1]])
        back = ax.transData.inverted().transform(display)
        assert np.allclose(back, r.path, atol=1e-6)
    assert len(html) < 400_000                                    # small enough to keep


def test_plot_path_accepts_an_rgba_array_as_colour():
    from course_lib.plots import plot_path
    fig, ax = plt.subplots()
    rgba = np.array([0.2, 0.4, 0.6, 1.0])
    drawn = plot_path(np.array([[0.0, 0.0], [1.0, 1.0]]), ax=ax, color=rgba)
    np.testing.assert_allclose(matplotlib.colors.to_rgba(drawn.line.get_color()), rgba)
    plt.close(fig)


def test_global_minimum_is_a_filled_star_and_the_local_one_hollow():
    from matplotlib.colors import to_rgba
    drawn = plot_contours(TwoWells())
    face = {m.get_label(): to_rgba(m.get_markerfacecolor()) for m in drawn.minima}
    assert face["global minimum"] == to_rgba("k")                # filled
    assert face["local minimum"] == to_rgba("white")             # hollow
    legend_face = {t.get_text(): to_rgba(h.get_markerfacecolor())
                   for t, h in zip(drawn.legend.get_texts(), drawn.legend.legend_handles)}
    assert legend_face["global minimum"] == face["global minimum"]


def test_contours_carry_a_colour_bar_of_the_loss(bowl):
    drawn = plot_contours(bowl)
    assert drawn.colorbar.ax.get_ylabel() == "loss"
    low, high = drawn.colorbar.ax.get_ylim()
    Z = bowl.grid(200)[2]
    assert low == pytest.approx(Z.min()) and high == pytest.approx(Z.max())
    assert plot_contours(bowl, colorbar=False).colorbar is None


def test_surface_3d_log_height_is_the_log_gap_and_zmax_clips():
    f = TwoWells()
    X, Y, Z = f.grid(30)
    gap = Z - Z.min()
    log_surface = plot_surface_3d(f, n=30, log=True)
    low, high = log_surface.axes.get_zlim()
    floor = 1e-4 * gap.max()
    assert low <= np.log10(floor) + 1e-6 and high >= np.log10(gap.max() + floor) - 1e-6
    assert log_surface.axes.get_zlabel() == "log10(loss - min)"
    clipped = plot_surface_3d(f, n=30, zmax=2.0)
    assert clipped.axes.get_zlim()[1] <= 2.0 + 0.1 * (2.0 - Z.min())
    assert clipped.axes.get_zlabel() == "loss (clipped at 2)"
    with pytest.raises(ValueError, match="log=True or zmax"):
        plot_surface_3d(f, log=True, zmax=2.0)


def test_lr_sweep_can_show_the_gap_to_the_minimum():
    f = Quadratic(np.diag(LAMBDAS), b=np.diag(LAMBDAS) @ np.ones(2))   # minimum at (1, 1)
    f_min = 0.5 * LAMBDAS.sum() - LAMBDAS.sum()                     # L(1, 1) by hand
    lrs = np.array([0.1, 0.5])
    sweep = plot_lr_sweep(f, GradientDescent, lrs, W0, steps=30, f_min=f_min)
    for lr, value in zip(lrs, sweep.values):
        w = 1 + (1 - lr * LAMBDAS) ** 30 * (W0 - 1)
        assert value == pytest.approx(0.5 * np.sum(LAMBDAS * (w - 1) ** 2), rel=1e-6)
    assert sweep.line.axes.get_ylabel() == "final loss - minimum after 30 steps"


def test_colour_bar_reads_round_off_as_zero():
    from course_lib import Saddle
    drawn = plot_contours(Saddle())
    drawn.ax.figure.canvas.draw()
    labels = [t.get_text() for t in drawn.colorbar.ax.get_yticklabels()]
    assert "0" in labels and not any("e-1" in label for label in labels)


def test_plot_spread_draws_the_mean_and_a_band_from_the_lowest_to_the_highest_seed():
    values = np.array([[4.0, 2.0, 1.0], [2.0, 1.0, 0.1], [3.0, 3.0, 0.4]])
    line, band = plot_spread([0, 1, 2], values, log=True)
    assert np.allclose(line.get_ydata(), [3.0, 2.0, 0.5])
    ys = band.get_paths()[0].vertices[:, 1]
    assert np.isclose(ys.min(), 0.1) and np.isclose(ys.max(), 4.0)
    assert line.axes.get_yscale() == "log"
    plt.close("all")
