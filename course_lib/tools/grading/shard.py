"""Grading past one machine (``course grade --shard I/N``, ``course merge``) and regrading
one student into a class's output (``course grade --student NAME``).

A class is cut into N shards by the sorted list of student folders: student k (0-based,
in name order) belongs to shard ``k % N + 1``, so every shard gets a fair mix of the
alphabet and any machine computes the same cut from the same folder. Each shard's output
folder holds grades.csv, totals.csv and feedback/ for its students, and ``grading.json``
(every run writes one): which shard of how many (1/1 for a whole class), its students, the
exercises with their checks, and whether it ran sandboxed.

``course merge OUT_1 ... OUT_N --out OUT`` checks that the shards are one complete cut
(each of 1..N once, same N, same exercises, no student twice) and writes OUT/grades.csv,
OUT/totals.csv and OUT/feedback/ exactly as one unsharded run would have, byte for byte. Introduced in
the README, section "Grading on many machines". ``--student NAME`` grades that one
student's folder and puts the result in place of their rows, totals and feedback in the
existing output, with the class summary recomputed; their hand-graded written answers keep
their scores where the answer is unchanged (``grading.manual``).
"""
import csv
import json
import shutil
from pathlib import Path

from course_lib.tools.grading.manual import carry_hand_grades, join_manual

__all__ = ["parse_shard", "pick", "write_manifest", "read_manifest", "merge", "replace_student",
           "MergeError", "MANIFEST"]

MANIFEST = "grading.json"


class MergeError(ValueError):
    """The folders given to ``course merge`` are not one complete set of shards."""


def parse_shard(text):
    """'2/3' -> (2, 3); ValueError saying what to write."""
    try:
        index, count = (int(part) for part in str(text).split("/"))
    except ValueError:
        index = count = 0
    if not 1 <= index <= count:
        raise ValueError(f"--shard must be I/N with 1 <= I <= N, got {text!r}; e.g. --shard 1/4 "
                         "for the first of four shards")
    return index, count


def pick(folders, shard):
    """The student folders of ``shard`` = (I, N) among ``folders`` (sorted by name)."""
    index, count = shard
    return [f for k, f in enumerate(sorted(folders, key=lambda f: f.name)) if k % count == index - 1]


def write_manifest(out, shard, folders, exercises, sandboxed):
    """OUT/grading.json: what ``course merge`` and ``--student`` need besides the CSVs."""
    data = {"shard": list(shard), "students": [f.name for f in folders],
            "exercises": {name: [[gid, pts] for gid, pts in ex["checks"]]
                          for name, ex in exercises.items()},
            "sandboxed": sandboxed}
    (Path(out) / MANIFEST).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def read_manifest(folder):
    """OUT/grading.json as a dict, or None where there is none."""
    try:
        return json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _read_shard(folder):
    path = Path(folder) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        index, count = data["shard"]
        if count < 2:
            raise ValueError("graded whole, not as a shard")
        return index, count, data
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise MergeError(f"{str(folder)!r} is not the output of `course grade --shard I/N` "
                         f"({MANIFEST}: {err}); pass the --out folder of each shard") from None


