"""Repository rules: the two environment files agree, notebooks are committed clean."""

import ast
import fnmatch
import json
import re
import subprocess
from pathlib import Path

try:
    import tomllib                      # Python 3.11 and newer
except ModuleNotFoundError:             # Python 3.10: the same parser, from `.[test]`
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def _names(requirements):
    return {re.split(r"[<>=!~ \[]", r, maxsplit=1)[0].strip().lower() for r in requirements}


def test_environment_yml_names_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = _names(project["dependencies"] + extras["lab"] + extras["test"])
    listed = set()
    text = (ROOT / "environment.yml").read_text().split("dependencies:", 1)[1]
    for line in text.splitlines():
        m = re.match(r"\s+-\s+([A-Za-z0-9_.\-]+)", line)
        if m and m.group(1) not in ("python", "pip", "-e"):
            listed.add(m.group(1).lower())
    assert listed == wanted, f"environment.yml and pyproject.toml differ: {listed ^ wanted}"


def test_the_pythons_promised_are_the_pythons_tested():
    """pyproject's classifiers name the Pythons noxfile.py tests (one session each) and
    .ci/run tests the oldest and newest of; requires-python, environment.yml and the
    README start where they start."""
    text = (ROOT / "pyproject.toml").read_text()
    project = tomllib.loads(text)["project"]
    minors = sorted(int(c.rsplit(".", 1)[1]) for c in project.get("classifiers", [])
                    if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c))
    assert minors, "pyproject.toml: add a 'Programming Language :: Python :: 3.X' classifier"
    assert minors == list(range(minors[0], minors[-1] + 1)), (
        f"pyproject.toml's classifiers skip a Python between 3.{minors[0]} and "
        f"3.{minors[-1]}: {minors}; make test-pythons tests each one listed, list them all")
    for minor in minors:          # .ci/run finds the oldest and newest with grep
        assert f'"Programming Language :: Python :: 3.{minor}"' in text, (
            f"write the 3.{minor} classifier in double quotes: .ci/run greps for it")
    oldest = f"3.{minors[0]}"
    assert project["requires-python"] == f">={oldest}", (
        f"requires-python is {project['requires-python']!r} but the oldest Python tested "
        f"is {oldest}: make it '>={oldest}'")
    assert f"python>={oldest}" in (ROOT / "environment.yml").read_text(), (
        f"environment.yml should ask for python>={oldest}, the oldest Python tested")
    readme = (ROOT / "README.md").read_text()
    assert f"Python {oldest}+" in readme and f"Python {oldest} or newer" in readme, (
        f"the README's Start and Requirements should name Python {oldest} as the oldest")


def test_every_committed_notebook_is_free_of_outputs_and_execution_counts():
    tracked = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    dirty = []
    for name in tracked:
        nb = json.loads((ROOT / name).read_text())
        for cell in nb["cells"]:
            if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count")):
                dirty.append(name)
                break
    assert not dirty, f"commit these notebooks without outputs: {dirty}"


def test_nothing_installed_or_built_is_tracked():
    """node_modules, .venv and build/ are made by `make`; a tracked one (even a symlink a
    worktree left behind) replaces the real folder on checkout and breaks `npm ci`."""
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split("\n")
    made = [name for name in tracked
            if name.split("/")[0] in {"node_modules", ".venv", "build", ".nox"}]
    assert not made, f"untrack these (git rm --cached) and keep them ignored: {made[:5]}"


LINK = re.compile(r"\]\(([^)\s]+)\)")


def _markdown_texts():
    """(file, markdown text) for the README and every markdown cell of every notebook."""
    yield "README.md", (ROOT / "README.md").read_text()
    for folder in ("notebooks", "exercises", "solutions"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            for cell in json.loads(path.read_text())["cells"]:
                if cell["cell_type"] == "markdown":
                    yield str(path.relative_to(ROOT)), "".join(cell["source"])


def test_every_relative_link_points_to_a_file_that_exists():
    broken = []
    for name, text in _markdown_texts():
        for target in LINK.findall(text):
            if re.match(r"[a-z]+:|#", target):          # web links and in-page anchors
                continue
            if not (ROOT / name).parent.joinpath(target.split("#")[0]).exists():
                broken.append(f"{name} -> {target}")
    assert not broken, f"links to missing files: {broken}"


# Installed by `make test` only (pyproject's `web` and `reference` extras), never by the
# nox sessions of `make test-pythons`, which install `.[test]` and SciPy.
ONLY_IN_MAKE_TEST = {"nbclient", "nbconvert", "sphinx", "myst_nb", "jupyterlite_core",
                     "playwright", "torch"}


def _module_level_imports(path):
    """Top-level package names a module imports when it is loaded (not inside functions)."""
    names = set()
    for node in ast.parse(path.read_text()).body:
        for inner in ast.walk(node) if isinstance(node, (ast.Try, ast.If)) else [node]:
            if isinstance(inner, ast.Import):
                names |= {alias.name for alias in inner.names}
            elif isinstance(inner, ast.ImportFrom) and inner.level == 0 and inner.module:
                names.add(inner.module)
                names |= {f"{inner.module}.{alias.name}" for alias in inner.names}
    return names


def _imports_when_loaded(path, seen=None):
    """Every top-level package loading `path` imports, following tests.support.* modules."""
    seen = set() if seen is None else seen
    packages = set()
    for name in _module_level_imports(path):
        if name.startswith("tests."):
            module = ROOT / (name.replace(".", "/") + ".py")
            if module.exists() and module not in seen:
                seen.add(module)
                packages |= _imports_when_loaded(module, seen)
        else:
            packages.add(name.split(".")[0])
    return packages


def test_every_test_module_the_nox_sessions_run_imports_only_what_they_install():
    """A test module that imports nbconvert, playwright or torch when loaded (itself or
    through tests/support) is left out of noxfile.py's sessions, or make test-pythons fails
    to collect it (as it did when the deck tests arrived)."""
    tree = ast.parse((ROOT / "noxfile.py").read_text())
    left_out = next(ast.literal_eval(node.value) for node in tree.body
                    if isinstance(node, ast.Assign) and node.targets[0].id == "LEFT_OUT")
    wrong = {}
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        if any(fnmatch.fnmatch(str(path), pattern) for pattern in left_out):
            continue
        missing = _imports_when_loaded(path) & ONLY_IN_MAKE_TEST
        if missing:
            wrong[str(path.relative_to(ROOT))] = sorted(missing)
    assert not wrong, ("these test modules import packages the nox sessions do not install; "
                       f"add them to noxfile.py's LEFT_OUT or import lazily: {wrong}")
