"""What ``course grade`` writes: the gradebook, per-student feedback, a summary, a progress bar.

- ``OUT/grades.csv``: one row per student, exercise and check, with the columns
  student, exercise, check, points, max_points, status, message (one line), mistake (the
  known mistake the check named, if any), sandbox (``bubblewrap``, or ``none:
  --no-sandbox`` when the students' code ran unconfined), file (the file graded, as the
  student's folder names it; empty when missing), submitted_at, late (started days
  after ``--due``; empty without one) and penalty (the fraction of the exercise's points
  the late penalty takes). A written question's row has status ``needs manual grading``
  until ``course merge-manual`` (``grading.manual``) makes it ``graded by hand``.
- ``OUT/totals.csv``: one row per student, a column of points per exercise, ``total`` and
  ``out_of`` (after any late penalty, ``grading.late``), ``late_penalty`` (points deducted),
  ``needs_manual_grading`` (written answers not yet scored by hand), and the files graded under another name (``renamed``) or not graded
  (``ignored``): the layout a gradebook import takes.
- ``OUT/manual.csv`` and ``OUT/rubrics.md``: the written answers to grade by hand.
- ``OUT/feedback/<student>.md``: totals, then every check with its full message; a hidden
  check's message says what it is about and the mistake it named, never its cases or
  expected values.
- the summary (returned as text): per exercise, the number of students, the mean and
  median score and how many got full marks, then every renamed and every ignored file.

Used by course_lib.tools.grading; introduced in the README, section "Grading a class".
"""
import csv
import re
import statistics
import sys
import time
from pathlib import Path

from course_lib.tools.grading.manual import BY_HAND, MANUAL, write_manual, write_rubrics
from course_lib.tools.notebook import one_line

__all__ = ["write_outputs", "Progress", "COLUMNS"]

COLUMNS = ["student", "exercise", "check", "points", "max_points", "status", "message", "mistake",
           "sandbox", "file", "submitted_at", "late", "penalty"]
KNOWN_MISTAKE = "This looks like a known mistake: "
NO_SANDBOX = ("WARNING: graded with --no-sandbox: the students' code ran as you, with your "
              "files in reach; trust these grades only as far as you trust the submissions.")
_MARKS = {"passed": "✓", "failed": "✗", "error": "!", "timeout": "⏱", "missing": "–",
          MANUAL: "✍", BY_HAND: "✍"}


def _num(x):
    return f"{x:g}"


def mistake(message):
    """The known mistake a check's message names ("This looks like a known mistake: X"), or ''."""
    for line in str(message).split("\n"):
        if KNOWN_MISTAKE in line:
            return line.split(KNOWN_MISTAKE, 1)[1].strip()
    return ""


