"""`course release`: exercises are generated from the sources, deterministically, in the
format nbgrader accepts; `--check` catches an out-of-date exercises/ folder."""
import ast
import copy
import json
import re
from pathlib import Path

import nbformat
import pytest

from course_lib.tools.cli import main
from course_lib.tools.release import (ReleaseError, check_release, dumps, release,
                                release_notebook, validate_source)

ROOT = Path(__file__).resolve().parents[2]


def grader(kind, gid, points=None):
    meta = {"grade": kind == "check", "solution": kind == "answer", "locked": kind != "answer",
            "grade_id": gid, "schema_version": 3}
    if kind == "check":
        meta["points"] = points
    return {"nbgrader": meta}


def cell(cid, source, kind=None, points=1, cell_type="code"):
    c = {"cell_type": cell_type, "id": cid, "metadata": grader(kind, cid, points) if kind else {},
         "source": source}
    if cell_type == "code":
        c.update(execution_count=7, outputs=[{"output_type": "stream", "name": "stdout",
                                              "text": "old output\n"}])
    return c


def source_notebook():
    return {"nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}},
            "cells": [
                cell("intro", "# Title", cell_type="markdown"),
                cell("setup", "%xmode Minimal\nimport numpy as np", "setup"),
                cell("step", "def step(w, g, lr):\n    \"\"\"One update.\"\"\"\n"
                             "    ### BEGIN SOLUTION\n    return w - lr * g\n"
                             "    ### END SOLUTION\n", "answer"),
                cell("whole", "### BEGIN SOLUTION\nlr = 0.1\n### END SOLUTION", "answer"),
                cell("bare", "lr2 = 0.5", "answer"),
                cell("why", "Because.", "answer", cell_type="markdown"),
                cell("check_step", "from course_lib.checks import check_value\n"
                                   "check_value(step(1.0, 1.0, 0.5), 0.5, name='step')\n"
                                   "### BEGIN HIDDEN TESTS\ncheck_value(step(0, 1, 1), -1, "
                                   "name='hidden')\n### END HIDDEN TESTS\n", "check", points=2),
                cell("demo", "print('demo')"),
            ]}


def by_id(nb):
    return {c["id"]: c for c in nb["cells"]}


def text(c):
    return "".join(c["source"])


def test_solution_region_becomes_stub_keeping_def_and_docstring():
    released = by_id(release_notebook(source_notebook()))
    assert text(released["step"]) == ('def step(w, g, lr):\n    """One update."""\n'
                                      '    # YOUR CODE HERE\n    raise NotImplementedError()')
    ast.parse(text(released["step"]))
    assert text(released["whole"]) == "# YOUR CODE HERE\nraise NotImplementedError()"
    assert text(released["bare"]) == "# YOUR CODE HERE\nraise NotImplementedError()"
    assert text(released["why"]) == "YOUR ANSWER HERE"


def test_hidden_tests_are_removed_and_the_visible_check_kept():
    released = by_id(release_notebook(source_notebook()))["check_step"]
    assert "hidden" not in text(released) and "HIDDEN" not in text(released)
    assert text(released).endswith("check_value(step(1.0, 1.0, 0.5), 0.5, name='step')")
    assert released["metadata"]["course"]["hidden"] is True


def test_outputs_cleared_and_locks_set_by_role():
    released = by_id(release_notebook(source_notebook()))
    for c in released.values():
        if c["cell_type"] == "code":
            assert c["outputs"] == [] and c["execution_count"] is None
    for cid in ("setup", "check_step"):
        assert released[cid]["metadata"]["editable"] is False
        assert released[cid]["metadata"]["deletable"] is False
    assert released["step"]["metadata"]["deletable"] is False
    assert "editable" not in released["step"]["metadata"]
    assert released["demo"]["metadata"] == {}


def test_ids_and_nbgrader_metadata_survive_and_source_is_not_modified():
    nb = source_notebook()
    before = copy.deepcopy(nb)
    released = release_notebook(nb)
    assert nb == before
    assert [c["id"] for c in released["cells"]] == [c["id"] for c in nb["cells"]]
    for old, new in zip(nb["cells"], released["cells"]):
        assert new["metadata"].get("nbgrader") == old["metadata"].get("nbgrader")
    nbformat.validate(nbformat.from_dict(released))


def test_release_ignores_what_running_the_source_leaves_behind():
    ran = source_notebook()
    ran["metadata"]["language_info"] = {"name": "python", "version": "3.11.9"}
    ran["metadata"]["widgets"] = {"state": {"x": 1}}
    for c in ran["cells"]:
        c["metadata"]["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00"}
    clean = source_notebook()
    clean["metadata"]["language_info"] = {"name": "python"}
    assert dumps(release_notebook(ran)) == dumps(release_notebook(clean))


def write(folder, name, nb):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(json.dumps(nb), encoding="utf-8")


