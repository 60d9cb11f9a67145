"""Typical wrong answers, one module per exercise (exNN_topic.py, named after its notebook).

Each module builds its list with ``WRONG, wrong = registry()`` and decorates every wrong
implementation with ``@wrong(function, kind, what)``: ``function`` is the student function
it replaces, ``kind`` names the mistake from the vocabulary in the module's
``REQUIRED_KINDS`` (so tests can require the typical ones), ``what`` says it in words.
tests/test_exercises.py requires each of them to fail at least one check; with
``names="..."`` also that a failing check's message names that misconception
("This looks like a known mistake: ...").
"""


def registry():
    """A fresh ``(WRONG, wrong)`` pair: the list, and the decorator that fills it."""
    found = []

    def wrong(function, kind, what, names=None):
        def register(fn):
            found.append({"function": function, "kind": kind, "what": what, "impl": fn,
                          "names": names})
            return fn
        return register

    return found, wrong
