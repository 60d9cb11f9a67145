"""``course collect ZIP --out SUBMISSIONS``: an LMS bulk download as one folder per student.

Two layouts are known:

- **Canvas** ("Download Submissions"): flat files named
  ``lastfirst[_LATE]_USERID_SUBMISSIONID_original-name.ipynb``; the student is the first
  part, the file keeps its original name (with Canvas's ``-1`` resubmission suffix, which
  ``course grade`` matches);
- **Moodle** ("Download all submissions"): a folder per student,
  ``Full Name_12345_assignsubmission_file_/original-name.ipynb``; the student is the name
  before the ids.

Anything else goes into a folder named after its first path part. Each file keeps the
time the archive records (the submission time: ``course grade --due`` reads it), names
are cleaned to plain file names (no ``..``, no absolute paths) and nothing is
overwritten. Introduced in the README, section "Grading a class".
"""
import os
import re
import time
import zipfile
from pathlib import Path, PurePosixPath

__all__ = ["collect", "student_and_file"]

_CANVAS = re.compile(r"^(?P<student>[^_/]+)_(?:LATE_)?\d+_\d+_(?P<file>.+)$")
_MOODLE = re.compile(r"^(?P<student>.+?)_\d+_assign(?:submission|feedback)_\w+?_?$")


def _clean(name):
    name = re.sub(r"[^\w.@+ ()-]", "_", name).strip(" .")
    return name or "unnamed"


def student_and_file(member):
    """('student', 'file name') for an archive member's path, or None for a folder entry."""
    parts = [p for p in PurePosixPath(member.replace("\\", "/")).parts if p not in ("", "/", ".", "..")]
    if not parts or member.endswith("/"):
        return None
    if len(parts) == 1:
        found = _CANVAS.match(parts[0])
        if found:
            return _clean(found["student"]), _clean(found["file"])
        return "unknown", _clean(parts[0])
    moodle = _MOODLE.match(parts[0])
    student = moodle["student"] if moodle else parts[0]
    return _clean(student), _clean("_".join(parts[1:]))


def collect(archive, out):
    """Unpack ``archive`` into ``out``/<student>/<file>; return {student: [file names]}."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise ValueError(f"{out} exists and is not empty: give a new folder for the submissions")
    try:
        zf = zipfile.ZipFile(archive)
    except (OSError, zipfile.BadZipFile) as err:
        raise ValueError(f"cannot open {archive} as a zip archive ({err}): pass the file your "
                         "LMS's bulk download saved") from None
    found = {}
    with zf:
        for info in zf.infolist():
            where = student_and_file(info.filename)
            if where is None or info.is_dir():
                continue
            student, name = where
            folder = out / student
            folder.mkdir(parents=True, exist_ok=True)
            target, k = folder / name, 1
            while target.exists():       # two uploads of one name: keep both
                k += 1
                target = folder / f"{Path(name).stem}-{k}{Path(name).suffix}"
            with zf.open(info) as src, open(target, "wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
            stamp = time.mktime(info.date_time + (0, 0, -1))
            os.utime(target, (stamp, stamp))
            found.setdefault(student, []).append(target.name)
    return found
