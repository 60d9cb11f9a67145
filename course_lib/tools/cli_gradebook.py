"""The instructor's gradebook subcommands of ``course`` (``course_lib.tools.cli``).

    course grade SUBMISSIONS --out OUT [--format canvas|moodle --roster FILE]
    course merge OUT_1 ... OUT_N --out OUT [--format canvas|moodle --roster FILE]
    course stats OUT
    course collect ZIP --out SUBMISSIONS
    course merge-manual SCORES.csv --out OUT

Each lives in a small function ``_add_<name>(subparsers)`` that declares its arguments and
sets ``func``; ``add_gradebook`` adds them all. A problem with what a command was given is
raised as ValueError, which ``course``'s main prints with the command's name. Introduced in
the README, section "Grading a class".
"""
import json
from pathlib import Path

__all__ = ["add_gradebook"]


def add_gradebook(subparsers):
    """Add grade, merge, stats, collect and merge-manual to ``course``'s subparsers."""
    for add in (_add_grade, _add_merge, _add_stats, _add_collect, _add_merge_manual):
        add(subparsers)


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
    _add_lms_options(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_run_grade)


def _run_grade(args):
    from course_lib.tools.grading.grade import grade
    from course_lib.tools.grading.sandbox import parse_size
    from course_lib.tools.grading.late import deadline_from
    from course_lib.tools.grading.shard import parse_shard
    from course_lib.tools.grading.lms import export
    _check_lms_options(args)
    memory = parse_size(args.memory) if args.memory is not None else None
    shard = parse_shard(args.shard) if args.shard is not None else None
    only = [t.strip() for t in args.exercises.split(",") if t.strip()] if args.exercises else None
    deadline = deadline_from(args.due, args.late_penalty, args.late_cap, args.times)
    _, summary = grade(args.submissions, args.out, solutions=args.solutions, jobs=args.jobs,
                       cell_timeout=args.timeout, notebook_timeout=args.notebook_timeout,
                       progress=not args.quiet, sandbox=not args.no_sandbox, memory=memory,
                       shard=shard, only=only, deadline=deadline, student=args.student)
    print(summary)
    if args.format or (args.student and (Path(args.out) / "lms.json").exists()):
        settings = {"format": args.format, "roster": args.roster} if args.format else \
            json.loads((Path(args.out) / "lms.json").read_text(encoding="utf-8"))
        print(export(args.out, settings["format"], settings["roster"]))
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
    _add_lms_options(p)
    p.set_defaults(func=_run_merge)


def _run_merge(args):
    from course_lib.tools.grading.lms import export
    from course_lib.tools.grading.shard import merge
    _check_lms_options(args)
    _, summary = merge(args.shards, args.out)
    print(summary)
    if args.format:
        print(export(args.out, args.format, args.roster))
    return 0


def _add_lms_options(p):
    p.add_argument("--format", default=None, choices=("canvas", "moodle"),
                   help="also write OUT/canvas.csv or OUT/moodle.csv, that LMS's grade-import "
                        "layout (needs --roster)")
    p.add_argument("--roster", default=None, metavar="CSV",
                   help="who each student folder is in the LMS: a CSV with the LMS's ids "
                        "(e.g. Canvas's gradebook export; a 'folder' column if the names differ)")


def _check_lms_options(args):
    """ValueError unless --format and --roster come together and the roster is usable."""
    from course_lib.tools.grading.lms import read_roster
    if (args.format is None) != (args.roster is None):
        raise ValueError("--format and --roster go together: e.g. --format canvas --roster "
                         "roster.csv (the LMS's gradebook export)")
    if args.format:
        read_roster(args.roster, args.format)


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
    print(class_stats(args.out, args.top))
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
    found = collect(args.archive, args.out)
    for student, files in sorted(found.items()):
        print(f"{student}: {', '.join(files)}")
    print(f"{len(found)} student folder(s) in {args.out}; next: course grade {args.out} --out grades")
    return 0


# -- merge-manual: `course merge-manual SCORES.csv --out OUT`, written answers graded by hand ---

def _add_merge_manual(subparsers):
    p = subparsers.add_parser(
        "merge-manual", help="merge hand-graded written answers into a graded class",
        description="Read SCORES.csv (OUT/manual.csv with the points filled in; blank rows "
                    "are skipped), check every row, and put the points into OUT's grades.csv, "
                    "totals.csv, feedback and LMS import file.")
    p.add_argument("scores", metavar="SCORES.csv", help="the filled-in manual.csv")
    p.add_argument("--out", required=True, metavar="OUT", help="the --out folder of `course grade`")
    p.set_defaults(func=_run_merge_manual)


def _run_merge_manual(args):
    from course_lib.tools.grading.manual import merge_manual
    print(merge_manual(args.scores, args.out))
    return 0
