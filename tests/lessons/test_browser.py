"""A real browser: JupyterLab in headless Chromium runs notebooks and drives their widgets.

One JupyterLab server and one Chromium (module fixtures, tests/support/browser.py) serve:
- the fixture tests/support/browser_lr_explorer.ipynb: widgets render, ArrowRight on the lr slider
  redraws the plot, the race animation's JavaScript runs and plays;
- lesson 04 (gradient descent): Run all without an error, its LearningRateExplorer renders,
  the keyboard moves lr and the plot follows, up to divergence above 2/λ_max;
- every other lesson in notebooks/ (found by its NN_topic name, so a new lesson is covered
  without editing this file): Run all without an error, every widget renders, and in a
  lesson with widgets the first slider is moved one step with the keyboard and its
  widget's picture is shown to change (and the readout with it).
Each test opens a copy of its notebook (the course files are never touched) in its own tab;
the next test's tab opens meanwhile, so its kernel starts while this one runs; a finished
test's tab and kernel are closed. "No error" means: no traceback or other stderr output,
every code cell executed, no "Error displaying widget", no widget shown as its text repr,
and one rendered widget with a drawn picture per cell that makes one (interact(...) or an
explorer). Screenshots go to build/screenshots/ (lesson04_explorer_*.png,
lessonNN_widget*.png, lessonNN_moved_before/after.png, lessonNN_first_figure.png).
Waits are bounded; nothing sleeps for a fixed time. About 15 s per lesson on 2 cores.

Needs Debian's Chromium at /usr/bin/chromium (or COURSE_CHROMIUM) and the playwright
Python package (never `playwright install`). Without them the tests are skipped, or fail
when COURSE_REQUIRE_BROWSER=1 (set by .ci/run).
"""

import contextlib
import re
from pathlib import Path

import pytest

from tests.support.browser import (FIGURE, ROOT, WIDGET_VIEW, JupyterLab, browser_problem,
                             launch_chromium, notebook_facts, open_tab, output_problems,
                             require_browser, shot, start_run_all, wait_plot_settled,
                             wait_run_finished, wait_widgets_drawn)

pytestmark = pytest.mark.integration       # JupyterLab and Chromium, every lesson

FIXTURE = Path(__file__).parents[1] / "support" / "browser_lr_explorer.ipynb"
LESSON04 = ROOT / "notebooks" / "04_gradient_descent.ipynb"
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
OTHERS = {p.stem: p for p in LESSONS if p != LESSON04}
ORDER = [FIXTURE, LESSON04, *OTHERS.values()]


