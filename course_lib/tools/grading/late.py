"""Deadlines for ``course grade``: submission times, days late, the late penalty.

A submission's time comes from ``--times CSV`` (an LMS export with the columns
``student``, ``submitted_at`` and optionally ``exercise``; a row without an exercise
holds for all of that student's files), else from the file's modification time (which
``course collect`` sets from the archive). With ``--due``, each started day after the
deadline costs ``--late-penalty`` of the exercise's points, at most ``--late-cap``:
``penalty = min(cap, rate * ceil((submitted - due) / 1 day))``. grades.csv keeps each
check's points before the penalty, with ``submitted_at`` and ``late`` (started days late);
totals.csv has the points after it and the points deducted. Introduced in the README,
section "Grading a class".
"""
import csv
import math
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

__all__ = ["Deadline", "parse_time", "read_times", "deadline_from"]

DAY = 86400.0


def parse_time(text, what="--due"):
    """An ISO 8601 time ('2026-03-01T23:59', '2026-03-01 23:59:00+01:00', '2026-03-01')
    as a POSIX timestamp (a time without a zone is local); ValueError saying what to write."""
    try:
        return datetime.fromisoformat(str(text).strip().replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise ValueError(f"{what} must be a date and time like 2026-03-01T23:59 (ISO 8601, "
                         f"local time unless a zone such as +01:00 is given), got {text!r}") from None


def read_times(path):
    """{(student, exercise or ''): timestamp} from an LMS export CSV."""
    times = {}
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        if not {"student", "submitted_at"} <= set(reader.fieldnames or ()):
            raise ValueError(f"--times {path}: needs the columns student and submitted_at "
                             f"(and optionally exercise), found {reader.fieldnames}")
        for k, row in enumerate(reader, start=2):
            stamp = parse_time(row["submitted_at"], f"--times {path} line {k}: submitted_at")
            times[(row["student"].strip(), (row.get("exercise") or "").strip())] = stamp
    return times


@dataclass(frozen=True)
class Deadline:
    """due: POSIX time or None; rate: fraction of the points per started day late; cap:
    the largest fraction taken; times: {(student, exercise or ''): POSIX time}."""
    due: float = None
    rate: float = 0.0
    cap: float = 1.0
    times: dict = field(default_factory=dict)

    def submitted(self, student, exercise, path):
        """When ``student`` handed in ``exercise`` (the file at ``path``), POSIX time."""
        for key in ((student, exercise), (student, "")):
            if key in self.times:
                return self.times[key]
        return Path(path).stat().st_mtime

    def days_late(self, when):
        """Started days after the deadline (0 when on time, or without a deadline)."""
        if self.due is None or when <= self.due:
            return 0
        return math.ceil((when - self.due) / DAY)

    def penalty(self, days):
        """The fraction of the points taken for ``days`` started days late."""
        return min(self.cap, self.rate * days)

    @staticmethod
    def text(when):
        return datetime.fromtimestamp(when).isoformat(timespec="seconds")


def deadline_from(due=None, rate=0.0, cap=1.0, times=None):
    """The Deadline ``course grade``'s options ask for; ValueError saying what to write."""
    for label, value in (("--late-penalty", rate), ("--late-cap", cap)):
        if not 0 <= value <= 1:
            raise ValueError(f"{label} must be a fraction between 0 and 1, got {value:g}; e.g. "
                             f"{label} 0.1 for 10 %")
    if (rate or times) and due is None:
        raise ValueError("--late-penalty and --times need --due, the deadline; e.g. --due "
                         "2026-03-01T23:59")
    try:
        found = read_times(times) if times else {}
    except OSError as err:
        raise ValueError(f"cannot read --times {times} ({err.strerror})") from None
    return Deadline(parse_time(due) if due is not None else None, rate, cap, found)
