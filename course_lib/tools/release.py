"""Generate the student exercises (``exercises/``) from their sources (``solutions/``).

The source format
-----------------
``solutions/NN_topic.ipynb`` is an ordinary notebook (nbformat 4.5, every cell has an
``id`` written by the author) that runs top to bottom with the solutions filled in.
Cells that take part in grading carry nbgrader-compatible metadata (schema 3), so the
same file also works as an nbgrader source:

==========  ==========================================================================
role        ``metadata.nbgrader``
==========  ==========================================================================
setup       ``{"grade": false, "solution": false, "locked": true,  "grade_id": ...}``
answer      ``{"grade": false, "solution": true,  "locked": false, "grade_id": ...}``
check       ``{"grade": true,  "solution": false, "locked": true,  "grade_id": ..., "points": p}``
written     ``{"grade": true,  "solution": true,  "locked": false, "grade_id": ..., "points": p}``
==========  ==========================================================================

(every one also has ``"schema_version": 3``; no other keys are allowed inside
``nbgrader``.) Prose and demo cells have no ``nbgrader`` key. Course-specific data sit
beside it in ``metadata.course``: ``{"role": "setup" | "answer" | "check" | "written"}``, plus
``"hidden": true`` on a check cell holding hidden tests (the release adds it if missing, so
the student's empty copy is still known to be a hidden check). The full guide is
``docs/exercises.md``.

- An answer cell holds the function to write; its body sits between ``### BEGIN SOLUTION``
  and ``### END SOLUTION`` (whole lines). In the release that region becomes
  ``# YOUR CODE HERE`` + ``raise NotImplementedError()`` at the marker's indentation, so
  the ``def`` line and docstring stay. An answer cell without markers is replaced whole.
- A written question's answer cell is a *markdown* cell (nbgrader's "manually graded
  answer"): its rubric and model answer sit between the same markers, whole lines, and
  become ``YOUR ANSWER HERE`` in the release (without markers the whole cell does).
  ``course grade`` reports it as ``needs manual grading``; ``course merge-manual`` adds the
  scores (``course_lib.tools.grading.manual``).
- A check cell is self-contained: it imports what it needs (``course_lib.checks``) and
  calls the student's functions by the names the task gives. Lines between
  ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS`` are removed from the release
  (a grader puts them back from the source); give hidden tests their own cell.
- ``grade_id`` is unique in the notebook, matches ``[A-Za-z0-9_-]+`` and never changes once
  released (grades are keyed on it); use it as the cell ``id`` too.

What ``course release`` writes
------------------------------
For each source, ``exercises/NN_topic.ipynb`` with solution regions blanked, hidden tests
removed, outputs and execution counts cleared, setup and check cells marked read-only and
undeletable (``editable``/``deletable`` false: a soft lock, a grader still restores them
from the source), answer cells undeletable, and ``metadata.course.source`` naming the
source. The output is a pure function of the source, so a re-run is byte-identical;
``course release --check`` exits 1 naming every exercise that is missing or out of date.

Introduced in the README, sections "Exercises: check your own work" and "Grading a class".
"""
import json
import re
from pathlib import Path

from course_lib.tools.notebook import BEGIN_HIDDEN, END_HIDDEN
from course_lib.tools.notebook import source as _source

__all__ = ["release_notebook", "release", "check_release", "validate_source", "ReleaseError",
           "SOLUTION_STUB"]

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
SOLUTION_STUB = ["# YOUR CODE HERE", "raise NotImplementedError()"]
MARKDOWN_STUB = "YOUR ANSWER HERE"
NBGRADER_KEYS = {"grade", "solution", "locked", "grade_id", "points", "schema_version",
                 "task", "checksum", "cell_type"}
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_DROP_CELL_METADATA = ("execution", "ExecuteTime", "collapsed", "scrolled")


class ReleaseError(ValueError):
    """A source notebook breaks the format; the message names the notebook and the cell."""


def validate_source(nb, name="notebook"):
    """Raise ``ReleaseError`` unless ``nb`` (a dict) follows the source format above."""
    ids, grade_ids = set(), set()
    for index, cell in enumerate(nb.get("cells", [])):
        where = f"{name}, cell {index}"
        cid = cell.get("id")
        if not isinstance(cid, str) or not _ID.match(cid) or cid in ids:
            raise ReleaseError(f"{where}: id {cid!r} must be unique and match [A-Za-z0-9_-]+ "
                               f"(1-64 characters); write one into the cell")
        ids.add(cid)
        source = _source(cell)
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta is None:
            if BEGIN_SOLUTION in source or BEGIN_HIDDEN in source:
                raise ReleaseError(f"{where} ({cid}): has a BEGIN marker but no nbgrader "
                                   f"metadata; mark it as an answer or check cell")
            continue
        extra = set(meta) - NBGRADER_KEYS
        if extra:
            raise ReleaseError(f"{where} ({cid}): keys {sorted(extra)} are not allowed in "
                               f"metadata.nbgrader; put course data in metadata.course")
        if meta.get("schema_version") != 3:
            raise ReleaseError(f"{where} ({cid}): nbgrader schema_version must be 3")
        for key in ("grade", "solution", "locked"):
            if not isinstance(meta.get(key), bool):
                raise ReleaseError(f"{where} ({cid}): metadata.nbgrader.{key} must be true or false")
        if meta["grade"] or meta["solution"] or meta["locked"]:
            gid = meta.get("grade_id")
            if not isinstance(gid, str) or not _ID.match(gid) or gid in grade_ids:
                raise ReleaseError(f"{where} ({cid}): grade_id {gid!r} must be unique and "
                                   f"match [A-Za-z0-9_-]+")
            grade_ids.add(gid)
        if meta["grade"]:
            points = meta.get("points")
            if isinstance(points, bool) or not isinstance(points, (int, float)) or points < 0:
                raise ReleaseError(f"{where} ({cid}): a check cell needs points >= 0, got {points!r}")
        if BEGIN_SOLUTION in source and not meta["solution"]:
            raise ReleaseError(f"{where} ({cid}): solution markers in a cell whose "
                               f"metadata.nbgrader.solution is false")
        _replace_regions(source.split("\n"), BEGIN_SOLUTION, END_SOLUTION, [], where)
        _replace_regions(source.split("\n"), BEGIN_HIDDEN, END_HIDDEN, None, where)


