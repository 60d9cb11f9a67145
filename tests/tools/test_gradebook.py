"""The gradebook of a small class: totals.csv, the mistake column, `course stats`, files an
LMS renamed, hidden checks kept out of feedback, `--exercises`; and the same class graded
in shards (`course grade --shard I/N`) and joined by `course merge`, byte for byte.

Kept cheap: two tiny exercises of its own (a --solutions folder made here), and a class of
12 in which only 4 students hand in a notebook that runs; the others are missing, not JSON
or not an exercise, which the grader scores without starting a kernel.
"""
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tools.test_grading import SANDBOX_PROBLEM

ROOT = Path(__file__).resolve().parents[2]
NAME, OTHER = "01_double", "02_double_again"


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


KNOWN = "This looks like a known mistake: x tripled, not doubled."


def source(answer=None):
    """The tiny exercise's source; ``answer`` replaces the body of its answer cell."""
    body = answer or "    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n"
    check = ("got = double(3)\nassert got == 6, f'double(3) should be 6, got {got}' + "
             f"('\\n{KNOWN}' if got == 9 else '')\n")
    hidden = ("### BEGIN HIDDEN TESTS\nassert double(-7) == -14, f'double(-7) should be -14, "
              f"got {{double(-7)}}' + ('\\n{KNOWN}' if double(3) == 9 else '')\n"
              "### END HIDDEN TESTS\n")
    return {"nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}},
            "cells": [_cell("intro", "# Double it", cell_type="markdown"),
                      _cell("setup", "import math", "setup"),
                      _cell("double", "def double(x):\n" + body, "answer"),
                      _cell("check_double", check, "check", points=2),
                      _cell("check_double_hidden", hidden, "check"),
                      _cell("check_double_float", "assert double(0.5) == 1.0", "check")]}


def _class(root):
    (root / "solutions").mkdir()
    (root / "solutions" / f"{NAME}.ipynb").write_text(json.dumps(source()), encoding="utf-8")
    half = source()
    half["cells"] = half["cells"][:3] + half["cells"][5:]
    (root / "solutions" / f"{OTHER}.ipynb").write_text(json.dumps(half), encoding="utf-8")
    subs = root / "subs"
    answers = {"s01": "    return 2 * x\n", "s04": "    return x + x if x > 0 else x\n",
               "s07": "    return 3 * x\n", "s10": "    raise NotImplementedError()\n"}
    for k in range(12):
        who = subs / f"s{k:02d}"
        who.mkdir(parents=True)
        if f"s{k:02d}" in answers:
            nb = json.dumps(source(answers[f"s{k:02d}"]))
            if who.name == "s04":   # renamed by an LMS, twice: the latest copy is graded
                (who / f"{NAME}-1.ipynb").write_text(json.dumps(source("    pass\n")), encoding="utf-8")
                (who / f"s04_12345_{NAME}-2.ipynb").write_text(nb, encoding="utf-8")
            else:
                (who / f"{NAME}.ipynb").write_text(nb, encoding="utf-8")
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
            if p.is_file() and p.name != "grading.json"}


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    root = tmp_path_factory.mktemp("shards")
    subs = _class(root)
    (root / "times.csv").write_text("student,exercise,submitted_at\ns01,,2026-03-01T11:00\n"
                                    f"s04,{NAME},2026-03-04T09:00\ns07,,2026-03-01T12:30\n")
    common = ["--solutions", str(root / "solutions"), "--jobs", "2", "--timeout", "20", "--quiet",
              "--due", "2026-03-01T12:00", "--late-penalty", "0.25", "--late-cap", "0.5",
              "--times", str(root / "times.csv"),
              *(["--no-sandbox"] if SANDBOX_PROBLEM else [])]
    whole = _course("grade", str(subs), "--out", str(root / "whole"), *common)
    shards = [_course("grade", str(subs), "--out", str(root / f"shard{i}"), "--shard", f"{i}/3",
                      *common) for i in (1, 2, 3)]
    merged = _course("merge", *[str(root / f"shard{i}") for i in (3, 1, 2)],
                     "--out", str(root / "merged"))
    only = _course("grade", str(subs), "--out", str(root / "only"), "--exercises", "2", *common)
    # s07 hands in a right answer after grading: regraded alone into a copy of the merge
    shutil.copytree(root / "merged", root / "regraded")
    (subs / "s07" / f"{NAME}.ipynb").write_text(json.dumps(source("    return x * 2\n")),
                                                encoding="utf-8")
    regrade = _course("grade", str(subs), "--out", str(root / "regraded"), "--student", "s07",
                      *common)
    return {"root": root, "whole": whole, "shards": shards, "merged": merged, "only": only,
            "regrade": regrade}


