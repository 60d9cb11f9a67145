"""One draw less per figure in Jupyter: skip pyplot's redraw after a cell under the inline backend.

Intuition: after every cell, pyplot redraws each changed figure for interactive backends
(its ``post_execute`` hook), and then the inline backend draws the figure again to make the
PNG the notebook shows. Under the inline backend that first draw is thrown away, yet it costs
as much as the PNG itself (a second, cheaper pass sizes the ``bbox_inches="tight"`` crop).
Dropping the hook leaves every picture unchanged and makes "Run all" of a lesson faster.

Rule: ``skip_inline_redraw`` registers, once, a ``pre_execute`` callback in the running
IPython shell; before each cell it removes pyplot's redraw hook whenever the inline backend
is the active one. Any other backend (``%matplotlib widget``, a GUI) keeps the hook, and
``plt.ion()`` or a backend switch re-installs it as usual. Outside IPython it does nothing.

Example (a stand-in for IPython's shell; in a notebook the running shell is used):
    >>> from types import SimpleNamespace
    >>> class Events:                       # IPython's shell.events, in miniature
    ...     callbacks = {"pre_execute": []}
    ...     def register(self, event, f): self.callbacks[event].append(f)
    >>> shell = SimpleNamespace(events=Events())
    >>> skip_inline_redraw(shell), skip_inline_redraw(shell)      # installed once
    (True, True)
    >>> len(shell.events.callbacks["pre_execute"])
    1

Introduced in notebooks/10_adaptive (its speed work; imported by course_lib.plots).
"""

import sys

__all__ = ["skip_inline_redraw"]

_INLINE = "module://matplotlib_inline.backend_inline"


def _drop_redraw_hook():
    """pre_execute callback: remove pyplot's post-cell redraw while the inline backend runs."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None or "matplotlib_inline.backend_inline" not in sys.modules:
        return                                    # no backend chosen yet: nothing to skip
    if pyplot.get_backend().lower() in (_INLINE, "inline"):
        pyplot.uninstall_repl_displayhook()


def skip_inline_redraw(shell=None):
    """Install the callback in `shell` (default: the running IPython shell, if any); True if
    it is installed (once per shell), False outside IPython."""
    if shell is None:
        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return False
    if _drop_redraw_hook not in shell.events.callbacks["pre_execute"]:
        shell.events.register("pre_execute", _drop_redraw_hook)
    return True
