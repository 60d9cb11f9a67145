"""make bench: the whole course executed, against as many trivial notebooks run the same way.

Every lesson (notebooks/NN_topic.ipynb) and every exercise solution (solutions/) is run
as `make test` runs it, under nbval (`pytest --nbval-lax --nbval-current-env`, a fresh
kernel), one pytest process per notebook, one after another; then the same number of
trivial notebooks (one cell, `x = 1`, kept in build/ so the same pytest configuration
applies) are run exactly the same way. The ratio says how much the course costs beyond
starting pytest and its kernels. Targets (COURSE.md 8, "the whole course executes in close
to the time it takes just to start its kernels"; issue 19: "Run all" on a lesson takes
seconds): the whole course at most 1.7 times the trivial notebooks, and no lesson above 2.5
times the median trivial notebook. Each notebook's own time is listed too.

Run: .venv/bin/python tests/bench/bench_course.py
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
TARGET = 1.7           # the whole course / as many trivial notebooks
LESSON_TARGET = 2.5    # the slowest lesson / the median trivial notebook
TRIVIAL = ROOT / "build" / "bench" / "trivial.ipynb"


def course_notebooks():
    """Every lesson, then every solution, in order."""
    return (sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
            + sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")))


def run_seconds(path):
    """Seconds for `pytest --nbval-lax` on the notebook at `path`, pytest start included."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS=os.environ.get("OPENBLAS_NUM_THREADS", "1"))
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "--nbval-lax", "--nbval-current-env", "--nbval-cell-timeout=300",
                           str(path)], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{path} failed under nbval:\n{proc.stdout[-3000:]}{proc.stderr[-2000:]}")
    return seconds


def measure():
    """({notebook path: seconds}, [seconds of each trivial notebook])."""
    notebooks = course_notebooks()
    TRIVIAL.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]),
                   TRIVIAL)
    run_seconds(TRIVIAL)                        # warm-up: caches, fonts, .pyc files
    times = {path: run_seconds(path) for path in notebooks}
    trivial_times = [run_seconds(TRIVIAL) for _ in notebooks]
    return times, trivial_times


def slowest_lesson(times, trivial):
    """(path, seconds, ratio to the median trivial notebook) of the slowest lesson."""
    lessons = {p: s for p, s in times.items() if p.parent.name == "notebooks"}
    path = max(lessons, key=lessons.get)
    return path, lessons[path], lessons[path] / statistics.median(trivial)


def main():
    times, trivial = measure()
    total, floor = sum(times.values()), sum(trivial)
    print(f"{'notebook':<36}{'seconds':>9}")
    for path, seconds in times.items():
        print(f"{path.parent.name + '/' + path.name:<36}{seconds:>9.2f}")
    print(f"whole course {total:.1f} s, {len(trivial)} trivial notebooks {floor:.1f} s: "
          f"ratio {total / floor:.2f} (target <= {TARGET:g})")
    path, seconds, ratio = slowest_lesson(times, trivial)
    print(f"slowest lesson {path.name} {seconds:.1f} s: {ratio:.2f} x the median trivial "
          f"notebook (target <= {LESSON_TARGET:g})")


if __name__ == "__main__":
    main()
