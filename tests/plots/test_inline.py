"""plots.inline: pyplot's post-cell redraw is dropped under the inline backend only."""

import sys
import types

import matplotlib.pyplot as plt

from course_lib.plots import inline


class _Events:
    def __init__(self):
        self.callbacks = {"pre_execute": [], "post_execute": []}

    def register(self, event, fn):
        self.callbacks[event].append(fn)

    def unregister(self, event, fn):
        self.callbacks[event].remove(fn)


def test_outside_ipython_nothing_is_installed(monkeypatch):
    # (another test of the session may have started an IPython shell: none is running here)
    monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: None))
    assert inline.skip_inline_redraw() is False


def test_installed_once_and_hook_dropped_only_for_inline(monkeypatch):
    shell = types.SimpleNamespace(events=_Events())
    monkeypatch.setitem(sys.modules, "IPython",
                        types.SimpleNamespace(get_ipython=lambda: shell))
    assert inline.skip_inline_redraw() and inline.skip_inline_redraw()
    assert shell.events.callbacks["pre_execute"] == [inline._drop_redraw_hook]
    dropped = []
    monkeypatch.setattr(plt, "uninstall_repl_displayhook", lambda: dropped.append(1))
    monkeypatch.setattr(plt, "get_backend", lambda: "agg")
    inline._drop_redraw_hook()                   # another backend keeps the hook
    assert dropped == []
    monkeypatch.setitem(sys.modules, "matplotlib_inline.backend_inline", types.ModuleType("x"))
    monkeypatch.setattr(plt, "get_backend", lambda: inline._INLINE)
    inline._drop_redraw_hook()
    assert dropped == [1]
