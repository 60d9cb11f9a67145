"""The site, the decks and the JupyterLite build in headless Chromium, with the network cut.

build/ is served on 127.0.0.1 (tests/web_support.py) and every request to another host is
aborted and fails the test that made it. Built here as `make site`, `make slides` and
`make lite` build them, from the lessons executed once (the `executed` fixture).

- site: every page loads with no outside request, no failed local request and no
  script error; every lesson page shows its figures, has all its math rendered by MathJax
  (no raw TeX left in the text), its saved widgets drawn with their sliders and pictures,
  and, where the lesson has one, a race player that plays; search finds a lesson; the
  theme switches to dark. Screenshots: build/screenshots/site_lesson04_{light,dark}.png.
- decks: two decks move from slide to slide with the arrow keys, with their math rendered
  and their widgets drawn. Screenshot: build/screenshots/deck_math.png.
- lite: JupyterLab opens and lists the first lesson. The one outside request allowed is
  the Pyodide runtime (it fails offline; nothing beyond the UI is asserted).
  Screenshot: build/screenshots/lite_ui.png.
"""

import re
from pathlib import Path

import pytest

from tests.support import lite_build, site_build, slide_decks
from tests.support import web as web_support
from tests.support.browser import (SCREENSHOTS, browser_problem, launch_chromium,
                                   require_browser)
from tests.support.web import (BROKEN_IMAGES, FIRST_WITH_MATH, GO, LOAD_ALL_FONTS, MATH_SHOWN,
                               MATHJAX_DONE, RAW_TEX, UNRENDERED_MATH, WIDGETS_RENDERED,
                               Offline, Server)

pytestmark = pytest.mark.integration       # builds the site, decks and lite; Chromium

SITE = web_support.BUILD / "site"
LESSON_PAGES = [f"notebooks/{p.stem}.html" for p in slide_decks.LESSONS]
# the decks with the least math: MathJax 2 typesets a whole deck when it loads
DECKS = ["01_optimization", "02_loss_surfaces"]
PYODIDE = r"cdn\.jsdelivr\.net/pyodide/|/pyodide(\.mjs|\.js|-lock\.json)"


class Browser:
    """One Chromium tab on the local server; `open(path)` loads a page and collects its
    script errors and failed local requests; `problems()` lists every one (and every
    blocked outside request) since the last `open`."""

    def __init__(self, context, server):
        self.context, self.server = context, server
        self.offline = Offline(context)
        self.page = context.new_page()
        self.page.set_default_timeout(30_000)
        self.errors = []
        self.page.on("pageerror", lambda e: self.errors.append(f"script error: {e}"))
        self.page.on("response", lambda r: self.errors.append(f"HTTP {r.status}: {r.url}")
                     if r.status >= 400 else None)

    def open(self, path, allowed=()):
        self.errors = []
        self.offline.reset(allowed)
        self.page.goto(self.server.url(path), wait_until="load")
        return self.page

    def problems(self):
        return self.errors + [f"outside request: {u}" for u in self.offline.blocked]


@pytest.fixture(scope="module")
def builds(executed, built_decks):
    """Build the site and the lite site into build/ (as the make targets do); the decks
    are the session's (conftest.py)."""
    if browser_problem():
        return None
    site_build.build()
    lite_build.build()
    return True


@pytest.fixture(scope="module")
def browser(builds, tmp_path_factory):
    if builds is None:
        yield None
        return
    from playwright.sync_api import sync_playwright
    server = Server()
    try:
        with sync_playwright() as p:
            context = launch_chromium(p, tmp_path_factory.mktemp("web") / "profile")
            try:
                yield Browser(context, server)
            finally:
                context.close()
    finally:
        server.stop()


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def site_pages():
    """Every HTML page of the built site, relative to build/ (found after the build)."""
    return sorted(p.relative_to(web_support.BUILD).as_posix() for p in SITE.rglob("*.html")
                  if "_static" not in p.parts)


@pytest.mark.parametrize("page_path", LESSON_PAGES, ids=lambda p: Path(p).stem)
def test_lesson_page_shows_figures_math_widgets_and_race_player(browser, page_path):
    require_browser()
    page = browser.open(f"site/{page_path}")
    page.wait_for_function(MATHJAX_DONE)
    name = Path(page_path).stem
    assert page.evaluate(UNRENDERED_MATH) == [], f"{name}: math MathJax did not render"
    assert page.evaluate(RAW_TEX, "article") == [], f"{name}: raw TeX left in the text"
    assert page.locator("article span.math, article div.math").count() >= 1, \
        f"{name}: no math on the page at all"
    assert page.locator("article .cell_output img").count() >= 1, f"{name}: no figure"
    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if views:
        page.wait_for_function(WIDGETS_RENDERED)
    assert page.evaluate(BROKEN_IMAGES, "article") == [], f"{name}: images did not load"
    play = page.locator('button[id$="-play"]')
    if play.count():
        label = page.locator('[id$="-label"]').first
        before = label.inner_text()
        play.first.scroll_into_view_if_needed()
        play.first.click()
        page.wait_for_function(
            "([el, before]) => el.textContent !== before", arg=[label.element_handle(), before])
    if name.startswith("04_"):
        shot(page, "site_lesson04_light")
        page.locator("button.theme-switch-button:visible").first.click()   # a menu
        page.locator('button.theme-change-button[data-mode="dark"]:visible').click()
        page.wait_for_function("() => document.documentElement.dataset.theme === 'dark'")
        page.mouse.move(640, 450)
        shot(page, "site_lesson04_dark")
    page.evaluate(LOAD_ALL_FONTS)             # a wrong font URL is a failed request below
    assert browser.problems() == [], f"{name}:\n" + "\n".join(browser.problems())


