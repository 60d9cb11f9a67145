"""Every lesson as a reveal.js slide deck: used by `make slides` and tests/lessons/test_slides.py.

Each lesson in notebooks/ (NN_topic.ipynb, found by pattern, so new lessons are picked up)
is executed once in a fresh kernel, from the notebooks/ folder as nbval runs it, and the
executed notebook is rendered by nbconvert's reveal.js exporter following each cell's
`metadata.slideshow.slide_type` (slide, subslide, fragment, "-" = same slide, skip,
notes). Figures are embedded as PNG, HTML animations (course_lib.plots.race_animation) as
the self-contained HTML they are, and widgets with their state: a deck shows each
explorer's picture as it was when the cell ran; moving its sliders needs a kernel (present
live in JupyterLab for that: README, "Lecturing").

The decks load reveal.js, require.js, MathJax and the widget renderer from public CDNs,
as nbconvert's decks do, so presenting one needs a network connection; everything the
course itself draws is inside the HTML file.

Run: .venv/bin/python tests/support/slide_decks.py [--out build/slides] [--jobs 2] [LESSON ...]
"""

import argparse
import concurrent.futures
import copy
import html
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.output_widget import OutputWidget
from nbconvert import SlidesExporter
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
OUT = ROOT / "build" / "slides"
CELL_TIMEOUT = 300

# How the decks look: a plain theme, slide numbers, tall slides scroll instead of being cut.
EXPORTER = Config({"SlidesExporter": {
    "reveal_theme": "simple", "reveal_transition": "fade", "reveal_scroll": True,
    "reveal_number": "c/t", "exclude_input_prompt": True, "exclude_output_prompt": True}})


class CapturingOutput(OutputWidget):
    """nbclient's stand-in for an Output widget, minus echoing its state to the kernel.

    nbclient's version sends each captured output back to the kernel on the shell socket,
    from the task that reads IOPub, while another task waits on that socket for the cell's
    reply: now and then that wait missed the reply and sat out the whole cell timeout
    (seen in lessons with interact). The kernel does not need the echo; the outputs are
    still recorded in the saved widget state the deck shows.
    """

    def send(self, data=None, metadata=None, buffers=None):
        pass


def execute(path, timeout=CELL_TIMEOUT):
    """The lesson at `path`, executed top to bottom in a fresh kernel; raises on an error
    (nbclient's CellExecutionError names the cell and shows its traceback)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            store_widget_state=True,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    client.widget_registry = {"@jupyter-widgets/output": {"OutputModel": CapturingOutput}}
    client.execute(stderr=subprocess.DEVNULL)    # the kernel process's own log; cells'
    return nb                                    # stderr is kept in their outputs


def render(executed, title):
    """The reveal.js deck (one HTML string) of an executed notebook."""
    body, _ = SlidesExporter(config=EXPORTER).from_notebook_node(
        copy.deepcopy(executed), resources={"metadata": {"name": title}})
    return body


def deck_name(path):
    return f"{Path(path).stem}.slides.html"


def build(path, out=OUT):
    """Execute lesson `path`, write its deck into `out`; returns (deck path, executed nb)."""
    executed = execute(path)
    deck = Path(out) / deck_name(path)
    deck.write_text(render(executed, Path(path).stem), encoding="utf-8")
    return deck, executed


def build_all(lessons=LESSONS, out=OUT, jobs=2):
    """Build every deck, `jobs` lessons at a time (each runs in its own kernel process).

    Returns {lesson path: (deck path, executed nb) or the exception that stopped it}, so
    one broken lesson does not hide the others.
    """
    Path(out).mkdir(parents=True, exist_ok=True)
    # Build matplotlib's font cache once, here, so no kernel prints "Matplotlib is
    # building the font cache" on stderr (a fresh machine's first plot does).
    import matplotlib.font_manager  # noqa: F401
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(build, path, out): path for path in lessons}
        for future in concurrent.futures.as_completed(futures):
            path = futures[future]
            try:
                results[path] = future.result()
            except Exception as error:                      # reported by the caller
                results[path] = error
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
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
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
          f"{args.out / 'index.html'} (presenting needs a network connection for reveal.js)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
