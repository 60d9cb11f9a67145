"""Every lesson as a reveal.js deck: used by `make slides` and tests/lessons/test_slides.py.

Each lesson in notebooks/ (NN_topic.ipynb, found by pattern, so new lessons are picked up)
is taken executed from build/executed/ (tests/support/executed_lessons.py: executed once per change,
shared with the site and the tests) and rendered by nbconvert's reveal.js exporter
following each cell's `metadata.slideshow.slide_type` (slide, subslide, fragment, "-" =
same slide, skip, notes), on a 1280x720 slide (SIZE: what tests/lessons/test_deck_fit.py
checks every slide against). What the deck leaves out or changes (deck_notebook):
- claim checks: a code cell of `assert` statements (and the assignments and loops they
  need, showing nothing: is_claim_check) stays in the notebook but leaves the deck;
- a cell tagged `deck-hide-code` shows its output only;
- a cell tagged `lecture-skip` (off the 50-minute live path) carries a small "skip live"
  mark in its corner, and speaker notes (slide_type "notes", `**Speaker notes · N min**`)
  are in the speaker view (S) only. lecture_minutes() sums a lesson's notes; the
  README's lecturing table is its output (`--minutes` prints it).
`make slides` also prints each deck to PDF (NN_topic.pdf, one page per slide) with
headless Chromium's print of the reveal deck (`?print-pdf`); `--no-pdf` skips that. Figures are embedded as PNG, HTML animations
(course_lib.plots.race_animation) as the self-contained HTML they are, and widgets with
their state: a deck shows each explorer's picture as it was when the cell ran; moving its
sliders needs a kernel (present live in JupyterLab for that: README, "Lecturing").

A deck loads reveal.js, MathJax, require.js, jQuery and the widget renderer from the one
pinned local copy in build/assets/ (tests/support/web_assets.py) by a relative URL, and nothing
from a CDN (nbconvert's unconditional import of mermaid is taken out), so a deck presents
with no network as long as build/assets sits next to build/slides.

Run: .venv/bin/python tests/support/slide_decks.py [--out build/slides] [--jobs 2] [--no-pdf]
     [LESSON ...]        or: ... slide_decks.py --minutes   (the README's lecturing table)
"""

import argparse
import copy
import html
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nbconvert import SlidesExporter
from traitlets.config import Config

if __package__ in (None, ""):                # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.support import executed_lessons, web_assets  # noqa: E402
from tests.support.claim_checks import asserts_in, is_claim_check  # noqa: E402,F401
from tests.support.executed_lessons import LESSONS, ROOT  # noqa: E402

OUT = ROOT / "build" / "slides"

# The lessons whose decks follow the deck conventions (README, "Lecturing"; issue 23): the
# per-lesson cases of tests/lessons/test_deck_fit.py, test_deck_conventions.py and the deck
# checks of test_slides.py run for these only. Add a lesson's number when its deck is done;
# when every deck is done it holds all ten (then this set and CONVERTED_LESSONS can go).
CONVERTED = {"01", "02", "03", "04", "05", "06", "07", "08", "09", "10"}
CONVERTED_LESSONS = [p for p in LESSONS if p.name[:2] in CONVERTED]

# The slide every deck is laid out on (reveal.js scales it to the screen): a 1280x720 screen.
SIZE = (1280, 720)
HIDE_CODE, SKIP_LIVE = "deck-hide-code", "lecture-skip"        # cell tags
# How the decks look: a plain theme, slide numbers. No slide is taller than 720 px
# (tests/lessons/test_deck_fit.py), and reveal.js scales the 1280x720 slide to any window, so
# nbconvert's "scroll" option stays off: it compares a slide's unscaled height with 95 % of
# the window's, and turned slides of 684-720 px into cut-off scrolling boxes on a 720-px
# window (and shorter ones on a smaller laptop window).
EXPORTER = Config({
    "SlidesExporter": {
        "reveal_theme": "simple", "reveal_transition": "fade", "reveal_scroll": False,
        "reveal_number": "c/t", "reveal_width": str(SIZE[0]), "reveal_height": str(SIZE[1]),
        "exclude_input_prompt": True, "exclude_output_prompt": True},
    "TagRemovePreprocessor": {"enabled": True, "remove_input_tags": {HIDE_CODE}}})
