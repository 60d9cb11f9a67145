"""The `course` command: tools for the exercise notebooks (students check, maintainers release and grade).

    course release            write exercises/ from solutions/
    course release --check    exit 1 (naming the notebooks) if exercises/ is out of date
    course check NOTEBOOK     run an exercise's checks the way the grader does (students)
    course handout DIR        write the students' copy of the course (no solutions/)
    course grade SUBMISSIONS --out OUT    grade a class folder (course_lib.tools.grading)
    course merge OUT_1 ... OUT_N --out OUT   join the outputs of `course grade --shard I/N`
    course stats OUT          per check: pass rate and the most common named mistakes
    course collect ZIP --out SUBMISSIONS    an LMS bulk download, one folder per student

Run it from the course's root folder. Each subcommand lives in its own small function
``_add_<name>(subparsers)`` that declares its arguments and sets ``func``; ``main`` only
dispatches. Introduced in the README, sections "Exercises: check your own work" and "Grading a class".
"""
import argparse
import sys

__all__ = ["main", "build_parser"]


# -- release ----------------------------------------------------------------------------------

def _add_release(subparsers):
    p = subparsers.add_parser(
        "release", help="generate exercises/ from solutions/",
        description="Blank the solutions, drop hidden tests, clear outputs and lock the "
                    "setup and check cells: solutions/NN_topic.ipynb -> exercises/NN_topic.ipynb.")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if any exercise is missing or out of date")
    p.add_argument("--solutions", default="solutions", help="source folder (default: solutions)")
    p.add_argument("--exercises", default="exercises", help="output folder (default: exercises)")
    p.set_defaults(func=_run_release)


def _run_release(args):
    from course_lib.tools.release import ReleaseError, check_release, release
    try:
        if args.check:
            problems = check_release(args.solutions, args.exercises)
            for line in problems:
                print(f"course release --check: {line}", file=sys.stderr)
            if problems:
                print("Run `course release` (or `make release`) and commit exercises/.",
                      file=sys.stderr)
                return 1
            print(f"{args.exercises}/ is up to date with {args.solutions}/")
            return 0
        changed = release(args.solutions, args.exercises)
    except ReleaseError as err:
        print(f"course release: {err}", file=sys.stderr)
        return 2
    for path in changed:
        print(f"wrote {path}")
    if not changed:
        print(f"{args.exercises}/ was already up to date")
    return 0


# -- check: `course check exercises/NN_topic.ipynb`, a student's self-check ------------------

def _add_check(subparsers):
    p = subparsers.add_parser(
        "check", help="check your exercise notebook the way it will be graded",
        description="Run an exercise notebook's checks the way `course grade` does (your "
                    "answer cells and your own cells, the official checks, minus the hidden "
                    "ones) and print one line per check, with the diagnosis of each failure.")
    p.add_argument("notebooks", nargs="+", metavar="NOTEBOOK",
                   help="your exercise notebook(s), e.g. exercises/03_gradients.ipynb")
    p.add_argument("--solutions", default="solutions", help="folder of official sources "
                   "(default: solutions)")
    p.add_argument("--timeout", type=float, default=60.0, metavar="S",
                   help="seconds one cell may run (default: 60)")
    p.set_defaults(func=_run_check)


def _run_check(args):
    from course_lib.tools.grading.selfcheck import check_notebook
    if not args.timeout > 0:
        print(f"course check: --timeout must be > 0, got {args.timeout:g}; e.g. --timeout 60",
              file=sys.stderr)
        return 2
    status = 0
    for path in args.notebooks:
        try:
            lines, passed = check_notebook(path, args.solutions, args.timeout)
        except ValueError as err:
            print(f"course check: {err}", file=sys.stderr)
            return 2
        print("\n".join(lines))
        status = status or (0 if passed else 1)
    return status


# -- handout: `course handout DIR`, the copy a graded class receives -------------------------

