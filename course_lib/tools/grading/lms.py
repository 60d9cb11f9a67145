"""The grade-import file of an LMS: ``course grade ... --format canvas|moodle --roster FILE``.

The roster (a CSV file) tells who each student folder is in the LMS. Its columns, any
case, spaces or underscores alike:

- ``folder``: the student's folder name in SUBMISSIONS. Optional: without it a folder is
  matched to the one roster row whose login, SIS id, id, email (or the part before the
  @), username, id number or name equals the folder name (case ignored; names compared
  on letters and digits only, either order, so Canvas's ``smithalice`` of a bulk download
  matches ``Smith, Alice``). A Canvas gradebook export or a Moodle participants export
  therefore serves as it is.
- Canvas: ``Student`` (the name), ``ID``, ``SIS User ID``, ``SIS Login ID``, ``Section``;
  at least one of the three ids.
- Moodle: ``First name``, ``Last name`` (or a ``Name``), ``ID number``, ``Email address``
  (or ``Email``), ``Username``; at least the email or the id number.

What is written, from OUT/totals.csv (points after any late penalty):

- ``OUT/canvas.csv``, Canvas's gradebook import layout: the header
  ``Student,ID,SIS User ID,SIS Login ID,Section`` and a column per exercise, then a
  ``    Points Possible`` row (as Canvas exports it) with each exercise's points, then one
  row per matched student;
- ``OUT/moodle.csv``, for Moodle's "Import grades from CSV": ``First name,Last name,ID
  number,Email address`` and a column per exercise, one row per matched student; map
  "Email address" (or "ID number") to the user in Moodle's import form.

Every student folder without a roster row (or with several) is left out of the file and
listed, and so is every roster row no folder matched. ``OUT/lms.json`` remembers the
format and roster so that ``course merge-manual`` and ``--student`` rewrite the file.
Introduced in the README, section "Grading a class".
"""
import csv
import json
import re
from pathlib import Path

__all__ = ["read_roster", "match_roster", "export", "FORMATS", "CANVAS_IDS", "MOODLE_IDS"]

FORMATS = ("canvas", "moodle")
CANVAS_IDS = ("ID", "SIS User ID", "SIS Login ID")
MOODLE_IDS = ("Email address", "ID number")
_ALIASES = {"folder": "folder", "student folder": "folder",
            "student": "name", "name": "name", "full name": "name",
            "first name": "first", "firstname": "first", "last name": "last", "lastname": "last",
            "surname": "last", "id": "ID", "sis user id": "SIS User ID",
            "sis login id": "SIS Login ID", "section": "Section", "email": "Email address",
            "email address": "Email address", "id number": "ID number", "idnumber": "ID number",
            "username": "Username"}


def _key(header):
    return re.sub(r"[\s_]+", " ", str(header or "")).strip().lower()


def _squash(text):
    return re.sub(r"[\W_]+", "", str(text).lower())


def read_roster(path, fmt):
    """The roster's rows as dicts with the canonical keys above; ValueError saying what to fix."""
    if fmt not in FORMATS:
        raise ValueError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            columns = {h: _ALIASES.get(_key(h)) for h in reader.fieldnames or []}
            rows = [{columns[h]: (v or "").strip() for h, v in row.items()
                     if columns.get(h) and h is not None} for row in reader]
    except OSError as err:
        raise ValueError(f"cannot read --roster {path} ({err.strerror})") from None
    have = set(columns.values())
    ids = CANVAS_IDS if fmt == "canvas" else MOODLE_IDS
    if not have & set(ids):
        raise ValueError(f"--roster {path}: a {fmt} import needs a column {' or '.join(ids)} "
                         f"(found {', '.join(h for h in columns if h) or 'no columns'})")
    rows = [r for r in rows if r.get("name", "").strip() != "Points Possible" and any(r.values())]
    for row in rows:
        if not row.get("name"):
            row["name"] = " ".join(p for p in (row.get("first"), row.get("last")) if p)
    return rows


def _names(row):
    """Every text a folder may be called for this roster row (lower case)."""
    if row.get("folder"):
        return {row["folder"].lower()}
    found = {row.get(k, "").lower() for k in ("ID", "SIS User ID", "SIS Login ID",
                                             "Email address", "ID number", "Username")}
    found.add(row.get("Email address", "").split("@")[0].lower())
    name = row.get("name", "")
    parts = [p.strip() for p in name.split(",")] if "," in name else [name]
    found.update({_squash("".join(parts)), _squash("".join(reversed(parts)))})
    if row.get("first") or row.get("last"):
        found.update({_squash(row.get("first", "") + row.get("last", "")),
                      _squash(row.get("last", "") + row.get("first", ""))})
    return found - {""}


def match_roster(students, roster):
    """({folder: roster row}, [folders not matched, with why], [roster rows not matched])."""
    names = [_names(row) for row in roster]
    matched, problems, used = {}, [], {}
    for student in students:
        wanted = {student.lower(), _squash(student)}
        hits = [k for k, found in enumerate(names) if wanted & found]
        if len(hits) == 1 and hits[0] in used:
            problems.append(f"{student} (the same roster row as {used[hits[0]]})")
        elif len(hits) == 1:
            matched[student], used[hits[0]] = roster[hits[0]], student
        else:
            problems.append(f"{student} ({'no roster row' if not hits else f'{len(hits)} roster rows'})")
    left = [row for k, row in enumerate(roster) if k not in used]
    return matched, problems, left


def export(out, fmt, roster_path):
    """Write OUT/<fmt>.csv from OUT/totals.csv and the roster; return the summary lines."""
    out = Path(out)
    roster = read_roster(roster_path, fmt)
    with open(out / "totals.csv", newline="", encoding="utf-8") as f:
        totals = list(csv.DictReader(f))
    manifest = json.loads((out / "grading.json").read_text(encoding="utf-8"))
    exercises = list(manifest["exercises"])
    possible = [f"{sum(p for _, p in manifest['exercises'][n]):g}" for n in exercises]
    matched, problems, left = match_roster([t["student"] for t in totals], roster)
    if fmt == "canvas":
        header = ["Student", *CANVAS_IDS, "Section", *exercises]
        lines = [header, ["    Points Possible", "", "", "", "", *possible]]
        ident = lambda r: [r.get("name", ""), *(r.get(k, "") for k in CANVAS_IDS), r.get("Section", "")]
    else:
        header = ["First name", "Last name", "ID number", "Email address", *exercises]
        lines = [header]
        ident = lambda r: [*_first_last(r), r.get("ID number", ""), r.get("Email address", "")]
    for t in totals:
        if t["student"] in matched:
            lines.append([*ident(matched[t["student"]]), *(t[n] for n in exercises)])
    path = out / f"{fmt}.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(lines)
    (out / "lms.json").write_text(json.dumps({"format": fmt, "roster": str(Path(roster_path).resolve())},
                                             indent=1) + "\n", encoding="utf-8")
    text = [f"{fmt.capitalize()} import file: {path} ({len(matched)} of {len(totals)} students)"]
    if problems:
        text.append(f"  not in it, no single roster row: {', '.join(problems)}")
    if left:
        text.append(f"  roster rows no folder matched: "
                    f"{', '.join(r.get('name') or r.get('folder') or '?' for r in left)}")
    return "\n".join(text)


def _first_last(row):
    if row.get("first") or row.get("last"):
        return row.get("first", ""), row.get("last", "")
    name = row.get("name", "")
    if "," in name:
        last, first = (p.strip() for p in name.split(",", 1))
        return first, last
    first, _, last = name.partition(" ")
    return first, last
