"""Which file in a student's folder is which exercise, for ``course grade``.

Learning management systems rename what students upload: a resubmission becomes
``04_gradient_descent-1.ipynb`` (Canvas) or ``04_gradient_descent (1).ipynb`` (a browser's
download), and bulk downloads put the student's name and ids in front
(``smithalice_12345_67890_04_gradient_descent-1.ipynb``). A file is taken for exercise
``NN_topic`` when its name is exactly ``NN_topic.ipynb`` or, failing that, contains
``NN_topic`` as a whole word (case ignored). Of several renamed copies the latest
resubmission wins (the largest ``-N``, ``(N)`` or ``_N`` suffix, then the newest file).
Every file graded under another name and every file not graded is reported, so that
nothing scores 0 silently. Used by ``course_lib.tools.grading.grade``.
"""
import re
from pathlib import Path

__all__ = ["match_files"]

_COPY = re.compile(r"(?:-|_| \()(\d{1,3})\)?$")   # -1, _2, " (3)" at the end of the stem


def _copy_number(stem, name):
    tail = stem.lower().split(name.lower())[-1]
    found = _COPY.search(tail)
    return int(found.group(1)) if found else 0


def match_files(folder, names):
    """Map a student's folder to the course's exercises ``names``.

    Returns (files, renamed, ignored): files {exercise name: Path} for each exercise found;
    renamed [(file name, exercise name)] for files graded under another name; ignored [file
    name] for files in the folder that are not graded (older copies included).
    """
    entries = sorted(p for p in Path(folder).iterdir() if not p.name.startswith("."))
    files, renamed, used = {}, [], set()
    for name in names:
        exact = Path(folder) / f"{name}.ipynb"
        if exact.is_file():
            files[name] = exact
            used.add(exact.name)
            continue
        word = re.compile(rf"(?<![a-z0-9]){re.escape(name.lower())}(?![a-z])")
        candidates = [p for p in entries if p.is_file() and p.suffix.lower() == ".ipynb"
                      and p.name not in used and word.search(p.stem.lower())]
        if candidates:
            best = max(candidates, key=lambda p: (_copy_number(p.stem, name),
                                                  p.stat().st_mtime, p.name))
            files[name] = best
            used.add(best.name)
            renamed.append((best.name, name))
    ignored = [p.name for p in entries if p.name not in used]
    return files, renamed, ignored
