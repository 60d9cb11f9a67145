"""Grade a class folder of exercise submissions; write a gradebook and feedback.

Usage: ``course grade SUBMISSIONS --out OUT [--jobs N] [--timeout S] [--memory SIZE]
[--no-sandbox] [--shard I/N]``; shards are joined by ``course merge`` (``grading.shard``).

SUBMISSIONS holds one folder per student, each with exercise notebooks named as in
``exercises/`` (e.g. ``alice/03_gradients.ipynb``). For every student and exercise:

1. **rebuild** the notebook from its official source ``solutions/NN_topic.ipynb``: setup,
   check and hidden check cells come from the source; the student's *answer* cells
   (matched by ``grade_id`` or cell id, never by position) and the cells the student added
   (helpers, imports) are kept in place, as nbgrader does. A check the student edited or
   deleted is thus restored; an answer cell the student deleted counts as blank.
   Each official cell first restores the checking modules (``course_lib.tools.grading.guard``),
   so a student cell cannot switch the checks off by patching them.
2. **execute** it under nbval (lax mode, the current environment, a per-cell timeout) in a
   separate pytest process, one per student for all of that student's notebooks, inside
   that student's bubblewrap sandbox (``grading.sandbox``: the course and environment
   read-only, nothing else of the machine in view, no network, its own processes, memory,
   process and file limits); a watchdog stops a notebook that exceeds its overall limit or
   the memory limit, and notices a kernel that died. Student code never runs in the
   grader's own process, and no submission file is ever written to. ``--no-sandbox``
   runs the students' code as the calling user instead, and the outputs say so.
3. **record** every check: OUT/grades.csv (student, exercise, check, points, max_points,
   status, message), OUT/feedback/<student>.md, and a summary printed at the end.

status is one of ``passed``, ``failed`` (the check ran and the answer is wrong), ``error``
(the check could not reach a verdict: an exception, the kernel died, the notebook is not
valid JSON), ``timeout`` and ``missing`` (no such notebook in the submission); a written
question's answer is ``needs manual grading`` (``failed`` when left blank) until
``course merge-manual`` makes it ``graded by hand`` (``grading.manual``).

Students are graded in parallel (``--jobs``, default one per core). The exit status is 0
whenever grading ran, whatever the scores; 2 for a usage error.

Introduced in the README, section "Grading a class".
"""
import json
import os
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from course_lib.tools.grading.files import match_files
from course_lib.tools.grading.late import Deadline
from course_lib.tools.grading.manual import manual_outcome, written_answers
from course_lib.tools.grading.rebuild import load_exercise, rebuild
from course_lib.tools.grading.report import Progress, write_outputs
from course_lib.tools.grading.run import NotebookRun, Settings, run_notebooks, stop_all
from course_lib.tools.grading.shard import (MergeError, pick, read_manifest, replace_student,
                                           write_manifest)
from course_lib.tools.grading.sandbox import Limits, Sandbox, SandboxUnavailable, default_memory
from course_lib.tools.notebook import blame_broken_answers

__all__ = ["grade", "UsageError", "select_exercises"]


class UsageError(ValueError):
    """The command was called wrongly; the message says what to do."""


# -- running one student -----------------------------------------------------------------------

def _read_submission(path):
    """The notebook at ``path`` as a dict, or raise ValueError saying why not."""
    try:
        nb = json.loads(Path(path).read_bytes().decode("utf-8"))
    except UnicodeDecodeError as err:
        raise ValueError(f"the file is not UTF-8 text ({err.reason})") from None
    except json.JSONDecodeError as err:
        raise ValueError(f"the file is not valid notebook JSON (line {err.lineno}, "
                         f"column {err.colno}: {err.msg}); re-download it from Jupyter") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError("the file is JSON but not a notebook (no list of cells)")
    return nb


