"""Rebuild a student's notebook from its official source, for ``course grade``.

As nbgrader does, the student's notebook is kept and only the *official* cells are
replaced: every setup cell, check cell and hidden check comes from the source
``solutions/NN_topic.ipynb``; every answer cell (``metadata.nbgrader.solution``) keeps the
student's code. Cells are matched by ``grade_id`` (or, without one, by cell id), never by
position:

- a written question's answer cell (markdown, ``role`` "written") keeps the student's text
  like an answer cell; ``course grade`` leaves it to be graded by hand;
- official cells run in the source's order; a cell the student added (a helper, an import,
  scratch work) stays in its place, right after the official cell it followed;
- an answer cell the student deleted counts as blank (the released stub); one the student
  duplicated: the last copy that differs from the stub is graded, the other copies dropped;
- a check or setup cell the student edited, copied or deleted is the official one again.

The rebuilt notebook starts with a guard cell (``course_lib.tools.grading.guard``) and every
official setup and check cell first restores the checking modules, so student code cannot
switch the checks off by patching them. Introduced in the README, section "Grading a class".
"""
import ast
import json
from pathlib import Path

from course_lib.tools.notebook import (OUTPUT_CAP, defined_names, is_hidden, nbgrader, points,
                                       role, strip_magics)
from course_lib.tools.notebook import grade_id as _gid
from course_lib.tools.notebook import source as _text

__all__ = ["load_exercise", "rebuild", "role"]

GUARD = "course_lib.tools.grading.guard"
_MARK = "# added by course grade: restore the official checks"


# -- the official source -----------------------------------------------------------------------

def load_exercise(path, hidden=True):
    """Read the official source ``solutions/NN_topic.ipynb`` into what grading needs.

    With ``hidden=False`` the hidden tests are left out (their cells stay, empty), as in
    the student's copy: what ``course check`` runs. ``path`` may also be a released copy
    (``course release``'s output, e.g. a handout's ``.course/released/``): it has no hidden
    tests, and its answer cells are the stubs.
    """
    from course_lib.tools.release import release_notebook
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    if nb.get("metadata", {}).get("course", {}).get("generated"):
        blank = nb     # a released copy (a handout's): its answer cells are the stubs already
    else:
        blank = release_notebook(nb, f"solutions/{Path(path).name}")
    if not hidden:
        released = {c["id"]: _text(c) for c in blank["cells"]}
        nb = json.loads(json.dumps(nb))
        for cell in nb["cells"]:
            if role(cell) == "check":
                cell["source"] = released[cell["id"]]
    stubs = {c["id"]: _text(c) for c in blank["cells"] if role(c) in ("answer", "written")}
    checks = [(_gid(c), points(c)) for c in nb["cells"] if role(c) in ("check", "written")]
    answers = [_gid(c) for c in nb["cells"] if role(c) == "answer"]
    defines = {_gid(c): sorted(defined_names(_text(c))) for c in nb["cells"] if role(c) == "answer"}
    hidden = {_gid(c) for c in blank["cells"] if role(c) == "check" and is_hidden(c)}
    manual = {_gid(c): _rubric(_text(c)) for c in nb["cells"] if role(c) == "written"}
    return {"name": Path(path).stem, "nb": nb, "stubs": stubs, "checks": checks,
            "answers": answers, "defines": defines, "hidden": hidden, "manual": manual}


def _rubric(text):
    """The rubric of a written question's answer cell: its solution region ('' if none)."""
    inside, lines = False, []
    for line in text.split("\n"):
        if line.strip() in ("### BEGIN SOLUTION", "### END SOLUTION"):
            inside = line.strip() == "### BEGIN SOLUTION"
        elif inside:
            lines.append(line)
    return "\n".join(lines).strip()


def _top_level_names(source):
    """Names a cell binds at top level (IPython magics and shell lines ignored)."""
    try:
        tree = ast.parse(strip_magics(source))
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
        try:
            tree = ast.parse(strip_magics(source))
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
    """The notebook to execute: the official cells, the student's answers and own cells.

    ``submitted`` is the student's notebook (a dict). Returns ``(nb, notes)``, notes being
    sentences for the student's feedback (a deleted or duplicated answer cell, ...).
    """
    official, notes = exercise["nb"], []
    cells = [c for c in submitted.get("cells", []) if isinstance(c, dict)]
    answer_names = set().union(*[_top_level_names(_text(c)) for c in official["cells"]
                                 if role(c) == "answer"])
    modules = _course_modules(_text(c) for c in official["cells"] if role(c) in ("setup", "check"))
    out = [_code("course-grade-guard", f"import {GUARD} as _course_guard  {_MARK}\n"
                                       f"_course_guard.snapshot(*{modules!r})\n"
                                       f"_course_guard.cap_output({OUTPUT_CAP})")]
    restore = f"import {GUARD} as _course_guard; _course_guard.restore(globals())  {_MARK}\n"
    added = _students_own_cells(official, cells)
    out += added.get(None, [])
    for cell in official["cells"]:
        kind, cell = role(cell), json.loads(json.dumps(cell))
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
        if kind in ("answer", "written"):
            cell["source"] = _answer(exercise, cell, cells, notes)
        elif kind == "other" and cell.get("cell_type") == "code":  # a demo: the student's copy
            cell["source"] = next((_text(c) for c in cells if c.get("id") == cell["id"]
                                   and c.get("cell_type") == "code"), _text(cell))
        elif kind in ("setup", "check"):
            cell["source"] = restore + _text(cell)
        if kind == "setup":
            names = sorted(_top_level_names(_text(cell)) - answer_names)
            cell["source"] += f"\n_course_guard.remember(globals(), {names!r})  {_MARK}"
        out.append(cell)
        out += added.get(cell["id"], [])
    nb = {"cells": out, "metadata": official.get("metadata", {}), "nbformat": 4,
          "nbformat_minor": max(5, official.get("nbformat_minor", 5))}
    return nb, notes


def _students_own_cells(official, cells):
    """{id of the official cell they follow (None: the top): [the student's own cells]}.

    A student's own cell has no nbgrader metadata and no id of an official cell.
    """
    ids = {c.get("id") for c in official["cells"]}
    gids = {_gid(c): c.get("id") for c in official["cells"] if _gid(c)}
    added, anchor = {}, None
    for cell in cells:
        cid, gid = cell.get("id"), _gid(cell)
        if gid in gids:
            anchor = gids[gid]
        elif cid in ids:
            anchor = cid
        elif cid not in ids and not nbgrader(cell):
            mine = json.loads(json.dumps(cell))
            if mine.get("cell_type") == "code":
                mine["outputs"], mine["execution_count"] = [], None
            added.setdefault(anchor, []).append(mine)
    return added


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
