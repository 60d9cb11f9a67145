"""Known mistakes: a typical wrong answer, named, so a failing check can say which it is.

Intuition: "values differ" tells a student that something is wrong; "this looks like the
velocity being reset every step" tells her what to rethink. A ``Mistake`` pairs that
phrase with a function (or a value) that makes exactly that mistake; ``known_mistake``
finds the one a wrong answer agrees with. ``course_lib.checks`` uses both.

Example:
    >>> import numpy as np
    >>> reversed_sum = Mistake("the sum runs backwards", lambda x: np.cumsum(x[::-1]))
    >>> known_mistake([3.0, 5.0, 6.0], {reversed_sum: [3.0, 5.0, 6.0]})
    Mistake('the sum runs backwards')

Introduced in exercises/03_gradients.
"""

import copy

import numpy as np

__all__ = ["Mistake", "known_mistake", "best_mistake", "call_quietly"]


class Mistake:
    """A typical wrong answer: what it gets wrong, in words, and a function that makes it.

    Args:
        says: the misconception as a phrase that completes "This looks like a known
            mistake: ...", e.g. "the velocity is reset every step".
        fn: a function with the reference's signature that makes exactly this mistake
            (needed by ``check_function``; a mistake matched by value through
            ``expect_close`` or ``known_mistake`` may leave it out).
        hint: a hint for this mistake (the idea to fix, never the code); optional.

    Example:
        >>> Mistake("a sum where a mean belongs").line()
        'This looks like a known mistake: a sum where a mean belongs.'
    """

    def __init__(self, says, fn=None, hint=""):
        self.says, self.fn, self.hint = says, fn, hint

    def __repr__(self):
        return f"Mistake({self.says!r})"

    def line(self):
        """The sentence a failing check adds: "This looks like a known mistake: ..."."""
        return f"This looks like a known mistake: {self.says}."


def known_mistake(got, mistakes, *, rtol=1e-7, atol=1e-10):
    """The first of ``mistakes`` whose value ``got`` matches, else None.

    Args:
        got: the student's answer (anything array-like).
        mistakes: {Mistake or phrase: the value that mistake produces}; a value that
            cannot be compared (None, another shape) never matches.
        rtol, atol: tolerances of ``np.allclose``.

    Returns the matching key, or None.

    Example:
        >>> known_mistake(2.0, {"doubled": 2.0, "halved": 0.5})
        'doubled'
    """
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return None
    for mistake, value in mistakes.items():
        try:
            value = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            continue
        if value.shape == got.shape and np.allclose(got, value, rtol=rtol, atol=atol,
                                                    equal_nan=True):
            return mistake
    return None


def best_mistake(student_fn, mistakes, case, cases, got, rtol, atol):
    """The known mistake a failing answer makes, judged on all the cases.

    Args:
        student_fn: the student's function; mistakes: ``Mistake``s with a ``fn``;
        case: the failing case (a ``course_lib.checks.Case``), ``got`` the answer on it;
        cases: all the check's cases; rtol, atol: the check's tolerances.

    Returns the mistake the answer matches on ``case`` (when several do, the one it matches
    on the most cases, so a coincidence on one case does not name the wrong one), or None.
    """
    matching = [m for m in mistakes if m.fn is not None
                and known_mistake(got, {m: call_quietly(m.fn, case)}, rtol=rtol, atol=atol)]
    if len(matching) < 2:
        return matching[0] if matching else None
    answers = [call_quietly(student_fn, other) for other in cases]
    return max(matching, key=lambda m: sum(
        a is not None and known_mistake(a, {m: call_quietly(m.fn, other)}, rtol=rtol, atol=atol) is m
        for a, other in zip(answers, cases)))


def call_quietly(fn, case):
    """``fn`` on fresh copies of the case's arguments, warnings silenced.

    Args:
        fn: a function; case: anything with ``args`` and ``kwargs``.

    Returns the result, or None when ``fn`` raises.
    """
    try:
        with np.errstate(all="ignore"):
            return fn(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
    except Exception:           # a mistake that cannot run on this case matches nothing
        return None
