"""Run rebuilt notebooks under nbval in a separate pytest process, for ``course grade``.

One pytest process per student covers all of that student's notebooks (start-up is paid
once), in its own session, with ``course_lib.tools.grading.plugin`` recording each cell's
outcome as a JSON line. The grader follows those lines: a notebook that exceeds its
overall limit gets its process group and kernels killed, and the notebooks not yet started
run again in a fresh process. Student code therefore never runs in the grader's process.
Introduced in the README, section "Grading a class".
"""
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["NotebookRun", "run_notebooks", "stop_all"]


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


def run_notebooks(workdir, names, settings):
    """Run nbval on the rebuilt notebooks in ``workdir``; {name: NotebookRun} for each
    notebook that started or could not start."""
    (workdir / "pytest.ini").write_text("[pytest]\n")
    results, remaining, attempt = {}, list(names), 0
    while remaining:
        attempt += 1
        record = workdir / f"results-{attempt}.jsonl"
        log = workdir / f"pytest-{attempt}.log"
        # the grading plugin first: it spares nbval's import an unused 1.5 s format checker
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               "-p", "course_lib.tools.grading.plugin", "-p", "nbval.plugin", "--nbval-lax",
               "--nbval-current-env", f"--nbval-cell-timeout={settings['cell_timeout']:g}",
               f"--grading-results={record}", "-c", str(workdir / "pytest.ini"),
               "--rootdir", str(workdir), *[f"{n}.ipynb" for n in remaining]]
        env = dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONDONTWRITEBYTECODE="1")
        env.pop("PYTEST_ADDOPTS", None)  # the caller's pytest options are not ours
        with open(log, "wb") as log_file:
            proc = subprocess.Popen(cmd, cwd=workdir, stdout=log_file, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, env=env, start_new_session=True)
            _limit_file_size(proc.pid)
            _LIVE[proc] = kernels = set()
            try:
                killed = _watch(proc, record, results, kernels, settings["notebook_timeout"])
            finally:
                _LIVE.pop(proc, None)
        started = [n for n in remaining if n in results]
        for name in started:
            run = results[name]
            if run.fate is None and not run.finished:
                run.fate = ("error", f"the grader's test process stopped unexpectedly: {_tail(log)}")
        remaining = [n for n in remaining if n not in results]
        if not started and not killed:  # nothing ran: do not try again
            for name in remaining:
                results[name] = NotebookRun(fate=("error", f"the grader could not start: {_tail(log)}"))
            break
    return results


_LIVE = {}               # pytest processes running now -> their kernels' pids (for Ctrl-C)
_MAX_FILE = 512 * 2**20  # bytes: a kernel writing a larger file is stopped


def _limit_file_size(pid):
    """Cap the size of any file the grading process and its kernels write (Linux only)."""
    try:
        import resource
        resource.prlimit(pid, resource.RLIMIT_FSIZE, (_MAX_FILE, _MAX_FILE))
    except (ImportError, AttributeError, OSError, ValueError):
        pass


def _watch(proc, record, results, kernels, notebook_timeout):
    """Follow the plugin's records; kill everything when a notebook runs out of time."""
    current, since, offset, killed = None, 0.0, 0, False
    while True:
        done = proc.poll() is not None
        if record.exists():
            with open(record, encoding="utf-8") as f:
                f.seek(offset)
                chunk = f.read()
            complete = chunk[:chunk.rfind("\n") + 1]
            offset += len(complete.encode("utf-8"))
            for line in complete.splitlines():
                event = json.loads(line)
                name = event["notebook"].removesuffix(".ipynb")
                if event["event"] == "start":
                    current, since = name, time.monotonic()
                    results[name] = NotebookRun()
                elif event["event"] == "kernel":
                    kernels.add(event["pid"])
                elif event["event"] == "cell" and event.get("grade_id"):
                    results[name].cells[event["grade_id"]] = (event["status"], event["message"])
                elif event["event"] == "end":
                    results[name].finished, current = True, None
        if done:
            return killed
        if current is not None and time.monotonic() - since > notebook_timeout:
            results[current].fate = ("timeout", f"not run: the notebook took longer than "
                                                f"{notebook_timeout:g} s in all and was stopped")
            _kill(proc, kernels)
            killed = True
        time.sleep(0.05)


def _kill(proc, kernels):
    """Kill the pytest process group and the kernels it started (their own sessions)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    for pid in kernels:
        try:  # only if that pid is still a kernel (pids get reused)
            if b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes():
                os.kill(pid, signal.SIGKILL)
        except (OSError, ProcessLookupError):
            pass
    proc.wait()


def _tail(log):
    lines = [l for l in Path(log).read_text(errors="replace").splitlines() if l.strip()]
    return lines[-1][:300] if lines else "no output"



def stop_all():
    """Kill every grading process still running, and its kernels (e.g. on Ctrl-C)."""
    for proc, kernels in list(_LIVE.items()):
        _kill(proc, kernels)
