"""Every slide of every deck fits a 1280x720 screen: measured in headless Chromium.

The decks are built as `make slides` builds them (tests/support/slide_decks.py, PDFs too)
and opened one after the other at 1280x720 (two Chromiums, half the decks each), once
MathJax has typeset them; reveal.js (its own API, loaded through require.js) moves to each
slide, and per slide:
- its content is at most 720 px tall (nothing cut off at the bottom; the slide's
  scrollHeight, with every fragment counted, as reveal lays out the 1280x720 slide);
- no code line is longer than MAX_CHARS characters and nothing (code, an output, a table,
  a figure, display math) is wider than its box or the slide;
- it opens with a heading (its first cell is markdown starting with one).
The PDF `make slides` writes (Chromium's print of the reveal deck) has one page per slide
(printed here for the decks in PDF_DECKS, to keep `make test` short).
Failures name the deck, the slide (as reveal numbers it) and its heading, e.g.
"deck 04 slide 12: 1790 px tall (heading 'Many directions: conditioning')".
Screenshots of every slide of lesson 04's deck: build/screenshots/deck04_NN.png.

Only the lessons in slide_decks.CONVERTED are checked (a lesson joins when its deck is done).
"""

import concurrent.futures
from pathlib import Path

import pytest

from tests.support import slide_decks
from tests.support.browser import SCREENSHOTS, browser_problem, launch_chromium, require_browser
from tests.support.web import GO, MATH_SHOWN, MATHJAX_DONE, REVEAL, Server

pytestmark = pytest.mark.integration       # builds the decks; Chromium

WIDTH, HEIGHT = slide_decks.SIZE
MAX_CHARS = 80
SCREENSHOT_DECKS = {"04"}                  # lessons whose every slide is saved as a PNG
# Lessons whose deck is printed to PDF here (about 5-10 s each; `make slides` prints every
# deck the same way): the lesson with the most math and the one with the most slides.
PDF_DECKS = {"04", "08"}

# The slide shown now: its reveal indices, content height and width, first heading, the
# elements wider than their box or the slide, and the code lines over the limit.
MEASURE = r"""(maxChars) => %s.then(Reveal => {
  const slide = Reveal.getCurrentSlide(), at = Reveal.getIndices(slide);
  const width = Reveal.getConfig().width;
  const text = e => { const c = e.cloneNode(true);
    c.querySelectorAll('.anchor-link, script, .MJX_Assistive_MathML').forEach(a => a.remove());
    return c.textContent.replace(/\s+/g, ' ').trim(); };
  const left = slide.getBoundingClientRect().left;
  const scale = slide.getBoundingClientRect().width / slide.offsetWidth || 1;
  const first = slide.querySelector('.jp-Cell');
  const opening = first && first.querySelector('.jp-RenderedMarkdown > :first-child');
  const heading = opening && /^H[1-6]$/.test(opening.tagName) ? text(opening) : null;
  const any = slide.querySelector('h1, h2, h3, h4, h5, h6');
  // how far right an element's content reaches: a <pre>'s text (its grey box may run
  // a few pixels past the slide's edge, empty), any other element's box
  const right = e => { if (e.tagName !== 'PRE') return e.getBoundingClientRect().right;
    const range = document.createRange(); range.selectNodeContents(e);
    return range.getBoundingClientRect().right; };
  const wide = [...slide.querySelectorAll(
      'pre, .jp-OutputArea-output, table, img, .MathJax_Display, .jupyter-widgets')]
    .filter(e => e.scrollWidth > e.clientWidth + 1 || (right(e) - left) / scale > width + 1)
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className)
      .split(' ')[0] : '') + ': ' + text(e).slice(0, 50));
  const long = [...slide.querySelectorAll('.jp-InputArea pre')]
    .flatMap(p => p.textContent.split('\n')).filter(l => l.length > maxChars);
  return {h: at.h, v: at.v, height: slide.scrollHeight, width: slide.scrollWidth,
          heading, anyHeading: any ? text(any) : null, wide, long};
})""" % REVEAL


def measure(page, url, shots=None):
    """The slides of the deck at `url` as MEASURE reports them, each measured once reveal
    shows it and MathJax has typeset it again (reveal asks MathJax to, on every slide
    change); with `shots` (a name like "deck04"), also save
    build/screenshots/<shots>_NN.png of every slide."""
    page.goto(url)
    page.wait_for_function("() => document.querySelector('.reveal.ready')")
    page.wait_for_function(MATHJAX_DONE, timeout=90_000)
    if shots:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for old in SCREENSHOTS.glob(f"{shots}_*.png"):
            old.unlink()
    slides, total, i = [], 1, 0
    while i < total:
        total = page.evaluate(GO, i)
        page.wait_for_function(MATH_SHOWN, polling=50, timeout=30_000)
        slides.append(page.evaluate(MEASURE, MAX_CHARS))
        if shots:
            page.screenshot(path=str(SCREENSHOTS / f"{shots}_{i + 1:02d}.png"))
        i += 1
    return slides


def where(lesson, number, slide, previous):
    """'deck 04 slide 12' and the slide's heading (or the heading it follows)."""
    if slide["heading"] or slide["anyHeading"]:
        said = f"heading '{slide['heading'] or slide['anyHeading']}'"
    else:
        said = f"no heading; after '{previous}'" if previous else "no heading"
    return f"deck {lesson} slide {number}", said


