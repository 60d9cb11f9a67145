"""Every example in course_lib's docstrings runs and prints what it says."""

import doctest
import importlib
import pkgutil

import matplotlib
import pytest

import course_lib

matplotlib.use("Agg")
MODULES = sorted(m.name for m in pkgutil.walk_packages(course_lib.__path__, "course_lib."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed"


def test_the_core_documents_examples():
    # Guard against a vacuous suite: the optimizers alone carry six examples.
    finder = doctest.DocTestFinder()
    examples = sum(len(t.examples) for name in ("course_lib.optimizers.momentum",
                                                        "course_lib.optimizers.adaptive")
                   for t in finder.find(importlib.import_module(name)))
    assert examples >= 6


# --- one docstring form (the NumPy-only layers) -------------------------------------------
# summary, intuition, rule, Args (for anything that takes arguments), Returns (functions),
# an example, references where there is a source, "Introduced in notebooks/NN_topic".

FORM_MODULES = ["course_lib.gradients", "course_lib.data"] + [
    m for m in MODULES if m.split(".")[1] in ("surfaces", "optimizers", "learning")]


def public_objects(name):
    import inspect
    module = importlib.import_module(name)
    yield name, module
    for attr in getattr(module, "__all__", []):
        obj = getattr(module, attr)
        if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == name:
            yield f"{name}.{attr}", obj


def form_problems(qualname, obj):
    import inspect
    doc = inspect.getdoc(obj) or ""
    problems = []
    if not doc or not doc.splitlines()[0].strip():
        problems.append("no one-line summary")
    wanted = [(">>>", "an example"), ("Introduced in notebooks/", "'Introduced in notebooks/'")]
    target = obj.__init__ if inspect.isclass(obj) else obj
    if callable(target) and not inspect.ismodule(obj):
        try:
            params = [p for p in inspect.signature(target).parameters if p not in ("self",)]
        except (TypeError, ValueError):
            params = []
        if params and not (inspect.isclass(obj) and target is object.__init__):
            wanted.append(("Args:", "Args:"))
        if inspect.isfunction(obj):
            wanted.append(("Returns", "Returns"))
    problems += [f"no {what}" for mark, what in wanted if mark not in doc]
    positions = [doc.find(m) for m in ("Args:", "Returns", ">>>", "Introduced in notebooks/")]
    present = [p for p in positions if p >= 0]
    if present != sorted(present):
        problems.append("sections out of order (Args, Returns, example, Introduced)")
    return [f"{qualname}: {p}" for p in problems]


@pytest.mark.parametrize("name", FORM_MODULES)
def test_docstrings_follow_the_course_form(name):
    problems = [p for q, obj in public_objects(name) for p in form_problems(q, obj)]
    assert problems == []


def test_the_form_check_finds_a_missing_section():
    def bare(lr):
        """Do a thing.

        >>> 1
        1
        """
    assert form_problems("bare", bare) == ["bare: no 'Introduced in notebooks/'",
                                           "bare: no Args:", "bare: no Returns"]
