"""The course in the browser, nothing installed: `make lite` -> build/lite/ (JupyterLite).

Builds, with no network:
- course_lib as a wheel (from a copy of the package's sources, so the repository's own
  build/ folder gets no setuptools leftovers), served by the site's own piplite index;
- a JupyterLite site (jupyterlite-core + jupyterlite-pyodide-kernel) holding the lessons
  (notebooks/), the exercises as handed out (exercises/) and the README, each notebook with
  one first cell added, `%pip install course_lib`, which installs that wheel in the
  browser's Python;
- build/lite/lab/index.html opens JupyterLab with the file browser on them.

What needs a network when the page is viewed: the Pyodide runtime (Python compiled to
WebAssembly), its numpy and matplotlib, and ipywidgets from PyPI, which JupyterLite
fetches from the Pyodide CDN and PyPI when a kernel starts (no registry ships them for a
local copy). The JupyterLab page itself, the notebooks and course_lib's wheel are local.

Run: .venv/bin/python tests/support/lite_build.py [--out build/lite]
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "build" / "lite-src"
OUT = ROOT / "build" / "lite"
FOLDERS = ("notebooks", "exercises")
INSTALL_CELL = {
    "cell_type": "code", "id": "jupyterlite-install", "execution_count": None,
    "metadata": {"slideshow": {"slide_type": "skip"}}, "outputs": [],
    "source": ["# In JupyterLite only: install the course's library into this browser tab's\n",
               "# Python (the first time takes a while: Python itself is being downloaded).\n",
               "%pip install -q course_lib"]}


def wheel(out):
    """course_lib's wheel, built offline from a copy of its sources; returns its path."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            shutil.copy2(ROOT / name, project)
        shutil.copytree(ROOT / "course_lib", project / "course_lib",
                        ignore=shutil.ignore_patterns("__pycache__"))
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                        "--no-build-isolation", "--wheel-dir", str(out), str(project)],
                       check=True)
    return next(Path(out).glob("course_lib-*.whl"))


def with_install_cell(path, target):
    """Copy notebook `path` to `target` with the install cell first."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    nb["cells"].insert(0, INSTALL_CELL)
    nb["metadata"]["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)",
                                    "language": "python"}
    target.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def stage(source=SOURCE):
    """The notebooks, the README and the wheel JupyterLite is built from, in `source`."""
    if source.exists():
        shutil.rmtree(source)
    contents = source / "contents"
    for folder in FOLDERS:
        (contents / folder).mkdir(parents=True)
        for path in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb")):
            with_install_cell(path, contents / folder / path.name)
    shutil.copy2(ROOT / "README.md", contents)
    return contents, wheel(source / "wheels")


def build(out=OUT, source=SOURCE):
    """Stage and build the JupyterLite site into `out`; returns its path."""
    out, source = Path(out).resolve(), Path(source).resolve()   # the build runs in source
    contents, course_wheel = stage(source)
    if Path(out).exists():
        shutil.rmtree(out)
    command = [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(source),
               "--output-dir", str(out), "--piplite-wheels", str(course_wheel),
               "--contents", str(contents)]                 # its folders, kept as folders
    run = subprocess.run(command, cwd=source, capture_output=True, text=True)
    if run.returncode:
        raise RuntimeError(f"jupyter lite build failed:\n{run.stdout[-3000:]}{run.stderr[-3000:]}")
    return Path(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        out = build(args.out)
    except (RuntimeError, subprocess.CalledProcessError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"JupyterLite in {time.perf_counter() - start:.0f} s: serve {out} over HTTP "
          f"(e.g. python -m http.server -d {out}) and open lab/index.html; the Python "
          "runtime itself comes from the Pyodide CDN when a notebook starts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
