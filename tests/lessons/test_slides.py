"""`make slides`: every lesson's reveal.js deck has sensible slides, every figure, no error.

The decks are built exactly as `make slides` builds them (tests/support/slide_decks.py),
into build/slides/, from the lessons executed once in build/executed/
(tests/support/executed_lessons.py:
the same run the site and tests/test_lessons_run.py read, so `make test` executes each
lesson once for all of them). Every lesson in notebooks/ is covered, found by its NN_topic
name. tests/lessons/test_web_offline.py opens two of these decks in Chromium with the network cut.

What is checked, per deck, against the executed lesson:
- slides: at least MIN_SLIDES screens (not one giant slide), on average at least
  MIN_CELLS_PER_SLIDE cells per screen (not one slide per cell), and no screen holding
  more than MAX_CELLS cells or MAX_PICTURES pictures (a screen a lecturer can show);
- every cell not marked "skip" is in the deck, each skipped cell and each claim check (a
  cell of asserts, slide_decks.is_claim_check) is not;
- every figure: no cell marked "skip" draws a picture; each PNG a shown cell drew, each
  HTML output (animations) and each widget (its view and the pictures in its saved
  state) is in the deck, in that cell;
- no error output: the lesson ran without an exception (the build would have raised) and
  no cell wrote to stderr; the deck has no stderr block and no traceback;
- nothing from the network: every script, style sheet and image the deck loads is a
  relative URL into build/assets/ (or inline data), none from a CDN;
- for the lessons whose decks follow the deck conventions (slide_decks.CONVERTED): no
  `assert` on any slide (claim checks in cells of their own, which leave the deck), and
  outputs print readable numbers, no raw reprs like `np.float64(0.0199...)`;
- a cell tagged `deck-hide-code` shows its output without its code.
"""

import base64
import json
import re
from pathlib import Path

import pytest

from tests.support import slide_decks

pytestmark = pytest.mark.integration       # every lesson's deck, from the executed lessons

MIN_SLIDES = 5
MIN_CELLS_PER_SLIDE = 1.5
MAX_CELLS = 8
MAX_PICTURES = 3
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CELL_ID = re.compile(r'<div class="jp-Cell [^"]*" id="cell-id=([^"]+)"')


@pytest.fixture(scope="module")
def decks(built_decks):
    """{lesson name: (deck html, executed notebook) or the error that stopped its build}."""
    results = built_decks
    return {path.name: (r if isinstance(r, Exception)
                        else (r[0].read_text(encoding="utf-8"), r[1]))
            for path, r in results.items()}


def deck_of(decks, path):
    result = decks[path.name]
    if isinstance(result, Exception):
        pytest.fail(f"{path.name} did not build: {type(result).__name__}: {result}",
                    pytrace=False)
    return result


def slide_type(cell):
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def screens(deck):
    """The cell ids on each screen (innermost <section>) of the deck, in order."""
    body = deck[deck.index('<div class="slides">'):]
    shown, depth, current = [], 0, None
    for token in re.finditer(r"<section\b|</section>|" + CELL_ID.pattern, body):
        text = token.group(0)
        if text.startswith("<section"):
            depth += 1
            current = []
            shown.append(current)
        elif text == "</section>":
            depth -= 1
        else:
            current.append(token.group(1))
    return [s for s in shown if s]                     # an outer slide's own section


def cell_html(deck, cell_id):
    """The deck's HTML of one cell: from its id to the next cell's."""
    start = deck.index(f'id="cell-id={cell_id}"')
    after = CELL_ID.search(deck, start + 1)
    end = after.start() if after else deck.index("</main>", start)
    return deck[start:end]


def widget_state(deck):
    match = re.search(r'<script type="application/vnd\.jupyter\.widget-state\+json">'
                      r"(.*?)</script>", deck, re.S)
    return json.loads(match.group(1).replace("\\/", "/"))["state"] if match else {}


def widget_pictures(state, model_id, seen=None):
    """Base64 PNGs in the saved state of widget `model_id` and of the widgets it holds."""
    seen = set() if seen is None else seen
    if model_id in seen or model_id not in state:
        return []
    seen.add(model_id)
    model = state[model_id]["state"]
    found = [o["data"]["image/png"] for o in model.get("outputs", [])
             if "image/png" in o.get("data", {})]
    for child in model.get("children", []):
        found += widget_pictures(state, child.removeprefix("IPY_MODEL_"), seen)
    return found


def pictures(cell):
    """Number of pictures a cell shows: PNGs, HTML with an image, widget views."""
    return sum("image/png" in o.get("data", {}) or WIDGET_VIEW in o.get("data", {})
               or "<img" in str(o.get("data", {}).get("text/html", ""))
               for o in cell.get("outputs", []))


