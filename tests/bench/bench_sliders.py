"""make bench: how fast does a lesson's slider answer in a real browser?

Each lesson with a widget is opened in JupyterLab in headless Chromium (the machinery of
tests/support/browser.py: a temp server root, the system Chromium), run with Run All, and
its first slider is moved with the keyboard, back and forth (ArrowRight, ArrowLeft, ...),
PRESSES times. Each press is timed in the page, from the keydown event to the moment the
widget's new picture is decoded and ready to paint; the row shows the median. The floor
is a plain `interact` that redraws one matplotlib line plot (BASELINE below), measured the
same way in the same run, before and after the lessons (the median of both). Target
(issue 22): a lesson's slider answers at most as slowly as that plain redraw, ratio <= 1.

Run: .venv/bin/python tests/bench/bench_sliders.py [NN or path.ipynb ...]   (lesson numbers
or notebook files; default: every lesson with a widget). About 15 s per lesson on 2 cores.
"""

import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.support.browser import (WIDGET_VIEW, JupyterLab, browser_problem,  # noqa: E402
                                   launch_chromium, notebook_facts, open_tab, output_problems,
                                   start_run_all, wait_plot_settled, wait_run_finished,
                                   wait_widgets_drawn)

PRESSES = 7
TARGET = 1.0
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BASELINE = '''
import numpy as np
import matplotlib.pyplot as plt
from ipywidgets import FloatSlider, interact

xs = np.linspace(0, 10, 200)

def plain(a=1.0):
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(xs, np.sin(a * xs))
    ax.set(xlabel="x", ylabel="sin(a x)")
    plt.show()

interact(plain, a=FloatSlider(value=1.0, min=0.5, max=2.0, step=0.05));
'''
# In the page: remember when a key goes down, and when each new picture of `output` is
# decoded (a redraw puts a new <img> there, or a new src on it).
WATCH = """(output) => {
    window.__keydown = null;
    if (!window.__keyWatch) {
        document.addEventListener('keydown', () => { window.__keydown = performance.now(); },
                                  true);
        window.__keyWatch = true;
    }
    output.__shown = [];
    const check = () => {
        const img = output.querySelector('img');
        if (!img || img.__seen === img.src) return;
        img.__seen = img.src;
        img.decode().then(() => output.__shown.push(performance.now())).catch(() => {});
    };
    new MutationObserver(check).observe(output, {childList: true, subtree: true,
                                                 attributes: true, attributeFilter: ['src']});
}"""
# Milliseconds from the last keydown to the last picture decoded after it.
LATENCY = """(output) => {
    const after = output.__shown.filter(t => t > window.__keydown);
    return after.length ? after[after.length - 1] - window.__keydown : null;
}"""


def baseline_notebook(folder):
    """A one-cell notebook with the plain interact redraw; returns its path."""
    path = Path(folder) / "plain_interact.ipynb"
    cell = {"cell_type": "code", "execution_count": None, "id": "plain", "metadata": {},
            "outputs": [], "source": BASELINE.strip()}
    kernel = {"display_name": "Python 3", "language": "python", "name": "python3"}
    path.write_text(json.dumps({"cells": [cell], "metadata": {"kernelspec": kernel},
                                "nbformat": 4, "nbformat_minor": 5}))
    return path


def slider_latencies(browser, lab, path, presses=PRESSES):
    """(label of the first slider, [ms per key press]) for the notebook at `path`."""
    page = open_tab(browser, lab, lab.add(path))
    try:
        n_code, n_widgets = notebook_facts(path)
        start_run_all(page)
        wait_run_finished(page, n_code)
        problems = output_problems(page)        # a failed cell stops Run All short
        if problems:
            raise RuntimeError(f"{Path(path).name} failed in JupyterLab:\n" + "\n".join(problems))
        wait_widgets_drawn(page, n_widgets)
        view = page.locator(WIDGET_VIEW).filter(has=page.locator(".widget-slider")).first
        slider = view.locator(".widget-slider").first
        handle = slider.locator(".noUi-handle").first
        output = view.locator(".widget-output").first
        page.locator(".jp-CodeCell").filter(has=view).first.scroll_into_view_if_needed()
        name = slider.locator(".widget-label").first.text_content().strip()
        up = handle.get_attribute("aria-valuenow") != handle.get_attribute("aria-valuemax")
        output.evaluate(WATCH)
        handle.focus()
        times = []
        for k in range(presses):
            before = output.locator("img").get_attribute("src")
            forward = (k % 2 == 0) == up                     # back and forth
            handle.press("ArrowRight" if forward else "ArrowLeft")
            wait_plot_settled(page, output, before)
            times.append(output.evaluate(LATENCY))
        return name, [t for t in times if t is not None]
    finally:
        page.close()
        lab.shutdown(Path(path).name)


def measure(chosen=()):
    """[(row name, median ms, baseline median ms)] for the chosen lessons (numbers such as
    "01", or paths of notebooks; every lesson with a widget when none is chosen); raises
    RuntimeError when the browser stack is missing."""
    problem = browser_problem()
    if problem:
        raise RuntimeError(problem)
    from playwright.sync_api import sync_playwright
    paths = [Path(c) for c in chosen if c.endswith(".ipynb")]
    numbers = [c for c in chosen if not c.endswith(".ipynb")]
    lessons = paths + [p for p in LESSONS if notebook_facts(p)[1]
                       and (numbers or not paths) and (not numbers or p.name[:2] in numbers)]
    with tempfile.TemporaryDirectory(prefix="bench-sliders-") as tmp:
        lab = JupyterLab(tmp)
        try:
            with sync_playwright() as p:
                browser = launch_chromium(p, Path(tmp) / "chromium-profile")
                try:
                    lab.wait_ready()
                    plain = baseline_notebook(tmp)
                    floor = slider_latencies(browser, lab, plain)[1]
                    rows = []
                    for path in lessons:
                        name, times = slider_latencies(browser, lab, path)
                        rows.append((f"{path.stem} ({name})", statistics.median(times)))
                    floor += slider_latencies(browser, lab, plain)[1]
                finally:
                    browser.close()
        finally:
            lab.stop()
    base = statistics.median(floor)
    return [(name, ms, base) for name, ms in rows]


def main():
    rows = measure(sys.argv[1:])
    print(f"{'lesson (first slider)':<40} {'press -> picture ms':>20} {'plain interact ms':>18}"
          f" {'ratio':>6}")
    for name, ms, base in rows:
        verdict = "ok" if ms / base <= TARGET else "SLOWER"
        print(f"{name:<40} {ms:>20.0f} {base:>18.0f} {ms / base:>6.2f}  {verdict}")
    print(f"medians of {PRESSES} key presses; target: ratio <= {TARGET:g}")


if __name__ == "__main__":
    main()