def test_release_is_byte_identical_on_rerun_and_check_passes(tmp_path):
    sol, ex = tmp_path / "solutions", tmp_path / "exercises"
    write(sol, "01_demo.ipynb", source_notebook())
    assert release(sol, ex) == [ex / "01_demo.ipynb"]
    first = (ex / "01_demo.ipynb").read_bytes()
    assert release(sol, ex) == []
    assert (ex / "01_demo.ipynb").read_bytes() == first
    assert first.decode() == dumps(json.loads(first))
    assert check_release(sol, ex) == []


def test_check_fails_naming_the_notebook_when_out_of_date(tmp_path, capsys):
    sol, ex = tmp_path / "solutions", tmp_path / "exercises"
    write(sol, "01_demo.ipynb", source_notebook())
    args = ["release", "--solutions", str(sol), "--exercises", str(ex)]
    assert main(args) == 0
    assert main(args + ["--check"]) == 0
    changed = source_notebook()
    changed["cells"][0]["source"] = "# A new title"
    write(sol, "01_demo.ipynb", changed)
    write(sol, "02_new.ipynb", source_notebook())
    write(ex, "09_orphan.ipynb", source_notebook())
    capsys.readouterr()
    assert main(args + ["--check"]) == 1
    err = capsys.readouterr().err
    assert "01_demo.ipynb is out of date" in err
    assert "02_new.ipynb is missing" in err
    assert "09_orphan.ipynb has no source" in err


def broken(edit):
    nb = source_notebook()
    edit(by_id(nb))
    return nb


@pytest.mark.parametrize("edit, words", [
    (lambda c: c["step"].update(source="def f():\n    ### BEGIN SOLUTION\n    pass"),
     "BEGIN SOLUTION without"),
    (lambda c: c["demo"].update(source="### BEGIN SOLUTION\nx = 1\n### END SOLUTION"),
     "no nbgrader metadata"),
    (lambda c: c["check_step"].update(source="### BEGIN SOLUTION\n### END SOLUTION"),
     "solution is false"),
    (lambda c: c["step"]["metadata"]["nbgrader"].update(grade_id="step.one"), "grade_id"),
    (lambda c: c["step"]["metadata"]["nbgrader"].update(grade_id="setup"), "grade_id"),
    (lambda c: c["demo"].update(id="intro"), "must be unique"),
    (lambda c: c["check_step"]["metadata"]["nbgrader"].pop("points"), "points"),
    (lambda c: c["step"]["metadata"]["nbgrader"].update(hint="x"), "not allowed"),
    (lambda c: c["step"]["metadata"]["nbgrader"].pop("locked"), "locked"),
    (lambda c: c["step"]["metadata"]["nbgrader"].update(schema_version=2), "schema_version"),
])
def test_sources_that_nbgrader_would_reject_are_refused(edit, words):
    with pytest.raises(ReleaseError, match=words):
        release_notebook(broken(edit), "solutions/x.ipynb")


def test_missing_solutions_folder_is_explained(tmp_path, capsys):
    assert main(["release", "--solutions", str(tmp_path / "nope"),
                 "--exercises", str(tmp_path / "ex")]) == 2
    assert "run `course release` from the course's root folder" in capsys.readouterr().err


def test_course_without_subcommand_prints_help(capsys):
    assert main([]) == 2
    assert "release" in capsys.readouterr().out


# -- the course's own exercises ---------------------------------------------------------------

SOURCES = sorted((ROOT / "solutions").glob("*.ipynb"))


def test_committed_exercises_are_up_to_date():
    assert check_release(ROOT / "solutions", ROOT / "exercises") == []


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_course_sources_follow_the_format(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    validate_source(nb, path.name)
    nbformat.validate(nbformat.from_dict(nb))
    roles = {}
    for c in nb["cells"]:
        meta = c["metadata"].get("nbgrader")
        if c["cell_type"] == "code":
            assert c["outputs"] == [] and c["execution_count"] is None, c["id"]
        if meta is None:
            continue
        role = "check" if meta["grade"] else "answer" if meta["solution"] else "setup"
        if meta["grade"] and meta["solution"]:
            role = "written"
            assert c["cell_type"] == "markdown" and meta["points"] > 0, c["id"]
            assert "### BEGIN SOLUTION" in text(c), "the rubric sits between solution markers"
        roles.setdefault(role, []).append(c)
        assert meta["grade_id"] == c["id"]
        assert c["metadata"]["course"]["role"] == role
        if role == "check":
            assert meta["points"] > 0
            said = re.search(r"\((\d+) points?", text(c).split("\n")[0])
            assert said and int(said.group(1)) == meta["points"], "first line states the points"
            assert ("%check ex" in text(c) or "from course_lib.checks import" in text(c)), \
                "a check cell calls its exercise's checks (%check) or imports what it needs"
    assert "%xmode Minimal" in text(roles["setup"][0])
    assert roles["answer"] and len(roles["check"]) >= len(roles["answer"])
    assert any("### BEGIN HIDDEN TESTS" in text(c) for c in roles["check"])