def shown_cells(executed):
    return [c for c in executed.cells
            if slide_type(c) != "skip" and not slide_decks.is_claim_check(c)]


LESSONS = pytest.mark.parametrize("path", slide_decks.LESSONS, ids=lambda p: p.stem)


def test_there_is_a_deck_per_lesson(decks):
    assert len(decks) == len(slide_decks.LESSONS) >= 5


@LESSONS
def test_deck_has_a_sensible_number_of_slides(decks, path):
    deck, executed = deck_of(decks, path)
    on_screen = screens(deck)
    by_id = {c.id: c for c in executed.cells}
    n_cells = sum(map(len, on_screen))
    assert len(on_screen) >= MIN_SLIDES, f"only {len(on_screen)} slides: one giant slide?"
    assert n_cells / len(on_screen) >= MIN_CELLS_PER_SLIDE, (
        f"{len(on_screen)} slides for {n_cells} cells: nearly one slide per cell; join "
        "cells with slide_type '-' or 'fragment'")
    for number, ids in enumerate(on_screen, 1):
        assert len(ids) <= MAX_CELLS, (
            f"slide {number} holds {len(ids)} cells ({ids[0]} ... {ids[-1]}): split it "
            "with a 'subslide'")
        n_pictures = sum(pictures(by_id[i]) for i in ids)
        assert n_pictures <= MAX_PICTURES, (
            f"slide {number} ({ids[0]} ...) shows {n_pictures} pictures: split it")


@LESSONS
def test_deck_holds_every_shown_cell_and_no_skipped_one(decks, path):
    deck, executed = deck_of(decks, path)
    in_deck = [i for ids in screens(deck) for i in ids]
    assert in_deck == [c.id for c in shown_cells(executed)]


@LESSONS
def test_deck_shows_every_figure_animation_and_widget_the_lesson_draws(decks, path):
    deck, executed = deck_of(decks, path)
    state = widget_state(deck)
    missing, n_figures = [], 0
    for cell in executed.cells:
        if cell.cell_type != "code":
            continue
        if slide_type(cell) == "skip" or slide_decks.is_claim_check(cell):
            if pictures(cell):
                missing.append(f"cell {cell.id}: draws a picture but is marked 'skip' "
                               "or is a claim check")
            continue
        here = cell_html(deck, cell.id)
        for output in cell.outputs:
            data = output.get("data", {})
            if "image/png" in data:
                n_figures += 1
                base64.b64decode(data["image/png"], validate=True)
                if data["image/png"].replace("\n", "") not in here.replace("\n", ""):
                    missing.append(f"cell {cell.id}: a PNG figure")
            elif WIDGET_VIEW in data:
                n_figures += 1
                model_id = data[WIDGET_VIEW]["model_id"]
                if model_id not in here:
                    missing.append(f"cell {cell.id}: widget view {model_id}")
                elif not widget_pictures(state, model_id):
                    missing.append(f"cell {cell.id}: widget {model_id} has no picture "
                                   "in the deck's saved widget state")
            elif "text/html" in data:
                # nbconvert re-serialises HTML (attribute order, tag case): compare what
                # identifies it - element ids, embedded pictures, whether it has a script
                markup = str(data["text/html"])
                n_figures += "<img" in markup
                marks = re.findall(r'\bid="([^"]+)"|data:image/png;base64,([A-Za-z0-9+/=]+)',
                                   markup)
                lost = [m for pair in marks for m in pair if m and m not in here]
                if lost or ("<script" in markup) != ("<script" in here):
                    missing.append(f"cell {cell.id}: HTML output (animation?) "
                                   f"{markup.strip()[:60]!r}")
    assert not missing, f"{path.name}: missing from the deck:\n" + "\n".join(missing)
    assert n_figures >= 1, f"{path.name}: the deck shows no figure at all"


@LESSONS
def test_deck_and_lesson_have_no_error_output(decks, path):
    deck, executed = deck_of(decks, path)
    written = [f"cell {c.id}: {o.get('name') or o.get('ename')}: "
               f"{str(o.get('text') or o.get('evalue'))[:300]}"
               for c in executed.cells if c.cell_type == "code" for o in c.outputs
               if o.get("output_type") == "error" or o.get("name") == "stderr"]
    assert not written, f"{path.name} wrote errors or warnings:\n" + "\n".join(written)
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in deck
    assert "Traceback (most recent call last)" not in deck


def test_make_slides_writes_an_index_linking_every_deck(tmp_path):
    decks = [tmp_path / slide_decks.deck_name(p) for p in slide_decks.LESSONS]
    slide_decks.write_index(decks, tmp_path)
    index = (tmp_path / "index.html").read_text()
    assert [Path(m).name for m in re.findall(r'href="([^"]+)"', index)] == \
        [d.name for d in decks]


