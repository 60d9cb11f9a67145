"""Pictures: loss surfaces, optimizer paths, loss curves, basins and animations (matplotlib).

Every helper takes ``ax=None`` (a new figure when None), takes its window from the surface
(``f.bounds``), never calls ``plt.show()`` and returns what it drew. Optimizers keep one
colour across the course (``course_lib.plots.colors``).

Modules: ``colors`` (Okabe-Ito per optimizer), ``contours`` (contours, paths, gradient
field), ``surface3d`` (3-D height map), ``curves`` (loss curves, lr sweeps, spread over seeds), ``basins`` (basins of
attraction), ``animation`` (the race as an HTML animation), ``inline`` (importing this
package skips pyplot's redundant redraw after each notebook cell under the inline backend).
"""

from course_lib.plots.animation import RaceAnimation, race_animation
from course_lib.plots.basins import plot_basins
from course_lib.plots.colors import optimizer_color
from course_lib.plots.contours import (ContourPlot, PathArtists, contour_levels,
                                       plot_contours, plot_gradient_field, plot_path)
from course_lib.plots.surface3d import plot_surface_3d
from course_lib.plots.curves import Sweep, plot_losses, plot_lr_sweep, plot_spread
from course_lib.plots.inline import skip_inline_redraw

skip_inline_redraw()        # one draw less per figure in a notebook (see plots/inline.py)

__all__ = ["plot_surface_3d", "plot_contours", "plot_path", "plot_gradient_field",
           "contour_levels", "ContourPlot", "PathArtists", "plot_losses", "plot_lr_sweep",
           "plot_spread", "Sweep", "plot_basins", "race_animation", "RaceAnimation", "optimizer_color"]
