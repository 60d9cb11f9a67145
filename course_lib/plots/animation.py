"""Animated optimizer races: paths that grow step by step, playable in a saved notebook.

The contours, axes and legend are drawn once by matplotlib into one PNG; the paths are
SVG lines on top of it, and a few lines of JavaScript grow them frame by frame (play,
pause, a frame slider). That keeps the animation small (100-200 kB) and quick to build
(well under a second), and it plays in JupyterLab, classic Notebook and exported HTML
without a Python kernel (for a notebook reopened from disk: once it is trusted).

Example (last line of a notebook cell):
    >>> from course_lib import Adam, Momentum, Rosenbrock, run
    >>> f = Rosenbrock()
    >>> runs = [run(Momentum(lr=1e-3), f, [-1.5, 2.0], 300), run(Adam(lr=0.05), f, [-1.5, 2.0], 300)]
    >>> player = race_animation(f, runs)    # then `player` alone on a cell's last line

Introduced in notebooks/09_nesterov (the optimizer race).
"""

import base64
import io
import json
import uuid

import numpy as np
from PIL import Image                    # a dependency of matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from course_lib._validate import whole_number
from course_lib.plots.colors import optimizer_color
from course_lib.plots.contours import as_path, plot_contours

__all__ = ["RaceAnimation", "race_animation", "frame_steps"]


def frame_steps(n_steps, frames):
    """The step shown in each frame: up to `frames` evenly spaced steps from 0 to n_steps."""
    frames = whole_number("frames", frames, 2, "60 is a good size", maximum=1000)
    return np.unique(np.round(np.linspace(0, n_steps, frames)).astype(int))


class RaceAnimation:
    """An HTML/JavaScript animation of optimizer paths; shows itself in a notebook.

    Attributes: html (the whole snippet), steps (the step of each frame), pixels (one
    (k, 2) array per run: the path in image pixels), colors, fig (the background figure).
    """

    def __init__(self, f, runs, frames=60, interval=80, labels=None, figsize=(5.6, 4.5),
                 dpi=80):
        self.fig = Figure(figsize=figsize, dpi=dpi)
        FigureCanvasAgg(self.fig)
        ax = self.fig.add_subplot()
        drawn = plot_contours(f, paths=runs, ax=ax, n=150, labels=labels)
        self.fig.tight_layout()
        for artists in drawn.paths:        # the legend already holds copies of them
            for a in (artists.line, artists.start, artists.end):
                a.set_visible(False)
        self.fig.canvas.draw()             # one full draw: its pixels are the PNG
        buffer = io.BytesIO()
        Image.fromarray(np.asarray(self.fig.canvas.buffer_rgba())).save(buffer, format="png")
        width, height = self.fig.canvas.get_width_height()
        self.colors = [a.line.get_color() for a in drawn.paths]
        self.pixels = []
        for r in runs:
            path = as_path(r)
            finite = np.all(np.isfinite(path), axis=1)
            path = path[:np.argmin(finite)] if not finite.all() else path
            xy = ax.transData.transform(path)
            self.pixels.append(np.column_stack([xy[:, 0], height - xy[:, 1]]))
        self.steps = frame_steps(max(len(p) for p in self.pixels) - 1, frames)
        box = ax.bbox.bounds
        self.html = _html(base64.b64encode(buffer.getvalue()).decode("ascii"), width,
                          height, (box[0], height - box[1] - box[3], box[2], box[3]),
                          self.pixels, self.colors, self.steps, interval)

    def _repr_html_(self):
        return self.html


def race_animation(f, runs, frames=60, interval=80, labels=None):
    """Animate optimizer paths over the contours of f; returns a RaceAnimation.

    Intuition: watching the paths grow side by side shows what a final number hides: who
    overshoots, who crawls, who takes the detour.

    Rule: frame k shows every run's points w_0 .. w_{s_k}, with s_k evenly spaced steps
    from 0 to the longest run's last step (``frame_steps``).

    Args:
        f: a 2-D surface.
        runs: Trajectories or (k, 2) arrays, each drawn in its optimizer's course colour
            (a run that stopped early stays at its last point).
        frames: number of frames (2..1000).
        interval: milliseconds per frame (> 0).
        labels: legend names (default: optimizer names).

    Returns: a RaceAnimation; as the last line of a cell it shows itself, with play and
    pause buttons, also in a saved notebook.

    Example:
        >>> from course_lib import GradientDescent, Quadratic, run
        >>> f = Quadratic(np.diag([2.0, 0.25]))
        >>> anim = race_animation(f, [run(GradientDescent(lr=0.3), f, [2.5, 2.5], 20)], frames=5)
        >>> [int(s) for s in anim.steps]
        [0, 5, 10, 15, 20]

    Introduced in notebooks/09_nesterov.
    """
    return RaceAnimation(f, runs, frames=frames, interval=interval, labels=labels)


def _html(png, width, height, clip, pixels, colors, steps, interval):
    uid = "race" + uuid.uuid4().hex[:8]
    lines = "".join(
        f'<polyline id="{uid}-p{i}" fill="none" stroke="{c}" stroke-width="2" '
        f'points=""/><circle id="{uid}-h{i}" r="5" fill="{c}" stroke="white"/>'
        f'<circle cx="{p[0, 0]:.1f}" cy="{p[0, 1]:.1f}" r="5" fill="white" stroke="{c}" '
        f'stroke-width="2"/>' for i, (p, c) in enumerate(zip(pixels, colors)))
    data = json.dumps([np.round(p, 1).tolist() for p in pixels])
    return f"""<div id="{uid}" style="display:inline-block;font-family:sans-serif">
<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}">
<defs><clipPath id="{uid}-clip"><rect x="{clip[0]:.1f}" y="{clip[1]:.1f}"
 width="{clip[2]:.1f}" height="{clip[3]:.1f}"/></clipPath></defs>
<image href="data:image/png;base64,{png}" width="{width}" height="{height}"/>
<g clip-path="url(#{uid}-clip)">{lines}</g></svg><br>
<button id="{uid}-play">&#9654; play</button>
<input id="{uid}-slider" type="range" min="0" max="{len(steps) - 1}" value="0"
 style="width:{max(width - 170, 100)}px;vertical-align:middle">
<span id="{uid}-label">step 0</span></div>
<script>
(function() {{
  const paths = {data}, steps = {json.dumps(steps.tolist())}, uid = "{uid}";
  const slider = document.getElementById(uid + "-slider");
  const label = document.getElementById(uid + "-label");
  const button = document.getElementById(uid + "-play");
  let timer = null;
  function show(k) {{
    const t = steps[k];
    paths.forEach((p, i) => {{
      const n = Math.min(t + 1, p.length), head = p[n - 1];
      document.getElementById(uid + "-p" + i).setAttribute("points",
        p.slice(0, n).map(q => q.join(",")).join(" "));
      const h = document.getElementById(uid + "-h" + i);
      h.setAttribute("cx", head[0]); h.setAttribute("cy", head[1]);
    }});
    slider.value = k; label.textContent = "step " + t;
  }}
  function stop() {{ clearInterval(timer); timer = null; button.innerHTML = "&#9654; play"; }}
  button.onclick = () => {{
    if (timer) {{ stop(); return; }}
    if (+slider.value >= steps.length - 1) show(0);
    button.innerHTML = "&#10074;&#10074; pause";
    timer = setInterval(() => {{
      const k = +slider.value + 1;
      if (k >= steps.length) stop(); else show(k);
    }}, {int(interval)});
  }};
  slider.oninput = () => {{ stop(); show(+slider.value); }};
  show(steps.length - 1);
}})();
</script>"""