def _add_handout(subparsers):
    p = subparsers.add_parser(
        "handout", help="write the copy of the course a graded class receives",
        description="Copy the lessons, the released exercises, course_lib, README, "
                    "pyproject.toml, Makefile and environment.yml into the new folder DIR: "
                    "no solutions/, no hidden tests, no tests/. `course check` works there.")
    p.add_argument("dest", metavar="DIR", help="a new (or empty) folder outside the course")
    p.set_defaults(func=_run_handout)


def _run_handout(args):
    from course_lib.tools.handout import HandoutError, handout
    from course_lib.tools.release import ReleaseError
    try:
        written = handout(args.dest)
    except (HandoutError, ReleaseError) as err:
        print(f"course handout: {err}", file=sys.stderr)
        return 2
    print(f"wrote {args.dest}: {', '.join(written)}")
    print("Give students this folder (e.g. push it to a repository of its own); keep "
          "solutions/ (the hidden tests) to yourself for `course grade --solutions`.")
    return 0


# -- grade: `course grade SUBMISSIONS --out OUT`, an instructor grades a class --------------

def _add_grade(subparsers):
    p = subparsers.add_parser(
        "grade", help="grade a folder of submissions",
        description="Grade a class folder of exercise submissions (one sub-folder of notebooks "
                    "per student): rebuild each notebook from solutions/, run it, and write "
                    "OUT/grades.csv and OUT/feedback/<student>.md.")
    p.add_argument("submissions", metavar="SUBMISSIONS",
                   help="folder with one sub-folder of notebooks per student")
    p.add_argument("--out", required=True, metavar="OUT",
                   help="where to write grades.csv and feedback/ (created)")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="students graded at once (default: one per core)")
    p.add_argument("--timeout", type=float, default=60.0, metavar="S",
                   help="seconds one cell may run (default: 60)")
    p.add_argument("--notebook-timeout", type=float, default=None, metavar="S",
                   help="seconds one whole notebook may run (default: 10 x --timeout)")
    p.add_argument("--memory", default=None, metavar="SIZE",
                   help="memory one student's run may use, e.g. 2G (default: half the "
                        "machine's memory shared by the --jobs runs, between 1.5G and 4G)")
    p.add_argument("--no-sandbox", action="store_true",
                   help="run the students' code as you, without bubblewrap (only for "
                        "submissions you trust; the summary and grades.csv say so)")
    p.add_argument("--solutions", default="solutions",
                   help="folder of official sources (default: solutions)")
    p.add_argument("--exercises", default=None, metavar="NN,NN",
                   help="grade only these exercises, by number or name (e.g. 04,08); totals "
                        "are then out of these (default: every exercise in --solutions)")
    p.add_argument("--due", default=None, metavar="TIME",
                   help="the deadline, e.g. 2026-03-01T23:59 (local time unless a zone is "
                        "given); adds submitted_at and late to the outputs")
    p.add_argument("--late-penalty", type=float, default=0.0, metavar="F",
                   help="fraction of an exercise's points taken per started day late (e.g. "
                        "0.1; default 0)")
    p.add_argument("--late-cap", type=float, default=1.0, metavar="F",
                   help="the largest fraction a late penalty takes (default 1: everything)")
    p.add_argument("--times", default=None, metavar="CSV",
                   help="submission times exported by the LMS (columns student, submitted_at, "
                        "optionally exercise); default: each file's modification time")
    p.add_argument("--student", default=None, metavar="NAME",
                   help="regrade only this student's folder into the existing --out (their "
                        "rows, totals and feedback replaced; the summary recomputed)")
    p.add_argument("--shard", default=None, metavar="I/N",
                   help="grade only the I-th of N slices of the class (e.g. one task of an "
                        "array job); join the outputs with `course merge`")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_run_grade)


