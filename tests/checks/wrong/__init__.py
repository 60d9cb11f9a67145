"""Typical wrong answers, one module per exercise (exNN_topic.py, named after its notebook).

Each module builds its list with ``WRONG, wrong = registry()`` and decorates every wrong
implementation with ``@wrong(function, kind, what, says=...)``: ``function`` is the student
function it replaces, ``kind`` names the mistake from the vocabulary in the module's
``REQUIRED_KINDS`` (so tests can require the typical ones), ``what`` says it in words, and
``says`` is a phrase the failing check's message must contain: the words that name this
misconception to the student (a ``Mistake``'s text, or a diagnosis such as "opposite sign").
tests/checks/test_exercises.py requires each of them to fail at least one check, and that
failure's message to contain ``says``.
"""


def registry(says_by_kind=None):
    """A fresh ``(WRONG, wrong)`` pair: the list, and the decorator that fills it.

    ``says_by_kind`` ({kind: phrase}) gives the ``says`` of every entry of that kind that
    does not give its own.
    """
    found = []

    def wrong(function, kind, what, says=None, names=None):
        # names="...": the Mistake's own phrase, so the message must say
        # "This looks like a known mistake: ..."; says="...": any words it must contain.
        phrase = says if says is not None else names
        if phrase is None:
            phrase = (says_by_kind or {}).get(kind)

        def register(fn):
            found.append({"function": function, "kind": kind, "what": what, "says": phrase,
                          "names": names, "impl": fn})
            return fn
        return register

    return found, wrong


def right_answers():
    """A fresh ``(RIGHT, right)`` pair for right answers in unusual forms.

    ``@right(what)`` on a function whose name is a student function (or a helper or class
    the student adds in a cell of their own): the function's source, without the decorator,
    is run in the notebook's namespace after the answer cells, as a cell the student added.
    Several functions with the same ``what`` form one answer (a helper and the function that
    uses it). tests/checks/test_exercises.py requires every answer to pass every check.
    """
    found = {}

    def right(what):
        def register(fn):
            found.setdefault(what, []).append(fn)
            return fn
        return register

    return found, right
