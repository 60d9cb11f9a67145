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

It also caps each cell's printed output (``cap_output``). This guards against mistakes and
casual tampering; the kernel is the student's process,
so it is not a sandbox. Used only by course_lib.tools.grading; students never need it.
"""
import importlib
import io
import sys
import types

__all__ = ["snapshot", "restore", "remember", "cap_output"]

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


def cap_output(limit):
    """Drop a cell's printed output after ``limit`` characters (stdout and stderr together).

    A print in an endless loop would otherwise queue gigabytes between the kernel and nbval.
    Uses ipykernel's stream hooks (``OutStream.register_hook``), which see every message
    before it is sent.
    """
    counts = {}

    def hook(msg):
        key = (msg.get("parent_header") or {}).get("msg_id")
        content = msg.get("content") or {}
        before = counts.get(key, 0)
        counts[key] = before + len(content.get("text", ""))
        if counts[key] <= limit:
            return msg
        if before > limit:
            return None
        content["text"] = (content.get("text", "")[:max(0, limit - before)]
                           + f"\n[course grade: output cut after {limit} characters]\n")
        return msg

    _cap_buffers(limit)
    _forget_outputs()
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "register_hook"):
            # hooks are thread-local and the IO thread sends: register them there too
            stream.register_hook(hook)
            schedule = getattr(getattr(stream, "pub_thread", None), "schedule", None)
            if schedule is not None:
                schedule(lambda stream=stream: stream.register_hook(hook))


def _cap_buffers(limit):
    """Make ipykernel's between-flush stream buffers keep at most ``limit`` characters."""
    try:
        from ipykernel import iostream
    except ImportError:
        return

    class CappedIO(io.StringIO):
        def write(self, text):
            room = limit - self.tell()
            if room > 0:
                super().write(text[:room])
            return len(text)

    iostream.StringIO = CappedIO  # the buffers ipykernel creates from now on
    for stream in (sys.stdout, sys.stderr):
        buffers = getattr(stream, "_buffers", None)
        if hasattr(buffers, "default_factory"):
            buffers.default_factory = CappedIO


class _NoOutputs(dict):
    """A history of outputs that keeps nothing."""

    def __contains__(self, key):
        return False

    def __getitem__(self, key):
        return []


def _forget_outputs():
    """Stop IPython 9 keeping a copy of everything a cell prints (grading never reads it)."""
    try:
        from IPython import get_ipython
        history = get_ipython().history_manager
        history.outputs = _NoOutputs()
    except Exception:
        pass
