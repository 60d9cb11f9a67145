"""JupyterLab in headless Chromium for tests/lessons/test_browser.py: server, browser, page helpers.

One JupyterLab server (every config directory in a temp folder, notebooks copied there so
outputs and autosave never touch the course files) and one Chromium serve every browser
test; each test opens its notebook in a fresh tab and a fresh workspace and shuts its kernel
down afterwards. Every cell is laid out (windowingMode "none"), so element screenshots and
text reads do not depend on scrolling. Waits are bounded predicates evaluated in the page,
never fixed sleeps.

Needs Debian's Chromium at /usr/bin/chromium (or COURSE_CHROMIUM) and the playwright
Python package (never `playwright install`). Without them the tests are skipped, or fail
when COURSE_REQUIRE_BROWSER=1 (set by .ci/run). Facts used here: ../shared/recipes/
jupyterlab-browser-test.md.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
# A cell's own outputs (the Output widget inside an explorer holds outputs of its own).
TOP_OUTPUT = ".jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output"
WIDGET_VIEW = TOP_OUTPUT + ":has(> .jupyter-widgets)"
FIGURE = TOP_OUTPUT + '[data-mime-type="image/png"]'
# A code cell whose output is a widget: interact(...) or one of course_lib's explorers.
WIDGET_SOURCE = re.compile(r"\binteract\(|\w*Explorer\(|\bOptimizerRace\(")
# What a widget looks like when its model is missing: its repr as plain text.
TEXT_FALLBACK = re.compile(r"^\s*(interactive|VBox|HBox|Output|\w*Slider)\(")

KERNEL_IDLE = """() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]
    .some(e => /\\| Idle$/.test(e.textContent.trim()))"""
# True once `n` code cells show an execution count, none is queued or running ([*]) and the
# kernel is idle - or once a traceback appeared (Run all stops there; fail fast, not late).
RUN_FINISHED = """(n) => {
    const idle = [...document.querySelectorAll('.jp-StatusBar-TextItem')]
        .some(e => /\\| Idle$/.test(e.textContent.trim()));
    const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
        .map(e => e.textContent.trim());
    const done = prompts.filter(t => /^\\[\\d+\\]:?$/.test(t)).length;
    const error = [...document.querySelectorAll('%s')]
        .some(e => /Traceback|Error/.test(e.textContent));
    return idle && !prompts.some(t => t.includes('*')) && (done >= n || error);
}""" % STDERR
# Indices (among code cells) of cells with code (or no editor yet) but no execution count.
UNRUN_CELLS = """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')]
    .map((cell, i) => [i, cell.querySelector('.jp-InputPrompt').textContent.trim(),
                       (cell.querySelector('.cm-content') || {textContent: '?'})
                           .textContent.trim()])
    .filter(([i, prompt, code]) => code && !/^\\[\\d+\\]:?$/.test(prompt))
    .map(([i]) => i)"""
# True once every widget view holds a decoded picture (the explorer's or interact's PNG).
WIDGETS_DRAWN = """(n) => {
    const views = [...document.querySelectorAll('%s')];
    return views.length >= n && views.every(v => {
        const img = v.querySelector('.widget-output img');
        return img && img.complete && img.naturalWidth > 100;
    });
}""" % WIDGET_VIEW
# True once the picture in `output` (a .widget-output; each redraw replaces its <img>)
# differs from `before`, the kernel is idle and the picture has not changed for 750 ms
# (the last redraw has arrived; "changed" alone passes too early).
PLOT_SETTLED = """([output, before]) => {
    const img = output.querySelector('img');
    if (!img) return false;
    const s = output.__settle || (output.__settle = {src: null, since: 0});
    if (img.src !== s.src) { s.src = img.src; s.since = performance.now(); return false; }
    const idle = [...document.querySelectorAll('.jp-StatusBar-TextItem')]
        .some(e => /\\| Idle$/.test(e.textContent.trim()));
    return img.src !== before && idle && performance.now() - s.since > 750;
}"""


def browser_problem():
    """Why the browser tests cannot run here (one sentence with the fix), or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return ("the playwright Python package is missing: pip install -e '.[reference]' "
                "(do not run `playwright install`; the test uses the system Chromium)")
    if not os.path.exists(CHROMIUM):
        return (f"Chromium was not found at {CHROMIUM}: install it with "
                "`sudo apt-get install chromium` (Debian/Ubuntu), or point "
                "COURSE_CHROMIUM at a Chromium/Chrome binary")
    return None


def require_browser():
    """Skip (or fail, in CI) with a clear message when the browser stack is missing.

    Call it in the test itself, not in a fixture, so CI reports a failure, not an error.
    """
    problem = browser_problem()
    if problem:
        if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"real-browser test cannot run: {problem} "
                        "(COURSE_REQUIRE_BROWSER=1 makes this a failure)", pytrace=False)
        pytest.skip(f"real-browser test skipped: {problem}")


