"""Kernel side of ``course grade``: put the official checks back before each one runs.

A student's cell runs in the same kernel as the checks, so it could redefine a helper
(``def check_function(*a, **k): pass``) or patch a module (``course_lib.checks.expect =
lambda *a, **k: None``, ``np.allclose = ...``). The grader's rebuilt notebook therefore:

1. starts with a cell that imports the modules the official cells use and calls
   ``snapshot()``, before any student code has run;
2. calls ``restore(globals())`` at the top of every official setup and check cell: every
   snapshotted module gets back its attributes (and ``sys.modules`` its entry), every
   function defined in course_lib its code and defaults, every course_lib class its
   attributes; global names bound by official setup cells get their values back;
3. calls ``remember(globals(), names)`` at the end of every official setup cell, to learn
   which global names those cells define.

This guards against mistakes and casual tampering; the kernel is the student's process,
so it is not a sandbox. Used only by course_lib.grading; students never need it.
"""
import importlib
import sys
import types

__all__ = ["snapshot", "restore", "remember"]

_EXTRA_MODULES = ("numpy", "numpy.linalg", "numpy.random", "numpy.testing", "math")
_modules = {}      # name -> (module, dict copy)
_functions = []    # (function, __code__, __defaults__, __kwdefaults__)
_classes = []      # (class, dict copy)
_globals = {}      # name -> value bound by an official setup cell


def _ours(name):
    return name == "course_lib" or name.startswith("course_lib.")


def snapshot(*module_names):
    """Import ``module_names`` (plus course_lib.checks and NumPy) and record their state."""
    for name in ("course_lib", "course_lib.checks", *module_names, *_EXTRA_MODULES):
        try:
            importlib.import_module(name)
        except Exception:  # a module the notebook names but that fails: its cell will say
            pass
    for name, module in list(sys.modules.items()):
        if not isinstance(module, types.ModuleType) or name == __name__:
            continue
        if not (_ours(name) or name in _EXTRA_MODULES):
            continue
        _modules[name] = (module, dict(vars(module)))
        if not _ours(name):
            continue
        for value in vars(module).values():
            if getattr(value, "__module__", None) != name:
                continue
            if isinstance(value, types.FunctionType):
                _functions.append((value, value.__code__, value.__defaults__,
                                   value.__kwdefaults__))
            elif isinstance(value, type):
                _classes.append((value, dict(vars(value))))
                for attr in vars(value).values():
                    fn = getattr(attr, "__func__", attr)
                    if isinstance(fn, types.FunctionType):
                        _functions.append((fn, fn.__code__, fn.__defaults__, fn.__kwdefaults__))


def _restore_namespace(namespace, saved, delete_new):
    for key in list(namespace):
        # a submodule imported later is bound on its package: keep it
        if key not in saved and delete_new and not isinstance(namespace[key], types.ModuleType):
            try:
                del namespace[key]
            except (KeyError, TypeError):
                pass
    for key, value in saved.items():
        if namespace.get(key, _missing) is not value:
            namespace[key] = value


_missing = object()


def restore(namespace=None):
    """Undo changes to the snapshotted modules, functions, classes and setup globals."""
    for name, (module, saved) in _modules.items():
        if sys.modules.get(name) is not module:
            sys.modules[name] = module
        _restore_namespace(vars(module), saved, delete_new=_ours(name))
    for fn, code, defaults, kwdefaults in _functions:
        if fn.__code__ is not code:
            fn.__code__ = code
        fn.__defaults__, fn.__kwdefaults__ = defaults, kwdefaults
    for cls, saved in _classes:
        for key in [k for k in vars(cls) if k not in saved]:
            try:
                delattr(cls, key)
            except (AttributeError, TypeError):
                pass
        for key, value in saved.items():
            if key in ("__dict__", "__weakref__"):
                continue
            if vars(cls).get(key, _missing) is not value:
                try:
                    setattr(cls, key, value)
                except (AttributeError, TypeError):
                    pass
    if namespace is not None:
        for key, value in _globals.items():
            if namespace.get(key, _missing) is not value:
                namespace[key] = value


def remember(namespace, names):
    """Record the current values of global ``names`` (defined by an official setup cell)."""
    for key in names:
        if key in namespace:
            _globals[key] = namespace[key]