def write_outputs(out, exercises, folders, results, sandboxed=True):
    """Write grades.csv, totals.csv and feedback/; return the summary text."""
    out = Path(out)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    with open(out / "grades.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for folder in folders:
            for row in results[folder.name]["rows"]:
                writer.writerow({**row, "points": _num(row["points"]),
                                 "max_points": _num(row["max_points"]),
                                 "message": one_line(row["message"]),
                                 "mistake": mistake(row["message"]),
                                 "sandbox": "bubblewrap" if sandboxed else "none: --no-sandbox",
                                 "file": row.get("file", ""),
                                 "submitted_at": row.get("submitted_at", ""),
                                 "late": row.get("late", ""),
                                 "penalty": _num(row.get("penalty", 0.0))})
    totals = [totals_row(f.name, exercises, results[f.name]) for f in folders]
    write_totals(out, exercises, totals)
    write_manual(out, [row for f in folders for row in results[f.name]["rows"]])
    write_rubrics(out, exercises)
    for folder in folders:
        text = feedback(folder.name, exercises, results[folder.name])
        (out / "feedback" / f"{safe_file_name(folder.name)}.md").write_text(text, encoding="utf-8")
    text = summary(exercises, folders, results, out) + files_summary(totals)
    return text if sandboxed else f"{text}\n\n{NO_SANDBOX}"


def totals_row(student, exercises, result):
    """One student's row of totals.csv (all values as text)."""
    rows = result["rows"]
    row, total, deducted = {"student": student}, 0.0, 0.0
    for name in exercises:
        raw = sum(r["points"] for r in rows if r["exercise"] == name)
        kept = raw * (1 - max([r.get("penalty", 0.0) for r in rows if r["exercise"] == name] + [0.0]))
        row[name] = _num(round(kept, 4))
        total, deducted = total + kept, deducted + raw - kept
    row["total"] = _num(round(total, 4))
    row["late_penalty"] = _num(round(deducted, 4))
    row["needs_manual_grading"] = str(sum(r["status"] == MANUAL for r in rows))
    row["out_of"] = _num(sum(pts for ex in exercises.values() for _, pts in ex["checks"]))
    row["renamed"] = "; ".join(f"{f} -> {n}.ipynb" for f, n in result.get("renamed", []))
    row["ignored"] = "; ".join(result.get("ignored", []))
    return row


def write_totals(out, exercises, totals):
    """OUT/totals.csv from ``totals_row`` rows, in the order given."""
    with open(Path(out) / "totals.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["student", *exercises, "total", "out_of",
                                               "late_penalty", "needs_manual_grading",
                                               "renamed", "ignored"])
        writer.writeheader()
        writer.writerows(totals)


def files_summary(totals):
    """The summary's lines on renamed and ignored files ('' when there were none)."""
    lines = []
    for label, key in (("graded under another name", "renamed"), ("not graded", "ignored")):
        found = [(t["student"], t[key]) for t in totals if t[key]]
        if found:
            lines += ["", f"Files {label}:"] + [f"  {who}: {what}" for who, what in found]
    return "\n".join([""] + lines) if lines else ""


def safe_file_name(name):
    """A student's name as a file name in OUT/feedback/ (no path separators or dot files)."""
    return re.sub(r"[^A-Za-z0-9_.@+-]", "_", name).lstrip(".") or "student"


def feedback(student, exercises, result):
    """The Markdown feedback of one student."""
    rows = result["rows"]
    lines = [f"# Feedback for {student}", "", total_line(rows), ""]
    for name, exercise in exercises.items():
        mine = [r for r in rows if r["exercise"] == name]
        score = sum(r["points"] for r in mine)
        lines += [f"## {name}: {_num(score)} / {_num(sum(r['max_points'] for r in mine))} points", ""]
        shared = {(r["status"], r["message"]) for r in mine}
        once = len(mine) > 1 and len(shared) == 1 and mine[0]["status"] in ("missing", "error")
        if once:  # "no X.ipynb in the submission" once, not once per check
            lines += [f"{_MARKS.get(mine[0]['status'], '?')} {mine[0]['message']}", ""]
        for r in mine:
            if r["status"] in (MANUAL, BY_HAND):
                lines.append(manual_line(r))
                continue
            lines.append(f"- {_MARKS.get(r['status'], '?')} `{r['check']}`: "
                         f"{_num(r['points'])} / {_num(r['max_points'])} ({r['status']})")
            if r["message"] and not once:
                text = str(r["message"])[:3000]
                if r["check"] in exercise.get("hidden", ()) and r["status"] in ("failed", "error"):
                    text = hidden_message(r["message"])
                lines += ["", "  ```", *[f"  {line}" for line in text.split("\n")], "  ```", ""]
        lines.append("")
    if result["notes"]:
        lines += ["## Notes", ""] + [f"- {note}" for note in result["notes"]] + [""]
    return "\n".join(lines)