def problems(lesson, slides):
    """Every slide that does not fit, as {"height"|"width"|"heading": [messages]}."""
    found = {"height": [], "width": [], "heading": []}
    previous = None
    for number, slide in enumerate(slides, 1):
        name, said = where(lesson, number, slide, previous)
        if slide["height"] > HEIGHT:
            found["height"].append(f"{name}: {slide['height']} px tall ({said})")
        for line in slide["long"]:
            found["width"].append(f"{name}: a code line of {len(line)} characters "
                                  f"(over {MAX_CHARS}; {said}): {line.strip()[:60]!r}")
        for element in slide["wide"]:
            found["width"].append(f"{name}: wider than the slide ({said}): {element}")
        if slide["width"] > WIDTH + 1:
            found["width"].append(f"{name}: {slide['width']} px wide ({said})")
        if not slide["heading"]:
            found["heading"].append(f"{name}: does not open with a heading ({said})")
        previous = slide["heading"] or slide["anyHeading"] or previous
    return found


def measure_decks(decks, profile):
    """{lesson: slides measured, or the error that stopped it} for `decks` [(lesson, deck
    path)], one after the other in one Chromium at 1280x720. Each thread that calls this
    has its own Playwright (its sync API belongs to the thread that started it)."""
    from playwright.sync_api import sync_playwright
    results, server = {}, Server()
    try:
        with sync_playwright() as p:
            context = launch_chromium(p, profile)
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
            for lesson, deck in decks:
                url = server.url(Path(deck).relative_to(slide_decks.ROOT / "build"))
                shots = f"deck{lesson}" if lesson in SCREENSHOT_DECKS else None
                try:
                    results[lesson] = measure(page, url, shots)
                except Exception as error:               # noqa: BLE001 - reported per deck
                    results[lesson] = error
            context.close()
    finally:
        server.stop()
    return results


@pytest.fixture(scope="module")
def fitted(built_decks, tmp_path_factory):
    """{lesson number: (slides measured, pages of its PDF or None if not printed here) or
    the error that stopped it} for every converted lesson. The decks are the session's
    (conftest.py); two Chromiums measure half of them each (the work is Chromium's, one
    core each), while the PDFs print."""
    if browser_problem():
        return None
    built = {path.name[:2]: result for path, result in built_decks.items()
             if path in slide_decks.CONVERTED_LESSONS}
    results = {lesson: r for lesson, r in built.items() if isinstance(r, Exception)}
    decks = [(lesson, r[0]) for lesson, r in built.items() if lesson not in results]
    halves = [decks[0::2], decks[1::2]]             # alternate, so each gets long and short
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = {lesson: pool.submit(slide_decks.print_pdf, deck)
                for lesson, deck in decks if lesson in PDF_DECKS}
        measured = [pool.submit(measure_decks, half, tmp_path_factory.mktemp("fit") / "profile")
                    for half in halves]
        for future in measured:
            results.update(future.result())
        for lesson in [lesson for lesson, _ in decks]:
            if isinstance(results[lesson], Exception):
                continue
            try:
                pages = slide_decks.pdf_pages(pdfs[lesson].result()) if lesson in pdfs else None
                results[lesson] = (results[lesson], pages)
            except Exception as error:                   # noqa: BLE001 - reported per deck
                results[lesson] = error
    return results


def result_of(fitted, path):
    require_browser()
    result = fitted[path.name[:2]]
    if isinstance(result, Exception):
        pytest.fail(f"deck {path.name[:2]} did not build or print: {type(result).__name__}: "
                    f"{result}", pytrace=False)
    return result


LESSONS = pytest.mark.parametrize("path", slide_decks.CONVERTED_LESSONS, ids=lambda p: p.stem)


@LESSONS
def test_every_slide_fits_720_px(fitted, path):
    slides, _ = result_of(fitted, path)
    tall = problems(path.name[:2], slides)["height"]
    assert not tall, (f"{len(tall)} of {len(slides)} slides taller than {HEIGHT} px: split "
                      "them with subslides\n" + "\n".join(tall))


@LESSONS
def test_no_code_line_over_80_characters_and_nothing_wider_than_the_slide(fitted, path):
    slides, _ = result_of(fitted, path)
    wide = problems(path.name[:2], slides)["width"]
    assert not wide, "\n".join(wide)


@LESSONS
def test_every_slide_opens_with_a_heading(fitted, path):
    slides, _ = result_of(fitted, path)
    missing = problems(path.name[:2], slides)["heading"]
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("path", [p for p in slide_decks.CONVERTED_LESSONS
                                  if p.name[:2] in PDF_DECKS], ids=lambda p: p.stem)
def test_pdf_has_one_page_per_slide(fitted, path):
    slides, pages = result_of(fitted, path)
    assert pages == len(slides), (f"deck {path.name[:2]}: the PDF has {pages} pages for "
                                  f"{len(slides)} slides")


def test_converted_names_lessons_that_exist():
    numbers = {p.name[:2] for p in slide_decks.LESSONS}
    assert slide_decks.CONVERTED <= numbers, slide_decks.CONVERTED - numbers


def test_a_slide_that_does_not_fit_is_reported_by_deck_slide_and_heading():
    slides = [{"h": 0, "v": 0, "height": 500, "width": 1280, "heading": "Title",
               "anyHeading": "Title", "wide": [], "long": []},
              {"h": 1, "v": 0, "height": 1790, "width": 1280, "heading": None,
               "anyHeading": None, "wide": [], "long": ["x" * 84]}]
    found = problems("04", slides)
    assert found["height"] == ["deck 04 slide 2: 1790 px tall (no heading; after 'Title')"]
    assert found["width"][0].startswith("deck 04 slide 2: a code line of 84 characters")
    assert found["heading"] == ["deck 04 slide 2: does not open with a heading "
                                "(no heading; after 'Title')"]
