"""Headless Chromium on build/ over a local HTTP server, with every outside request blocked.

For tests/lessons/test_web_offline.py: one HTTP server (a thread) serves the repository's build/
folder (site/, slides/, assets/, lite/ side by side, as they are published) on 127.0.0.1;
one Chromium (Debian's, tests/support/browser.py) opens its pages. Every request to a host
other than 127.0.0.1 is aborted and recorded: a test fails on any, except the few URL
patterns it allows by name (the Pyodide runtime of the JupyterLite build).
"""

import functools
import http.server
import re
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
LOCAL = re.compile(r"^(https?://127\.0\.0\.1(:\d+)?/|data:|blob:|about:)")


class Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "application/javascript", ".mjs": "application/javascript",
                      ".wasm": "application/wasm", ".json": "application/json"}

    def log_message(self, *args):
        pass


class Server:
    """build/ served on 127.0.0.1 at a free port, from a daemon thread; `url(path)`."""

    def __init__(self, directory=BUILD):
        handler = functools.partial(Quiet, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return self.base + str(path).lstrip("/")

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class Offline:
    """Routes every request of a browser context: local ones go on, others are aborted and
    kept in `blocked` (those matching an `allowed` pattern in `allowed_hits`)."""

    def __init__(self, context):
        self.blocked, self.allowed_hits, self.allowed = [], [], []
        context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if LOCAL.match(url):
            route.continue_()
            return
        if any(re.search(pattern, url) for pattern in self.allowed):
            self.allowed_hits.append(url)
        else:
            self.blocked.append(url)
        route.abort("internetdisconnected")

    def reset(self, allowed=()):
        self.blocked, self.allowed_hits, self.allowed = [], [], list(allowed)


# MathJax 2 finished: started up, and its queue has nothing pending or running.
MATHJAX_DONE = """() => window.MathJax && MathJax.isReady && MathJax.Hub
    && MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running === 0"""

# reveal.js, from the require.js module the deck loaded it as (no window.Reveal)
REVEAL = r"""new Promise(done => {
  const src = [...document.scripts].map(s => s.textContent).join('\n')
      .match(/"([^"]*reveal\.js\/dist\/reveal\.js)"/)[1];
  require([src], done);
})"""
# Go to slide `i` (0-based, reveal's order) with every fragment shown; returns the count.
GO = r"""(i) => %s.then(Reveal => {
  Reveal.configure({transition: 'none', backgroundTransition: 'none'});
  const slide = Reveal.getSlides()[i], at = Reveal.getIndices(slide);
  const math = slide.querySelectorAll('.mjx-chtml');
  math.forEach(m => { m.dataset.stale = '1'; });
  slide.dataset.math = math.length;
  Reveal.slide(at.h, at.v);
  slide.querySelectorAll('.fragment').forEach(f => f.classList.add('visible'));
  return Reveal.getTotalSlides();
})""" % REVEAL
# True once the slide shown has its math typeset again: the deck has MathJax re-render the
# math of every slide it moves to (GO marks the math it had as stale and counts it: all of
# it must be back, typeset anew), and for a few hundred
# milliseconds the math takes no room or the height it had before, while MathJax's queue
# already reads idle, so a measure or a picture taken too early is wrong by up to a line.
# Web fonts and pictures must have loaded too. (Speaker notes are hidden: their math has no
# width.)
MATH_SHOWN = """() => {
  const slide = [...document.querySelectorAll('.slides section.present')]
    .filter(e => !e.querySelector('section'))[0];
  return window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0
    && document.fonts.status === 'loaded'
    && [...slide.querySelectorAll('img')].every(i => i.complete)
    && !slide.querySelector('.mjx-chtml[data-stale]')
    && slide.querySelectorAll('.mjx-chtml').length >= Number(slide.dataset.math || 0)
    && [...slide.querySelectorAll('.mjx-chtml')].filter(m => !m.closest('aside.notes'))
      .every(m => m.getBoundingClientRect().width > 4);
}"""
# The index (reveal's order) of a deck's first slide with at least two typeset formulas.
FIRST_WITH_MATH = r"""() => %s.then(Reveal => Reveal.getSlides()
  .findIndex(s => s.querySelectorAll('.mjx-chtml').length >= 2))""" % REVEAL

# What a page shows as text outside code and rendered math: any '$' or '\\(' left there is
# TeX that MathJax did not render.
RAW_TEX = """(root) => {
    const copy = document.querySelector(root).cloneNode(true);
    copy.querySelectorAll('pre, code, script, style, .MathJax_CHTML, .MathJax_Preview, '
        + '.MJX_Assistive_MathML, .output_area, .cell_output .output').forEach(e => e.remove());
    const text = copy.textContent;
    return (text.match(/\\$[^$\\n]{1,80}\\$|\\\\\\(|\\\\\\[/g) || []).slice(0, 5);
}"""

# Every <img> under `root` that did not load (no pixels).
BROKEN_IMAGES = """(root) => [...document.querySelectorAll(root + ' img')]
    .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => (i.src || '').slice(0, 80))"""

# Math elements (Sphinx's span.math / div.math) that hold no rendered MathJax output.
UNRENDERED_MATH = """() => [...document.querySelectorAll('span.math, div.math')]
    .filter(e => !e.querySelector('.MathJax_CHTML')).map(e => e.textContent.slice(0, 60))"""

# Saved widget views (script tags) whose rendered widget (with a picture) is not there yet.
WIDGETS_RENDERED = """() => {
    const views = [...document.querySelectorAll(
        'script[type="application/vnd.jupyter.widget-view+json"]')];
    return views.length > 0 && views.every(v => {
        const box = v.parentElement;
        const img = box.querySelector('.jupyter-widgets .widget-output img');
        return box.querySelector('.jupyter-widgets .widget-slider')
            && img && img.complete && img.naturalWidth > 100;
    });
}"""
# Every font a page's style sheets declare, fetched now: a browser fetches a font only when
# some text needs it, so a wrong font URL would 404 only on the pages, and at the moments,
# that happen to use it. Failures show up as failed requests (the caller's check); fonts
# declared with local() sources only (MathJax's "MJXc-TeX-*" families) fail to load here
# without a request, by design, and are not reported.
LOAD_ALL_FONTS = """async () => {
    await document.fonts.ready;
    await Promise.all([...document.fonts].map(f => f.load().catch(() => null)));
}"""