# Added to reveal's options: the PDF has one page per slide, fragments shown, tall slides cut
# at one page (the fit test keeps them short); speaker notes stay out of the PDF.
REVEAL_OPTIONS = "pdfSeparateFragments: false, pdfMaxPagesPerSlide: 1, showNotes: false,"
REVEAL_PLUGINS = "plugins: [RevealNotes],"
# The "skip live" mark on the first cell of what a lecturer skips in the 50-minute path;
# no blank page after the last slide in the PDF.
STYLE = f"""<style type="text/css">
.reveal .celltag_{SKIP_LIVE} {{ position: relative; }}
.reveal .celltag_{SKIP_LIVE}::before {{
  content: "skip live"; position: absolute; top: 0; right: 0; z-index: 1;
  font: 14px sans-serif; color: #666; border: 1px solid #bbb; border-radius: 4px;
  padding: 1px 6px; background: #fff; }}
.reveal .celltag_{SKIP_LIVE} ~ .celltag_{SKIP_LIVE}::before {{ content: none; }}
html.print-pdf .reveal .slides .pdf-page:last-of-type {{ page-break-after: avoid; }}
</style>
"""


# nbconvert's reveal template imports mermaid from a CDN on every deck, used or not
MERMAID = re.compile(r'<script type="module">\s*import mermaid from [^<]*</script>\s*')


def asset_urls(out, assets=web_assets.OUT):
    """nbconvert's settings that point a deck in `out` at the local copy in `assets`."""
    prefix = Path(os.path.relpath(assets, out)).as_posix()
    return {"reveal_url_prefix": f"{prefix}/{web_assets.REVEAL}",
            "mathjax_url": f"{prefix}/{web_assets.MATHJAX}",
            "require_js_url": f"{prefix}/{web_assets.REQUIRE}",
            "jquery_url": f"{prefix}/{web_assets.JQUERY}",
            "widget_renderer_url": f"{prefix}/{web_assets.WIDGETS}"}


def slide_type(cell):
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def deck_notebook(executed):
    """The notebook a deck shows: claim checks taken out. A removed cell that started a slide
    or subslide hands that start on to the next cell if it would have continued the slide."""
    nb = copy.deepcopy(executed)
    kept, pending = [], None
    for cell in nb.cells:
        if is_claim_check(cell):
            if slide_type(cell) in ("slide", "subslide"):
                pending = slide_type(cell) if pending != "slide" else pending
            continue
        if pending and slide_type(cell) in ("-", "fragment"):
            cell.metadata.setdefault("slideshow", {})["slide_type"] = pending
        if slide_type(cell) not in ("notes", "skip"):
            pending = None
        kept.append(cell)
    nb.cells = kept
    return nb


def render(executed, title, out=OUT, assets=web_assets.OUT):
    """The reveal.js deck (one HTML string) of an executed notebook written into `out`."""
    config = copy.deepcopy(EXPORTER)
    urls = asset_urls(out, assets)
    config.SlidesExporter.update(urls)
    body, _ = SlidesExporter(config=config).from_notebook_node(
        deck_notebook(executed), resources={"metadata": {"name": title}})
    body, found = MERMAID.subn("", body)
    if found != 1:
        raise RuntimeError("nbconvert's reveal template changed: its mermaid import was not "
                           "found once; update MERMAID in tests/support/slide_decks.py")
    require = f'<script src="{urls["require_js_url"]}"></script>'
    paths = Path(urls["require_js_url"]).parent.parent / web_assets.WIDGET_PATHS
    for marker in (require, REVEAL_PLUGINS, "</head>"):
        if body.count(marker) != 1:
            raise RuntimeError(f"nbconvert's reveal template changed: {marker} not found "
                               "once; update tests/support/slide_decks.py")
    body = body.replace(REVEAL_PLUGINS, f"{REVEAL_PLUGINS}\n            {REVEAL_OPTIONS}")
    body = body.replace("</head>", f"{STYLE}</head>")
    return body.replace(require, f'{require}\n<script src="{paths.as_posix()}"></script>')


def print_pdf(deck, pdf=None, timeout=180):
    """Print `deck` (an HTML file) to a PDF next to it with headless Chromium's print of the
    reveal deck (`?print-pdf`: one page per slide, 1280x720); returns the PDF's path.
    Chromium waits on a virtual clock until the page is idle (MathJax typeset, widgets drawn)."""
    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
    deck = Path(deck).resolve()
    pdf = Path(pdf) if pdf else deck.with_name(deck.name.removesuffix(".slides.html") + ".pdf")
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [CHROMIUM, *CHROMIUM_ARGS, f"--user-data-dir={profile}",
             "--run-all-compositor-stages-before-draw", "--virtual-time-budget=30000",
             "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
             f"{deck.as_uri()}?print-pdf"],
            capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"Chromium did not print {deck.name} (exit {done.returncode}): "
                           f"{done.stderr.strip()[-500:]}")
    return pdf


