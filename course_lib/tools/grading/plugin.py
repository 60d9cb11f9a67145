"""pytest plugin used by ``course grade``: record each notebook cell's outcome by its id.

nbval names its items ``file.ipynb::Cell N`` and the numbering is not stable across nbval
releases, so nothing here uses it: each outcome is keyed on the cell's ``id`` and its
``metadata.nbgrader.grade_id``. Enabled by ``-p course_lib.tools.grading.plugin`` together with
``--grading-results-fd FD``; FD (a pipe the grader reads) receives one JSON object per line,
flushed at once, so the grader (another process) can follow progress and knows how far a
killed run got:

    {"event": "start", "notebook": "03_gradients.ipynb"}
    {"event": "cell", "notebook": ..., "id": ..., "grade_id": ..., "status": ..., "message": ...}
    {"event": "end", "notebook": ...}

The pipe is the only channel the grader believes, and student code cannot reach it: the
descriptor is not inherited by kernels, this process makes itself non-dumpable (so a
kernel of the same user can open neither its ``/proc/PID/fd`` nor its memory), and once the
notebooks are collected their files are deleted, so no kernel reads another exercise's checks.

status is ``passed``, ``failed`` (an assertion or CheckFailed: the answer is wrong),
``error`` (the cell could not reach a verdict: another exception, the kernel died or the
code called exit) or ``timeout``; message is the short story without ANSI colour codes.

On SIGTERM it kills the kernels it started (each in a session of its own) and exits: the
grader stops a run that way when there is no sandbox, so that even where the grader cannot
list a process's descendants (macOS has no /proc) no kernel outlives a timed-out notebook.

It also makes nbval notice a kernel that died (``os._exit``, a crash): nbval itself would
wait for the whole cell timeout. Introduced in the README, section "Grading a class".
"""
import json
import os
import signal
import sys
import time
from queue import Empty

# jsonschema's IRI format checker costs ~1.5 s to import and notebook validation never
# needs it: without it every pytest start is that much faster.
sys.modules.setdefault("rfc3987_syntax", None)

import pytest  # noqa: E402

from course_lib.tools.grading.sandbox import SANDBOXED  # noqa: E402
from course_lib.tools.notebook import (OUTPUT_CAP, error_message, grade_id,  # noqa: E402
                                       kernel_error, strip_ansi)

__all__ = ["KernelDied", "classify"]

_POLL = 0.25  # seconds between "is the kernel still alive?" checks while waiting
_KERNELS = []  # nbval's RunningKernel objects this process started (killed on SIGTERM)


class KernelDied(RuntimeError):
    """The kernel process ended while nbval was waiting for it."""


def pytest_addoption(parser):
    parser.addoption("--grading-results-fd", type=int, default=None,
                     help="course grade: write one JSON line per notebook cell to this descriptor")


def pytest_configure(config):
    fd = config.getoption("--grading-results-fd")
    if fd is None:
        return
    os.set_inheritable(fd, False)
    _not_dumpable()
    config._grading = _Recorder(os.fdopen(fd, "w", encoding="utf-8"),
                                config.getoption("nbval_cell_timeout"))
    _patch_nbval_kernel()
    signal.signal(signal.SIGTERM, _kill_kernels_and_exit)


def kernel_pids():
    """The process ids of the kernels this process started that may still run."""
    pids = []
    for kernel in _KERNELS:
        km = getattr(kernel, "km", None)
        pid = getattr(getattr(km, "provisioner", None), "pid", None)
        pid = pid or getattr(getattr(km, "kernel", None), "pid", None)  # older jupyter_client
        if isinstance(pid, int) and pid > 0:
            pids.append(pid)
    return pids


def _kill_kernels_and_exit(signum, frame):
    """SIGTERM from the grader: kill each kernel's session (its process group), then exit."""
    for pid in kernel_pids():
        for kill, target in ((os.killpg, pid), (os.kill, pid)):
            try:
                kill(target, signal.SIGKILL)
            except OSError:
                pass
    os._exit(3)


def pytest_collection_finish(session):
    """Delete the notebooks once nbval has read them: no kernel sees another's checks."""
    if getattr(session.config, "_grading", None) is None:
        return
    for path in {item.parent.path for item in session.items if hasattr(item, "cell")}:
        try:
            path.unlink()
        except OSError:
            pass


def _not_dumpable():
    """prctl(PR_SET_DUMPABLE, 0): processes of the same user cannot ptrace this one or open
    its /proc/PID/fd and /proc/PID/mem (Linux; elsewhere nothing happens)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def pytest_unconfigure(config):
    recorder = getattr(config, "_grading", None)
    if recorder:
        recorder.out.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    recorder = getattr(item.config, "_grading", None)
    if recorder is not None and item.parent is not recorder.current:
        recorder.current, recorder.dead = item.parent, None
        recorder.write(event="start", notebook=item.parent.path.name)
    yield
    if recorder is not None and (nextitem is None or nextitem.parent is not item.parent):
        if os.environ.get(SANDBOXED) == "1":
            end_leftovers()
        recorder.write(event="end", notebook=item.parent.path.name)


def end_leftovers():
    """In a sandbox (a PID namespace of the run's own), kill every process but this one and
    its ancestors: nothing a notebook started outlives it, so what the grader measures while
    a notebook runs is that notebook's doing."""
    keep, pid = set(), os.getpid()
    while pid > 0 and pid not in keep:
        keep.add(pid)
        try:
            with open(f"/proc/{pid}/stat") as f:
                pid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) not in keep:
            try:
                os.kill(int(entry), signal.SIGKILL)
            except OSError:
                pass


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    recorder = getattr(item.config, "_grading", None)
    cell = getattr(item, "cell", None)
    if recorder is None or cell is None:
        return
    report = outcome.get_result()
    if call.when == "call" or (call.when == "setup" and report.failed):
        status, message = recorder.classify(item, call.excinfo)
        recorder.write(event="cell", notebook=item.parent.path.name, id=cell.get("id"),
                       grade_id=grade_id(cell), status=status, message=message)


