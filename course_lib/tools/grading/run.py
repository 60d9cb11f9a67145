"""Run rebuilt notebooks under nbval in a separate pytest process, for ``course grade``.

One pytest process per student covers all of that student's notebooks (start-up is paid
once), in its own session and, unless ``--no-sandbox``, inside the student's sandbox
(``course_lib.tools.grading.sandbox``). ``course_lib.tools.grading.plugin`` reports each
cell's outcome on a pipe, read as untrusted input (``course_lib.tools.grading.events``).
The grader follows the reports: a notebook over its overall time limit, or a run whose
processes hold more memory than the limit, has all its processes killed, and the
notebooks not yet started run again in a fresh process. Student code never runs in the
grader's process. Introduced in the README, section "Grading a class".
"""
import os
import selectors
import signal
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass, field

from course_lib.tools.grading.events import EventReader
from course_lib.tools.grading.sandbox import SANDBOXED, WORKDIR, size_text

__all__ = ["NotebookRun", "Settings", "run_notebooks", "stop_all"]

_LIVE = set()            # runs going on now (for Ctrl-C)
_MEMORY_POLL = 0.25      # seconds between two looks at a run's resident memory
_GRACE = 5.0             # seconds a test process gets to kill its kernels on SIGTERM


@dataclass
class NotebookRun:
    """What the grader learned about one notebook's run.

    ``cells``: {grade_id: (status, message)} for every graded cell that reported;
    ``fate``: (status, message) for the cells that did not (the notebook timed out, the
    test process died), or None; ``finished``: the run reported the notebook's end.
    """
    cells: dict = field(default_factory=dict)
    fate: tuple = None
    finished: bool = False

    def outcome(self, gid, default=("error", "this check did not run")):
        """(status, message) of the cell ``gid``: its own, else the notebook's fate."""
        return self.cells.get(gid) or self.fate or default


@dataclass(frozen=True)
class Settings:
    """How notebooks run: time limits in seconds; ``sandbox`` (a Sandbox) or None to run
    them as the grader's own user."""
    cell_timeout: float = 60.0
    notebook_timeout: float = 600.0
    sandbox: object = None


def run_notebooks(workdir, names, settings):
    """Run nbval on the rebuilt notebooks ``workdir/NAME.ipynb``; {name: NotebookRun} for
    each notebook that started or could not start."""
    results, remaining = {}, list(names)
    while remaining:
        killed, tail = _run_once(workdir, remaining, settings, results)
        started = [n for n in remaining if n in results]
        for name in started:
            run = results[name]
            if run.fate is None and not run.finished:
                run.fate = ("error", f"the grader's test process stopped unexpectedly: {tail}")
        remaining = [n for n in remaining if n not in results]
        if not started and not killed:  # nothing ran: do not try again
            for name in remaining:
                results[name] = NotebookRun(fate=("error", f"the grader could not start: {tail}"))
            break
    return results


def _run_once(workdir, names, settings, results):
    """One pytest process over ``names``; returns (killed, last line of its output)."""
    read_end, write_end = os.pipe()
    files, sandbox = {}, settings.sandbox
    folder = WORKDIR if sandbox else str(workdir)
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            # the grading plugin first: it spares nbval's import an unused 1.5 s format checker
            "-p", "course_lib.tools.grading.plugin", "-p", "nbval.plugin", "--nbval-lax",
            "--nbval-current-env", f"--nbval-cell-timeout={settings.cell_timeout:g}",
            f"--grading-results-fd={write_end}", "-c", os.devnull, "--rootdir", folder,
            *[f"{n}.ipynb" for n in names]]
    env = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        if sandbox:
            files = {f"{n}.ipynb": os.open(workdir / f"{n}.ipynb", os.O_RDONLY) for n in names}
            cmd, env = sandbox.command(argv, files, env | {SANDBOXED: "1"}), None
        else:
            cmd = argv
            env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"} | env
        proc = subprocess.Popen(cmd, cwd=workdir, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                start_new_session=True, pass_fds=(write_end, *files.values()))
    finally:
        for fd in (write_end, *files.values()):
            os.close(fd)
    if not sandbox:
        _limit_file_size(proc.pid)
    _LIVE.add(proc)
    try:
        return _watch(proc, read_end, names, results, settings)
    finally:
        _LIVE.discard(proc)
        os.close(read_end)
        proc.stdout.close()


