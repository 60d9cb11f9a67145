"""The course on every Python it supports, each in its own virtual environment.

`make test-pythons` runs one session per Python listed in pyproject.toml's classifiers
(3.10 to 3.13); `make test-pythons PYTHONS="3.10 3.13"` runs some of them. Each session
(nox's environments live in .nox/) installs `.[test]` and SciPy, then runs, in one pytest
call, the library tests and every lesson and solution under nbval, as `make test` does,
except for:

- the real-browser test (test_browser.py: JupyterLab in Chromium) and the slide decks
  (test_slides.py: every lesson rendered by nbconvert; test_deck_fit.py: every slide
  measured in Chromium; test_deck_conventions.py: the decks' notes and slide metadata,
  read with nbconvert's exporter). They test the
  browser side, which does not change with the kernel's Python, and they are the slowest
  part of `make test`, which runs them on the main Python; so is the site, the lite build
  and their offline browser test (test_web_offline.py), and the lessons' one run into
  build/executed/ (test_lessons_run.py: nbval runs notebooks/ here instead);
- PyTorch: only `make test` installs it (one CPU wheel, for one Python on the course's
  machines; elsewhere pip would fetch a multi-gigabyte build). The tests that compare
  against torch.optim skip here with their reason; SciPy's reference runs everywhere.

Interpreters are found, never downloaded: `pythonX.Y` on PATH when it runs, otherwise
pyenv's installed versions ($PYENV_ROOT or ~/.pyenv, `versions/X.Y.*/bin`), which pyenv
itself only shows for the versions made active. A Python found nowhere fails its session
("Python interpreter 3.X not found"); it is never skipped.

Sessions may run side by side (`nox --parallel 2`, as `make test-pythons` does): each
keeps about one core busy (pytest and its kernel take turns: 2.5 min of CPU in a 3.3-min
session), so two fit on two cores. Their installs take turns, as an editable install
writes course_lib.egg-info into the shared source tree. An environment is reused while
pyproject.toml is unchanged (a stamp holds its hash), so a second run goes straight to the
tests; `nox --reuse-venv=no` (or `rm -r .nox`) starts afresh.
"""

import contextlib
import glob
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
PYPROJECT = ROOT / "pyproject.toml"

# The Pythons pyproject.toml's classifiers promise (tests/test_repository.py keeps them in
# step with requires-python).
PYTHONS = nox.project.python_versions(nox.project.load_toml(PYPROJECT))

# What pytest leaves out in these sessions (see above); a glob, so a test moved into a
# subfolder stays left out.
LEFT_OUT = ["*/test_browser.py", "*/test_slides.py", "*/test_deck_*.py",
            "*/test_web_offline.py", "*/test_lessons_run.py"]

nox.needs_version = ">=2026.10.20"          # --parallel, allow_parallel and --download-python
nox.options.sessions = ["tests"]
nox.options.error_on_missing_interpreters = True
nox.options.download_python = "never"
nox.options.reuse_venv = "yes"


def _runs(python):
    try:
        return subprocess.run([python, "-c", "pass"], capture_output=True,
                              timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _pyenv_pythons(version):
    roots = [os.environ.get("PYENV_ROOT"), os.path.expanduser("~/.pyenv")]
    found = []
    for root in dict.fromkeys(r for r in roots if r):
        found += glob.glob(os.path.join(root, "versions", f"{version}.*", "bin",
                                        f"python{version}"))
    # newest patch release first: 3.10.13 before 3.10.9
    return sorted(found, reverse=True,
                  key=lambda p: [int(n) for n in re.findall(r"\d+", Path(p).parents[1].name)])


def where_is(version):
    """A runnable pythonX.Y: the one on PATH, or else pyenv's newest installed X.Y.*."""
    for candidate in [shutil.which(f"python{version}"), *_pyenv_pythons(version)]:
        if candidate and _runs(candidate):
            return candidate
    return None


# A Python found outside PATH goes at PATH's front, where nox looks for it.
for _version in PYTHONS:
    _found = where_is(_version)
    if _found and shutil.which(f"python{_version}") != _found:
        os.environ["PATH"] = os.pathsep.join([str(Path(_found).parent), os.environ["PATH"]])


@contextlib.contextmanager
def _one_install_at_a_time():
    try:
        import fcntl
    except ImportError:                     # Windows: no lock, run sessions one at a time
        yield
        return
    lock = ROOT / ".nox" / "install.lock"
    lock.parent.mkdir(exist_ok=True)
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@nox.session(python=PYTHONS, allow_parallel=True)
def tests(session):
    """Library tests, then every lesson and solution under nbval (no browser, no slides)."""
    stamp = Path(session.virtualenv.location) / ".course-installed"
    wanted = hashlib.sha256(PYPROJECT.read_bytes()).hexdigest()
    if not (stamp.exists() and stamp.read_text() == wanted):
        with _one_install_at_a_time():
            session.install("-e", ".[test]", "scipy")
        stamp.write_text(wanted)
    session.run(
        "python", "-m", "pytest", "tests", "notebooks", "solutions",
        "-rs", "--nbval-lax", "--nbval-current-env",
        f"--nbval-cell-timeout={os.environ.get('CELL_TIMEOUT', '120')}",
        *[f"--ignore-glob={pattern}" for pattern in LEFT_OUT],
        *session.posargs,
        env={"OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "1")},
    )