def _grade_student(folder, exercises, settings, known=None, deadline=None):
    """Grade one student's folder; returns {"rows", "notes", "renamed", "ignored"}.

    ``known``: every exercise name of the course (default: those of ``exercises``); files
    of known exercises that are not being graded are neither graded nor reported.
    """
    rows, notes, workdir = [], [], Path(tempfile.mkdtemp(prefix="course-grade-"))
    try:
        files, renamed, ignored = match_files(folder, list(known or exercises))
        renamed = [(f, name) for f, name in renamed if name in exercises]
        for extra in ignored:
            notes.append(f"Ignored `{extra}`: not an exercise notebook of this course "
                         "(or an older copy of one).")
        for original, name in renamed:
            notes.append(f"Graded `{original}` as {name}.ipynb (the file was renamed).")
        to_run, fates, graded, when, written = [], {}, {}, {}, {}
        deadline = deadline or Deadline()
        for name, exercise in exercises.items():
            path = files.get(name)
            if path is None:
                fates[name] = ("missing", f"no {name}.ipynb in the submission")
                continue
            graded[name] = path.name
            when[name] = deadline.submitted(folder.name, name, path)
            try:
                submitted = _read_submission(path)
            except (OSError, ValueError) as err:
                fates[name] = ("error", f"could not read {path.name}: {err}")
                continue
            try:
                nb, more = rebuild(exercise, submitted)
            except Exception as err:  # a notebook whose cells are not what Jupyter writes
                fates[name] = ("error", f"could not rebuild {path.name} from its cells "
                                        f"({type(err).__name__}: {err}): is it a notebook "
                                        "saved by Jupyter?")
                continue
            notes.extend(f"{name}: {n}" for n in more)
            written[name] = written_answers(exercise, nb)
            (workdir / f"{name}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
            to_run.append(name)
        results = run_notebooks(workdir, to_run, settings) if to_run else {}
        for name, exercise in exercises.items():
            run = results.get(name) or NotebookRun(fate=fates.get(name))
            if run.fate is None and not run.cells:
                run.fate = ("error", "the grader could not run this notebook")
            run.cells = blame_broken_answers(run.cells, exercise["defines"])
            for gid in exercise["answers"]:
                status, message = run.cells.get(gid, ("passed", ""))
                if status != "passed" and not message.startswith("not run"):
                    if settings.sandbox:
                        message = settings.sandbox.limits.named(message)
                    notes.append(f"{name}: answer cell `{gid}` ({status}): {message}")
            for gid, max_points in exercise["checks"]:
                status, message = run.outcome(gid)
                if gid in exercise.get("manual", {}):
                    status, message = manual_outcome(written.get(name, {}).get(gid), run.fate)
                if settings.sandbox and status != "passed":
                    message = settings.sandbox.limits.named(message)
                rows.append({"student": folder.name, "exercise": name, "check": gid,
                             "points": max_points if status == "passed" else 0.0,
                             "max_points": max_points, "status": status, "message": message,
                             "answer": written.get(name, {}).get(gid, ""),
                             "file": graded.get(name, ""),
                             "submitted_at": Deadline.text(when[name]) if name in when else "",
                             "late": (deadline.days_late(when[name]) if name in when else 0)
                             if deadline.due is not None else "",
                             "penalty": deadline.penalty(deadline.days_late(when[name]))
                             if name in when else 0.0})
            days = deadline.days_late(when[name]) if name in when else 0
            if days:
                notes.append(f"{name}: handed in {days} day(s) late "
                             f"({Deadline.text(when[name])}): "
                             f"{100 * deadline.penalty(days):g} % of its points deducted.")
        return {"rows": rows, "notes": notes, "renamed": renamed, "ignored": ignored}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# -- the whole class ---------------------------------------------------------------------------

def grade(submissions, out, *, solutions="solutions", jobs=None, cell_timeout=60.0,
          notebook_timeout=None, progress=True, sandbox=True, memory=None, shard=None,
          only=None, deadline=None, student=None):
    """Grade every student folder in ``submissions``; write ``out``; return (rows, summary).

    Args:
        submissions: folder with one sub-folder per student.
        out: output folder (created); must not lie inside ``submissions``.
        solutions: folder of official sources; every ``*.ipynb`` in it is an exercise.
        jobs: students graded at once (>= 1; default: one per core).
        cell_timeout: seconds one cell may run (> 0).
        notebook_timeout: seconds one whole notebook may run (> 0; default 10 x cell_timeout).
        progress: draw a progress bar on stderr.
        sandbox: run each student in a bubblewrap sandbox (``grading.sandbox``); raises
            SandboxUnavailable (a UsageError) where it cannot start. False: run students'
            code as the calling user, as a trusted class may be; the outputs say so.
        memory: bytes one student's run may use (default: ``default_memory(jobs)``).
        shard: (I, N) to grade only the I-th of N slices of the class (``grading.shard``);
            every run writes ``out``/grading.json, for ``course merge`` and ``student``.
        student: regrade only this student's folder and put the result into the existing
            output ``out`` in place of their old rows, totals and feedback.
        only: exercises to grade, each a name or its number ("04", "08_momentum"); default
            all. Totals are then out of these.
        deadline: a ``grading.late.Deadline`` (due time, late penalty, submission times).
    """
    submissions, out, solutions = Path(submissions), Path(out), Path(solutions)
    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    notebook_timeout = 10 * cell_timeout if notebook_timeout is None else notebook_timeout
    _validate(submissions, out, solutions, jobs, cell_timeout, notebook_timeout)
    box = _sandbox(jobs, memory, (solutions, submissions, out)) if sandbox else None
    known = [p.stem for p in sorted(solutions.glob("*.ipynb"))]
    exercises = {name: load_exercise(solutions / f"{name}.ipynb")
                 for name in select_exercises(known, only)}
    folders = sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith("."))
    if shard is not None:
        folders = pick(folders, shard)
    final = out
    if student is not None:
        folders = [f for f in folders if f.name == student]
        if not folders:
            raise UsageError(f"--student {student!r}: no such folder in {submissions}; give the "
                             "name of a student's folder")
        if read_manifest(out) is None:
            raise UsageError(f"--student: {out} holds no earlier grading (no grading.json): "
                             "grade the whole class into it first")
        out = Path(tempfile.mkdtemp(prefix="course-regrade-"))
    for stray in sorted(p.name for p in submissions.iterdir() if not p.is_dir()):
        print(f"course grade: ignored {submissions / stray}: not a student folder", file=sys.stderr)
    settings = Settings(cell_timeout, notebook_timeout, box)
    bar = Progress(len(folders), enabled=progress)
    results = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(_safe_grade_student, f, exercises, settings, known, deadline): f
                   for f in folders}
        try:
            for future in as_completed(futures):
                results[futures[future].name] = future.result()
                bar.update(futures[future].name)
        except KeyboardInterrupt:  # the test processes run in their own sessions: stop them
            for future in futures:
                future.cancel()
            stop_all()
            raise
    bar.close()
    rows = [row for f in folders for row in results[f.name]["rows"]]
    summary = write_outputs(out, exercises, folders, results, sandboxed=box is not None)
    write_manifest(out, shard or (1, 1), folders, exercises, sandboxed=box is not None)
    if student is not None:
        try:
            rows, summary = replace_student(final, out, student)
        except MergeError as err:
            raise UsageError(str(err)) from None
        finally:
            shutil.rmtree(out, ignore_errors=True)
        summary = f"Regraded {student} into {final}.\n{summary}"
    elif shard is not None:
        summary = f"Shard {shard[0]}/{shard[1]}: {summary}"
    return rows, summary


