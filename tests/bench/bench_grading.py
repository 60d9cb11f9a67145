"""Bench `course grade`: its cost per submission, and what a second worker buys.

1. For each exercise, a correct submission graded alone (`course grade` end to end: start,
   rebuild, one pytest process, outputs) against a bare `pytest --nbval-lax
   --nbval-current-env` run of the same notebook. Target: ratio <= 1.5.
2. The sandbox's cost: the same class graded with --jobs 1 in the bubblewrap sandbox and
   with --no-sandbox, alternately; the cost per student is the difference over the class
   size. Target: the sandboxed run at most 10 % slower (ratio <= 1.10).
3. A class of correct submissions (every exercise each) graded with --jobs 1 and --jobs 2.
   Target on 2 cores: speed-up >= 1.9.

Median of several runs. The machine's load average is printed: other work on the cores
skews both figures. Run: .venv/bin/python tests/bench/bench_grading.py [--students N]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS, EXERCISES = ROOT / "solutions", ROOT / "exercises"


def correct_submission(name):
    """exercises/NAME.ipynb with its answer cells filled from solutions/ (matched by id)."""
    nb = json.loads((EXERCISES / f"{name}.ipynb").read_text())
    source = {c["id"]: c["source"] for c in json.loads((SOLUTIONS / f"{name}.ipynb").read_text())["cells"]}
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            cell["source"] = source[cell["id"]]
    return nb


def timed(cmd, cwd):
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0,):
        sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return seconds


SANDBOX_TARGET, JOBS_TARGET = 1.10, 1.9


def grade_cmd(subs, out, jobs, sandbox=True):
    return [sys.executable, "-m", "course_lib.tools.cli", "grade", str(subs), "--out", str(out),
            "--jobs", str(jobs), "--quiet", "--timeout", "60", *([] if sandbox else ["--no-sandbox"])]


def make_class(subs, names, students):
    """``students`` folders of correct submissions of the exercises ``names``."""
    for k in range(students):
        (subs / f"student{k:02d}").mkdir(parents=True)
        for n in names:
            (subs / f"student{k:02d}" / f"{n}.ipynb").write_text(json.dumps(correct_submission(n)))
    return subs


def sandbox_vs_none(subs, work, repeat):
    """Median seconds of (--no-sandbox, sandboxed) grading of the class ``subs`` with one
    worker, run alternately so that a change of load hits both alike."""
    times = {True: [], False: []}
    for i in range(repeat):
        for sandbox in (False, True):
            times[sandbox].append(timed(grade_cmd(subs, work / f"sb-{sandbox}-{i}", 1, sandbox),
                                        cwd=ROOT))
    return statistics.median(times[False]), statistics.median(times[True])


def jobs_1_vs_2(subs, work, repeat):
    """Median seconds of grading the class ``subs`` with --jobs 1 and with --jobs 2."""
    times = {1: [], 2: []}
    for i in range(repeat):
        for jobs in (1, 2):
            times[jobs].append(timed(grade_cmd(subs, work / f"jobs-{jobs}-{i}", jobs), cwd=ROOT))
    return statistics.median(times[1]), statistics.median(times[2])


def grade_vs_bare(work, label, names, repeat):
    """Median seconds of (bare nbval, course grade) on one student's correct submissions of
    the exercises `names`, each measured `repeat` times in this run."""
    subs = work / "one" / label
    (subs / "student").mkdir(parents=True)
    for n in names:
        (subs / "student" / f"{n}.ipynb").write_text(json.dumps(correct_submission(n)))
    notebooks = sorted(str(p) for p in (subs / "student").glob("*.ipynb"))
    bare, ours = [], []
    for i in range(repeat):
        # bare: from the student's folder, so no conftest or project config applies
        bare.append(timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "--nbval-lax", "--nbval-current-env", *notebooks],
                          cwd=subs / "student"))
        ours.append(timed(grade_cmd(subs, work / f"out-{label}-{i}", 1), cwd=ROOT))
    return statistics.median(bare), statistics.median(ours)


def exercise_names():
    return sorted(p.stem for p in SOLUTIONS.glob("[0-9][0-9]_*.ipynb"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--class-only", action="store_true",
                        help="skip the per-exercise figures (1.); only the class ones (2., 3.)")
    args = parser.parse_args()
    names = exercise_names()
    work = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, "
          f"{os.cpu_count()} cores, median of {args.repeat}")
    try:
        print(f"\n{'exercise':<24} {'bare nbval (s)':>15} {'course grade (s)':>17} {'ratio':>6}")
        ratios = []
        for name in ([] if args.class_only else names) + ["(all, one student)"]:
            label = name.strip("()").replace(" ", "_").replace(",", "")
            b, o = grade_vs_bare(work, label, names if name.startswith("(") else [name],
                                 args.repeat)
            ratios.append(o / b)
            print(f"{name:<24} {b:>15.2f} {o:>17.2f} {o / b:>6.2f}")
        print(f"target: ratio <= 1.5; worst {max(ratios):.2f}")

        subs = make_class(work / "class", names, args.students)
        plain, boxed = sandbox_vs_none(subs, work, args.repeat)
        print(f"\n{args.students} students x {len(names)} exercises, --jobs 1: --no-sandbox "
              f"{plain:.1f} s, sandboxed {boxed:.1f} s, ratio {boxed / plain:.3f} (target <= "
              f"{SANDBOX_TARGET}), sandbox cost {(boxed - plain) / args.students:+.2f} s per student")
        one, two = jobs_1_vs_2(subs, work, args.repeat)
        print(f"{args.students} students x {len(names)} exercises: --jobs 1 {one:.1f} s, "
              f"--jobs 2 {two:.1f} s, speed-up {one / two:.2f} (target >= {JOBS_TARGET}), "
              f"{two / args.students:.2f} s per student with 2 workers")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