def test_every_other_site_page_loads_offline_without_errors(browser):
    """Every page but the lessons' (the test above loads those, with more checks)."""
    require_browser()
    pages = site_pages()
    assert len(pages) >= 30 and "site/README.html" in pages
    failures = []
    for path in pages:
        if path.removeprefix("site/") in LESSON_PAGES:
            continue
        page = browser.open(path)
        if page.locator("span.math, div.math").count():
            page.wait_for_function(MATHJAX_DONE)
            if page.evaluate(UNRENDERED_MATH):
                failures.append(f"{path}: math not rendered")
        broken = page.evaluate(BROKEN_IMAGES, "body")
        failures += [f"{path}: {p}" for p in browser.problems()]
        failures += [f"{path}: image did not load: {src}" for src in broken]
    assert not failures, "\n".join(failures)


def test_site_search_finds_a_lesson_offline(browser):
    require_browser()
    page = browser.open("site/search.html?q=momentum")
    results = page.locator("#search-results a")
    results.first.wait_for()
    assert any("08_momentum" in (results.nth(i).get_attribute("href") or "")
               for i in range(results.count()))
    assert browser.problems() == []


def test_every_readme_link_resolves_on_the_site(builds):
    require_browser()
    home = (SITE / "README.html").read_text(encoding="utf-8")
    readme = (site_build.ROOT / "README.md").read_text(encoding="utf-8")
    links = site_build.readme_links(readme)
    hrefs = re.findall(r'<a class="reference (?:internal|download internal)" [^>]*href="([^"#]+)',
                       home)
    missing = [h for h in hrefs if not (SITE / h).exists()]
    assert len(hrefs) >= len(links) >= 10 and not missing, missing
    assert "solutions" not in " ".join(p.as_posix() for p in SITE.rglob("*"))


# reveal.js is loaded as an AMD module (no window.Reveal): read its state from the DOM
CURRENT_SLIDE = """() => { const s = [...document.querySelectorAll('.slides section.present')]
    .filter(e => !e.querySelector('section.present')); return s.length ? s[0] : null; }"""
WITH_MATH = f"() => ({CURRENT_SLIDE})().querySelectorAll('.MathJax_CHTML').length"
SLIDE_INDEX = """() => [...document.querySelectorAll('.slides section')].filter(
    e => !e.querySelector('section')).findIndex(e => e.classList.contains('present'))"""


def test_site_shows_the_exercises_as_handed_out_never_the_solutions(builds):
    require_browser()
    pages = sorted((SITE / "exercises").glob("*.html"))
    assert [p.stem for p in pages] == [p.stem for p in site_build.EXERCISES]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "NotImplementedError" in text, f"{page.name}: not the student's copy"
        assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text, page.name
    assert not list(SITE.rglob("*solution*")), "a solution made it onto the site"


@pytest.mark.parametrize("deck", DECKS)
def test_deck_moves_between_slides_with_math_and_widgets(browser, deck):
    require_browser()
    page = browser.open(f"slides/{deck}.slides.html")
    page.wait_for_function("() => document.querySelector('.reveal.ready')")
    page.wait_for_function(MATHJAX_DONE, timeout=90_000)      # a whole deck: seconds
    assert page.locator(".slides .MathJax_CHTML").count() >= 3, "no rendered math"
    assert page.evaluate(RAW_TEX, ".slides") == [], "raw TeX left on the slides"
    page.wait_for_function(WIDGETS_RENDERED)
    # each key press moves to the next slide or fragment (the URL's #/h/v/f says where)
    start, hashes = page.evaluate(SLIDE_INDEX), [page.evaluate("() => location.hash")]
    for _ in range(8):
        page.keyboard.press("ArrowRight")
        page.wait_for_function("(h) => location.hash !== h", arg=hashes[-1])
        hashes.append(page.evaluate("() => location.hash"))
    assert len(set(hashes)) == len(hashes), f"a key press went back: {hashes}"
    assert page.evaluate(SLIDE_INDEX) >= start + 2, f"8 presses moved {hashes}"
    if deck == DECKS[0]:                          # back to the title, then the first math
        page.keyboard.press("Home")
        page.wait_for_function("() => ['', '#/', '#/0'].includes(location.hash)")
        # reveal's own API goes there: MathJax typesets a slide's math again each time the
        # deck moves to it, so while keys step through, a slide can read as having none
        page.wait_for_function(MATHJAX_DONE)
        first = page.evaluate(FIRST_WITH_MATH)
        assert first > 0, "no slide after the title has two formulas"
        page.evaluate(GO, first)
        page.wait_for_function(MATH_SHOWN, polling=50)
        assert page.evaluate(WITH_MATH) >= 2, f"slide {first}: its math is gone"
        shot(page, "deck_math")
    page.evaluate(LOAD_ALL_FONTS)
    assert browser.problems() == [], "\n".join(browser.problems())


def test_jupyterlite_opens_jupyterlab_with_the_first_lesson(browser):
    require_browser()
    page = browser.open("lite/lab/index.html", allowed=[PYODIDE])
    folder = page.locator(".jp-DirListing-item", has_text="notebooks")
    folder.first.wait_for(timeout=60_000)
    folder.first.dblclick()
    lesson = page.locator(".jp-DirListing-item", has_text="01_optimization.ipynb")
    lesson.first.wait_for()
    shot(page, "lite_ui")
    assert page.locator(".jp-DirListing-item", has_text="02_loss_surfaces.ipynb").count() == 1
    wheel = list((web_support.BUILD / "lite" / "pypi").glob("course_lib-*.whl"))
    assert wheel, "course_lib's wheel is not in the lite build"
    assert browser.problems() == [], "\n".join(browser.problems())