def _sandbox(jobs, memory, private):
    """The students' sandbox, checked to start here and to keep ``private`` out of view."""
    limits = Limits(memory=memory or default_memory(jobs))
    box = Sandbox(limits)
    for path in private:
        if box.exposes(path):
            raise UsageError(f"{str(path)!r} lies inside a folder the sandbox shows every "
                             f"student ({', '.join(map(str, box.readable))}): move it elsewhere")
    try:
        box.check()
    except SandboxUnavailable as err:
        raise UsageError(str(err)) from None
    return box


def select_exercises(known, only):
    """The names among ``known`` that ``only`` (e.g. ["04", "08_momentum"]) asks for, in
    course order; all of them for None. UsageError naming the exercises for a wrong one."""
    if not only:
        return list(known)
    chosen = set()
    for token in only:
        hits = [n for n in known if n == token.removesuffix(".ipynb") or (
            token.isdigit() and n.split("_")[0].lstrip("0") == token.lstrip("0"))]
        if not hits:
            raise UsageError(f"--exercises: no exercise {token!r}; the course's exercises are "
                             f"{', '.join(known)} (give numbers or names: --exercises 04,08)")
        chosen.update(hits)
    return [n for n in known if n in chosen]


def _safe_grade_student(folder, exercises, settings, known=None, deadline=None):
    try:
        return _grade_student(folder, exercises, settings, known, deadline)
    except Exception as err:  # a grader bug must not stop the other students
        rows = [{"student": folder.name, "exercise": name, "check": gid, "points": 0.0,
                 "max_points": points, "status": "error",
                 "message": f"the grader failed on this submission: {type(err).__name__}: {err}",
                 "file": ""}
                for name, ex in exercises.items() for gid, points in ex["checks"]]
        return {"rows": rows, "notes": [], "renamed": [], "ignored": []}


def _validate(submissions, out, solutions, jobs, cell_timeout, notebook_timeout):
    if not submissions.is_dir():
        raise UsageError(f"SUBMISSIONS {str(submissions)!r} is not a folder: pass the folder "
                         "that holds one sub-folder per student")
    if not solutions.is_dir() or not any(solutions.glob("*.ipynb")):
        raise UsageError(f"no exercise sources in {str(solutions)!r}: run `course grade` from the "
                         "course's root folder, or pass --solutions")
    inside = out.resolve() == submissions.resolve() or submissions.resolve() in out.resolve().parents
    if inside:
        raise UsageError(f"--out {str(out)!r} lies inside SUBMISSIONS: it would be graded as a "
                         "student next time; choose a folder elsewhere, e.g. --out grades")
    for label, value in (("--jobs", jobs), ("--timeout", cell_timeout),
                         ("--notebook-timeout", notebook_timeout)):
        if not value > 0:
            raise UsageError(f"{label} must be > 0, got {value}; e.g. {label} 2")