def _run_grade(args):
    from course_lib.tools.grading.grade import UsageError, grade
    from course_lib.tools.grading.sandbox import parse_size
    from course_lib.tools.grading.late import deadline_from
    from course_lib.tools.grading.shard import parse_shard
    try:
        memory = parse_size(args.memory) if args.memory is not None else None
        shard = parse_shard(args.shard) if args.shard is not None else None
        only = [t.strip() for t in args.exercises.split(",") if t.strip()] if args.exercises else None
        deadline = deadline_from(args.due, args.late_penalty, args.late_cap, args.times)
    except ValueError as err:
        print(f"course grade: {err}", file=sys.stderr)
        return 2
    try:
        _, summary = grade(args.submissions, args.out, solutions=args.solutions, jobs=args.jobs,
                           cell_timeout=args.timeout, notebook_timeout=args.notebook_timeout,
                           progress=not args.quiet, sandbox=not args.no_sandbox, memory=memory,
                           shard=shard, only=only, deadline=deadline, student=args.student)
    except UsageError as err:
        print(f"course grade: {err}", file=sys.stderr)
        return 2
    print(summary)
    return 0


# -- merge: `course merge OUT_1 ... OUT_N --out OUT`, shards joined into one gradebook -------

def _add_merge(subparsers):
    p = subparsers.add_parser(
        "merge", help="join the outputs of `course grade --shard I/N` into one",
        description="Join the output folders of every shard of a class (`course grade "
                    "--shard I/N`, I = 1..N) into OUT/grades.csv and OUT/feedback/, the same "
                    "as one run over the whole class.")
    p.add_argument("shards", nargs="+", metavar="SHARD_OUT", help="each shard's --out folder")
    p.add_argument("--out", required=True, metavar="OUT", help="where to write the whole class")
    p.set_defaults(func=_run_merge)


def _run_merge(args):
    from course_lib.tools.grading.shard import MergeError, merge
    try:
        _, summary = merge(args.shards, args.out)
    except MergeError as err:
        print(f"course merge: {err}", file=sys.stderr)
        return 2
    print(summary)
    return 0


# -- stats: `course stats OUT`, what the class got wrong ----------------------------------

def _add_stats(subparsers):
    p = subparsers.add_parser(
        "stats", help="per check: pass rate and the most common named mistakes",
        description="Read OUT/grades.csv and print, per check, how many students passed it "
                    "and the named mistakes behind its failures, most common first.")
    p.add_argument("out", metavar="OUT", help="the --out folder of `course grade` or `course merge`")
    p.add_argument("--top", type=int, default=3, metavar="K", help="mistakes shown per check")
    p.set_defaults(func=_run_stats)


def _run_stats(args):
    from course_lib.tools.grading.stats import class_stats
    try:
        print(class_stats(args.out, args.top))
    except ValueError as err:
        print(f"course stats: {err}", file=sys.stderr)
        return 2
    return 0


# -- collect: `course collect ZIP --out SUBMISSIONS`, an LMS bulk download unpacked -----------

def _add_collect(subparsers):
    p = subparsers.add_parser(
        "collect", help="unpack an LMS bulk download into one folder per student",
        description="Unpack a Canvas or Moodle 'download all submissions' zip into "
                    "SUBMISSIONS/<student>/, keeping each file's submission time, ready for "
                    "`course grade SUBMISSIONS`.")
    p.add_argument("archive", metavar="ZIP", help="the zip file the LMS saved")
    p.add_argument("--out", required=True, metavar="SUBMISSIONS", help="a new folder")
    p.set_defaults(func=_run_collect)


def _run_collect(args):
    from course_lib.tools.grading.collect import collect
    try:
        found = collect(args.archive, args.out)
    except ValueError as err:
        print(f"course collect: {err}", file=sys.stderr)
        return 2
    for student, files in sorted(found.items()):
        print(f"{student}: {', '.join(files)}")
    print(f"{len(found)} student folder(s) in {args.out}; next: course grade {args.out} --out grades")
    return 0


# -- dispatch ---------------------------------------------------------------------------------

def build_parser():
    """The argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(prog="course", description=__doc__.split("\n")[0].replace("`", ""))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_release(subparsers)
    _add_check(subparsers)
    _add_handout(subparsers)
    _add_grade(subparsers)
    _add_merge(subparsers)
    _add_stats(subparsers)
    _add_collect(subparsers)
    return parser


def main(argv=None):
    """Entry point of the ``course`` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
