"""FastFigure: a blitted slider picture is the picture a full redraw gives, only faster."""

import io

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from course_lib.widgets.picture import FastFigure  # noqa: E402


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def full_redraw(fig):
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(int)


def two_panel_figure():
    fig, (left, right) = plt.subplots(1, 2, figsize=(6, 2.5), dpi=60)
    left.scatter(np.linspace(0, 1, 30), np.sin(np.linspace(0, 6, 30)), s=5, color="0.4")
    line, = left.plot([0, 1], [0, 0], lw=2)
    curve, = right.plot([0, 1], [1, 0.1])
    right.set(yscale="log", xlabel="step")
    left.set_title(" ")                    # as the lessons do: a title that a callback fills
    fig.tight_layout()
    plt.close(fig)
    return fig, left, line, right, curve


def test_moving_a_line_and_a_title_gives_the_pixels_of_a_full_redraw():
    fig, left, line, right, _ = two_panel_figure()
    picture = FastFigure(fig, moving=[line, left.title])
    first = pixels(picture.png())
    line.set_ydata([-1, 1])
    left.set_title("w = 2.00")
    moved = pixels(picture.png())
    assert np.abs(moved - first).max() > 100                    # the picture did change
    np.testing.assert_array_equal(moved, full_redraw(fig))


def test_a_title_filled_before_the_first_picture_stays_above_its_axes():
    fig, left, line, right, _ = two_panel_figure()
    picture = FastFigure(fig, moving=[line, left.title])
    left.set_title("L = 0.289")                               # what an interact callback does
    first = pixels(picture.png())
    assert left.title.get_position()[1] < 1.2                 # not pushed off the figure
    np.testing.assert_array_equal(first, full_redraw(fig))


def test_a_moving_axes_may_change_its_limits_and_its_curve():
    fig, left, line, right, curve = two_panel_figure()
    picture = FastFigure(fig, moving=[line, right])
    picture.png()
    curve.set_data(np.arange(50), np.geomspace(1, 1e-4, 50))
    right.set_xlim(0, 49)
    right.set_ylim(1e-5, 10)
    np.testing.assert_array_equal(pixels(picture.png()), full_redraw(fig))


def test_the_still_background_holds_none_of_the_moving_artists():
    fig, left, line, right, _ = two_panel_figure()
    picture = FastFigure(fig, moving=[line])
    with_line = pixels(picture.png())
    line.set_visible(False)
    without = full_redraw(fig)
    line.set_visible(True)
    line.set_ydata([5, 5])                                      # moved out of the window
    np.testing.assert_array_equal(pixels(picture.png()), without)
    assert np.abs(with_line - without).max() > 100


def test_refresh_background_takes_in_a_change_of_the_still_parts():
    fig, left, line, right, curve = two_panel_figure()
    picture = FastFigure(fig, moving=[curve, right.title])      # the axis itself stays still
    picture.png()
    right.set_xlim(0, 5)                                        # e.g. a new number of steps
    curve.set_data(np.arange(6), np.geomspace(1, 0.01, 6))
    picture.refresh_background()
    differ = np.any(pixels(picture.png()) != full_redraw(fig), axis=2)
    # a few pixels where the blitted curve lies on top of a spine the full draw puts above it
    assert differ.mean() < 1e-3, f"{differ.sum()} pixels differ from a full redraw"
