"""make bench: how live does a slider move feel?

For each explorer it times the callback of MOVES slider moves (re-run the optimizer, move
the artists, blit over the cached background, encode the PNG) and, in the same run, a
bare full redraw `fig.canvas.draw()` of the same figure (no PNG encoding). It prints the
medians and their ratio. Target for the learning-rate explorer: ratio <= 1.5, i.e. a
slider move costs at most half a redraw more than drawing the figure once.
"""

import time

import matplotlib
matplotlib.use("Agg")
import numpy as np  # noqa: E402

from course_lib.widgets import (BatchSizeExplorer, LearningRateExplorer,  # noqa: E402
                                MomentumExplorer, OptimizerRace)

MOVES = 20
TARGET = 1.5


def median_seconds(action, values):
    times = []
    for value in values:
        start = time.perf_counter()
        action(value)
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def bench(name, explorer, slider, values):
    def move(value):
        slider.value = value
    callback = median_seconds(move, values)
    draw = median_seconds(lambda _: explorer.fig.canvas.draw(), range(MOVES))
    explorer.update()                       # leave the cached background consistent
    return name, callback, draw, callback / draw


def measure():
    """(name, callback seconds, bare draw seconds, ratio) for each explorer; the learning-
    rate explorer first (the one with a target)."""
    lrs = np.geomspace(0.01, 1.5, MOVES)
    return [bench("LearningRateExplorer (lr)", e := LearningRateExplorer(), e.lr_slider,
                  lrs),
            bench("MomentumExplorer (beta)", e := MomentumExplorer(), e.beta_slider,
                  np.linspace(0.0, 0.95, MOVES)),
            bench("OptimizerRace (lr x)", e := OptimizerRace(), e.lr_scale_slider,
                  np.geomspace(0.2, 2.0, MOVES)),
            bench("BatchSizeExplorer (lr)", e := BatchSizeExplorer(), e.lr_slider,
                  np.geomspace(0.01, 0.5, MOVES))]


def main():
    rows = measure()
    print(f"{'explorer (control moved)':<28} {'callback ms':>12} {'bare draw ms':>13} "
          f"{'ratio':>7}")
    for name, callback, draw, ratio in rows:
        print(f"{name:<28} {1e3 * callback:>12.1f} {1e3 * draw:>13.1f} {ratio:>7.2f}")
    ratio = rows[0][3]
    verdict = "meets" if ratio <= TARGET else "MISSES"
    print(f"learning-rate explorer: callback / bare draw = {ratio:.2f} ({verdict} the "
          f"target <= {TARGET}); medians of {MOVES} moves and {MOVES} draws")


if __name__ == "__main__":
    main()
