"""make bench: the whole course executed, against as many trivial notebooks run the same way.

Every lesson (notebooks/NN_topic.ipynb) and every exercise solution (solutions/) is run
top to bottom in a fresh kernel, one after another, from its own folder, as nbval and
`make slides` run them; then the same number of trivial notebooks (one cell, `x = 1`)
are run exactly the same way. The ratio says how much the course costs beyond starting
its kernels. Target (COURSE.md 8, "the whole course executes in close to the time it
takes just to start its kernels"): ratio <= 3. Each notebook's own time is listed too.

Run: .venv/bin/python tests/bench/bench_course.py
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")   # as `make test` runs the notebooks

import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from traitlets.config import Config  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TARGET = 3.0
CELL_TIMEOUT = 300
KERNEL = Config({"KernelManager": {"transport": "ipc"}})   # local sockets, no TCP ports


def course_notebooks():
    """Every lesson, then every solution, in order."""
    return (sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
            + sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")))


def run_seconds(path):
    """Seconds to execute the notebook at `path` in a fresh kernel, kernel start included."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3", config=KERNEL,
                   resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    return time.perf_counter() - start


def measure():
    """({notebook path: seconds}, [seconds of each trivial notebook])."""
    import matplotlib.font_manager  # noqa: F401  (font cache built before any timing)
    notebooks = course_notebooks()
    times = {path: run_seconds(path) for path in notebooks}
    with tempfile.TemporaryDirectory() as tmp:
        trivial = Path(tmp) / "trivial.ipynb"
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
        nbformat.write(nb, trivial)
        trivial_times = [run_seconds(trivial) for _ in notebooks]
    return times, trivial_times


def main():
    times, trivial = measure()
    total, floor = sum(times.values()), sum(trivial)
    print(f"{'notebook':<36}{'seconds':>9}")
    for path, seconds in times.items():
        print(f"{path.parent.name + '/' + path.name:<36}{seconds:>9.2f}")
    print(f"whole course {total:.1f} s, {len(trivial)} trivial notebooks {floor:.1f} s: "
          f"ratio {total / floor:.2f} (target <= {TARGET:g})")


if __name__ == "__main__":
    main()
