"""``course check exercises/NN_topic.ipynb``: a student grades their own notebook as the grader will.

The notebook is rebuilt exactly as ``course grade`` rebuilds a submission (official setup
and check cells, the student's answer cells and own cells in their places, see
``rebuild``) and run the same way, in a separate process, minus the hidden tests, which
only the instructor has. It prints one line per check, with the check's whole message
beneath a failing one (expected vs got, the diagnosis, the known mistake, the hint):
the same lines ``pytest --nbval-lax`` shows; then a line per written question (graded by
hand: ``·`` once answered, ``✗`` while the cell is blank, which also makes the exit status
1). It needs no ``solutions/``: in a student's
copy (``course handout``) the official cells come from the released copy the handout
carries. Introduced in the README, section
"Exercises: check your own work".
"""
import json
import shutil
import tempfile
from pathlib import Path

from course_lib.tools.grading.manual import written_answers
from course_lib.tools.grading.rebuild import load_exercise, rebuild
from course_lib.tools.notebook import grade_id, is_hidden, points, role
from course_lib.tools.grading.run import NotebookRun, Settings, run_notebooks
from course_lib.tools.nbval_plugin import score_lines

__all__ = ["check_notebook", "official_source", "RELEASED"]


RELEASED = Path(".course") / "released"   # a handout's pristine copy of exercises/


def official_source(name, solutions="solutions"):
    """The official source of exercise ``name``: ``solutions/NAME.ipynb`` in the course's own
    repository, else the pristine released copy a handout carries (``.course/released/``,
    written by ``course handout``); None when neither exists."""
    for folder in (Path(solutions), RELEASED):
        if (folder / f"{name}.ipynb").is_file():
            return folder / f"{name}.ipynb"
    return None


def check_notebook(path, solutions="solutions", cell_timeout=60.0):
    """Check one exercise notebook; return (lines to print, True when every check passed).

    Raises ValueError (the message says what to do) when ``path`` is not an exercise of
    this course or cannot be read.
    """
    path, solutions = Path(path), Path(solutions)
    source = official_source(path.stem, solutions)
    if source is None:
        folders = [f for f in (solutions, RELEASED) if f.is_dir()]
        known = ", ".join(sorted({p.name for f in folders for p in f.glob("*.ipynb")})) or "none"
        raise ValueError(f"{path.name} is not an exercise of this course (exercises: {known}); "
                         "keep the notebook's name, and run `course check` from the course folder")
    try:
        submitted = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"could not read {path}: {err}") from None
    exercise = load_exercise(source, hidden=False)
    nb, notes = rebuild(exercise, submitted)
    workdir = Path(tempfile.mkdtemp(prefix="course-check-"))
    try:
        (workdir / f"{path.stem}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
        settings = Settings(cell_timeout, 10 * cell_timeout)
        run = run_notebooks(workdir, [path.stem], settings).get(path.stem, NotebookRun())
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    rows = []
    for cell in exercise["nb"]["cells"]:
        gid = grade_id(cell)
        status, message = run.outcome(gid, ("error", "this cell did not run"))
        if role(cell) == "answer":
            rows.append((gid, None, status == "passed", message, exercise["defines"][gid]))
        elif role(cell) == "check":
            worth = points(cell)
            if is_hidden(cell):
                rows.append((gid, worth, None, "hidden: runs when your work is graded", None))
            else:
                rows.append((gid, worth, status == "passed", message, None))
    answers = written_answers(exercise, nb)
    written = [(grade_id(c), points(c), bool(answers.get(grade_id(c))))
               for c in exercise["nb"]["cells"] if role(c) == "written"]
    lines = [line for line, _ in score_lines(str(path), rows, written)]
    lines += [f"  note: {note}" for note in notes]
    return lines, (all(ok is not False for _, p, ok, _, _ in rows if p is not None)
                   and all(answered for *_, answered in written))
