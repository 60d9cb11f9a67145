"""Notebook helpers shared by the exercise tools (release, nbval plugin, grading).

Everything the tools read from a cell or a kernel goes through here, so the metadata
layout, the markers and the error wording live in one place:

- ``source(cell)``: a cell's source as one string (Jupyter stores a list of lines or a string);
- ``nbgrader(cell)``, ``grade_id(cell)``, ``points(cell)``: its nbgrader metadata, read safely;
- ``role(cell)``: answer, check, setup, written or other, from that metadata (written: a
  markdown cell with ``grade`` and ``solution``, nbgrader's "manually graded answer");
- ``is_hidden(cell)``: a check cell that holds hidden tests (``metadata.course.hidden``), and
  ``hidden_tests_removed(cell)``: the student's copy of one, its hidden tests gone;
- ``strip_magics(text)``: the code with IPython magics and shell lines blanked, for ``ast``;
- ``defined_names(text)``: the functions and classes a cell defines (read even when the
  cell does not parse, so a broken answer cell still says what it should have defined);
- ``kernel_error(item)``: the kernel's error of an nbval cell item, ``(ename, evalue)``;
- ``error_message(ename, evalue)``: a kernel error as the message a student should read;
- ``one_line(message)``: that message's first line plus its hint, for a gradebook row;
- ``outcome_lines(...)``: how one check's outcome prints in a terminal (``pytest
  --nbval-lax`` and ``course check`` print the same lines);
- ``blame_broken_answers(...)``: a check that failed because an answer cell did not run
  names that cell's error instead of "name is not defined";
- ``OUTPUT_CAP``: characters of output one cell may print before the rest is dropped;
- ``BEGIN_HIDDEN`` / ``END_HIDDEN``: the markers around hidden tests.

Used by course_lib.tools; introduced in the README, sections "Exercises: check your own work" and "Grading a class".
"""
import re

from course_lib.checks.compare import NOT_IMPLEMENTED

__all__ = ["source", "nbgrader", "grade_id", "points", "role", "is_hidden",
           "hidden_tests_removed", "strip_magics", "defined_names", "strip_ansi", "kernel_error",
           "error_message", "one_line", "outcome_lines", "blame_broken_answers", "OUTPUT_CAP",
           "NOT_IMPLEMENTED", "BEGIN_HIDDEN", "END_HIDDEN"]

OUTPUT_CAP = 4_000_000      # characters a cell may print (more is dropped)
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_CELL_FILE = re.compile(r"\(\S+\.py, line (\d+)\)")  # IPython's name for a cell's code
_DEFINES = re.compile(r"^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)", re.MULTILINE)


def source(cell):
    """The cell's source as one string."""
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else str(text)


def _metadata(cell, key):
    meta = cell.get("metadata") if isinstance(cell, dict) else None
    value = meta.get(key) if isinstance(meta, dict) else None
    return value if isinstance(value, dict) else {}


def nbgrader(cell):
    """The cell's ``metadata.nbgrader`` (an empty dict when it has none or it is malformed)."""
    return _metadata(cell, "nbgrader")


def grade_id(cell):
    """The cell's ``metadata.nbgrader.grade_id``, or None."""
    return nbgrader(cell).get("grade_id")


def points(cell):
    """The points a check cell is worth (0 for any other cell), as a float."""
    return float(nbgrader(cell).get("points", 0) or 0)


def role(cell):
    """answer, check, setup, written or other, from the cell's nbgrader metadata."""
    meta = nbgrader(cell)
    if not meta:
        return "other"
    if meta.get("solution") and meta.get("grade") and cell.get("cell_type") == "markdown":
        return "written"
    if meta.get("solution"):
        return "answer"
    if meta.get("grade"):
        return "check" if cell.get("cell_type") == "code" else "other"
    return "setup" if meta.get("locked") and cell.get("cell_type") == "code" else "other"


def is_hidden(cell):
    """True for a check cell that holds hidden tests (``metadata.course.hidden``)."""
    return bool(_metadata(cell, "course").get("hidden"))


