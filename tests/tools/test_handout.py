"""`course handout DIR`: the students' copy has no solutions or hidden tests, and
`course check` works in it."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tools.test_grading import _check_lines, _mistaken_gradients

ROOT = Path(__file__).resolve().parents[2]


def _course(*args, cwd=ROOT, timeout=120):
    return subprocess.run([sys.executable, "-m", "course_lib.tools.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    dest = tmp_path_factory.mktemp("handout") / "course"
    proc = _course("handout", str(dest))
    assert proc.returncode == 0, proc.stderr
    return dest


def test_the_handout_has_what_students_use_and_no_solutions_hidden_tests_or_tests(copy):
    for name in ("notebooks", "exercises", "course_lib", "README.md", "pyproject.toml",
                 "Makefile", "environment.yml", ".course/released"):
        assert (copy / name).exists(), name
    assert sorted(p.name for p in (copy / "exercises").glob("*.ipynb")) == sorted(
        p.name for p in (ROOT / "solutions").glob("*.ipynb"))
    for name in ("solutions", "tests", "docs", ".ci", ".git"):
        assert not (copy / name).exists(), name
    assert not list(copy.rglob("__pycache__"))
    for path in copy.rglob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, path


def test_course_check_works_in_the_handout_without_solutions(copy):
    name = "03_gradients"
    (copy / "exercises" / f"{name}.ipynb").write_text(json.dumps(_mistaken_gradients()),
                                                       encoding="utf-8")
    proc = _course("check", f"exercises/{name}.ipynb", cwd=copy, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    text = "\n".join(_check_lines(proc.stdout))
    assert "This looks like a known mistake: a sum where a mean belongs." in text, text
    assert sum("hidden: runs when your work is graded" in l for l in _check_lines(proc.stdout)) == 3


def test_a_handout_into_the_course_or_a_folder_in_use_is_refused(tmp_path):
    proc = _course("handout", str(ROOT / "build" / "handout"))
    assert proc.returncode == 2 and "lies inside the course" in proc.stderr
    (tmp_path / "x").write_text("mine")
    proc = _course("handout", str(tmp_path))
    assert proc.returncode == 2 and "is not empty" in proc.stderr