def _watch(proc, read_end, names, results, settings):
    """Follow the run's reports until it ends; kill it when it runs out of time or memory."""
    reader, output = EventReader({f"{n}.ipynb" for n in names}), deque(maxlen=64)
    selector = selectors.DefaultSelector()
    selector.register(read_end, selectors.EVENT_READ)
    selector.register(proc.stdout, selectors.EVENT_READ)
    current, last, since, killed, looked = None, None, 0.0, False, 0.0
    memory = settings.sandbox.limits.memory if settings.sandbox else None
    while True:
        done = proc.poll() is not None
        for key, _ in selector.select(timeout=0 if done else 0.05):
            data = os.read(key.fd, 1 << 16)
            if not data:
                selector.unregister(key.fileobj)
            elif key.fileobj is proc.stdout:
                output.append(data)
            else:
                for event in reader.feed(data):
                    current, since = _apply(event, results, current, since)
                    last = current or last
        if done and not (selector.get_map() and selector.select(timeout=0)):
            selector.close()
            text = b"".join(output).decode("utf-8", "replace")
            lines = [line for line in text.splitlines() if line.strip()]
            return killed, (lines[-1][:300] if lines else "no output")
        if done or killed:
            continue
        if current is not None and time.monotonic() - since > settings.notebook_timeout:
            results[current].fate = ("timeout", f"not run: the notebook took longer than "
                                                f"{settings.notebook_timeout:g} s in all and was stopped")
            killed = _kill(proc, settings.sandbox is None)
        # memory is watched for as long as the run lives, between and after notebooks too:
        # processes a notebook left behind are charged to it (the last one that started)
        elif memory and last is not None and time.monotonic() - looked > _MEMORY_POLL:
            looked = time.monotonic()
            if _resident(_tree(proc.pid)) > memory:
                run = results[last]
                run.cells, run.fate = {}, ("error", (
                    f"not run: the notebook's processes used more than the sandbox's memory "
                    f"limit of {size_text(memory)} (course grade --memory) and were stopped"))
                killed = _kill(proc)


def _apply(event, results, current, since):
    name = event["notebook"].removesuffix(".ipynb")
    if event["event"] == "start":
        results[name] = NotebookRun()
        return name, time.monotonic()
    run = results.setdefault(name, NotebookRun())
    if event["event"] == "cell" and event["grade_id"]:
        run.cells[event["grade_id"]] = (event["status"], event["message"])
    elif event["event"] == "end":
        run.finished = True
        return None, since
    return current, since


def _limit_file_size(pid, limit=512 * 2**20):
    """Without a sandbox, still cap the size of any file the run writes (Linux only)."""
    try:
        import resource
        resource.prlimit(pid, resource.RLIMIT_FSIZE, (limit, limit))
    except (ImportError, AttributeError, OSError, ValueError):
        pass


def _tree(pid):
    """``pid`` and all its descendants (Linux /proc; just ``pid`` elsewhere)."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        found.append(parent)
        try:
            for task in os.listdir(f"/proc/{parent}/task"):
                with open(f"/proc/{parent}/task/{task}/children") as f:
                    todo += [int(p) for p in f.read().split()]
        except OSError:
            pass
    return found


def _resident(pids):
    """Bytes of memory the processes ``pids`` hold resident, together: each one's
    proportional share (PSS), so pages forked processes share count once."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total += next(int(line.split()[1]) * 1024 for line in f if line.startswith("Pss:"))
        except (OSError, ValueError, IndexError, StopIteration):
            pass
    return total


def _kill(proc, gently=False):
    """Kill the run's process group and every process it started (kernels have their own
    sessions; in a sandbox, killing bwrap ends its whole PID namespace). ``gently`` (no
    sandbox): first SIGTERM, on which the test process kills its kernels itself (the
    grading plugin), for systems where the descendants cannot be listed (no /proc)."""
    if gently:
        try:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=_GRACE)
        except (OSError, subprocess.TimeoutExpired):
            pass
    pids = _tree(proc.pid) if proc.poll() is None else []
    for kill, target in [(os.killpg, proc.pid)] + [(os.kill, p) for p in reversed(pids)]:
        try:
            kill(target, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    proc.wait()
    return True


def stop_all():
    """Kill every grading process still running, and what it started (e.g. on Ctrl-C)."""
    for proc in list(_LIVE):
        _kill(proc)