def test_one_student_regraded_replaces_only_their_rows_totals_and_feedback(sharded):
    root = sharded["root"]
    assert sharded["regrade"].returncode == 0, sharded["regrade"].stderr
    assert sharded["regrade"].stdout.startswith("Regraded s07 into")
    before, after = _files(root / "merged"), _files(root / "regraded")
    assert before.keys() == after.keys()
    assert [k for k in before if before[k] != after[k]] == ["feedback/s07.md", "grades.csv",
                                                          "totals.csv"]
    old, new = _csv(root / "merged" / "grades.csv"), _csv(root / "regraded" / "grades.csv")
    assert [r for r in old if r["student"] != "s07"] == [r for r in new if r["student"] != "s07"]
    assert [r["student"] for r in old] == [r["student"] for r in new], "same rows, same order"
    s07 = {r["check"]: r for r in new if r["student"] == "s07" and r["exercise"] == NAME}
    assert {r["status"] for r in s07.values()} == {"passed"}
    by = {t["student"]: t for t in _csv(root / "regraded" / "totals.csv")}
    assert by["s07"]["late_penalty"] == "1", "one day late: 4 points less 25 %"
    assert by["s07"]["total"] == "3"


def _csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_totals_has_one_row_per_student_with_a_column_per_exercise(sharded):
    totals = _csv(sharded["root"] / "whole" / "totals.csv")
    assert list(totals[0]) == ["student", NAME, OTHER, "total", "out_of", "late_penalty",
                               "needs_manual_grading", "renamed", "ignored"]
    assert [t["student"] for t in totals] == [f"s{k:02d}" for k in range(12)]
    by = {t["student"]: t for t in totals}
    assert (by["s01"][NAME], by["s01"][OTHER], by["s01"]["total"], by["s01"]["out_of"]) == (
        "4", "0", "4", "5")
    assert (by["s04"][NAME], by["s07"][NAME], by["s10"]["total"]) == ("1.5", "0", "0")


def test_late_work_loses_the_penalty_per_started_day_up_to_the_cap(sharded):
    rows = {(r["student"], r["check"]): r for r in _csv(sharded["root"] / "whole" / "grades.csv")}
    on_time, late = rows[("s01", "check_double")], rows[("s04", "check_double")]
    assert (on_time["submitted_at"], on_time["late"]) == ("2026-03-01T11:00:00", "0")
    assert (late["submitted_at"], late["late"], late["points"]) == ("2026-03-04T09:00:00", "3", "2")
    assert rows[("s07", "check_double")]["late"] == "1"
    assert (on_time["penalty"], late["penalty"], rows[("s07", "check_double")]["penalty"]) == (
        "0", "0.5", "0.25"), "the fraction taken, capped at 0.5"
    by = {t["student"]: t for t in _csv(sharded["root"] / "whole" / "totals.csv")}
    # 3 started days x 0.25 = 0.75, capped at 0.5: half of s04's 3 points
    assert (by["s04"]["total"], by["s04"]["late_penalty"]) == ("1.5", "1.5")
    assert (by["s01"]["total"], by["s01"]["late_penalty"]) == ("4", "0")
    notes = (sharded["root"] / "whole" / "feedback" / "s04.md").read_text(encoding="utf-8")
    assert "handed in 3 day(s) late (2026-03-04T09:00:00): 50 % of its points deducted" in notes
    assert "**Total: 3 / 5 points** (1.5 after the late penalty)" in notes


def test_a_file_an_lms_renamed_is_graded_and_listed_with_every_file_not_graded(sharded):
    by = {t["student"]: t for t in _csv(sharded["root"] / "whole" / "totals.csv")}
    assert by["s04"]["renamed"] == f"s04_12345_{NAME}-2.ipynb -> {NAME}.ipynb"
    assert by["s04"]["ignored"] == f"{NAME}-1.ipynb", "the older copy"
    assert by["s02"]["ignored"] == "notes.txt" and by["s01"]["renamed"] == ""
    rows = [r for r in _csv(sharded["root"] / "whole" / "grades.csv") if r["student"] == "s04"]
    assert {r["file"] for r in rows if r["exercise"] == NAME} == {f"s04_12345_{NAME}-2.ipynb"}
    out = sharded["whole"].stdout
    assert f"s04: s04_12345_{NAME}-2.ipynb -> {NAME}.ipynb" in out
    assert "s02: notes.txt" in out and f"s04: {NAME}-1.ipynb" in out


def test_the_named_mistake_has_a_column_of_its_own(sharded):
    rows = {(r["student"], r["check"]): r for r in _csv(sharded["root"] / "whole" / "grades.csv")}
    assert rows[("s07", "check_double")]["mistake"] == "x tripled, not doubled."
    assert rows[("s07", "check_double_hidden")]["mistake"] == "x tripled, not doubled."
    assert rows[("s10", "check_double")]["mistake"] == ""


