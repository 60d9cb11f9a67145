"""What a check tries: ``Case`` (one call of the function under test), ``Answer`` (a case
with its exact expected answer and the wrong answers that betray a mistake), and what
several exercises' cases share: ``course_path`` (a course_lib optimizer stepped from a
start, the reference of the path exercises) and ``GradientOnly`` (a gradient as a plain
callable).

Example:
    >>> Case(np.arange(2.0), 0.1, label="two numbers").describe()
    'two numbers'

Introduced in exercises/03_gradients.
"""
import numpy as np

from .diagnosis import short

__all__ = ["Case", "Answer", "hashable", "course_path", "GradientOnly"]


class Case:
    """One call of the function under test: ``Case(*args, label="...", **kwargs)``."""

    def __init__(self, *args, label=None, **kwargs):
        self.args, self.kwargs, self.label = args, kwargs, label

    def describe(self):
        if self.label:
            return self.label
        parts = [short(a) for a in self.args] + [f"{k}={short(v)}" for k, v in self.kwargs.items()]
        return ", ".join(parts)


class Answer(Case):
    """A case with its exact expected answer and the wrong answers that betray a mistake:
    ``Answer(*args, expected="saddle", traps={"minimum": Mistake(...)}, label="...")``.
    A trap's value may also be a list of the Mistakes that give that answer."""

    def __init__(self, *args, expected, traps=None, label=None, **kwargs):
        super().__init__(*args, label=label, **kwargs)
        self.expected, self.traps = expected, dict(traps or {})

    def suspects(self, got):
        found = self.traps.get(got, []) if hashable(got) else []
        return list(found) if isinstance(found, (list, tuple)) else [found]


def hashable(value):
    try:
        hash(value)
    except TypeError:
        return False
    return True


def course_path(optimizer, grad, start, steps):
    """The path of a course_lib ``optimizer`` stepped from ``start`` with ``grad``: an array
    of shape (steps + 1, len(start)); it keeps going even if the iterates blow up."""
    w = np.array(start, dtype=float)
    points = [w.copy()]
    for _ in range(steps):
        points.append(optimizer.step(w, grad(w)).copy())
    return np.array(points)


class GradientOnly:
    """A plain callable that knows nothing but the gradient of ``surface`` (hidden cases:
    an answer must not rely on anything but ``grad(w)``)."""

    def __init__(self, surface):
        self.surface = surface

    def __call__(self, w):
        return self.surface.grad(w)
