"""``course handout DIR``: write the copy of the course a graded class receives.

It holds what students work with and nothing the grader keeps to itself:

- the lessons (``notebooks/``), the exercises (``exercises/``, as ``course release``
  writes them: answer cells blank, hidden tests gone), ``course_lib`` (the checks a
  student runs, which carry no hidden cases), ``README.md``, ``pyproject.toml``,
  ``Makefile``, ``environment.yml`` and ``LICENSE``;
- ``.course/released/``: a pristine copy of the released exercises, from which
  ``course check`` restores the official check cells (the student's own ``exercises/``
  may have been edited);
- **not** ``solutions/`` (answers and hidden tests), ``tests/`` (known-wrong answers among
  them), ``docs/`` or anything git does not track.

Every notebook written is then scanned: one with a solution or hidden-test region stops
the command, and the half-written folder is removed. Introduced in the README, section
"Handing out the course".
"""
import shutil
from pathlib import Path

from course_lib.tools.notebook import BEGIN_HIDDEN
from course_lib.tools.release import BEGIN_SOLUTION, check_release

__all__ = ["handout", "HandoutError", "CONTENTS"]

CONTENTS = ("notebooks", "exercises", "course_lib", "README.md", "pyproject.toml", "Makefile",
            "environment.yml", "LICENSE")
RELEASED = Path(".course") / "released"
_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".ipynb_checkpoints",
                               ".pytest_cache")


class HandoutError(ValueError):
    """The handout cannot be written; the message says why and what to do."""


def handout(dest, root="."):
    """Write the students' copy of the course at ``root`` into the new folder ``dest``;
    return the list of top-level entries written."""
    root, dest = Path(root).resolve(), Path(dest).resolve()
    if not (root / "exercises").is_dir() or not (root / "course_lib").is_dir():
        raise HandoutError(f"{root} is not the course's folder (no exercises/ or course_lib/): "
                           "run `course handout DIR` from the course's root folder")
    if dest == root or root in dest.parents:
        raise HandoutError(f"{dest} lies inside the course: choose a folder elsewhere, "
                           "e.g. `course handout ../course-for-students`")
    if dest.exists() and any(dest.iterdir()):
        raise HandoutError(f"{dest} exists and is not empty: give a new folder")
    if (root / "solutions").is_dir():
        stale = check_release(root / "solutions", root / "exercises")
        if stale:
            raise HandoutError("exercises/ is out of date with solutions/ ("
                               + "; ".join(stale) + "): run `course release` first")
    written = []
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for name in CONTENTS:
            path = root / name
            if path.is_dir():
                shutil.copytree(path, dest / name, ignore=_SKIP)
            elif path.is_file():
                shutil.copyfile(path, dest / name)
            else:
                continue
            written.append(name)
        shutil.copytree(root / "exercises", dest / RELEASED, ignore=_SKIP)
        written.append(str(RELEASED))
        _refuse_answers(dest)
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)
        raise
    return written


def _refuse_answers(dest):
    """Stop if any notebook written still has a solution or hidden-test region."""
    for path in sorted(dest.rglob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        for marker in (BEGIN_SOLUTION, BEGIN_HIDDEN):
            if marker in text:
                raise HandoutError(f"{path.relative_to(dest)} contains {marker!r}: a handout "
                                   "must not carry answers or hidden tests; fix the notebook")