# src/href of what a page loads (scripts, style sheets, images), and url(...) in CSS
LOADED = re.compile(r'<(?:script|img|link|iframe|source)\b[^>]*?\b(?:src|href)="([^"]*)"'
                    r'|@import\s+url\(([^)]*)\)|\bimport\s+[\w{}\s,]*from\s+[\'"]([^\'"]+)')


def remote_loads(page):
    """Every URL `page` (HTML) loads from another host: http(s) or protocol-relative."""
    urls = [next(u for u in m.groups() if u is not None) for m in LOADED.finditer(page)]
    return [u for u in urls if re.match(r"(https?:)?//", u.strip("'\" "))]


@LESSONS
def test_deck_loads_nothing_from_the_network(decks, path):
    deck, _ = deck_of(decks, path)
    assert remote_loads(deck) == [], f"{path.name}: the deck loads from the network"
    assert "mathjax_url" not in deck and "../assets/mathjax/MathJax.js" in deck
    assert "../assets/@jupyter-widgets/html-manager/dist/embed-amd.js" in deck


@LESSONS
def test_no_slide_is_turned_into_a_scrolling_box(decks, path):
    """nbconvert's scroll option cuts slides of 95-100 % of a 720-px window off in a
    scrolling box (and shorter ones on a smaller window); the fit test keeps every slide
    within 720 px and reveal.js scales it to the window, so the option stays off."""
    deck, _ = deck_of(decks, path)
    assert "var scroll = false" in deck, \
        f"{path.name}: the deck turns tall slides into scrolling boxes"


CONVERTED = pytest.mark.parametrize("path", slide_decks.CONVERTED_LESSONS, ids=lambda p: p.stem)
# Pygments' markup of the keyword in a deck's code
ASSERT_KEYWORD = '<span class="k">assert</span>'
RAW_REPR = re.compile(r"\bnp\.(float|int|uint|complex|bool|str)_?\d*\(")


@CONVERTED
def test_claim_checks_stay_out_of_the_deck(decks, path):
    deck, executed = deck_of(decks, path)
    mixed = [f"cell {c.id}: {c.source.strip().splitlines()[0][:60]!r}"
             for c in shown_cells(executed) if c.cell_type == "code"
             and slide_decks.asserts_in(c.source)
             and slide_decks.HIDE_CODE not in c.metadata.get("tags", [])]
    assert not mixed, ("code on the slides holds asserts: move the claim checks into a "
                       "cell of asserts only (it leaves the deck):\n" + "\n".join(mixed))
    assert ASSERT_KEYWORD not in deck, f"{path.name}: an `assert` shows on a slide"
    checks = [c.id for c in executed.cells if slide_decks.is_claim_check(c)]
    assert checks, f"{path.name}: no claim-check cell (a cell of asserts) at all"
    assert not [i for i in checks if f'id="cell-id={i}"' in deck]


@CONVERTED
def test_outputs_print_readable_numbers(decks, path):
    _, executed = deck_of(decks, path)
    raw = []
    for c in shown_cells(executed):
        for output in c.get("outputs", []):
            text = str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
            raw += [f"cell {c.id}: {text.strip()[:100]!r}" for _ in RAW_REPR.finditer(text)][:1]
    assert not raw, ("outputs with raw numpy reprs (format numbers with f-strings, e.g. "
                     "f\"{x:.4f}\", or float(x)):\n" + "\n".join(raw))


def test_deck_hides_the_code_of_tagged_cells_and_leaves_claim_checks_out(tmp_path):
    import nbformat
    nb = nbformat.v4.new_notebook()
    title = nbformat.v4.new_markdown_cell("# A deck")
    hidden = nbformat.v4.new_code_cell("secret_plotting_code()")
    hidden.metadata["tags"] = [slide_decks.HIDE_CODE]
    hidden.outputs = [nbformat.v4.new_output("stream", text="the picture's caption\n")]
    shown = nbformat.v4.new_code_cell("visible_code()")
    check = nbformat.v4.new_code_cell("assert visible_code() > 0")
    nb.cells = [title, hidden, shown, check]
    for c in nb.cells:
        c.metadata["slideshow"] = {"slide_type": "slide" if c is title else "-"}
    deck = slide_decks.render(nb, "tiny", tmp_path, slide_decks.web_assets.ensure())
    assert "the picture&#39;s caption" in deck or "the picture's caption" in deck
    assert "secret_plotting_code" not in deck and "visible_code" in deck
    assert ASSERT_KEYWORD not in deck and f'id="cell-id={check.id}"' not in deck
    assert f"width: {slide_decks.SIZE[0]}" in deck and f"height: {slide_decks.SIZE[1]}" in deck
