"""Argument checks that speak to a learner: what was given, what is allowed, what to do.

Every public function of course_lib validates through these few helpers, so messages
read the same everywhere and live in one place.
"""

import math
import numbers

import numpy as np

__all__ = ["positive", "non_negative", "whole_number", "in_range", "in_unit_interval",
           "one_of", "as_rng", "shaped", "non_empty", "class_labels", "as_param_list",
           "as_point", "is_float_point"]

# One kind of mistake, one exception type: a value of the wrong kind (text where a number
# belongs, a float where a whole number belongs, float labels) raises TypeError; a value
# of the right kind but outside the allowed range or of the wrong shape raises ValueError.


def _is_real(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _then(hint):
    return f"; {hint}" if hint else ""


def _number(name, value, hint, want="a number"):
    if not _is_real(value):
        raise TypeError(f"{name} must be {want}, got {value!r} ({type(value).__name__})"
                        + _then(hint))


def positive(name, value, hint):
    """Return ``value`` as a float if it is a finite number > 0, else raise."""
    _number(name, value, hint)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}; {hint}")
    return float(value)


def non_negative(name, value, hint):
    """Return ``value`` as a float if it is a finite number >= 0, else raise."""
    _number(name, value, hint)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}; {hint}")
    return float(value)


def whole_number(name, value, minimum, hint="", maximum=None):
    """Return ``value`` as an int if it is a whole number in [minimum, maximum], else raise.

    A float (even 3.0), a bool or text is a TypeError; a whole number out of range a
    ValueError. ``maximum=None`` means no upper limit.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {value!r} "
                        f"({type(value).__name__})" + _then(hint))
    if value < minimum or (maximum is not None and value > maximum):
        allowed = f">= {minimum}" if maximum is None else f"in [{minimum}, {maximum}]"
        raise ValueError(f"{name} must be a whole number {allowed}, got {value!r}"
                         + _then(hint))
    return int(value)


def in_range(name, value, low, high, hint, low_open=False, high_open=False):
    """Return ``value`` as a float if it lies between ``low`` and ``high``, else raise.

    The interval is closed unless ``low_open`` / ``high_open``: (0, 1] is
    ``in_range(name, p, 0, 1, hint, low_open=True)``.
    """
    interval = f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    _number(name, value, hint, f"a number in {interval}")
    above = value > low if low_open else value >= low
    below = value < high if high_open else value <= high
    if not (above and below):
        raise ValueError(f"{name} must be in {interval}, got {value!r}" + _then(hint))
    return float(value)


def in_unit_interval(name, value, hint):
    """Return ``value`` as a float if 0 <= value < 1, else raise."""
    return in_range(name, value, 0, 1, hint, high_open=True)


def one_of(name, value, options, hint=""):
    """Return ``value`` if it is one of ``options``, else raise ValueError listing them."""
    if value not in options:
        raise ValueError(f"{name} must be one of {tuple(options)}, got {value!r}" + _then(hint))
    return value


def as_rng(value, name="rng"):
    """A numpy Generator from a Generator, an int seed, or None (fresh entropy)."""
    if value is None or isinstance(value, np.random.Generator):
        return np.random.default_rng(value)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return np.random.default_rng(int(value))
    raise TypeError(f"{name} must be a numpy Generator, an int seed or None, got {value!r}; "
                    f"try {name}=0 for a reproducible order")


def _shape_text(want):
    parts = ["..." if d is Ellipsis else str(d) for d in want]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def shaped(name, value, want, hint="", dtype=float):
    """``value`` as an array of ``dtype`` whose shape matches ``want``, else ValueError.

    ``want`` is a tuple of sizes: an int must match, a string (e.g. "n") matches any size,
    and a trailing ``...`` allows any further axes, so ``(2, ...)`` is "(2,) or a grid of
    points (2, ...)". Values that are not numbers at all raise TypeError.
    """
    try:
        array = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers, got {value!r}"
                        + _then(hint)) from None
    fixed = want[:-1] if want and want[-1] is Ellipsis else want
    ok = (array.ndim >= len(fixed) if len(fixed) < len(want) else array.ndim == len(want))
    ok = ok and all(isinstance(d, str) or array.shape[i] == d for i, d in enumerate(fixed))
    if not ok:
        raise ValueError(f"{name} must have shape {_shape_text(want)}, got shape "
                         f"{array.shape}" + _then(hint))
    return array


def is_float_point(value, dim):
    """True for a float array of shape ``(dim,)``: one point already in the form ``shaped``
    returns, so a check on a hot path (each step of a run) can be skipped for it."""
    return type(value) is np.ndarray and value.shape == (dim,) and value.dtype == float


def non_empty(name, array, hint=""):
    """Return ``array`` if it holds at least one example (row), else raise ValueError."""
    if len(array) == 0:
        raise ValueError(f"{name} must hold at least one example (one row), got shape "
                         f"{np.shape(array)}" + _then(hint))
    return array


def class_labels(name, y, n_classes):
    """Return ``y`` if it holds whole-number labels 0..n_classes-1, else raise.

    Float labels are a TypeError (cast them with y.astype(int)); labels out of range a
    ValueError.
    """
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"{name} must hold integer class labels 0..{n_classes - 1}, got "
                        f"dtype {y.dtype}; use {name}.astype(int)")
    if len(y) and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"{name} must hold integer class labels 0..{n_classes - 1}, got "
                         f"values {y.min()}..{y.max()}; number the classes from 0")
    return y


def as_param_list(params, grads):
    """Pair up ``params`` and ``grads`` as two lists of arrays, refusing what can't be updated.

    ``params`` is a float ndarray or a list/tuple of them; ``grads`` has the same structure.
    """
    single = isinstance(params, np.ndarray)
    if single:
        params_list, grads_list = [params], [grads]
    elif isinstance(params, (list, tuple)):
        if not isinstance(grads, (list, tuple)):
            raise TypeError(f"grads must be a list of arrays like params (a list of "
                            f"{len(params)}), got {type(grads).__name__}")
        if len(params) != len(grads):
            raise ValueError(f"params and grads must have the same length, got "
                             f"{len(params)} params and {len(grads)} grads; return one "
                             f"gradient per parameter array")
        params_list, grads_list = list(params), list(grads)
    else:
        raise TypeError(f"params must be a NumPy float array or a list of them (updated in "
                        f"place), got {type(params).__name__}; wrap it, e.g. "
                        f"w = np.array([1.0, 2.0])")
    for i, (p, g) in enumerate(zip(params_list, grads_list)):
        where = "params" if single else f"params[{i}]"
        if not isinstance(p, np.ndarray):
            raise TypeError(f"{where} must be a NumPy float array (updated in place), got "
                            f"{type(p).__name__}; wrap it, e.g. np.array(..., dtype=float)")
        if not np.issubdtype(p.dtype, np.floating):
            raise TypeError(f"{where} has dtype {p.dtype}, but an in-place update would "
                            f"truncate it to whole numbers; use a float array, e.g. "
                            f"np.asarray(w, dtype=float)")
        if not p.flags.writeable:
            raise ValueError(f"{where} is read-only, so it cannot be updated in place; "
                             f"pass a writable copy, e.g. w.copy()")
        g_shape = np.shape(g)
        if g_shape != p.shape:
            gwhere = "grads" if single else f"grads[{i}]"
            raise ValueError(f"{gwhere} has shape {g_shape} but {where} has shape {p.shape}; "
                             f"the gradient must have the parameter's shape")
    return params_list, grads_list


def as_point(name, w, dim=None):
    """Return ``w`` as a new 1-D float array (a copy), checking its length."""
    try:
        point = np.array(w, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a sequence of numbers, got {w!r}") from None
    if point.ndim != 1 or point.size == 0 or (dim is not None and point.shape[0] != dim):
        want = f"({dim},)" if dim is not None else "(n,)"
        raise ValueError(f"{name} must have shape {want}, got shape {point.shape}; "
                         f"give one coordinate per parameter, e.g. [1.0, -0.5]")
    if not np.all(np.isfinite(point)):
        raise ValueError(f"{name} must be finite, got {w!r}")
    return point
