"""Exercise checks: compare a student's function with a reference, name the mistake.

Modules: ``cases`` (``Case``, ``Answer``: what a check tries), ``compare`` (the check machinery: ``check_function``, ``check_answers``,
``check``/``expect``, ``CheckFailed``), ``mistakes`` (``Mistake``: a known misconception and
how to recognise it), ``diagnosis`` (the lines that describe how values differ: a sign, a
factor, a shape), ``shortcuts`` (``watch``: refuse an answer that calls the course_lib
code its task replaces), ``magic`` (``%check``, the one-line check cell), and one module
per exercise, ``exNN_topic`` (its reference, named mistakes and check functions).

``%load_ext course_lib.checks`` in an exercise's setup cell registers ``%check``.

Introduced in exercises/03_gradients.
"""

from .cases import Answer, Case, GradientOnly, course_path
from .compare import (NOT_IMPLEMENTED, CheckFailed, check, check_answers, check_function,
                      check_raises, check_value, expect, expect_close)
from .magic import load_ipython_extension, run_check
from .mistakes import Mistake, best_mistake, call_quietly, known_mistake
from .shortcuts import watch

# the exercise modules, imported with the package so that the grader's guard (which
# snapshots course_lib's modules before any student code runs) restores them too
from . import ex08_momentum, ex09_nesterov, ex10_adaptive  # noqa: E402,F401  (isort: skip)

__all__ = ["NOT_IMPLEMENTED", "CheckFailed", "Case", "Answer", "Mistake", "check", "expect",
           "expect_close", "check_function", "check_answers", "check_value", "check_raises",
           "known_mistake", "best_mistake", "call_quietly", "watch", "run_check",
           "load_ipython_extension", "course_path", "GradientOnly"]
