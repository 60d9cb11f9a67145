"""Written questions: graded by hand, merged into the gradebook (``course merge-manual``).

Each exercise ends with a written question: a markdown answer cell with nbgrader's
"manually graded answer" metadata (``grade`` and ``solution`` true, ``points``), whose
rubric sits between the solution markers in ``solutions/`` (``course release`` removes it).
``course grade`` cannot score prose, so for each student it records the question in
grades.csv with status ``needs manual grading`` and 0 points (``failed`` when the cell was
left blank, ``missing`` when the notebook was), counts the open ones per student in
totals.csv (``needs_manual_grading``), and writes

- ``OUT/manual.csv``: the template to fill, one row per open answer: student, exercise,
  question, max_points, points (blank), comment (blank) and the student's answer;
- ``OUT/rubrics.md``: every question's rubric, for whoever grades.

``course merge-manual SCORES.csv --out OUT`` reads the filled template (rows whose points
are blank are skipped), checks every row first (an unknown student or question, points
that are not a number between 0 and max_points, a row given twice: every problem is
reported with its line and value, and nothing is written), then sets those rows to
``graded by hand`` with their points (the comment becomes the message), and rewrites
grades.csv, totals.csv (late penalties applied as before), the students' feedback,
manual.csv and the LMS import file if ``--format`` wrote one (``grading.lms``). Merging
again with changed points replaces the earlier ones; ``course grade --student NAME`` keeps
NAME's hand-graded scores whose answer text is unchanged. Introduced in the README, section
"Grading a class".
"""
import csv
import json
import re
from pathlib import Path

from course_lib.tools.notebook import grade_id, source

__all__ = ["MANUAL", "BY_HAND", "written_answers", "manual_outcome", "write_manual",
           "write_rubrics", "merge_manual", "join_manual", "carry_hand_grades", "ManualError",
           "TEMPLATE"]

MANUAL, BY_HAND = "needs manual grading", "graded by hand"
TEMPLATE = ["student", "exercise", "question", "max_points", "points", "comment", "answer"]
WAITING = "a written answer: graded by hand (course merge-manual)"
_STUB = "YOUR ANSWER HERE"


class ManualError(ValueError):
    """SCORES.csv or OUT cannot be merged; the message lists every problem."""


def written_answers(exercise, nb):
    """{question grade_id: the student's answer text, '' when blank} from a rebuilt notebook."""
    found = {}
    for cell in nb.get("cells", []):
        gid = grade_id(cell)
        if gid in exercise.get("manual", {}):
            text = source(cell).strip()
            stub = exercise["stubs"].get(cell.get("id"), _STUB).strip()
            prompt = stub.split(_STUB)[0].strip()       # e.g. "**Your answer:**"
            if prompt and text.startswith(prompt):
                text = text[len(prompt):].strip()
            found[gid] = "" if text in (stub, _STUB) or not text else text
    return found


def manual_outcome(text, fate):
    """(status, message) of a written question whose answer is ``text`` (None: not read)."""
    if text is None:
        return fate or ("missing", "no answer cell for this question")
    if not text:
        return "failed", "no answer written (the cell still says YOUR ANSWER HERE)"
    return MANUAL, WAITING


