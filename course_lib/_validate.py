"""Argument checks that speak to a learner: what was given, what is allowed, what to do.

Every public function of course_lib validates through these few helpers, so messages
read the same everywhere and live in one place.
"""

import math
import numbers

import numpy as np

__all__ = ["positive", "non_negative", "whole_number", "in_unit_interval", "as_param_list",
           "as_point"]


def _is_real(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def positive(name, value, hint):
    """Return ``value`` as a float if it is a finite number > 0, else raise."""
    if not _is_real(value):
        raise TypeError(f"{name} must be a number, got {value!r} ({type(value).__name__}); {hint}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}; {hint}")
    return float(value)


def non_negative(name, value, hint):
    """Return ``value`` as a float if it is a finite number >= 0, else raise."""
    if not _is_real(value):
        raise TypeError(f"{name} must be a number, got {value!r} ({type(value).__name__}); {hint}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}; {hint}")
    return float(value)


def whole_number(name, value, minimum, hint=""):
    """Return ``value`` as an int if it is a whole number >= ``minimum``, else raise."""
    if (isinstance(value, bool) or not isinstance(value, numbers.Integral)
            or value < minimum):
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}"
                         + (f"; {hint}" if hint else ""))
    return int(value)


def in_unit_interval(name, value, hint):
    """Return ``value`` as a float if 0 <= value < 1, else raise."""
    if not _is_real(value):
        raise TypeError(f"{name} must be a number in [0, 1), got {value!r} "
                        f"({type(value).__name__}); {hint}")
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}; {hint}")
    return float(value)


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
    if point.ndim != 1 or (dim is not None and point.shape[0] != dim):
        want = f"({dim},)" if dim is not None else "(n,)"
        raise ValueError(f"{name} must have shape {want}, got shape {point.shape}; "
                         f"give one coordinate per parameter, e.g. [1.0, -0.5]")
    if not np.all(np.isfinite(point)):
        raise ValueError(f"{name} must be finite, got {w!r}")
    return point
