"""Parameter axes are labelled w1 and w2 (COURSE.md 4.2: x and y are the data), never x or y."""

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_lib import TwoWells  # noqa: E402
from course_lib.plots import plot_contours, plot_gradient_field, plot_surface_3d  # noqa: E402
from course_lib.plots.basins import plot_basins  # noqa: E402
from course_lib.surfaces import Cliff, SaddlePlateau  # noqa: E402
from course_lib.surfaces.stationary import basin_map  # noqa: E402


def labels(ax):
    return ax.get_xlabel(), ax.get_ylabel()


def starts_with_w1_w2(pair):
    return pair[0].startswith("w1") and pair[1].startswith("w2")


@pytest.mark.parametrize("surface", [TwoWells(), Cliff(), SaddlePlateau()],
                         ids=lambda f: type(f).__name__)
@pytest.mark.parametrize("draw", [plot_contours, plot_gradient_field])
def test_contour_plots_label_parameter_axes_w1_and_w2(surface, draw):
    ax = plt.subplots()[1]
    draw(surface, ax=ax)
    assert starts_with_w1_w2(labels(ax)), labels(ax)
    plt.close("all")


def test_3d_surface_and_basin_map_label_parameter_axes_w1_and_w2():
    ax = plt.figure().add_subplot(projection="3d")
    plot_surface_3d(TwoWells(), ax=ax, n=10)
    assert starts_with_w1_w2(labels(ax))
    ax = plt.subplots()[1]
    plot_basins(basin_map(TwoWells(), lr=0.05, steps=20, n=8), ax=ax)
    assert labels(ax) == ("start w1", "start w2")
    plt.close("all")


def test_no_default_label_names_a_parameter_x_or_y():
    ax = plt.subplots()[1]
    plot_contours(TwoWells(), ax=ax)
    for label in labels(ax):
        assert not label.lower().startswith(("x", "y")), label
    plt.close("all")


def test_a_surface_with_its_own_axis_names_keeps_them():
    surface = TwoWells()
    surface.axis_labels = ("slope w", "intercept b")
    ax = plt.subplots()[1]
    plot_contours(surface, ax=ax)
    assert labels(ax) == ("slope w", "intercept b")
    plt.close("all")