def pdf_pages(pdf):
    """Number of pages of a PDF Chromium wrote (its page objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", Path(pdf).read_bytes()))


# `**Speaker notes · 4 min**` opening a notes cell
NOTES = re.compile(r"\A\s*\*\*Speaker notes · (\d+(?:\.\d+)?) min\*\*")


def notes_cells(nb):
    return [c for c in nb.cells if c.cell_type == "markdown" and slide_type(c) == "notes"]


def lecture_minutes(nb):
    """(live, all) minutes of a lesson: the sum of its speaker notes' `N min`. Notes count
    only in "all" when they, or the cell that starts their slide, carry `lecture-skip`.
    A notes cell without the `**Speaker notes · N min**` opening counts 0."""
    live = total = 0.0
    starter = None
    for cell in nb.cells:
        if slide_type(cell) in ("slide", "subslide"):
            starter = cell
        if cell.cell_type != "markdown" or slide_type(cell) != "notes":
            continue
        match = NOTES.match(cell.source)
        if not match:
            continue
        minutes = float(match.group(1))
        total += minutes
        if SKIP_LIVE not in tags(cell) and not (starter and SKIP_LIVE in tags(starter)):
            live += minutes
    return live, total


def number(minutes):
    return f"{minutes:g}"


def minutes_table(lessons=LESSONS):
    """The README's lecturing table: one row per lesson, live and all minutes."""
    import nbformat
    rows = ["| Lesson | Live minutes | All minutes |", "|---|---:|---:|"]
    for path in lessons:
        live, total = lecture_minutes(nbformat.read(path, as_version=4))
        rows.append(f"| {Path(path).stem} | {number(live)} | {number(total)} |")
    return "\n".join(rows)


def deck_name(path):
    return f"{Path(path).stem}.slides.html"


def build_all(lessons=LESSONS, out=OUT, jobs=None, executed=executed_lessons.OUT, pdf=False):
    """Render every deck from the lessons executed in `executed` (executing those not yet
    executed from their current sources, `jobs` at a time), and with `pdf` print each to PDF.

    Returns {lesson path: (deck path, executed nb) or the exception that stopped it}, so
    one broken lesson does not hide the others.
    """
    Path(out).mkdir(parents=True, exist_ok=True)
    assets = web_assets.ensure()
    results = {}
    for path, nb in executed_lessons.ensure(lessons, executed, jobs).items():
        if isinstance(nb, Exception):
            results[path] = nb
            continue
        deck = Path(out) / deck_name(path)
        deck.write_text(render(nb, Path(path).stem, out, assets), encoding="utf-8")
        try:
            if pdf:
                print_pdf(deck)
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            results[path] = error
            continue
        results[path] = (deck, nb)
    return results


def write_index(decks, out=OUT):
    """build/slides/index.html: one link per deck, in lesson order."""
    items = "\n".join(f'  <li><a href="{html.escape(d.name)}">{html.escape(d.stem)}</a></li>'
                      for d in sorted(decks))
    page = (f"<!doctype html>\n<meta charset=\"utf-8\">\n<title>Slides</title>\n"
            f"<h1>Optimization for Deep Learning: slides</h1>\n<ol>\n{items}\n</ol>\n")
    (Path(out) / "index.html").write_text(page, encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("lessons", nargs="*", type=Path, help="default: every lesson")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--no-pdf", action="store_true", help="do not print decks to PDF")
    parser.add_argument("--minutes", action="store_true",
                        help="print the README's lecturing minutes table and stop")
    args = parser.parse_args(argv)
    if args.minutes:
        print(minutes_table(args.lessons or LESSONS))
        return 0
    start = time.perf_counter()
    results = build_all(args.lessons or LESSONS, args.out, args.jobs, pdf=not args.no_pdf)
    failed = {p: r for p, r in results.items() if isinstance(r, Exception)}
    decks = [r[0] for r in results.values() if not isinstance(r, Exception)]
    write_index(decks, args.out)
    for deck in sorted(decks):
        shown = deck.relative_to(ROOT) if deck.is_relative_to(ROOT) else deck
        pdf = deck.with_name(deck.name.removesuffix(".slides.html") + ".pdf")
        print(f"wrote {shown}" + (f" and {pdf.name}" if not args.no_pdf else ""))
    for path, error in sorted(failed.items()):
        print(f"FAILED {path.name}: {type(error).__name__}: {error}", file=sys.stderr)
    print(f"{len(decks)} decks in {time.perf_counter() - start:.0f} s; open "
          f"{args.out / 'index.html'} (no network needed; keep build/assets next to it)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