class _Recorder:
    def __init__(self, out, cell_timeout):
        self.out, self.cell_timeout = out, cell_timeout
        self.current, self.dead = None, None  # dead: (status, reason) once the kernel is gone

    def write(self, **record):
        self.out.write(json.dumps(record) + "\n")
        self.out.flush()

    def classify(self, item, excinfo):
        if excinfo is None:
            return "passed", ""
        status, message = classify(excinfo.value, kernel_error(item), self.cell_timeout)
        if self.dead is None and status in ("timeout", "error") and not _kernel_alive(item):
            cell = grade_id(item.cell) or item.cell.get("id")
            self.dead = (status, f"in cell `{cell}` ({message})")
        elif self.dead is not None and "Kernel dead" in str(excinfo.value):
            status, message = self.dead[0], f"not run: the kernel had stopped {self.dead[1]}"
        return status, message


def classify(exc, kernel_error, cell_timeout):
    """Map an nbval failure to (status, one-paragraph message).

    ``kernel_error`` is the kernel's ``(ename, evalue)`` for the cell, or None.
    """
    text = strip_ansi(str(exc))
    if isinstance(exc, KernelDied):
        return "error", ("the kernel died while this cell ran: did the code call exit() or "
                         "os._exit(), or crash Python?")
    if text.startswith("Timeout of"):
        if "Failed to interrupt" in text or "waiting for output" in text:
            return "timeout", (f"took longer than {cell_timeout:g} s and could not be "
                               "interrupted, so the kernel was stopped")
        return "timeout", f"took longer than {cell_timeout:g} s and was stopped (an endless loop?)"
    if "Kernel dead" in text:
        return "error", "not run: the kernel had stopped"
    if kernel_error is None:
        return "error", text.strip().split("\n")[0][:300]
    ename, evalue = kernel_error
    if ename in ("CheckFailed", "AssertionError", "NotImplementedError"):
        return "failed", (error_message(ename, evalue)
                          or "a check failed (an assert without a message)")
    if ename == "KeyboardInterrupt":
        return "timeout", f"took longer than {cell_timeout:g} s and was stopped (an endless loop?)"
    if ename == "SystemExit":
        return "error", "the code called exit() or sys.exit(), which stops a check: remove that call"
    return "error", error_message(ename, evalue)


def _kernel_alive(item):
    kernel = getattr(item.parent, "kernel", None)
    try:
        return kernel is not None and kernel.is_alive()
    except Exception:
        return False


def _patch_nbval_kernel():
    """Make nbval notice a dead kernel at once, and keep at most OUTPUT_CAP of a cell's output.

    nbval waits for the whole cell timeout when the kernel has died, and keeps every output
    message in memory, joining streams by repeated concatenation: a student's print loop
    would fill the memory and take minutes.
    """
    from nbval.kernel import RunningKernel
    if getattr(RunningKernel.get_message, "_grading", False):
        return
    original_get, original_execute = RunningKernel.get_message, RunningKernel.execute_cell_input
    original_init = RunningKernel.__init__

    def __init__(self, *args, **kwargs):
        _KERNELS.append(self)
        original_init(self, *args, **kwargs)

    def execute_cell_input(self, cell_input, allow_stdin=None):
        self._grading_output = 0
        return original_execute(self, cell_input, allow_stdin=allow_stdin)

    def get_message(self, stream, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = _POLL if deadline is None else deadline - time.monotonic()
            try:
                msg = original_get(self, stream, timeout=max(0.01, min(_POLL, left)))
                if stream != "iopub" or not _over_cap(self, msg):
                    return msg
                if deadline is not None and time.monotonic() >= deadline:
                    raise Empty  # output still pouring in: nbval takes it as a timeout
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise
                if not self.is_alive():
                    raise KernelDied("the kernel died") from None

    get_message._grading = True
    RunningKernel.__init__ = __init__
    RunningKernel.get_message = get_message
    RunningKernel.execute_cell_input = execute_cell_input


def _over_cap(kernel, msg):
    """True for an output message past the cell's first OUTPUT_CAP characters: drop it."""
    content = msg.get("content", {})
    if msg.get("msg_type") == "stream":
        size = len(content.get("text", ""))
    elif msg.get("msg_type") in ("display_data", "execute_result", "update_display_data"):
        size = sum(len(str(v)) for v in content.get("data", {}).values())
    else:
        return False
    kernel._grading_output = getattr(kernel, "_grading_output", 0) + size
    return kernel._grading_output > OUTPUT_CAP