def test_feedback_never_shows_a_hidden_checks_cases_or_values(sharded):
    feedback = (sharded["root"] / "whole" / "feedback")
    s04, s07 = (feedback / "s04.md").read_text(), (feedback / "s07.md").read_text()
    for text in (s04, s07):
        assert "-7" not in text and "-14" not in text and "-21" not in text, text
        assert "A hidden check failed" in text
    assert "This looks like a known mistake: x tripled, not doubled." in s07
    assert "double(3) should be 6, got 9" in s07, "a visible check still shows its values"
    # the gradebook, the instructor's, keeps the whole message
    rows = {(r["student"], r["check"]): r for r in _csv(sharded["root"] / "whole" / "grades.csv")}
    assert "should be -14, got -7" in rows[("s04", "check_double_hidden")]["message"]


def test_course_stats_prints_pass_rates_and_the_most_common_mistakes(sharded):
    proc = _course("stats", str(sharded["root"] / "whole"))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    hidden = next(l for l in lines if "check_double_hidden" in l)
    assert "1/8" in hidden and "12.5 %" in hidden and "(4 missing)" in hidden, proc.stdout
    assert "1 x x tripled, not doubled." in proc.stdout
    assert "Most common named mistakes:" in proc.stdout


def test_exercises_grades_only_those_and_totals_are_out_of_them(sharded):
    assert sharded["only"].returncode == 0, sharded["only"].stderr
    totals = _csv(sharded["root"] / "only" / "totals.csv")
    assert list(totals[0])[:4] == ["student", OTHER, "total", "out_of"]
    assert {t["out_of"] for t in totals} == {"1"} and {t["late_penalty"] for t in totals} == {"0"} and {t["ignored"] for t in totals} <= {"", "notes.txt", f"{NAME}-1.ipynb"}
    assert {r["exercise"] for r in _csv(sharded["root"] / "only" / "grades.csv")} == {OTHER}


def test_an_unknown_exercise_is_a_usage_error_naming_the_exercises():
    from course_lib.tools.grading.grade import UsageError, select_exercises
    known = [NAME, OTHER, "10_adaptive"]
    assert select_exercises(known, ["2", "01_double"]) == [NAME, OTHER]
    assert select_exercises(known, ["10"]) == ["10_adaptive"]
    with pytest.raises(UsageError, match="no exercise '04'; the course's exercises are 01_double"):
        select_exercises(known, ["04"])


def test_merged_shards_give_the_same_gradebook_and_feedback_as_one_run_byte_for_byte(sharded):
    root = sharded["root"]
    for proc in [sharded["whole"], *sharded["shards"], sharded["merged"]]:
        assert proc.returncode == 0, proc.stderr[-2000:]
    whole, merged = _files(root / "whole"), _files(root / "merged")
    assert len(whole) == 15 and whole.keys() == merged.keys()   # with manual.csv
    for name in whole:
        assert merged[name] == whole[name], name
    # the summary counts the whole class, as one run does
    assert sharded["merged"].stdout.splitlines()[2:] == sharded["whole"].stdout.splitlines()[2:]
    # and the grades are what the answers deserve: s01 right, s04 wrong on -1 (hidden), ...
    rows = (root / "whole" / "grades.csv").read_text(encoding="utf-8").splitlines()
    assert sum(",passed," in r for r in rows) == 5, rows   # s01 all 3; s04 fails the hidden one


def test_merged_shards_can_write_the_lms_file_of_the_whole_class(sharded, tmp_path):
    root = sharded["root"]
    (tmp_path / "roster.csv").write_text("folder,ID\n" + "".join(
        f"s{k:02d},{100 + k}\n" for k in range(12)), encoding="utf-8")
    proc = _course("merge", *[str(root / f"shard{i}") for i in (1, 2, 3)], "--out",
                   str(tmp_path / "m"), "--format", "canvas", "--roster", str(tmp_path / "roster.csv"))
    assert proc.returncode == 0, proc.stderr
    lines = (tmp_path / "m" / "canvas.csv").read_text(encoding="utf-8").splitlines()
    assert lines[:3] == [f"Student,ID,SIS User ID,SIS Login ID,Section,{NAME},{OTHER}",
                         "    Points Possible,,,,,4,1", ",100,,,,0,0"] and len(lines) == 14


def test_each_student_is_in_exactly_one_shard_and_the_cut_is_round_robin(sharded):
    root, seen = sharded["root"], []
    for i in (1, 2, 3):
        manifest = json.loads((root / f"shard{i}" / "grading.json").read_text(encoding="utf-8"))
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


def test_a_deadline_that_is_not_a_time_or_a_penalty_without_one_is_a_usage_error(tmp_path):
    proc = _course("grade", str(tmp_path), "--out", str(tmp_path.parent / "o"), "--due", "friday")
    assert proc.returncode == 2 and "--due must be a date and time like 2026-03-01T23:59" in proc.stderr
    proc = _course("grade", str(tmp_path), "--out", str(tmp_path.parent / "o"), "--late-penalty", "0.1")
    assert proc.returncode == 2 and "need --due" in proc.stderr
    proc = _course("grade", str(tmp_path), "--out", str(tmp_path.parent / "o"), "--due",
                   "2026-03-01", "--late-penalty", "10")
    assert proc.returncode == 2 and "--late-penalty must be a fraction between 0 and 1" in proc.stderr
