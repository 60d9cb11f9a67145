"""``course stats OUT``: what a graded class got right and wrong, check by check.

Reads OUT/grades.csv (``course grade`` or ``course merge``) and prints, per exercise and
check, how many students passed it and the named mistakes behind its failures, most common
first: what to go over again in the next lecture. A written question shows how many
answers are graded by hand, how many wait, and their mean score. Introduced in the README, section
"Grading a class".
"""
import csv
from collections import Counter
from pathlib import Path

from course_lib.tools.grading.manual import BY_HAND, MANUAL

__all__ = ["class_stats"]


def class_stats(out, top=3):
    """The report for the output folder ``out`` as text; ValueError saying what is wrong."""
    path = Path(out) / "grades.csv"
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except OSError as err:
        raise ValueError(f"cannot read {path} ({err.strerror}): pass the --out folder of "
                         "`course grade` or `course merge`") from None
    if rows and not {"check", "status", "mistake"} <= set(rows[0]):
        raise ValueError(f"{path} has no check, status and mistake columns: grade again with "
                         "this version of `course grade`")
    checks = {}
    for row in rows:
        checks.setdefault((row["exercise"], row["check"]), []).append(row)
    width = max([len(check) for _, check in checks] + [5])
    students = len({row["student"] for row in rows})
    lines = [f"{students} student(s), {len(checks)} check(s) in {path}", ""]
    everywhere = Counter()
    exercise = None
    for (name, check), mine in checks.items():
        if name != exercise:
            exercise = name
            lines += [name] if lines[-1] == "" else ["", name]
        missing = sum(r["status"] == "missing" for r in mine)
        if any(r["status"] in (MANUAL, BY_HAND) for r in mine):
            lines.append(_written(check, width, mine, missing))
            continue
        passed = sum(r["status"] == "passed" for r in mine)
        mistakes = Counter(r["mistake"] for r in mine if r["mistake"])
        everywhere.update({(name, m): n for m, n in mistakes.items()})
        handed_in = len(mine) - missing
        rate = f"{100 * passed / handed_in:5.1f} %" if handed_in else "    - "
        lines.append(f"  {check:<{width}}  {passed:>4}/{handed_in:<4} passed {rate}"
                     + (f"   ({missing} missing)" if missing else ""))
        for text, n in mistakes.most_common(top):
            lines.append(f"      {n:>4} x {text}")
    if everywhere:
        lines += ["", "Most common named mistakes:"]
        lines += [f"  {n:>4} x {name}: {text}" for (name, text), n in everywhere.most_common(10)]
    return "\n".join(lines)


def _written(check, width, mine, missing):
    """A written question's line: answers graded by hand, waiting, blank; their mean."""
    done = [float(r["points"]) for r in mine if r["status"] == BY_HAND]
    waiting = sum(r["status"] == MANUAL for r in mine)
    blank = sum(r["status"] == "failed" for r in mine)
    mean = f", mean {sum(done) / len(done):.2f} / {float(mine[0]['max_points']):g}" if done else ""
    return (f"  {check:<{width}}  {len(done):>4}/{len(mine) - missing:<4} graded by hand{mean}; "
            f"{waiting} waiting, {blank} blank" + (f"   ({missing} missing)" if missing else ""))
