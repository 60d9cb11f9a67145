"""``%check``: an exercise's check cell in one line, with no name left in the notebook.

Intuition: a check cell that imports a reference (``from course_lib import Momentum``) or
defines helpers puts those names into the student's notebook, where the student can call
them (``return reference(...)``) or where they replace the student's own helper of the same
name. The setup cell of every exercise loads this IPython extension (``%load_ext
course_lib.checks``); a check cell then reads

    %check ex08_momentum.check_momentum_train(momentum_train)

The line is a Python call evaluated in a namespace of its own: ``exNN_topic`` names the
exercise's module in ``course_lib.checks``; ``np``, ``Case`` and ``Answer`` are there for
hidden cases (``ex08_momentum.check_momentum_train(momentum_train, cases=[Case(...)])``,
lines continued with a trailing backslash); every other name is looked up, read-only, in
the student's namespace, so the student's function, helpers and classes are used as they
are and nothing is bound, imported or replaced there.

Outside IPython (tests, scripts) ``run_check(line, namespace)`` does the same.

Introduced in exercises/08_momentum.
"""
import builtins
import collections
import importlib
import re

import numpy as np

from .cases import Answer, Case
from .compare import CheckFailed

__all__ = ["load_ipython_extension", "run_check"]

_EXERCISE = re.compile(r"ex\d\d_[a-z_]+")


def run_check(line, namespace):
    """Evaluate one ``%check`` line against the student's ``namespace`` (never changed).

    Args:
        line: a Python expression, e.g. ``"ex08_momentum.check_momentum_train(momentum_train)"``.
        namespace: the student's global names (IPython's ``user_ns``).

    Returns what the check returns (None for the course's checks).
    """
    text = " ".join(line.split())
    if not text:
        raise ValueError("%check needs a call, e.g. `%check ex08_momentum.check_momentum_train"
                         "(momentum_train)`")
    code = compile(text, "<%check>", "eval")
    private = {"__builtins__": builtins, "np": np, "Case": Case, "Answer": Answer}
    for name in code.co_names:
        if _EXERCISE.fullmatch(name):
            private[name] = importlib.import_module(f"{__package__}.{name}")
    try:
        return eval(code, private, collections.ChainMap(private, _ReadOnly(namespace)))
    except NameError as err:
        if err.__traceback__.tb_next is not None:      # raised deeper: not a missing name here
            raise
        raise CheckFailed(f"{err}", name=text.split("(")[0].split(".")[-1], hint=(
            "run the cell that defines it first (and keep the name given in the task).")) from None


class _ReadOnly(collections.abc.Mapping):
    """A view of the student's names that a check can read but not change."""

    def __init__(self, namespace):
        self._ns = namespace

    def __getitem__(self, key):
        return self._ns[key]

    def __iter__(self):
        return iter(self._ns)

    def __len__(self):
        return len(self._ns)


def load_ipython_extension(ipython):
    """Register ``%check`` (IPython calls this on ``%load_ext course_lib.checks``)."""
    def check(line):
        run_check(line, ipython.user_ns)
    ipython.register_magic_function(check, magic_kind="line", magic_name="check")
