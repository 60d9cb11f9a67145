"""Interactive explorers: move a slider, watch the optimizer's path and loss curve change.

Each explorer is a small object with its controls as attributes (``lr_slider``,
``beta_slider``, ...), its matplotlib ``fig`` and artists, the last run(s) and a
one-sentence ``message``. Put it last in a notebook cell to show it. A control change
re-runs only the optimizer and moves the *existing* artists (``set_data``, ``.value``):
the contour grid is computed once and the figure is never rebuilt. The figure is drawn
with matplotlib's Agg renderer and shown as a PNG in an ``ipywidgets.Output``, which works
in JupyterLab, classic Notebook, VS Code and saved notebooks without ipympl.

One module per explorer, all on the machinery of ``course_lib.widgets.base``:
``lr`` (notebooks/04_gradient_descent), ``batch_size`` (06_gd_variants), ``momentum``
(08_momentum), ``race`` (09_nesterov, 10_adaptive).
"""

from course_lib.widgets.batch_size import BatchSizeExplorer
from course_lib.widgets.lr import LearningRateExplorer
from course_lib.widgets.momentum import MomentumExplorer
from course_lib.widgets.race import OptimizerRace

__all__ = ["LearningRateExplorer", "MomentumExplorer", "OptimizerRace", "BatchSizeExplorer"]
