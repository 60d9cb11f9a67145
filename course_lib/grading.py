"""Grade a class folder of exercise submissions: ``course grade SUBMISSIONS --out OUT``.

SUBMISSIONS holds one folder per student, each with exercise notebooks named as in
``exercises/`` (e.g. ``alice/03_gradients.ipynb``). For every student and exercise:

1. **rebuild** the notebook from its official source ``solutions/NN_topic.ipynb``: setup,
   check and hidden check cells come from the source; only the student's *answer* cells
   are kept, matched by ``grade_id`` (or cell id), never by position. A check the student
   edited or deleted is thus restored; an answer cell the student deleted counts as blank.
   Each official cell first restores the checking modules (``course_lib._grading_guard``),
   so a student cell cannot switch the checks off by patching them.
2. **execute** it under nbval (lax mode, the current environment, a per-cell timeout) in a
   separate pytest process, one per student for all of that student's notebooks, in a
   temporary folder; a watchdog stops a notebook that exceeds its overall limit and notices
   a kernel that died. Student code never runs in the grader's own process, and no
   submission file is ever written to.
3. **record** every check: OUT/grades.csv (student, exercise, check, points, max_points,
   status, message), OUT/feedback/<student>.md, and a summary printed at the end.

status is one of ``passed``, ``failed`` (the check ran and the answer is wrong), ``error``
(the check could not reach a verdict: an exception, the kernel died, the notebook is not
valid JSON), ``timeout`` and ``missing`` (no such notebook in the submission).

Students are graded in parallel (``--jobs``, default one per core). The exit status is 0
whenever grading ran, whatever the scores; 2 for a usage error.

Introduced in the README, section "Grading".
"""
import ast
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from course_lib.grading_report import Progress, write_outputs

__all__ = ["grade", "rebuild", "load_exercise", "add_arguments", "main", "UsageError"]

GUARD = "course_lib._grading_guard"
_MARK = "# added by course grade: restore the official checks"


class UsageError(ValueError):
    """The command was called wrongly; the message says what to do."""


# -- the official source -----------------------------------------------------------------------

def _text(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _role(cell):
    meta = cell.get("metadata", {}).get("nbgrader")
    if not isinstance(meta, dict):
        return "other"
    if meta.get("solution"):
        return "answer"
    if meta.get("grade"):
        return "check" if cell.get("cell_type") == "code" else "other"
    return "setup" if meta.get("locked") and cell.get("cell_type") == "code" else "other"


def _gid(cell):
    meta = cell.get("metadata", {})
    meta = meta.get("nbgrader") if isinstance(meta, dict) else None
    return meta.get("grade_id") if isinstance(meta, dict) else None


def load_exercise(path):
    """Read the official source ``solutions/NN_topic.ipynb`` into what grading needs."""
    from course_lib.release import release_notebook
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    blank = release_notebook(nb, f"solutions/{Path(path).name}")
    stubs = {c["id"]: _text(c) for c in blank["cells"] if _role(c) == "answer"}
    checks = [(_gid(c), float(c["metadata"]["nbgrader"].get("points", 0)))
              for c in nb["cells"] if _role(c) == "check"]
    answers = [_gid(c) for c in nb["cells"] if _role(c) == "answer"]
    return {"name": Path(path).stem, "nb": nb, "stubs": stubs, "checks": checks,
            "answers": answers}


def _top_level_names(source):
    """Names a cell binds at top level (IPython magics and shell lines ignored)."""
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in source.split("\n"))
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def _course_modules(sources):
    found = set()
    for source in sources:
        code = "\n".join("" if l.lstrip().startswith(("%", "!")) else l for l in source.split("\n"))
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("course_lib"))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("course_lib"):
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names if a.name != "*")
    return sorted(found)


# -- rebuild -----------------------------------------------------------------------------------

def rebuild(exercise, submitted):
    """The notebook to execute: the official source with the student's answer cells.

    ``submitted`` is the student's notebook (a dict). Returns ``(nb, notes)``, notes being
    sentences for the student's feedback (a deleted or duplicated answer cell, ...).
    """
    official, notes = exercise["nb"], []
    cells = [c for c in submitted.get("cells", []) if isinstance(c, dict)]
    answer_names = set().union(*[_top_level_names(_text(c)) for c in official["cells"]
                                 if _role(c) == "answer"])
    modules = _course_modules(_text(c) for c in official["cells"] if _role(c) in ("setup", "check"))
    out = [_code("course-grade-guard", f"import {GUARD} as _course_guard  {_MARK}\n"
                                       f"_course_guard.snapshot(*{modules!r})")]
    restore = f"import {GUARD} as _course_guard; _course_guard.restore(globals())  {_MARK}\n"
    for cell in official["cells"]:
        role, cell = _role(cell), json.loads(json.dumps(cell))
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
        if role == "answer":
            cell["source"] = _answer(exercise, cell, cells, notes)
        elif role in ("setup", "check"):
            cell["source"] = restore + _text(cell)
        if role == "setup":
            names = sorted(_top_level_names(_text(cell)) - answer_names)
            cell["source"] += f"\n_course_guard.remember(globals(), {names!r})  {_MARK}"
        out.append(cell)
    nb = {"cells": out, "metadata": official.get("metadata", {}), "nbformat": 4,
          "nbformat_minor": max(5, official.get("nbformat_minor", 5))}
    return nb, notes


