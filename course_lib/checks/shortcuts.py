"""Refuse shortcuts: a task that says "write it yourself" is not passed by calling course_lib.

Intuition: exercise 08 asks for the momentum loop; an answer that calls course_lib's
``Momentum`` (or the check's own reference) gets the right numbers without the work. While
the student's function runs, ``sys.setprofile`` watches every Python call; a call into one
of the modules the task replaces (``replaces``, given as module names such as
``"course_lib.optimizers"``) is recorded, and the check fails with a sentence that names the
function called. Every exercise module of ``course_lib.checks`` and its ``cases`` module
are always refused (their references and named mistakes are not answers either). Callables handed to the student's
function (a gradient, a loss) are theirs to call: what they call is not counted.

Example:
    >>> import numpy as np
    >>> from course_lib.optimizers.gradient_descent import GradientDescent
    >>> def lazy(w):
    ...     return GradientDescent(lr=0.1).step(w, w)
    >>> watched = watch(lazy, ["course_lib.optimizers"], task="the GD step")
    >>> watched(np.ones(2))
    Traceback (most recent call last):
    ...
    course_lib.checks.compare.CheckFailed: lazy calls course_lib's GradientDescent (course_lib.optimizers.gradient_descent): the task asks you to write the GD step yourself
      Hint: write the steps with NumPy; call course_lib only where the task allows it.

Introduced in exercises/06_gd_variants.
"""
import functools
import sys
import types
from pathlib import Path

from .compare import CheckFailed

__all__ = ["watch"]

_PACKAGE = Path(__file__).resolve().parents[1]          # course_lib/
_CHECKS = Path(__file__).resolve().parent


def _files(modules):
    """Source files (or folders) of ``modules``, plus every exercise module of the checks."""
    places = [*_CHECKS.glob("ex[0-9][0-9]_*.py"), _CHECKS / "cases.py"]
    for name in modules:
        parts = name.split(".")[1:]                       # drop "course_lib"
        base = _PACKAGE.joinpath(*parts)
        places.append(base if base.is_dir() else base.with_suffix(".py"))
    return tuple(str(p) for p in places)


def _module_of(filename):
    rel = Path(filename).resolve().relative_to(_PACKAGE.parent).with_suffix("")
    return ".".join(rel.parts)


class _Watcher:
    def __init__(self, places, allowed_codes):
        self.places, self.allowed = places, allowed_codes
        self.found, self.depth_allowed = None, 0

    def __call__(self, frame, event, arg):
        if event == "call":
            code = frame.f_code
            if self.depth_allowed or code in self.allowed:
                self.depth_allowed += 1                   # inside a callable handed in
            elif self.found is None and code.co_filename.startswith(self.places):
                if hasattr(code, "co_qualname"):          # Python 3.11 and newer
                    name = code.co_qualname
                elif code.co_name == "__init__" and "self" in frame.f_locals:
                    name = f"{type(frame.f_locals['self']).__name__}.__init__"   # 3.10
                else:
                    name = code.co_name
                name = name.removesuffix(".__init__")     # Momentum(...), not Momentum.__init__
                self.found = (name, _module_of(code.co_filename))
        elif event == "return" and self.depth_allowed:
            self.depth_allowed -= 1


def _allowed_codes(values):
    """Code objects of the callables among ``values`` (what the student may call)."""
    codes = set()
    for value in values:
        for fn in (value, getattr(value, "__func__", None), getattr(value, "__call__", None),
                   getattr(getattr(value, "__call__", None), "__func__", None)):
            code = getattr(fn, "__code__", None)
            if isinstance(code, types.CodeType):
                codes.add(code)
    return codes


def watch(fn, replaces, *, task, name=None):
    """``fn`` wrapped so that it fails (``CheckFailed``) when it calls what ``replaces`` holds.

    Args:
        fn: the student's function; a generator function is watched while it runs, too.
        replaces: module names whose code the task asks the student to write themselves
            (a package covers its modules); the exercise modules of ``course_lib.checks``
            are always included.
        task: what the task asks for, completing "the task asks you to write ... yourself".
        name: the student's function's name in messages (default: its ``__name__``).

    Returns the wrapped function.
    """
    places = _files(replaces)
    label = name or getattr(fn, "__name__", "your function")

    def run(call, args, kwargs):
        watcher = _Watcher(places, _allowed_codes([*args, *kwargs.values()]))
        previous = sys.getprofile()
        sys.setprofile(watcher)
        try:
            result = call()
        except Exception:
            if not watcher.found:
                raise
            result = None                  # the shortcut is the story, not what it broke
        finally:
            sys.setprofile(previous)
        if watcher.found:
            called, module = watcher.found
            raise CheckFailed(
                f"{label} calls course_lib's {called} ({module}): the task asks you to "
                f"write {task} yourself",
                hint="write the steps with NumPy; call course_lib only where the task allows it.")
        return result

    @functools.wraps(fn)
    def watched(*args, **kwargs):
        result = run(lambda: fn(*args, **kwargs), args, kwargs)
        if isinstance(result, types.GeneratorType):
            return _watched_generator(result, run, args, kwargs)
        return result
    return watched


def _watched_generator(gen, run, args, kwargs):
    done = object()
    while True:
        item = run(lambda: next(gen, done), args, kwargs)
        if item is done:
            return
        yield item