def write_manual(out, rows):
    """OUT/manual.csv: one row to fill per answer that needs manual grading."""
    with open(Path(out) / "manual.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=TEMPLATE)
        writer.writeheader()
        for row in rows:
            if row["status"] == MANUAL:
                writer.writerow({"student": row["student"], "exercise": row["exercise"],
                                 "question": row["check"], "max_points": _num(row["max_points"]),
                                 "points": "", "comment": "", "answer": row.get("answer", "")})


def write_rubrics(out, exercises):
    """OUT/rubrics.md: each written question's rubric (from solutions/), for the grader."""
    lines = ["# Rubrics of the written questions", ""]
    for name, exercise in exercises.items():
        for gid, rubric in exercise.get("manual", {}).items():
            lines += [f"## {name} · {gid}", "", rubric or "(no rubric in the source)", ""]
    if len(lines) > 2:
        (Path(out) / "rubrics.md").write_text("\n".join(lines), encoding="utf-8")


def _num(x):
    return f"{float(x):g}"


def _read_csv(path, what):
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            return list(reader.fieldnames or []), list(reader)
    except OSError as err:
        raise ManualError(f"cannot read {what} {path} ({err.strerror})") from None


def _check_scores(scores, grades):
    """{(student, exercise, question): (points, comment)} from SCORES.csv; ManualError
    listing every bad row (line number and value)."""
    header, rows = _read_csv(scores, "SCORES")
    need = {"student", "exercise", "question", "points"} - set(header)
    if need:
        raise ManualError(f"{scores}: missing column(s) {', '.join(sorted(need))}; fill in "
                          f"OUT/manual.csv (columns {', '.join(TEMPLATE)}) and pass that")
    known = {(r["student"], r["exercise"], r["check"]): r for r in grades
             if r["status"] in (MANUAL, BY_HAND)}
    found, seen, problems = {}, {}, []
    for line, row in enumerate(rows, start=2):
        key = tuple((row.get(k) or "").strip() for k in ("student", "exercise", "question"))
        text = (row.get("points") or "").strip()
        if not text:
            continue
        where = f"{scores} line {line}"
        if key not in known:
            problems.append(f"{where}: no written answer {key[2]!r} of exercise {key[1]!r} by "
                            f"student {key[0]!r} waits for grading in grades.csv")
            continue
        if key in seen:
            problems.append(f"{where}: {', '.join(key)} is given twice (also line {seen[key]})")
        seen.setdefault(key, line)
        try:
            points = float(text)
        except ValueError:
            problems.append(f"{where}: points {text!r} is not a number")
            continue
        top = float(known[key]["max_points"])
        if not 0 <= points <= top:
            problems.append(f"{where}: points {text} is outside 0..{_num(top)} (max_points of "
                            f"{key[2]})")
            continue
        found[key] = (points, (row.get("comment") or "").strip())
    if problems:
        raise ManualError("nothing merged; fix these rows first:\n  " + "\n  ".join(problems))
    return found


def merge_manual(scores, out):
    """Merge the hand-graded ``scores`` (a filled OUT/manual.csv) into ``out``; return a summary."""
    from course_lib.tools.grading.report import COLUMNS, totals_row, write_totals
    from course_lib.tools.grading.shard import read_manifest
    out = Path(out)
    manifest = read_manifest(out)
    if manifest is None:
        raise ManualError(f"{out} holds no grading (no grading.json): pass the --out folder of "
                          "`course grade`")
    header, grades = _read_csv(out / "grades.csv", "the gradebook")
    if "penalty" not in header:
        raise ManualError(f"{out}/grades.csv has no penalty column: grade again with this "
                          "version of `course grade`")
    found = _check_scores(scores, grades)
    for row in grades:
        key = (row["student"], row["exercise"], row["check"])
        if key in found:
            points, comment = found[key]
            row.update(points=_num(points), status=BY_HAND, message=comment or BY_HAND)
    with open(out / "grades.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(grades)
    _, old = _read_csv(out / "totals.csv", "the totals")
    old = {t["student"]: t for t in old}
    exercises = {name: {"checks": [tuple(c) for c in checks]}
                 for name, checks in manifest["exercises"].items()}
    totals = []
    for student in old:
        rows = [dict(r, points=float(r["points"]), max_points=float(r["max_points"]),
                     penalty=float(r["penalty"] or 0)) for r in grades if r["student"] == student]
        row = totals_row(student, exercises, {"rows": rows})
        totals.append(dict(row, renamed=old[student]["renamed"], ignored=old[student]["ignored"]))
    write_totals(out, exercises, totals)
    for student in sorted({key[0] for key in found}):
        _update_feedback(out, student, [r for r in grades if r["student"] == student])
    pending = [r for r in grades if r["status"] == MANUAL]
    _rewrite_template(out, grades)
    lines = [f"Merged {len(found)} hand-graded score(s) into {out / 'grades.csv'} and "
             f"{out / 'totals.csv'}; {len(pending)} written answer(s) still need grading."]
    lms = out / "lms.json"
    if lms.exists():
        from course_lib.tools.grading.lms import export
        settings = json.loads(lms.read_text(encoding="utf-8"))
        lines.append(export(out, settings["format"], settings["roster"]))
    return "\n".join(lines)


def _rewrite_template(out, grades):
    """manual.csv again: the answers still open, plus those graded (their points filled)."""
    path = Path(out) / "manual.csv"
    _, old = _read_csv(path, "the template") if path.exists() else ([], [])
    answers = {(r["student"], r["exercise"], r["question"]): r.get("answer", "") for r in old}
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=TEMPLATE)
        writer.writeheader()
        for r in grades:
            if r["status"] in (MANUAL, BY_HAND):
                key = (r["student"], r["exercise"], r["check"])
                done = r["status"] == BY_HAND
                writer.writerow({"student": key[0], "exercise": key[1], "question": key[2],
                                 "max_points": r["max_points"],
                                 "points": r["points"] if done else "",
                                 "comment": r["message"] if done and r["message"] != BY_HAND else "",
                                 "answer": answers.get(key, "")})


def _update_feedback(out, student, rows):
    """Put the hand-graded points into ``student``'s feedback (the question's line, the
    exercise's and the overall totals); the rest of the feedback stays as it was."""
    from course_lib.tools.grading.report import manual_line, safe_file_name, total_line
    path = Path(out) / "feedback" / f"{safe_file_name(student)}.md"
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    for r in rows:
        if r["status"] == BY_HAND:
            pattern = re.compile(rf"^- \S+ `{re.escape(r['check'])}`: .*$(\n  > .*$)*", re.M)
            text = pattern.sub(lambda _: manual_line(r), text, count=1)
    for name in {r["exercise"] for r in rows}:
        mine = [r for r in rows if r["exercise"] == name]
        got, top = (sum(float(r[k]) for r in mine) for k in ("points", "max_points"))
        text = re.sub(rf"^## {re.escape(name)}: .* points$",
                      f"## {name}: {_num(got)} / {_num(top)} points", text, count=1, flags=re.M)
    text = re.sub(r"^\*\*Total: .*$", lambda _: total_line(rows), text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


def join_manual(out, sources, names):
    """OUT/manual.csv from other outputs' (``course merge``, ``--student``): ``sources`` is
    [(folder, the students it speaks for)]; later sources win; rows in the order ``names``."""
    rows_of = {}
    for folder, students in sources:
        path = Path(folder) / "manual.csv"
        rows = _read_csv(path, "the template")[1] if path.exists() else []
        for student in students:
            rows_of[student] = [r for r in rows if r["student"] == student]
    with open(Path(out) / "manual.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=TEMPLATE, extrasaction="ignore")
        writer.writeheader()
        for name in names:
            writer.writerows(rows_of.get(name, []))


def carry_hand_grades(old, part, student):
    """Keep ``student``'s hand-graded scores from the class output ``old`` in their regraded
    output ``part`` (``course grade --student``) wherever the written answer is unchanged;
    return how many were kept."""
    old_path, new_path = Path(old) / "manual.csv", Path(part) / "manual.csv"
    if not (old_path.exists() and new_path.exists()):
        return 0
    key = lambda r: (r["student"], r["exercise"], r["question"])
    answers = {key(r): r["answer"] for r in _read_csv(new_path, "the template")[1]}
    keep = [r for r in _read_csv(old_path, "the template")[1] if r["student"] == student
            and r["points"] and answers.get(key(r)) == r["answer"]]
    if keep:
        scores = Path(part) / "carried-over.csv"
        with open(scores, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=TEMPLATE)
            writer.writeheader()
            writer.writerows(keep)
        merge_manual(scores, part)
        scores.unlink()
    return len(keep)