def _code(cell_id, source):
    return {"cell_type": "code", "id": cell_id, "metadata": {}, "outputs": [],
            "execution_count": None, "source": source}


def _answer(exercise, cell, cells, notes):
    gid, stub = _gid(cell), exercise["stubs"].get(cell["id"], "raise NotImplementedError()")
    found = [c for c in cells if _gid(c) == gid or (_gid(c) is None and c.get("id") == cell["id"])]
    found = [c for c in found if c.get("cell_type") == "code"] or found
    if not found:
        notes.append(f"Answer cell `{gid}` is not in your notebook (deleted?): graded as blank.")
        return stub
    edited = [c for c in found if _text(c).strip() != stub.strip()]
    if len(found) > 1:
        notes.append(f"Answer cell `{gid}` appears {len(found)} times: graded the last "
                     f"{'edited ' if edited else ''}copy.")
    return _text((edited or found)[-1])


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


def _grade_student(folder, exercises, settings):
    """Grade one student's folder; returns {"rows": [...], "notes": [...]}."""
    rows, notes, workdir = [], [], Path(tempfile.mkdtemp(prefix="course-grade-"))
    try:
        expected = {f"{name}.ipynb" for name in exercises}
        for extra in sorted(p.name for p in folder.iterdir() if p.name not in expected):
            notes.append(f"Ignored `{extra}`: not an exercise notebook of this course.")
        to_run, fates = [], {}
        for name, exercise in exercises.items():
            path = folder / f"{name}.ipynb"
            if not path.is_file():
                fates[name] = ("missing", f"no {name}.ipynb in the submission")
                continue
            try:
                nb, more = rebuild(exercise, _read_submission(path))
            except ValueError as err:
                fates[name] = ("error", f"could not read {name}.ipynb: {err}")
                continue
            notes.extend(f"{name}: {n}" for n in more)
            (workdir / f"{name}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
            to_run.append(name)
        results = _run_pytest(workdir, to_run, settings) if to_run else {}
        for name, exercise in exercises.items():
            cells, fate = results.get(name, ({}, fates.get(name)))
            if fate is None and not cells:
                fate = ("error", "the grader could not run this notebook")
            for gid in exercise["answers"]:
                status, message = cells.get(gid, ("passed", ""))
                if status != "passed":
                    notes.append(f"{name}: your answer cell `{gid}` {status}: {message}")
            for gid, max_points in exercise["checks"]:
                status, message = cells.get(gid) or fate or ("error", "this check did not run")
                rows.append({"student": folder.name, "exercise": name, "check": gid,
                             "points": max_points if status == "passed" else 0.0,
                             "max_points": max_points, "status": status, "message": message})
        return {"rows": rows, "notes": notes}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run_pytest(workdir, names, settings):
    """Run nbval on the rebuilt notebooks; {name: ({grade_id: (status, message)}, fate)}."""
    (workdir / "pytest.ini").write_text("[pytest]\n")
    results, remaining, attempt = {}, list(names), 0
    while remaining:
        attempt += 1
        record = workdir / f"results-{attempt}.jsonl"
        log = workdir / f"pytest-{attempt}.log"
        # grading_plugin first: it spares nbval's import an unused 1.5 s format checker
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               "-p", "course_lib.grading_plugin", "-p", "nbval.plugin", "--nbval-lax",
               "--nbval-current-env", f"--nbval-cell-timeout={settings['cell_timeout']:g}",
               f"--grading-results={record}", "-c", str(workdir / "pytest.ini"),
               "--rootdir", str(workdir), *[f"{n}.ipynb" for n in remaining]]
        env = dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONDONTWRITEBYTECODE="1")
        with open(log, "wb") as log_file:
            proc = subprocess.Popen(cmd, cwd=workdir, stdout=log_file, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, env=env, start_new_session=True)
            killed = _watch(proc, record, results, settings["notebook_timeout"])
        started = [n for n in remaining if n in results]
        for name in started:
            cells, fate = results[name]
            if fate is None and not cells.get("__end__"):
                results[name] = (cells, ("error", "the grader's test process stopped "
                                         f"unexpectedly: {_tail(log)}"))
        remaining = [n for n in remaining if n not in results]
        if not started and not killed:  # nothing ran: do not try again
            for name in remaining:
                results[name] = ({}, ("error", f"the grader could not start: {_tail(log)}"))
            break
    for cells, _ in results.values():
        cells.pop("__end__", None)
    return results


