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
    examples = sum(len(t.examples) for name in ("course_lib.optimizers", "course_lib.adaptive")
                   for t in finder.find(importlib.import_module(name)))
    assert examples >= 6
