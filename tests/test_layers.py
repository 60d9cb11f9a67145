"""course_lib's layers: who may import what, read from the source with ast.

Layers, lowest first: ``_validate``, ``gradients`` and ``data``; ``surfaces`` and ``optimizers``;
``learning`` and ``checks`` (all NumPy only); ``plots`` (matplotlib); ``widgets``
(ipywidgets); ``tools``. A module imports only from its own layer
or lower ones; the NumPy-only layers never import matplotlib, ipywidgets, nbformat or
pytest, not even inside a function; no module imports another module's _private names;
inside course_lib a name is imported from the module that defines it, not from a package
face that re-exports it; no module is over 300 lines.

Each rule is a function of source text, so the last tests can show that each one fails
on a module that breaks it.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import course_lib

PACKAGE = Path(course_lib.__file__).resolve().parent
# and the test-only references: the course runs without torch and scipy
FORBIDDEN_IN_NUMPY_LAYERS = ("matplotlib", "ipywidgets", "nbformat", "pytest", "torch", "scipy")
MAX_LINES = 300
# Layer of each subpackage; "" is the top level. A module may import layers <= its own.
LAYERS = {"": 0, "data": 0, "surfaces": 1, "optimizers": 1, "learning": 2, "checks": 2,
          "plots": 3, "widgets": 4, "tools": 5}
NUMPY_ONLY = 2                       # layers 0 to 2: NumPy (and the standard library) only


def module_name(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(name):
    """The layer of a course_lib module, e.g. 'course_lib.plots.curves' -> 2."""
    parts = name.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return LAYERS[parts[1]]
    return 0


def is_package(name, modules):
    path = modules.get(name)
    return path is not None and path.name == "__init__.py"


def resolve(node, name, modules):
    """The absolute module an ImportFrom node reads from, inside module `name`."""
    if not node.level:
        return node.module
    base = name.split(".")
    if not is_package(name, modules):
        base = base[:-1]
    base = base[:len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def imports(source, name, modules=MODULES):
    """Every import of a module, at any depth (inside functions too).

    Yields (line, imported module, names taken from it; () for a plain `import x`).
    """
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            yield node.lineno, resolve(node, name, modules), tuple(a.name for a in node.names)


def defined_names(source):
    """The names a module defines itself at top level (not the ones it imports)."""
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


# --- the rules: each returns a list of violations (strings) ------------------------------

def forbidden_imports(source, name, modules=MODULES):
    """NumPy-only layers importing matplotlib, ipywidgets, nbformat or pytest."""
    if layer_of(name) > NUMPY_ONLY:
        return []
    return [f"{name}:{line} imports {module}" for line, module, _ in imports(source, name, modules)
            if module.split(".")[0] in FORBIDDEN_IN_NUMPY_LAYERS]


def upward_imports(source, name, modules=MODULES):
    """Imports of a higher layer (plots importing widgets or tools, core importing plots...)."""
    own = layer_of(name)
    if name == "course_lib":
        own = NUMPY_ONLY            # the package face also re-exports learning and data
    found = []
    for line, module, names in imports(source, name, modules):
        targets = [module] + [f"{module}.{n}" for n in names if f"{module}.{n}" in modules]
        for target in targets:
            if target.split(".")[0] == "course_lib" and layer_of(target) > own:
                found.append(f"{name}:{line} imports {target} from a higher layer")
    return found


def private_imports(source, name, modules=MODULES):
    """`from x import _private`: a name another module keeps to itself."""
    return [f"{name}:{line} imports {n} from {module}"
            for line, module, names in imports(source, name, modules)
            for n in names if n.startswith("_") and not n.startswith("__")]


def face_imports(source, name, modules=MODULES, sources=None):
    """A name imported from a module that does not define it (a package face re-exporting)."""
    found = []
    for line, module, names in imports(source, name, modules):
        if module not in modules:
            continue
        target_source = (sources or {}).get(module) or modules[module].read_text()
        defined = defined_names(target_source)
        for n in names:
            if n != "*" and n not in defined and f"{module}.{n}" not in modules:
                found.append(f"{name}:{line} imports {n} from {module}, which does not "
                             f"define it; import it from its own module")
    return found


def too_long(source, name):
    lines = len(source.splitlines())
    return [f"{name} has {lines} lines (> {MAX_LINES})"] if lines > MAX_LINES else []


def loaded_by_import(module):
    """The forbidden packages that `import module` loads, in a fresh interpreter."""
    code = (f"import sys, {module}; "
            f"print(' '.join(sorted(m for m in {FORBIDDEN_IN_NUMPY_LAYERS!r} if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return out.stdout.split()


# --- the rules, applied to course_lib ----------------------------------------------------

def all_violations(rule):
    return [v for name, path in MODULES.items() for v in rule(path.read_text(), name)]


def test_the_layers_are_all_there():
    assert {f"course_lib.{layer}" for layer in LAYERS if layer} <= set(MODULES)
    top_level = {name for name in MODULES if name.count(".") == 1 and name[11:] not in LAYERS}
    assert top_level == {"course_lib._validate", "course_lib.gradients"}
    assert len(MODULES) > 30


@pytest.mark.parametrize("rule", [forbidden_imports, upward_imports, private_imports,
                                  face_imports, too_long], ids=lambda r: r.__name__)
def test_no_module_breaks_the_rule(rule):
    assert all_violations(rule) == []


@pytest.mark.parametrize("module", ["course_lib", "course_lib.learning", "course_lib.data"])
def test_importing_the_numpy_layers_loads_no_plotting_widgets_or_test_tools(module):
    assert loaded_by_import(module) == []


def test_the_package_face_keeps_the_course_md_names():
    contract = ["Quadratic", "Rosenbrock", "Beale", "Himmelblau", "Saddle", "numerical_gradient",
                "gradient_check", "GradientDescent", "Momentum", "Nesterov", "AdaGrad",
                "RMSProp", "Adam", "run", "minibatches", "load_digits", "load_diabetes",
                "LinearRegression", "LogisticRegression", "SoftmaxRegression", "MLP", "train"]
    assert set(contract) <= set(course_lib.__all__)
    assert all(hasattr(course_lib, n) for n in course_lib.__all__)


# --- each rule can fail ------------------------------------------------------------------

def test_forbidden_imports_are_found_even_inside_functions():
    bad = "import numpy as np\n\ndef f():\n    import matplotlib.pyplot as plt\n"
    assert forbidden_imports(bad, "course_lib.surfaces") == [
        "course_lib.surfaces:4 imports matplotlib.pyplot"]
    assert forbidden_imports("from pytest import approx\n", "course_lib.learning.models")
    assert forbidden_imports(bad, "course_lib.plots.curves") == []      # plots may


def test_an_upward_import_is_found():
    assert upward_imports("from course_lib.widgets.base import Explorer\n",
                          "course_lib.plots.curves")
    assert upward_imports("from course_lib import tools\n", "course_lib.plots.curves")
    assert upward_imports("from ..plots import contours\n", "course_lib.learning.training")
    assert upward_imports("from course_lib.learning.batches import minibatches\n",
                          "course_lib.optimizers.running")
    assert upward_imports("from ..checks.compare import check\n", "course_lib.surfaces.classic")
    assert upward_imports("from course_lib.optimizers.base import Optimizer\n",
                          "course_lib.checks.compare") == []
    assert upward_imports("from course_lib.plots.contours import new_ax\n",
                          "course_lib.widgets.lr") == []


def test_a_private_import_is_found():
    assert private_imports("from course_lib.surfaces.line_fit import _moments\n",
                           "course_lib.optimizers.stability") == [
        "course_lib.optimizers.stability:1 imports _moments from course_lib.surfaces.line_fit"]
    assert private_imports("from ._validate import positive\n", "course_lib.surfaces") == []


def test_an_import_from_a_package_face_is_found():
    found = face_imports("from course_lib import Quadratic\n", "course_lib.optimizers.stability")
    assert len(found) == 1 and "Quadratic from course_lib," in found[0]
    assert face_imports("from .learning import minibatches\n", "course_lib")
    assert face_imports("from course_lib.surfaces import Quadratic\n",
                        "course_lib.optimizers.stability")
    assert face_imports("from course_lib.surfaces.classic import Quadratic\n",
                        "course_lib.optimizers.stability") == []
    assert face_imports("from course_lib.tools import grading\n", "course_lib.tools.cli") == []


def test_a_long_module_is_found():
    assert too_long("x = 1\n" * 301, "course_lib.big") == ["course_lib.big has 301 lines (> 300)"]
    assert too_long("x = 1\n" * 300, "course_lib.big") == []


def test_the_subprocess_check_sees_matplotlib_when_it_is_loaded():
    assert "matplotlib" in loaded_by_import("course_lib.plots")