def _watch(proc, record, results, notebook_timeout):
    """Follow the plugin's records; kill everything when a notebook runs out of time."""
    current, since, kernels, offset, killed = None, 0.0, set(), 0, False
    while True:
        done = proc.poll() is not None
        if record.exists():
            with open(record, encoding="utf-8") as f:
                f.seek(offset)
                chunk = f.read()
            complete = chunk[:chunk.rfind("\n") + 1]
            offset += len(complete.encode("utf-8"))
            for line in complete.splitlines():
                event = json.loads(line)
                name = event["notebook"].removesuffix(".ipynb")
                if event["event"] == "start":
                    current, since = name, time.monotonic()
                    results[name] = ({}, None)
                elif event["event"] == "kernel":
                    kernels.add(event["pid"])
                elif event["event"] == "cell" and event.get("grade_id"):
                    results[name][0][event["grade_id"]] = (event["status"], event["message"])
                elif event["event"] == "end":
                    results[name][0]["__end__"], current = True, None
        if done:
            return killed
        if current is not None and time.monotonic() - since > notebook_timeout:
            results[current] = (results[current][0], (
                "timeout", f"not run: the notebook took longer than {notebook_timeout:g} s "
                           "in all and was stopped"))
            _kill(proc, kernels)
            killed = True
        time.sleep(0.05)


def _kill(proc, kernels):
    """Kill the pytest process group and the kernels it started (their own sessions)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    for pid in kernels:
        try:  # only if that pid is still a kernel (pids get reused)
            if b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes():
                os.kill(pid, signal.SIGKILL)
        except (OSError, ProcessLookupError):
            pass
    proc.wait()


def _tail(log):
    lines = [l for l in Path(log).read_text(errors="replace").splitlines() if l.strip()]
    return lines[-1][:300] if lines else "no output"


# -- the whole class ---------------------------------------------------------------------------

def grade(submissions, out, *, solutions="solutions", jobs=None, cell_timeout=60.0,
          notebook_timeout=None, progress=True):
    """Grade every student folder in ``submissions``; write ``out``; return (rows, summary).

    Args:
        submissions: folder with one sub-folder per student.
        out: output folder (created); must not lie inside ``submissions``.
        solutions: folder of official sources; every ``*.ipynb`` in it is an exercise.
        jobs: students graded at once (>= 1; default: one per core).
        cell_timeout: seconds one cell may run (> 0).
        notebook_timeout: seconds one whole notebook may run (> 0; default 10 x cell_timeout).
        progress: draw a progress bar on stderr.
    """
    submissions, out, solutions = Path(submissions), Path(out), Path(solutions)
    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    notebook_timeout = 10 * cell_timeout if notebook_timeout is None else notebook_timeout
    _validate(submissions, out, solutions, jobs, cell_timeout, notebook_timeout)
    exercises = {p.stem: load_exercise(p) for p in sorted(solutions.glob("*.ipynb"))}
    folders = sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith("."))
    for stray in sorted(p.name for p in submissions.iterdir() if not p.is_dir()):
        print(f"course grade: ignored {submissions / stray}: not a student folder", file=sys.stderr)
    settings = {"cell_timeout": cell_timeout, "notebook_timeout": notebook_timeout}
    bar = Progress(len(folders), enabled=progress)
    results = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(_safe_grade_student, f, exercises, settings): f for f in folders}
        for future in _as_completed(futures):
            results[futures[future].name] = future.result()
            bar.update(futures[future].name)
    bar.close()
    rows = [row for f in folders for row in results[f.name]["rows"]]
    summary = write_outputs(out, exercises, folders, results)
    return rows, summary


def _as_completed(futures):
    from concurrent.futures import as_completed
    return as_completed(futures)


def _safe_grade_student(folder, exercises, settings):
    try:
        return _grade_student(folder, exercises, settings)
    except Exception as err:  # a grader bug must not stop the other students
        rows = [{"student": folder.name, "exercise": name, "check": gid, "points": 0.0,
                 "max_points": points, "status": "error",
                 "message": f"the grader failed on this submission: {type(err).__name__}: {err}"}
                for name, ex in exercises.items() for gid, points in ex["checks"]]
        return {"rows": rows, "notes": []}


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


def add_arguments(parser):
    """Declare the arguments of ``course grade`` on an argparse parser."""
    parser.add_argument("submissions", metavar="SUBMISSIONS",
                        help="folder with one sub-folder of notebooks per student")
    parser.add_argument("--out", required=True, metavar="OUT",
                        help="where to write grades.csv and feedback/ (created)")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="students graded at once (default: one per core)")
    parser.add_argument("--timeout", type=float, default=60.0, metavar="S",
                        help="seconds one cell may run (default: 60)")
    parser.add_argument("--notebook-timeout", type=float, default=None, metavar="S",
                        help="seconds one whole notebook may run (default: 10 x --timeout)")
    parser.add_argument("--solutions", default="solutions",
                        help="folder of official sources (default: solutions)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def main(args):
    """Run ``course grade`` with parsed ``args``; return the exit status."""
    try:
        _, summary = grade(args.submissions, args.out, solutions=args.solutions, jobs=args.jobs,
                           cell_timeout=args.timeout, notebook_timeout=args.notebook_timeout,
                           progress=not args.quiet)
    except UsageError as err:
        print(f"course grade: {err}", file=sys.stderr)
        return 2
    print(summary)
    return 0
