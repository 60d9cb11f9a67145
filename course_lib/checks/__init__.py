"""Exercise checks: compare a student's function with a reference, name the mistake.

Modules: ``compare`` (the check machinery: ``check_function``, ``check_answers``,
``check``/``expect``, ``CheckFailed``), ``mistakes`` (``Mistake``: a known misconception and
how to recognise it), ``diagnosis`` (the lines that describe how values differ: a sign, a
factor, a shape).

Introduced in exercises/03_gradients.
"""

from .compare import (NOT_IMPLEMENTED, Answer, Case, CheckFailed, check, check_answers,
                      check_function, check_raises, check_value, expect, expect_close)
from .mistakes import Mistake, best_mistake, call_quietly, known_mistake

__all__ = ["NOT_IMPLEMENTED", "CheckFailed", "Case", "Answer", "Mistake", "check", "expect",
           "expect_close", "check_function", "check_answers", "check_value", "check_raises",
           "known_mistake", "best_mistake", "call_quietly"]
