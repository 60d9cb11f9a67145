"""`course collect ZIP --out SUBMISSIONS`: Canvas and Moodle bulk downloads as one folder per
student, each file keeping its submission time; nothing escapes the output folder."""
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _zip(path, members):
    with zipfile.ZipFile(path, "w") as zf:
        for name, when in members:
            zf.writestr(zipfile.ZipInfo(name, date_time=when), b'{"cells": []}')
    return path


def _collect(archive, out):
    return subprocess.run([sys.executable, "-m", "course_lib.tools.cli", "collect", str(archive),
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=60)


def _tree(out):
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())


def test_a_canvas_download_becomes_a_folder_per_student_with_submission_times(tmp_path):
    archive = _zip(tmp_path / "canvas.zip", [
        ("smithalice_1234_998877_04_gradient_descent.ipynb", (2026, 3, 1, 23, 50, 0)),
        ("smithalice_LATE_1234_998899_04_gradient_descent-1.ipynb", (2026, 3, 2, 9, 15, 0)),
        ("jonesbob_5678_998800_08_momentum.ipynb", (2026, 3, 1, 12, 0, 0))])
    proc = _collect(archive, tmp_path / "subs")
    assert proc.returncode == 0, proc.stderr
    assert _tree(tmp_path / "subs") == ["jonesbob/08_momentum.ipynb",
                                        "smithalice/04_gradient_descent-1.ipynb",
                                        "smithalice/04_gradient_descent.ipynb"]
    late = tmp_path / "subs" / "smithalice" / "04_gradient_descent-1.ipynb"
    assert time.localtime(os.path.getmtime(late))[:6] == (2026, 3, 2, 9, 15, 0)


def test_a_moodle_download_and_hostile_names_stay_inside_the_output_folder(tmp_path):
    archive = _zip(tmp_path / "moodle.zip", [
        ("Alice Smith_4242_assignsubmission_file_/04_gradient_descent.ipynb", (2026, 3, 1, 8, 0, 0)),
        ("Bob Jones_4243_assignsubmission_file_/sub/08_momentum.ipynb", (2026, 3, 1, 8, 0, 0)),
        ("../../evil.ipynb", (2026, 3, 1, 8, 0, 0)),
        ("/etc/evil2.ipynb", (2026, 3, 1, 8, 0, 0))])
    proc = _collect(archive, tmp_path / "subs")
    assert proc.returncode == 0, proc.stderr
    assert _tree(tmp_path / "subs") == ["Alice Smith/04_gradient_descent.ipynb",
                                        "Bob Jones/sub_08_momentum.ipynb",
                                        "etc/evil2.ipynb", "unknown/evil.ipynb"]
    assert not (tmp_path / "evil.ipynb").exists()


def test_collect_refuses_a_file_that_is_not_a_zip_or_a_folder_in_use(tmp_path):
    (tmp_path / "not.zip").write_text("hello")
    proc = _collect(tmp_path / "not.zip", tmp_path / "subs")
    assert proc.returncode == 2 and "cannot open" in proc.stderr and "zip" in proc.stderr