def total_line(rows):
    """The feedback's total: points before the late penalty, and after it when it took any."""
    got, top = (sum(float(r[k]) for r in rows) for k in ("points", "max_points"))
    kept = 0.0
    for name in dict.fromkeys(r["exercise"] for r in rows):
        mine = [r for r in rows if r["exercise"] == name]
        penalty = max([float(r.get("penalty") or 0) for r in mine] + [0.0])
        kept += sum(float(r["points"]) for r in mine) * (1 - penalty)
    text = f"**Total: {_num(got)} / {_num(top)} points**"
    return text + (f" ({_num(round(kept, 4))} after the late penalty)" if kept < got - 1e-9 else "")


def manual_line(row):
    """A written question's line in the feedback: waiting, or its points and comment."""
    line = (f"- ✍ `{row['check']}`: {_num(float(row['points']))} / "
            f"{_num(float(row['max_points']))} ({row['status']})")
    if row["status"] == MANUAL:
        return line + ": your written answer is read and scored by hand"
    comment = str(row.get("message", ""))
    return line + ("".join(f"\n  > {c}" for c in comment.split("\n")) if comment and comment != BY_HAND else "")


def hidden_message(message):
    """What a student may read of a failed hidden check: what it is about (its message's
    title, cut before any values) and the mistake it named; never its cases or values."""
    first = str(message).strip().split("\n")[0]
    about = re.split(r"[:=(\[]|\bexpected\b|\bgot\b", first, maxsplit=1)[0].strip(" .,")
    text = f"A hidden check failed: {about or 'a case you were not shown'}."
    named = mistake(message)
    text += f"\n{KNOWN_MISTAKE}{named}" if named else ""
    return text + "\n(Hidden checks do not show their cases or expected values.)"


def summary(exercises, folders, results, out):
    """Per exercise: students, mean, median, full marks; as a small text table."""
    head = f"{'exercise':<28} {'students':>8} {'mean':>7} {'median':>7} {'max':>5} {'full marks':>10}"
    lines = [f"Graded {len(folders)} student(s); gradebook {Path(out) / 'grades.csv'}, "
             f"feedback in {Path(out) / 'feedback'}/", "", head, "-" * len(head)]
    for name, exercise in exercises.items():
        top = sum(points for _, points in exercise["checks"])
        scores = [sum(r["points"] for r in results[f.name]["rows"] if r["exercise"] == name)
                  for f in folders]
        if scores:
            full = sum(s >= top for s in scores)
            lines.append(f"{name:<28} {len(scores):>8} {statistics.mean(scores):>7.2f} "
                         f"{statistics.median(scores):>7.2f} {top:>5g} {full:>10}")
    statuses = {}
    for f in folders:
        for r in results[f.name]["rows"]:
            statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    lines += ["", "checks by status: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))]
    if statuses.get(MANUAL):
        lines += [f"{statuses[MANUAL]} written answer(s) need grading by hand: fill in the points "
                  f"of {Path(out) / 'manual.csv'} (rubrics in {Path(out) / 'rubrics.md'}), then "
                  f"`course merge-manual {Path(out) / 'manual.csv'} --out {out}`"]
    return "\n".join(lines)


class Progress:
    """A one-line progress bar on stderr (a line per student when stderr is not a terminal)."""

    def __init__(self, total, enabled=True, stream=None, width=30):
        self.total, self.done, self.width = total, 0, width
        self.stream = stream or sys.stderr
        self.enabled, self.start = enabled and total > 0, time.monotonic()
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def update(self, label=""):
        self.done += 1
        if not self.enabled:
            return
        seconds = time.monotonic() - self.start
        if self.tty:
            filled = int(self.width * self.done / self.total)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\rgrading [{bar}] {self.done}/{self.total} students, {seconds:.0f} s ")
        else:
            self.stream.write(f"graded {self.done}/{self.total}: {label} ({seconds:.0f} s)\n")
        self.stream.flush()

    def close(self):
        if self.enabled and self.tty:
            self.stream.write("\n")
            self.stream.flush()
