"""The course's web site: `make site` -> build/site/ (Sphinx + myst-nb + sphinx-book-theme).

Stages the site's sources in build/site-src/ with the repository's own layout, so that
every link in the README and in the lessons resolves as it does on GitHub:
- README.md, the home page (build/site/README.html; index.html leads there), with a hidden
  table of contents appended;
- notebooks/: the ten lessons as executed once in build/executed/
  (tests/support/executed_lessons.py), widget state included;
- exercises/: the exercise notebooks as handed out (unexecuted; never solutions/);
- any other notebook in notebooks/ (not NN_topic: a reference page), as written;
- every other file the README links to (docs/exercises.md, LICENSE, the data sets' README);
- api/: course_lib's reference, one page per public module, found by walking the package
  (pkgutil), so renamed or new modules need no edit here; the names students import from
  `course_lib` itself are listed on api/index with a link to where each is documented.
Then runs Sphinx (docs/conf.py) with warnings as errors. MathJax and the widget renderer
come from build/assets/ (tests/support/web_assets.py), which must stay next to build/site/.

Run: .venv/bin/python tests/support/site_build.py [--out build/site]
"""

import argparse
import importlib
import os
import pkgutil
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):                # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.support import executed_lessons, web_assets  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "build" / "site-src"
OUT = ROOT / "build" / "site"
EXERCISES = sorted((ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))
# Other notebooks in notebooks/ (e.g. a notation page the lessons link to): shown as written
OTHERS = sorted(set((ROOT / "notebooks").glob("*.ipynb")) - set(executed_lessons.LESSONS))
# relative links in Markdown: [text](target), target without a scheme or an anchor only
LINK = re.compile(r"\]\((?![a-z]+:|#)([^)\s#]+)(#[^)]*)?\)")


def readme_links(text):
    """The repository files README.md links to (relative paths)."""
    return [m.group(1) for m in LINK.finditer(text)]


def public_modules(package="course_lib"):
    """Every importable module of `package` without a leading underscore in its name."""
    root = importlib.import_module(package)
    names = [package]
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return sorted(names)


def api_pages(source):
    """api/index.md (the names students import from course_lib, each linked to where it is
    documented) and one page per top-level module or subpackage of course_lib, holding it
    and every public module under it."""
    import course_lib
    api = source / "api"
    api.mkdir(parents=True)
    groups = {}
    for name in public_modules():
        if name != "course_lib":
            groups.setdefault(".".join(name.split(".")[:2]), []).append(name)
    for group, names in groups.items():
        body = "".join(f"\n## {name}\n" * (name != group)
                       + f"\n```{{eval-rst}}\n.. automodule:: {name}\n```\n"
                       for name in names)
        (api / f"{group}.md").write_text(f"# {group}\n{body}", encoding="utf-8")
    rows = []
    for name in course_lib.__all__:
        home = getattr(course_lib, name).__module__
        rows.append(f"| {{py:obj}}`{name} <{home}.{name}>` | `{home}` |")
    toc = "\n".join(sorted(groups))
    (api / "index.md").write_text(
        "# API reference\n\n"
        "Generated from course_lib's docstrings, shown as written.\n\n"
        "```{eval-rst}\n.. automodule:: course_lib\n```\n\n"
        "The names a notebook imports from `course_lib` itself:\n\n"
        "| name | documented in |\n|---|---|\n"
        + "\n".join(rows) + f"\n\n```{{toctree}}\n:maxdepth: 1\n\n{toc}\n```\n",
        encoding="utf-8")


def stage(source=SOURCE, executed=executed_lessons.OUT):
    """Copy and generate the site's sources into `source` (emptied first)."""
    if source.exists():
        shutil.rmtree(source)
    (source / "notebooks").mkdir(parents=True)
    (source / "exercises").mkdir()
    for lesson in executed_lessons.LESSONS:
        shutil.copy2(executed_lessons.executed_path(lesson, executed), source / "notebooks")
    for exercise in EXERCISES:
        shutil.copy2(exercise, source / "exercises")
    for other in OTHERS:
        shutil.copy2(other, source / "notebooks")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in readme_links(readme):
        if not (source / target).exists():
            (source / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / target, source / target)
    api_pages(source)
    others = sorted(p.relative_to(source).with_suffix("").as_posix()
                    for p in source.rglob("*.md") if p.parent.name != "api"
                    and p != source / "README.md")
    toc = [("Lessons", [f"notebooks/{p.stem}" for p in executed_lessons.LESSONS]),
           ("Exercises", [f"exercises/{p.stem}" for p in EXERCISES]),
           ("Reference", [*(f"notebooks/{p.stem}" for p in OTHERS), "api/index", *others])]
    readme += "".join(f"\n```{{toctree}}\n:hidden:\n:caption: {caption}\n\n"
                      + "\n".join(entries) + "\n```\n" for caption, entries in toc)
    (source / "README.md").write_text(readme, encoding="utf-8")
    return source


def build(out=OUT, source=SOURCE):
    """Stage and build the site into `out`; raises with Sphinx's output on any warning."""
    web_assets.ensure()
    results = executed_lessons.ensure()
    failed = executed_lessons.report(results)
    if failed:
        raise RuntimeError(f"{failed} lessons did not run (above); the site needs them all")
    stage(source)
    doctrees = Path(source).parent / "site-doctrees"
    for stale in (Path(out), doctrees):       # a fresh build: no cross-reference left stale
        if stale.exists():
            shutil.rmtree(stale)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q",
                          "-j", "auto", "-b", "html", "-c", str(ROOT / "docs"), "-d",
                          str(doctrees), str(source), str(out)],
                         capture_output=True, text=True, env=env)
    if run.returncode:
        raise RuntimeError(f"Sphinx failed (warnings are errors):\n{run.stdout}{run.stderr}")
    (Path(out) / "index.html").write_text(
        '<!doctype html>\n<meta charset="utf-8">\n<title>Optimization for Deep Learning'
        '</title>\n<meta http-equiv="refresh" content="0; url=README.html">\n'
        '<a href="README.html">Optimization for Deep Learning</a>\n', encoding="utf-8")
    return Path(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        out = build(args.out)
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    pages = len(list(out.rglob("*.html")))
    print(f"{pages} pages in {time.perf_counter() - start:.0f} s: open {out / 'index.html'} "
          "(no network needed; keep build/assets next to it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
