"""make bench: one table of every figure the course tracks, each a ratio measured in this run.

Each figure divides what the course does by a floor measured a moment before or after on
the same machine, so the load and speed of the machine mostly cancel out:

- the whole course (every lesson and every solution) run under nbval as `make test` does, one
  after another, against as many trivial notebooks run the same way (bench_course.py);
- a widget's slider move (its Python callback) against a bare redraw of its figure
  (bench_widgets.py);
- each lesson's first slider in JupyterLab in headless Chromium, from key press to new
  picture, against a plain `interact` redrawing one line plot in the same run
  (bench_sliders.py; skipped with a note when Chromium or playwright is missing);
- an optimizer step on 1e7 float64 parameters against torch.optim's step (foreach, one
  thread), or against copying the parameters once when torch is not installed
  (bench_optimizers.py, which also prints each update's memory traffic: the NumPy floor);
- `course grade` on one student's correct submissions against a bare `pytest --nbval-lax`
  of the same notebooks, a class graded in the bubblewrap sandbox against --no-sandbox,
  and a class graded with two workers against one (bench_grading.py).
Then each lesson's and each solution's own execution time. The scripts named above print
more detail when run alone; bench_training.py (batch sizes on the digits) runs only alone.

Run: .venv/bin/python tests/bench/bench_all.py [--repeat 2] [--students 4]
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")   # before numpy is imported

import argparse  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import bench_course  # noqa: E402
import bench_grading  # noqa: E402
import bench_optimizers  # noqa: E402
import bench_sliders  # noqa: E402
import bench_widgets  # noqa: E402


def row(figure, measured, floor, ratio, target, unit="s", higher_is_better=False):
    """One line of the table; `target` None for figures shown without a target."""
    if target is None:
        verdict, target_text = "", "-"
    else:
        met = ratio >= target if higher_is_better else ratio <= target
        verdict = "ok" if met else "MISSED"
        target_text = f"{'>=' if higher_is_better else '<='} {target:g}"
    scale = 1e3 if unit == "ms" else 1.0
    return (figure, f"{measured * scale:.2f} {unit}", f"{floor * scale:.2f} {unit}",
            f"{ratio:.2f}", target_text, verdict)


def grading_rows(repeat, students):
    names = bench_grading.exercise_names()
    work = Path(tempfile.mkdtemp(prefix="bench-all-grading-"))
    try:
        bare, ours = bench_grading.grade_vs_bare(work, "all", names, repeat)
        rows = [row(f"course grade, 1 student x {len(names)} exercises / bare nbval",
                    ours, bare, ours / bare, 1.5)]
        subs = bench_grading.make_class(work / "class", names, students)
        plain, boxed = bench_grading.sandbox_vs_none(subs, work, repeat)
        rows.append(row(f"class of {students} graded, --jobs 1: sandboxed / --no-sandbox "
                        f"({(boxed - plain) / students:+.2f} s per student)",
                        boxed, plain, boxed / plain, bench_grading.SANDBOX_TARGET))
        one, two = bench_grading.jobs_1_vs_2(subs, work, repeat)
        rows.append(row(f"class of {students} graded: --jobs 1 / --jobs 2 (speed-up)",
                        one, two, one / two, bench_grading.JOBS_TARGET, higher_is_better=True))
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="runs per grading figure")
    parser.add_argument("--students", type=int, default=4, help="class size for --jobs")
    args = parser.parse_args()
    start, load = time.perf_counter(), os.getloadavg()

    times, trivial = bench_course.measure()
    total, floor = sum(times.values()), sum(trivial)
    rows = [row(f"whole course executed ({len(times)} notebooks) / {len(trivial)} trivial",
                total, floor, total / floor, bench_course.TARGET)]
    path, seconds, ratio = bench_course.slowest_lesson(times, trivial)
    rows.append(row(f"slowest lesson ({path.name}) / median trivial notebook", seconds,
                    statistics.median(trivial), ratio, bench_course.LESSON_TARGET))
    for i, (name, callback, draw, ratio) in enumerate(bench_widgets.measure()):
        rows.append(row(f"slider move / bare redraw: {name}", callback, draw, ratio,
                        bench_widgets.TARGET if i == 0 else None, unit="ms"))
    try:
        for name, ms, base in bench_sliders.measure():
            rows.append(row(f"slider, key press to picture / plain interact: {name}",
                            ms / 1e3, base / 1e3, ms / base, bench_sliders.TARGET, unit="ms"))
    except RuntimeError as problem:
        print(f"browser slider rows skipped: {problem}")
    for r in bench_optimizers.measure():
        against = "torch.optim (foreach)" if r["torch"] is not None else "a copy of them"
        floor = r["torch"] if r["torch"] is not None else r["copy"]
        rows.append(row(f"{r['name']} step, 1e7 float64 / {against}", r["step"], floor,
                        r["ratio"], r["target"], unit="ms"))
    rows += grading_rows(args.repeat, args.students)

    header = ("figure", "measured", "floor", "ratio", "target", "")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    print(line)
    for r in [header, None, *rows]:
        if r is None:
            print(line)
            continue
        print("  ".join(r[0].ljust(widths[0]) if i == 0 else r[i].rjust(widths[i])
                        for i in range(len(header))).rstrip())
    print(line)

    trivial_median = statistics.median(trivial)
    print(f"\n{'notebook':<36}{'seconds':>9}{'x trivial':>11}")
    for path, seconds in times.items():
        print(f"{path.parent.name + '/' + path.name:<36}{seconds:>9.2f}"
              f"{seconds / trivial_median:>11.1f}")
    print(f"{'trivial notebook (median)':<36}{trivial_median:>9.2f}{1:>11.1f}")
    print(f"\nload average {load[0]:.2f} before, {os.getloadavg()[0]:.2f} after, "
          f"{os.cpu_count()} cores, OPENBLAS_NUM_THREADS="
          f"{os.environ['OPENBLAS_NUM_THREADS']}; bench took "
          f"{time.perf_counter() - start:.0f} s")
    missed = [r[0] for r in rows if r[5] == "MISSED"]
    print("every target met" if not missed else f"targets missed: {'; '.join(missed)}")


if __name__ == "__main__":
    main()