def hidden_tests_removed(cell):
    """True for the student's copy of a hidden check: marked hidden, its tests taken out."""
    return is_hidden(cell) and BEGIN_HIDDEN not in source(cell)


def strip_magics(text):
    """``text`` with IPython magics (``%time``) and shell lines (``!ls``) blanked, so that
    ``ast`` can parse a cell; line numbers stay the same."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in text.split("\n"))


def defined_names(text):
    """Names of the functions and classes defined at the top level of ``text``."""
    return set(_DEFINES.findall(text))


def strip_ansi(text):
    """``text`` without ANSI colour codes."""
    return _ANSI.sub("", text or "")


def kernel_error(item):
    """The kernel's error of an nbval cell item as ``(ename, evalue)``, or None."""
    for out in getattr(item, "test_outputs", None) or []:
        if out.get("output_type") == "error":
            return out.get("ename", ""), out.get("evalue", "")
    return None


def error_message(ename, evalue):
    """A kernel error (its name and value) as the message a student reads, ANSI-free.

    A ``CheckFailed`` or ``AssertionError`` keeps all its lines (expected vs got, the
    diagnosis, the known mistake, the hint); "not implemented yet" keeps its first line
    only; any other error gives one line naming it.
    """
    lines = [line.rstrip() for line in strip_ansi(evalue).split("\n") if line.strip()]
    if ename == "NotImplementedError":
        return NOT_IMPLEMENTED
    if ename == "KeyboardInterrupt":
        return "took too long (stopped by the time limit)"
    if ename in ("CheckFailed", "AssertionError") and lines:
        if lines[0].endswith(f": {NOT_IMPLEMENTED}"):
            return lines[0]
        return "\n".join(lines)
    if ename == "AssertionError":
        return "a check failed (an assert without a message)"
    first = _CELL_FILE.sub(r"(line \1 of the cell)", lines[0].strip()) if lines else ""
    return f"{ename}: {first}" if first else ename


def one_line(message, limit=240):
    """The message's first line plus its hint, if any, cut to ``limit`` characters."""
    lines = [line.strip() for line in str(message).split("\n") if line.strip()]
    if not lines:
        return ""
    hint = next((line for line in lines[1:] if line.startswith("Hint:")), "")
    text = f"{lines[0]}  {hint}".strip()
    return text if len(text) <= limit else text[:limit - 3] + "..."


def outcome_lines(mark, gid, score, message, width=0):
    """One check's outcome as terminal lines: ``mark gid score first-line``, then the rest
    of the message (expected vs got, diagnosis, hint) indented beneath it."""
    first, *rest = str(message).split("\n") if message else [""]
    lines = [f"  {mark} {gid:<{width}}  {score:>5}  {first.strip()}".rstrip()]
    return lines + [f"        {line.strip()}" for line in rest if line.strip()]


def blame_broken_answers(outcomes, defines):
    """Report a check that failed only because an answer cell did not run as that cell's error.

    ``outcomes``: {grade_id: (status, message)} in notebook order, answer cells included;
    ``defines``: {answer grade_id: names the answer cell defines}. A check whose message
    says a name is not defined, where that name belongs to an answer cell that raised (a
    SyntaxError, say), gets the message "not run: answer cell `gid` has an error (...)".
    Returns a new dict.
    """
    broken = {}
    for gid, names in defines.items():
        status, message = outcomes.get(gid, ("passed", ""))
        if status != "passed" and message and message != NOT_IMPLEMENTED:
            broken.update({name: (gid, message.split(":")[0]) for name in names})
    result = dict(outcomes)
    for gid, (status, message) in outcomes.items():
        undefined = _UNDEFINED.search(message or "")
        if gid not in defines and undefined and undefined.group(1) in broken:
            cell, why = broken[undefined.group(1)]
            result[gid] = (status, f"not run: your answer cell `{cell}` has an error ({why}); "
                                   "fix that cell first")
    return result


_UNDEFINED = re.compile(r"name '(\w+)' is not defined")