def notebook_facts(path):
    """(code cells that run, cells that show a widget) of a notebook, read from its JSON."""
    cells = json.loads(Path(path).read_text())["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    code = [src for src in code if src.strip()]            # Lab does not number empty cells
    return len(code), sum(bool(WIDGET_SOURCE.search(src)) for src in code)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLab:
    """A JupyterLab server on a temp root, starting; `wait_ready()` before use,
    `add(path)` copies a notebook in, `stop()` ends it and its kernels."""

    def __init__(self, tmp):
        self.tmp, self.root = Path(tmp), Path(tmp) / "root"
        self.root.mkdir()
        home = self.tmp / "home"
        dirs = {name: home / name for name in ("config", "data", "runtime", "ipython", "mpl",
                                               "settings", "workspaces")}
        for d in dirs.values():
            d.mkdir(parents=True)
        news = dirs["settings"] / "@jupyterlab" / "apputils-extension"
        news.mkdir(parents=True)
        (news / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
        # Lay out every cell (the default skips off-screen cells: their size is a guess, so
        # the page shifts under a screenshot and innerText of off-screen outputs is empty).
        tracker = dirs["settings"] / "@jupyterlab" / "notebook-extension"
        tracker.mkdir(parents=True)
        (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(dirs["config"]),
                   JUPYTER_DATA_DIR=str(dirs["data"]), JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
                   IPYTHONDIR=str(dirs["ipython"]), MPLCONFIGDIR=str(dirs["mpl"]))
        # Build matplotlib's font cache now, next to the server start, so no kernel prints
        # "Matplotlib is building the font cache" on stderr or pays for it.
        fonts = subprocess.Popen([sys.executable, "-c", "import matplotlib.font_manager"],
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = self.tmp / "lab.log"
        self._log = open(self.log_path, "wb")
        self.server = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
             "--ip=127.0.0.1", f"--port={port}", "--IdentityProvider.token=",
             "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
             f"--ServerApp.root_dir={self.root}",
             f"--LabApp.user_settings_dir={dirs['settings']}",
             f"--LabApp.workspaces_dir={dirs['workspaces']}"],
            env=env, stdout=self._log, stderr=subprocess.STDOUT)
        self._fonts = fonts

    def wait_ready(self, timeout=60):
        """Poll /api/status until the server answers (about 2 s); fail with its log."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._api("GET", "status")
                break
            except OSError:
                if self.server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start:\n{self.log()}")
                time.sleep(0.2)                          # polling interval, not a wait
        self._fonts.wait(timeout=timeout)

    def _api(self, method, path):
        request = urllib.request.Request(f"{self.url}/api/{path}", method=method)
        with urllib.request.urlopen(request, timeout=5) as answer:
            body = answer.read()
        return json.loads(body) if body else None

    def log(self, tail=3000):
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-tail:]

    def add(self, path):
        """Copy a notebook into the server's root, without outputs or execution counts (as
        committed; a stale "[5]:" would look like a finished run); returns its name there."""
        notebook = json.loads(Path(path).read_text())
        for cell in notebook["cells"]:
            if cell["cell_type"] == "code":
                cell["outputs"], cell["execution_count"] = [], None
        (self.root / Path(path).name).write_text(json.dumps(notebook, indent=1))
        return Path(path).name

    def kernels(self):
        return self._api("GET", "kernels")

    def shutdown(self, name):
        """End the session and kernel of notebook `name` (a finished test's kernel)."""
        for session in self._api("GET", "sessions"):
            if session["path"] == name:
                self._api("DELETE", f"sessions/{session['id']}")

    def stop(self):
        self.server.terminate()                        # also ends its kernels
        try:
            self.server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait()
        self._fonts.wait()
        self._log.close()


def launch_chromium(playwright, profile):
    """Debian's Chromium, headless, on a fresh profile directory."""
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 900})


def open_tab(browser, lab, name):
    """A new tab opening notebook `name` (its kernel starts; see wait_kernel_idle).

    Each notebook gets a workspace of its own, so JupyterLab does not reopen (and start
    kernels for) the notebooks other tabs have open.
    """
    page = browser.new_page()
    page.set_default_timeout(30_000)
    workspace = re.sub(r"\W", "-", Path(name).stem)
    page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{urllib.parse.quote(name)}",
              wait_until="commit")
    return page


def wait_kernel_idle(page, timeout=60_000):
    """Wait until the status bar says the kernel is idle (not the toolbar: see the recipe)."""
    page.wait_for_function(KERNEL_IDLE, polling=200, timeout=timeout)


def start_run_all(page):
    """Run > Run All Cells, once the kernel is idle."""
    wait_kernel_idle(page)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator('li[data-command="runmenu:run-all"]').click()


def wait_run_finished(page, n_code, timeout=120_000):
    """Wait until all `n_code` code cells ran and the kernel is idle, or one raised."""
    page.wait_for_function(RUN_FINISHED, arg=n_code, polling=250, timeout=timeout)


def output_problems(page):
    """Every sign of a failed cell or a widget that did not render, as readable strings."""
    problems = []
    for text in page.locator(STDERR).all_text_contents():
        kind = "traceback" if re.search(r"Traceback|Error", text) else "stderr output"
        problems.append(f"{kind}: {text.strip()[:1500]}")
    for text in page.locator(".jp-OutputArea-output").all_text_contents():
        if "Error displaying widget" in text:
            problems.append(f"widget failed to display: {text.strip()[:300]}")
    plain = page.locator('.jp-OutputArea-output[data-mime-type="text/plain"]')
    for text in plain.all_text_contents():
        if TEXT_FALLBACK.match(text):
            problems.append(f"widget shown as text (no widget model): {text.strip()[:200]}")
    unrun = page.evaluate(UNRUN_CELLS)
    if unrun:
        problems.append(f"code cells (0-based among code cells) not executed: {unrun}")
    return problems


def wait_widgets_drawn(page, n, timeout=30_000):
    """Wait until `n` widget views each show a decoded PNG; returns their locator."""
    page.wait_for_function(WIDGETS_DRAWN, arg=n, polling=200, timeout=timeout)
    return page.locator(WIDGET_VIEW)


def wait_plot_settled(page, output, before, timeout=30_000):
    """Wait until `output` (a .widget-output locator) shows a picture other than `before`
    and the kernel is done redrawing; returns the new picture's src."""
    page.wait_for_function(PLOT_SETTLED, arg=[output.element_handle(), before], polling=100,
                           timeout=timeout)
    return output.locator("img").get_attribute("src")


def shot(target, name):
    """Save a screenshot of a page or locator as build/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    target.screenshot(path=str(path))
    return path
