"""A figure for an ``interact`` callback that redraws only what a slider moves.

``display(fig)`` in a callback redraws the whole figure, twice (IPython's inline backend
draws once to find a tight bounding box, then again to save it), and compresses the PNG
hard. A FastFigure draws the still parts once and keeps their pixels; each slider move
pastes them back, draws only the artists that move (blitting, as the explorers do) and
encodes the PNG with light compression. A slider move then costs less than a plain
redraw of a one-line plot.

Example:
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(3, 2))
    >>> line, = ax.plot([0, 1], [0, 1])
    >>> picture = FastFigure(fig, moving=[line])
    >>> line.set_ydata([1, 0])
    >>> picture.png()[:4]
    b'\\x89PNG'

Introduced in notebooks/01_optimization (its trial-size explorer).
"""

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

__all__ = ["FastFigure"]


class FastFigure:
    """A matplotlib figure whose still parts are drawn once; `show()` redraws what moves.

    Intuition: in a slider callback most of the picture (data points, contours, colour
    bars, axis labels) stays the same; drawing it again on every move is what makes a
    slider lag.

    Rule: the background is the figure drawn with the `moving` artists hidden, kept as
    pixels; `png()` pastes it, draws each moving artist (a line, a marker, a title, or a
    whole axes whose limits change) and returns the PNG bytes; `show()` displays them.

    Args:
        fig: a matplotlib Figure (drawn with Agg, the backend of inline notebooks).
        moving: the artists a callback changes; anything else must stay as it was drawn
            first (call `refresh_background()` after changing it).

    Attributes: fig, moving.

    Example: see the module docstring.

    Introduced in notebooks/01_optimization.
    """

    def __init__(self, fig, moving):
        self.fig, self.moving = fig, list(moving)
        if not isinstance(fig.canvas, FigureCanvasAgg):
            FigureCanvasAgg(fig)
        self._background = None

    def refresh_background(self):
        """Draw everything but the moving artists once and keep the pixels."""
        # Texts are made transparent, not invisible: an invisible title has no extent, and
        # matplotlib would then push it off the figure when it places the titles.
        texts = [a for a in self.moving if isinstance(a, Text)]
        others = [a for a in self.moving if not isinstance(a, Text)]
        alphas, visible = [a.get_alpha() for a in texts], [a.get_visible() for a in others]
        for a in texts:
            a.set_alpha(0.0)
        for a in others:
            a.set_visible(False)
        self.fig.canvas.draw()
        self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        for a, alpha in zip(texts, alphas):
            a.set_alpha(alpha)
        for a, v in zip(others, visible):
            a.set_visible(v)

    def png(self):
        """The current picture as PNG bytes: the kept background plus the moving artists."""
        if self._background is None:
            self.refresh_background()
        self.fig.canvas.restore_region(self._background)
        for a in self.moving:
            self.fig.draw_artist(a)
        from PIL import Image    # a dependency of matplotlib
        buffer = io.BytesIO()
        rgb = np.asarray(self.fig.canvas.buffer_rgba())[..., :3]
        Image.fromarray(rgb).save(buffer, format="PNG", compress_level=1)   # fast, not small
        return buffer.getvalue()

    def show(self):
        """Display the current picture (in a callback: in the widget's output area)."""
        from IPython.display import Image, display
        display(Image(data=self.png(), format="png"))