class Lab:
    """The JupyterLab server and Chromium; `tab(path)` gives a tab with `path` open.

    Each tab also opens the next notebook of ORDER (the order of the tests below), so its
    JupyterLab page loads and its kernel starts while the current test runs; at most two
    tabs are alive at a time (2 cores).
    """

    def __init__(self, server, browser):
        self.server, self.browser, self.tabs = server, browser, {}

    def _open(self, path):
        if path not in self.tabs:
            self.tabs[path] = open_tab(self.browser, self.server, self.server.add(path))

    def tab(self, path):
        self._open(path)
        page = self.tabs.pop(path)
        later = ORDER[ORDER.index(path) + 1:]
        if later:
            self._open(later[0])
        return page

    def close(self, path, page):
        """Close the tab and end its kernel (it must not eat the CPU of the next test)."""
        page.close()
        self.server.shutdown(path.name)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab and Chromium, started once (side by side) for every test here; None
    when the browser stack is missing (each test then skips or fails: require_browser)."""
    if browser_problem():
        yield None
        return
    from playwright.sync_api import sync_playwright
    tmp = tmp_path_factory.mktemp("browser")
    server = JupyterLab(tmp)                         # starts while Chromium starts
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p, tmp / "chromium-profile")
            try:
                server.wait_ready()
                yield Lab(server, browser)
            finally:
                browser.close()
    finally:
        server.stop()


@contextlib.contextmanager
def notebook(lab, path, label):
    """A tab with a copy of `path` open; a screenshot on failure; afterwards no tab, no kernel."""
    require_browser()
    page = lab.tab(path)
    page.bring_to_front()
    try:
        yield page
    except BaseException:
        shot(page, f"{label}_FAILED")
        raise
    finally:
        lab.close(path, page)


def check_ran_cleanly(page, path):
    """Fail with every error the run left; wait for every widget; return the widget views."""
    n_code, n_widgets = notebook_facts(path)
    wait_run_finished(page, n_code)
    problems = output_problems(page)
    assert not problems, f"{path.name} in JupyterLab:\n" + "\n".join(problems)
    views = wait_widgets_drawn(page, n_widgets)
    assert views.count() == n_widgets, (
        f"{path.name}: {n_widgets} cells make a widget, {views.count()} widgets rendered")
    assert output_problems(page) == []            # nothing went wrong while they drew
    return views


def test_lr_explorer_renders_and_follows_the_keyboard_in_jupyterlab(lab):
    with notebook(lab, FIXTURE, "browser_lr_explorer") as page:
        start_run_all(page)
        check_ran_cleanly(page, FIXTURE)
        output = page.locator(".widget-output").first
        image = output.locator("img")
        readout = page.locator(".widget-readout").first
        message = page.locator(".widget-html-content").first
        assert readout.inner_text() == "0.891"
        assert message.inner_text().startswith("lr = 0.891: loss")
        before = image.get_attribute("src")
        assert before.startswith("data:image/png;base64,")
        shot(page, "browser_lr_explorer_before")

        handle = page.locator(".widget-slider .noUi-handle").first
        handle.focus()
        for _ in range(3):                          # log10 step 0.05: 10^-0.05 -> 10^0.1
            handle.press("ArrowRight")
        wait_plot_settled(page, output, before)

        assert readout.inner_text() == "1.26"
        assert image.get_attribute("src") != before
        assert message.inner_text().startswith("Diverged at step")
        assert "lr = 1.26 is above 2/λ_max = 1." in message.inner_text()
        shot(page, "browser_lr_explorer_after")

        # the race animation: its script ran (it shows the last step) and it plays
        label = page.locator('[id$="-label"]').first
        assert label.inner_text() == "step 120"
        assert page.locator("svg polyline").count() == 2
        label.scroll_into_view_if_needed()
        page.locator('button[id$="-play"]').first.click()
        page.wait_for_function("""() => {
            const text = document.querySelector('[id$="-label"]').textContent;
            const step = parseInt(text.replace('step ', ''));
            return text !== 'step 120' && step >= 40;     // restarted, now mid-race
        }""")
        shot(page, "browser_race_animation")


def test_lesson04_runs_and_its_lr_explorer_follows_the_keyboard(lab):
    with notebook(lab, LESSON04, "lesson04") as page:
        start_run_all(page)
        explorer = check_ran_cleanly(page, LESSON04).first
        cell = page.locator(".jp-CodeCell").filter(has=explorer)
        slider = explorer.locator(".widget-slider").filter(
            has=page.locator(".widget-label").get_by_text("lr", exact=True))
        assert slider.count() == 1, "the lesson's explorer has no slider labelled lr"
        readout = slider.locator(".widget-readout")
        message = explorer.locator(".widget-html-content")
        output = explorer.locator(".widget-output")
        image = output.locator("img")
        cell.scroll_into_view_if_needed()                 # where a student would look
        # the browser shows 3 significant digits with trailing zeros (d3-format's .3g)
        assert readout.text_content() == "0.0250", "lesson 04 changed its explorer: update me"
        assert message.text_content().startswith("lr = 0.025: loss")
        before = image.get_attribute("src")
        assert before.startswith("data:image/png;base64,")
        shot(cell, "lesson04_explorer_before")

        handle = slider.locator(".noUi-handle")
        handle.focus()
        for _ in range(3):                                # a student nudging lr up
            handle.press("ArrowRight")
        nudged = wait_plot_settled(page, output, before)
        # the slider moves log10(lr) by 0.05 per key: three keys raise lr by about 10^0.15
        assert 0.03 < float(readout.text_content()) < 0.04
        # the kernel's message names the lr the browser shows: both sides agree
        shown = float(readout.text_content())
        assert message.text_content().startswith(f"lr = {shown:.3g}: loss")
        assert nudged != before
        shot(cell, "lesson04_explorer_after")

        handle.press("End")                               # the top of the range, lr = 0.07
        wait_plot_settled(page, output, nudged)
        assert float(readout.text_content()) == 0.07
        # lesson 04's elongated bowl: 2 / lambda_max = 0.0513, so lr = 0.07 must blow up
        assert re.match(r"Diverged at step \d+: lr = 0.07 is above 2/λ_max = 0.0513\.",
                        message.text_content()), message.text_content()
        assert image.get_attribute("src") not in (before, nudged)
        shot(cell, "lesson04_explorer_diverged")
        assert output_problems(page) == []


def move_first_slider(page, label):
    """Press one arrow key on the page's first slider and wait for its widget's picture to
    be redrawn; returns (readout before, readout after, picture before, picture after).

    The key goes right unless the slider sits at its maximum. Generic on purpose: works
    for interact(...) and for every course_lib explorer.
    """
    view = page.locator(WIDGET_VIEW).filter(has=page.locator(".widget-slider")).first
    slider = view.locator(".widget-slider").first
    handle, readout = slider.locator(".noUi-handle").first, slider.locator(".widget-readout")
    output = view.locator(".widget-output").first
    cell = page.locator(".jp-CodeCell").filter(has=view).first
    cell.scroll_into_view_if_needed()
    before, value = output.locator("img").get_attribute("src"), readout.text_content()
    at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    shot(cell, f"{label}_moved_before")
    handle.focus()
    handle.press("ArrowLeft" if at_max else "ArrowRight")
    after = wait_plot_settled(page, output, before)
    shot(cell, f"{label}_moved_after")
    return value, readout.text_content(), before, after


@pytest.mark.parametrize("name", OTHERS)
def test_lesson_runs_in_jupyterlab_its_widgets_render_and_follow_a_slider(lab, name):
    path = OTHERS[name]
    label = f"lesson{name[:2]}"
    with notebook(lab, path, label) as page:
        start_run_all(page)
        views = check_ran_cleanly(page, path)
        cells = page.locator(".jp-CodeCell").filter(has=page.locator(".jupyter-widgets"))
        for i in range(views.count()):
            assert views.nth(i).locator(".widget-slider").count() >= 1
            shot(cells.nth(i), f"{label}_widget{i + 1}")
        figures = page.locator(FIGURE)
        if figures.count():
            shot(figures.first, f"{label}_first_figure")
        if views.count():
            value, moved, before, after = move_first_slider(page, label)
            assert before.startswith("data:image/png;base64,") and after != before
            assert moved != value, f"the slider's readout stayed at {value}"
            assert output_problems(page) == [], "the slider move left an error"
