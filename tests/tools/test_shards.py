"""`course grade --shard I/N` and `course merge`: a class graded in slices, joined into the
same gradebook and feedback as one run, byte for byte.

Kept cheap: one tiny exercise of its own (a --solutions folder made here), and a class of 12
in which only 4 students hand in a notebook that runs; the others are missing, not JSON or
not an exercise, which the grader scores without starting a kernel.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tools.test_grading import SANDBOX_PROBLEM

ROOT = Path(__file__).resolve().parents[2]
NAME = "01_double"


def _cell(cid, source, kind=None, points=1, cell_type="code"):
    meta = {}
    if kind:
        meta = {"nbgrader": {"grade": kind == "check", "solution": kind == "answer",
                             "locked": kind != "answer", "grade_id": cid, "schema_version": 3}}
        if kind == "check":
            meta["nbgrader"]["points"] = points
    cell = {"cell_type": cell_type, "id": cid, "metadata": meta, "source": source}
    if cell_type == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def source(answer=None):
    """The tiny exercise's source; ``answer`` replaces the body of its answer cell."""
    body = answer or "    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n"
    return {"nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}},
            "cells": [_cell("intro", "# Double it", cell_type="markdown"),
                      _cell("setup", "import math", "setup"),
                      _cell("double", "def double(x):\n" + body, "answer"),
                      _cell("check_double", "assert double(3) == 6, 'double(3) should be 6'\n"
                                            "### BEGIN HIDDEN TESTS\nassert double(-1) == -2, "
                                            "'double(-1) should be -2'\n### END HIDDEN TESTS\n",
                            "check", points=2),
                      _cell("check_double_float", "assert double(0.5) == 1.0", "check")]}


def _class(root):
    (root / "solutions").mkdir()
    (root / "solutions" / f"{NAME}.ipynb").write_text(json.dumps(source()), encoding="utf-8")
    subs = root / "subs"
    answers = {"s01": "    return 2 * x\n", "s04": "    return x + x if x > 0 else x\n",
               "s07": "    return 3 * x\n", "s10": "    raise NotImplementedError()\n"}
    for k in range(12):
        who = subs / f"s{k:02d}"
        who.mkdir(parents=True)
        if f"s{k:02d}" in answers:
            nb = source(answers[f"s{k:02d}"])
            (who / f"{NAME}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
        elif k % 3 == 0:
            (who / f"{NAME}.ipynb").write_text("{ not json", encoding="utf-8")
        elif k % 3 == 2:
            (who / "notes.txt").write_text("my notebook is attached somewhere\n")
    return subs


def _course(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "course_lib.tools.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def _files(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "shard.json"}


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    root = tmp_path_factory.mktemp("shards")
    subs = _class(root)
    common = ["--solutions", str(root / "solutions"), "--jobs", "2", "--timeout", "20", "--quiet",
              *(["--no-sandbox"] if SANDBOX_PROBLEM else [])]
    whole = _course("grade", str(subs), "--out", str(root / "whole"), *common)
    shards = [_course("grade", str(subs), "--out", str(root / f"shard{i}"), "--shard", f"{i}/3",
                      *common) for i in (1, 2, 3)]
    merged = _course("merge", *[str(root / f"shard{i}") for i in (3, 1, 2)],
                     "--out", str(root / "merged"))
    return {"root": root, "whole": whole, "shards": shards, "merged": merged}


def test_merged_shards_give_the_same_gradebook_and_feedback_as_one_run_byte_for_byte(sharded):
    root = sharded["root"]
    for proc in [sharded["whole"], *sharded["shards"], sharded["merged"]]:
        assert proc.returncode == 0, proc.stderr[-2000:]
    whole, merged = _files(root / "whole"), _files(root / "merged")
    assert len(whole) == 13 and whole.keys() == merged.keys()
    for name in whole:
        assert merged[name] == whole[name], name
    # the summary counts the whole class, as one run does
    assert sharded["merged"].stdout.splitlines()[2:] == sharded["whole"].stdout.splitlines()[2:]
    # and the grades are what the answers deserve: s01 right, s04 wrong on -1 (hidden), ...
    rows = (root / "whole" / "grades.csv").read_text(encoding="utf-8").splitlines()
    assert sum(",passed," in r for r in rows) == 3, rows   # s01 both; s04 fails the hidden -1


def test_each_student_is_in_exactly_one_shard_and_the_cut_is_round_robin(sharded):
    root, seen = sharded["root"], []
    for i in (1, 2, 3):
        manifest = json.loads((root / f"shard{i}" / "shard.json").read_text(encoding="utf-8"))
        assert manifest["shard"] == [i, 3]
        assert manifest["students"] == [f"s{k:02d}" for k in range(i - 1, 12, 3)]
        seen += manifest["students"]
        assert sharded["shards"][i - 1].stdout.startswith(f"Shard {i}/3: Graded 4 student(s)")
    assert sorted(seen) == [f"s{k:02d}" for k in range(12)]


def test_merge_refuses_an_incomplete_or_doubled_set_of_shards(sharded, tmp_path):
    from course_lib.tools.grading.shard import MergeError, merge
    root = sharded["root"]
    proc = _course("merge", str(root / "shard1"), str(root / "shard3"), "--out", str(tmp_path / "m"))
    assert proc.returncode == 2 and "missing shard(s) 2/3" in proc.stderr, proc.stderr
    with pytest.raises(MergeError, match="shard 2/3 is given twice"):
        merge([root / f"shard{i}" for i in (1, 2, 2, 3)], tmp_path / "m")
    with pytest.raises(MergeError, match="not the output of `course grade --shard I/N`"):
        merge([root / "whole"], tmp_path / "m")


@pytest.mark.parametrize("bad", ["0/3", "4/3", "1", "a/b", "2/0", "1/2/3"])
def test_a_shard_that_is_not_i_of_n_is_refused_saying_what_to_write(bad):
    from course_lib.tools.grading.shard import parse_shard
    with pytest.raises(ValueError, match="--shard must be I/N with 1 <= I <= N"):
        parse_shard(bad)
    assert parse_shard("3/3") == (3, 3)
