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

__all__ = ["Mistake", "known_mistake", "best_mistake", "failing_cases", "call_quietly"]


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


def best_mistake(mistakes, failing, rtol, atol):
    """The known mistake that explains every failing case, else None.

    Args:
        mistakes: ``Mistake``s with a ``fn`` (the reference's signature);
        failing: ``[(case, the student's answer on it)]`` for every case the answer got
            wrong (a ``course_lib.checks.Case``, anything array-like);
        rtol, atol: the check's tolerances.

    A mistake is named only when it gives the student's answer on *every* failing case (a
    case where both raise counts as agreeing) and on at least one of them by value: a
    coincidence on one case (dampening equals "lr applied twice" when lr = 1 - beta) never
    names the wrong one. When several do, the first listed wins.
    """
    def agrees(mistake, case, got):
        theirs = call_quietly(mistake.fn, case)
        if got is None or theirs is None:
            return got is None and theirs is None
        return known_mistake(got, {mistake: theirs}, rtol=rtol, atol=atol) is mistake

    for mistake in mistakes:
        if mistake.fn is None:
            continue
        verdicts = [agrees(mistake, case, got) for case, got in failing]
        if verdicts and all(verdicts) and any(got is not None for _, got in failing):
            return mistake
    return None


def failing_cases(student_fn, reference_fn, cases, differ):
    """``[(case, the student's answer or None if it raised)]`` for the ``cases`` where
    ``differ(answer, reference's answer)`` holds."""
    answers = [(case, call_quietly(student_fn, case)) for case in cases]
    return [(case, got) for case, got in answers
            if differ(got, call_quietly(reference_fn, case))]


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
