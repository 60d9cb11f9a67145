"""What a grading run reports, read as untrusted input: size-capped, parsed strictly.

The test process of a run (``course_lib.tools.grading.plugin``) writes one JSON object per
line to a pipe; the grader believes nothing else. Whatever reaches it is still treated
as hostile: at most ``RESULTS_CAP`` bytes in all and ``LINE_CAP`` per line are read, a
line counts only if it is one of the three known events, for one of the notebooks this
run was given, with fields of the right types; messages are cut to ``MESSAGE_CAP``
characters. Anything else is dropped and counted. Used by ``course_lib.tools.grading.run``.
"""
import json

__all__ = ["EventReader", "parse_event", "STATUSES", "RESULTS_CAP", "LINE_CAP", "MESSAGE_CAP"]

STATUSES = ("passed", "failed", "error", "timeout")
RESULTS_CAP = 16 * 2**20      # bytes one run may report
LINE_CAP = 256 * 2**10        # bytes of one event
MESSAGE_CAP = 20_000          # characters of one check's message


def parse_event(line, notebooks):
    """One line (bytes) as a clean event dict, or None when it is not a valid event.

    ``notebooks``: the file names this run was given; events about others are refused.
    """
    try:
        event = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(event, dict) or not isinstance(event.get("notebook"), str):
        return None
    if event["notebook"] not in notebooks:
        return None
    kind = event.get("event")
    if kind in ("start", "end"):
        return {"event": kind, "notebook": event["notebook"]}
    if kind != "cell":
        return None
    gid, status, message = event.get("grade_id"), event.get("status"), event.get("message")
    if gid is not None and not (isinstance(gid, str) and 0 < len(gid) <= 64):
        return None
    if status not in STATUSES or not isinstance(message, str):
        return None
    return {"event": "cell", "notebook": event["notebook"], "grade_id": gid,
            "status": status, "message": message[:MESSAGE_CAP]}


class EventReader:
    """Bytes from the results pipe in, valid events out; ``dropped`` counts the rest."""

    def __init__(self, notebooks):
        self.notebooks = set(notebooks)
        self.partial, self.received, self.dropped = b"", 0, 0
        self.skipping = False     # inside an overlong line: drop up to its newline

    def feed(self, data):
        """Take a chunk read from the pipe; return the complete, valid events in it."""
        room = RESULTS_CAP - self.received
        self.received += len(data)
        if room <= 0:
            self.dropped += 1 if data else 0
            return []
        lines = (self.partial + data[:room]).split(b"\n")
        self.partial = lines.pop()
        events = []
        for line in lines:
            if self.skipping:             # the rest of an overlong line, not an event
                self.skipping = False
                continue
            event = parse_event(line, self.notebooks) if len(line) <= LINE_CAP else None
            if event is None:
                self.dropped += 1 if line.strip() else 0
            else:
                events.append(event)
        if len(self.partial) > LINE_CAP:  # an endless line: drop it, up to its newline
            self.partial, self.skipping = b"", True
            self.dropped += 1
        return events