def release_notebook(nb, source_name="solutions/notebook.ipynb"):
    """Return the student version of source notebook ``nb`` (a dict; ``nb`` is not changed)."""
    validate_source(nb, source_name)
    nb = json.loads(json.dumps(nb))
    for cell in nb["cells"]:
        meta = cell.setdefault("metadata", {})
        for key in _DROP_CELL_METADATA:
            meta.pop(key, None)
        grader = meta.get("nbgrader")
        lines = _source(cell).split("\n")
        if grader and grader["solution"]:
            if cell["cell_type"] == "code":
                blanked = _replace_regions(lines, BEGIN_SOLUTION, END_SOLUTION, SOLUTION_STUB,
                                           source_name)
                lines = blanked if blanked != lines else SOLUTION_STUB[:]
            else:
                blanked = _replace_regions(lines, BEGIN_SOLUTION, END_SOLUTION, [MARKDOWN_STUB],
                                           source_name)
                lines = blanked if blanked != lines else [MARKDOWN_STUB]
            meta["deletable"] = False
        if any(line.strip() == BEGIN_HIDDEN for line in lines):
            meta.setdefault("course", {})["hidden"] = True
        lines = _replace_regions(lines, BEGIN_HIDDEN, END_HIDDEN, None, source_name)
        while lines and not lines[-1].strip():
            lines.pop()
        if grader and grader["locked"]:
            meta["editable"] = False
            meta["deletable"] = False
        cell["source"] = _join(lines)
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    # keep only what students need: no widget state, no Python version from the last run
    meta = nb.get("metadata", {})
    nb["metadata"] = {key: meta[key] for key in ("kernelspec", "course") if key in meta}
    if "language_info" in meta:
        nb["metadata"]["language_info"] = {"name": meta["language_info"].get("name", "python")}
    course = nb["metadata"].setdefault("course", {})
    course["source"] = source_name
    course["generated"] = "by `course release` from the source: edit the source, not this file"
    return nb


def dumps(nb):
    """Serialize a notebook the way Jupyter does (sorted keys, indent 1), newline-terminated."""
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False,
                      separators=(",", ": ")) + "\n"


def _plan(solutions, exercises):
    solutions, exercises = Path(solutions), Path(exercises)
    if not solutions.is_dir():
        raise ReleaseError(f"no folder {solutions}/ here: run `course release` from the "
                           f"course's root folder, or pass --solutions")
    plan = {}
    for src in sorted(solutions.glob("*.ipynb")):
        nb = json.loads(src.read_text(encoding="utf-8"))
        name = f"{solutions.name}/{src.name}"
        plan[exercises / src.name] = dumps(release_notebook(nb, name))
    return plan


def release(solutions="solutions", exercises="exercises"):
    """Write every exercise; return the list of files that changed."""
    changed = []
    for path, text in _plan(solutions, exercises).items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def check_release(solutions="solutions", exercises="exercises"):
    """Return one line per problem: exercises missing, out of date, or without a source."""
    plan = _plan(solutions, exercises)
    problems = []
    for path, text in plan.items():
        if not path.exists():
            problems.append(f"{path} is missing")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{path} is out of date with {Path(solutions) / path.name}")
    for path in sorted(Path(exercises).glob("*.ipynb")):
        if path not in plan:
            problems.append(f"{path} has no source {Path(solutions) / path.name}")
    return problems


def _join(lines):
    text = "\n".join(lines)
    return [line + "\n" for line in text.split("\n")[:-1]] + [text.split("\n")[-1]] if text else []


def _replace_regions(lines, begin, end, stub, where):
    """Replace each begin..end region (marker lines included) by ``stub`` (None: drop it)."""
    out, inside, indent = [], False, ""
    for line in lines:
        marker = line.strip()
        if marker == begin:
            if inside:
                raise ReleaseError(f"{where}: {begin} twice without {end}")
            inside, indent = True, line[:len(line) - len(line.lstrip())]
        elif marker == end:
            if not inside:
                raise ReleaseError(f"{where}: {end} without {begin}")
            inside = False
            out.extend(indent + s for s in (stub or []))
        elif not inside:
            out.append(line)
    if inside:
        raise ReleaseError(f"{where}: {begin} without {end}")
    return out