def merge(shards, out):
    """Join the shard outputs ``shards`` into ``out``; return (rows, summary text)."""
    out = Path(out)
    read = [(Path(f),) + _read_shard(f) for f in shards]
    counts = {count for _, _, count, _ in read}
    if len(counts) != 1:
        raise MergeError(f"the shards come from different cuts (N = {sorted(counts)}): merge "
                         "the outputs of one `--shard I/N` run per I with the same N")
    count = counts.pop()
    seen = {}
    for folder, index, _, _ in read:
        if index in seen:
            raise MergeError(f"shard {index}/{count} is given twice ({seen[index]} and {folder})")
        seen[index] = folder
    missing = [f"{i}/{count}" for i in range(1, count + 1) if i not in seen]
    if missing:
        raise MergeError(f"missing shard(s) {', '.join(missing)}: grade them with `course grade "
                         f"--shard I/{count}` and pass every shard's output folder")
    exercises = {json.dumps(data["exercises"]) for _, _, _, data in read}
    if len(exercises) != 1:
        raise MergeError("the shards were graded against different exercises (solutions/ "
                         "changed between them): grade every shard with the same sources")
    owner, rows_of = {}, {}
    for folder, index, _, data in read:
        for name in data["students"]:
            if name in owner:
                raise MergeError(f"student {name!r} is in shard {owner[name]} and in shard {index}")
            owner[name] = index
        rows_of.update(_read_rows(folder))
    names = sorted(owner)
    for folder, _, _, _ in read:
        for path in sorted((folder / "feedback").glob("*.md")):
            (out / "feedback").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, out / "feedback" / path.name)
    totals = {}
    for folder, _, _, _ in read:
        totals.update(_read_totals(folder))
    sandboxed = all(data["sandboxed"] for _, _, _, data in read)
    checks = json.loads(exercises.pop())
    join_manual(out, [(folder, data["students"]) for folder, _, _, data in read], names)
    if (read[0][0] / "rubrics.md").exists():
        shutil.copyfile(read[0][0] / "rubrics.md", out / "rubrics.md")
    result = _write_joined(out, checks, names, rows_of, totals, sandboxed)
    write_manifest(out, (1, 1), [Path(n) for n in names],
                   {n: {"checks": c} for n, c in checks.items()}, sandboxed)
    return result


def _read_totals(folder):
    with open(Path(folder) / "totals.csv", newline="", encoding="utf-8") as f:
        return {row["student"]: row for row in csv.DictReader(f)}


def _read_rows(folder):
    rows_of = {}
    with open(Path(folder) / "grades.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows_of.setdefault(row["student"], []).append(row)
    return rows_of


def _write_joined(out, checks, names, rows_of, totals, sandboxed):
    """grades.csv and totals.csv of the students ``names`` (in that order) into ``out``;
    return (rows, the class summary)."""
    from course_lib.tools.grading.report import (COLUMNS, NO_SANDBOX, files_summary, summary,
                                                 write_totals)
    out = Path(out)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    rows = [row for name in names for row in rows_of.get(name, [])]
    with open(out / "grades.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    write_totals(out, checks, [totals[name] for name in names if name in totals])
    results = {name: {"rows": [dict(r, points=float(r["points"]), max_points=float(r["max_points"]))
                               for r in rows_of.get(name, [])]} for name in names}
    text = summary({name: {"checks": [tuple(c) for c in cs]} for name, cs in checks.items()},
                   [Path(name) for name in names], results, out)
    text += files_summary([totals[name] for name in names if name in totals])
    return rows, text if sandboxed else f"{text}\n\n{NO_SANDBOX}"


def replace_student(out, part, student):
    """Put the regraded ``student`` (the one-student output folder ``part``) into the class
    output ``out``, in place of their old rows, totals and feedback; return (rows, summary)."""
    out, part = Path(out), Path(part)
    old, new = read_manifest(out), read_manifest(part)
    if old is None:
        raise MergeError(f"{out} holds no earlier grading ({MANIFEST} is missing): grade the "
                         "whole class into it first, then regrade one student")
    if json.dumps(old["exercises"]) != json.dumps(new["exercises"]):
        raise MergeError(f"{out} was graded with other exercises (or other --exercises): "
                         "regrade with the same sources and options")
    if old["shard"] != [1, 1] and student not in old["students"]:
        raise MergeError(f"{out} is shard {old['shard'][0]}/{old['shard'][1]}, which does not "
                         f"hold {student!r}: regrade into the merged output or their shard")
    kept = carry_hand_grades(out, part, student)
    rows_of, totals = _read_rows(out), _read_totals(out)
    rows_of.update(_read_rows(part))
    totals.update(_read_totals(part))
    for path in sorted((part / "feedback").glob("*.md")):
        shutil.copyfile(path, out / "feedback" / path.name)
    names = sorted(set(old["students"]) | {student})
    join_manual(out, [(out, old["students"]), (part, [student])], names)
    rows, text = _write_joined(out, old["exercises"], names, rows_of, totals,
                               old["sandboxed"] and new["sandboxed"])
    write_manifest(out, old["shard"], [Path(n) for n in names],
                   {n: {"checks": c} for n, c in old["exercises"].items()},
                   old["sandboxed"] and new["sandboxed"])
    if kept:
        text += f"\nKept {kept} hand-graded score(s) of {student} whose written answer is unchanged."
    return rows, text
