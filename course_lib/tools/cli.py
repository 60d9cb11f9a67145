"""The `course` command: tools for the exercise notebooks (students check, maintainers release and grade).

    course release            write exercises/ from solutions/
    course release --check    exit 1 (naming the notebooks) if exercises/ is out of date
    course check NOTEBOOK     run an exercise's checks the way the grader does (students)
    course handout DIR        write the students' copy of the course (no solutions/)
    course grade SUBMISSIONS --out OUT    grade a class folder (course_lib.tools.grading)
    course merge OUT_1 ... OUT_N --out OUT   join the outputs of `course grade --shard I/N`
    course stats OUT          per check: pass rate and the most common named mistakes
    course collect ZIP --out SUBMISSIONS    an LMS bulk download, one folder per student
    course merge-manual SCORES.csv --out OUT   hand-graded written answers into the gradebook

Run it from the course's root folder. Each subcommand lives in its own small function
``_add_<name>(subparsers)`` that declares its arguments and sets ``func``; the instructor's
gradebook commands (grade, merge, stats, collect, merge-manual) live in
``course_lib.tools.cli_gradebook``; ``main`` only dispatches. Introduced in the README, sections "Exercises: check your own work" and "Grading a class".
"""
import argparse
import sys

from course_lib.tools.cli_gradebook import add_gradebook

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
    from course_lib.tools.release import check_release, release
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
        raise ValueError(f"--timeout must be > 0, got {args.timeout:g}; e.g. --timeout 60")
    status = 0
    for path in args.notebooks:
        lines, passed = check_notebook(path, args.solutions, args.timeout)
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
    from course_lib.tools.handout import handout
    written = handout(args.dest)
    print(f"wrote {args.dest}: {', '.join(written)}")
    print("Give students this folder (e.g. push it to a repository of its own); keep "
          "solutions/ (the hidden tests) to yourself for `course grade --solutions`.")
    return 0


# -- dispatch ---------------------------------------------------------------------------------

def build_parser():
    """The argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(prog="course", description=__doc__.split("\n")[0].replace("`", ""))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_release(subparsers)
    _add_check(subparsers)
    _add_handout(subparsers)
    add_gradebook(subparsers)
    return parser


def main(argv=None):
    """Entry point of the ``course`` console script; returns the exit status.

    A subcommand reports a problem with what it was given (a bad option, a folder that is
    not a class, a CSV that does not merge) by raising ValueError, or one of its
    subclasses, with a message that says what to do: printed here as ``course COMMAND:
    message`` on stderr, exit status 2.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except ValueError as err:
        print(f"course {args.command}: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
