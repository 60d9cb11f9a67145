"""Every lesson as a reveal.js deck: used by `make slides` and tests/lessons/test_slides.py.

Each lesson in notebooks/ (NN_topic.ipynb, found by pattern, so new lessons are picked up)
is taken executed from build/executed/ (tests/support/executed_lessons.py: executed once per change,
shared with the site and the tests) and rendered by nbconvert's reveal.js exporter
following each cell's `metadata.slideshow.slide_type` (slide, subslide, fragment, "-" =
same slide, skip, notes). Figures are embedded as PNG, HTML animations
(course_lib.plots.race_animation) as the self-contained HTML they are, and widgets with
their state: a deck shows each explorer's picture as it was when the cell ran; moving its
sliders needs a kernel (present live in JupyterLab for that: README, "Lecturing").

A deck loads reveal.js, MathJax, require.js, jQuery and the widget renderer from the one
pinned local copy in build/assets/ (tests/support/web_assets.py) by a relative URL, and nothing
from a CDN (nbconvert's unconditional import of mermaid is taken out), so a deck presents
with no network as long as build/assets sits next to build/slides.

Run: .venv/bin/python tests/support/slide_decks.py [--out build/slides] [--jobs 2] [LESSON ...]
"""

import argparse
import copy
import html
import os
import re
import sys
import time
from pathlib import Path

from nbconvert import SlidesExporter
from traitlets.config import Config

if __package__ in (None, ""):                # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.support import executed_lessons, web_assets  # noqa: E402
from tests.support.executed_lessons import LESSONS, ROOT  # noqa: E402

OUT = ROOT / "build" / "slides"

# How the decks look: a plain theme, slide numbers, tall slides scroll instead of being cut.
EXPORTER = Config({"SlidesExporter": {
    "reveal_theme": "simple", "reveal_transition": "fade", "reveal_scroll": True,
    "reveal_number": "c/t", "exclude_input_prompt": True, "exclude_output_prompt": True}})


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


def render(executed, title, out=OUT, assets=web_assets.OUT):
    """The reveal.js deck (one HTML string) of an executed notebook written into `out`."""
    config = copy.deepcopy(EXPORTER)
    urls = asset_urls(out, assets)
    config.SlidesExporter.update(urls)
    body, _ = SlidesExporter(config=config).from_notebook_node(
        copy.deepcopy(executed), resources={"metadata": {"name": title}})
    body, found = MERMAID.subn("", body)
    if found != 1:
        raise RuntimeError("nbconvert's reveal template changed: its mermaid import was not "
                           "found once; update MERMAID in tests/support/slide_decks.py")
    require = f'<script src="{urls["require_js_url"]}"></script>'
    paths = Path(urls["require_js_url"]).parent.parent / web_assets.WIDGET_PATHS
    if body.count(require) != 1:
        raise RuntimeError(f"nbconvert's reveal template changed: {require} not found once")
    return body.replace(require, f'{require}\n<script src="{paths.as_posix()}"></script>')


def deck_name(path):
    return f"{Path(path).stem}.slides.html"


def build_all(lessons=LESSONS, out=OUT, jobs=None, executed=executed_lessons.OUT):
    """Render every deck from the lessons executed in `executed` (executing those not yet
    executed from their current sources, `jobs` at a time).

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
    args = parser.parse_args(argv)
    start = time.perf_counter()
    results = build_all(args.lessons or LESSONS, args.out, args.jobs)
    failed = {p: r for p, r in results.items() if isinstance(r, Exception)}
    decks = [r[0] for r in results.values() if not isinstance(r, Exception)]
    write_index(decks, args.out)
    for deck in sorted(decks):
        print(f"wrote {deck.relative_to(ROOT) if deck.is_relative_to(ROOT) else deck}")
    for path, error in sorted(failed.items()):
        print(f"FAILED {path.name}: {type(error).__name__}: {error}", file=sys.stderr)
    print(f"{len(decks)} decks in {time.perf_counter() - start:.0f} s; open "
          f"{args.out / 'index.html'} (no network needed; keep build/assets next to it)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
