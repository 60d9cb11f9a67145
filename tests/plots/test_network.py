"""plot_network: one column of units per layer, big layers cut with a gap, labels below."""

import matplotlib
matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_lib.plots.network import plot_network  # noqa: E402


def test_small_layers_are_drawn_whole_and_big_ones_cut_to_max_units():
    drawn = plot_network([(2, "in"), (64, "hidden"), (3, "out")], max_units=7)
    assert [len(u) for u in drawn.units] == [2, 7, 3]
    assert [t.get_text() for t in drawn.labels] == ["in", "hidden", "out"]
    # one column per layer, left to right, every unit inside the axes' window
    assert [set(u[:, 0]) for u in drawn.units] == [{0.0}, {1.0}, {2.0}]
    low, high = drawn.ax.get_ylim()
    assert all(low < u[:, 1].min() and u[:, 1].max() < high for u in drawn.units)
    # the cut layer shows a vertical ellipsis in its gap; whole layers show none
    dots = [t for t in drawn.ax.texts if t.get_text() == "\u22ee"]
    assert len(dots) == 1 and dots[0].get_position()[0] == 1


def test_every_unit_is_joined_to_every_unit_of_the_next_layer():
    drawn = plot_network([(3, "a"), (2, "b")])
    assert len(drawn.ax.lines) == 3 * 2
    ends = {tuple(np.round(line.get_xydata()[-1], 6)) for line in drawn.ax.lines}
    assert ends == {tuple(np.round(p, 6)) for p in drawn.units[1]}


def test_max_units_below_three_is_refused_with_a_hint():
    with pytest.raises(ValueError, match="max_units must be >= 3, got 2"):
        plot_network([(4, "a")], max_units=2)
