"""Hostile submissions for tests/test_grading.py: code that tries to reach beyond its own run.

Each maker returns the source of an answer cell: the correct solution first (so the
student's own checks can pass), then the attack. ``reach_out`` tries, one after another,
everything a submission must not be able to do, and ends by raising one line that says
what each attempt got (the grader puts it in the student's feedback notes); a ``DONE``
in it is an attempt that worked. The bombs are bounded, so that even without a sandbox
they could not take the machine down: at most 512 processes, 6 x 450 MB of memory.
"""

MARKER = "course-grade-hostile-sleeper"   # in the command line of the background process

REACH_OUT = r'''
import os as _os, shutil as _shutil, socket as _socket, subprocess as _sp, sys as _sys

def _attempt(label, action):
    try:
        return f"{label}: DONE {action()!r}"[:160]
    except BaseException as err:
        return f"{label}: {type(err).__name__}"

def _append(path):
    with open(path, "a") as f:
        f.write("# pwned by a student\n")
    return "written"

def _read(path):
    with open(path) as f:
        return len(f.read())

def _notebooks():
    skip = ("/proc", "/sys", "/dev", "/usr", "/etc", _sys.prefix, _sys.base_prefix)
    found = []
    for top, dirs, files in _os.walk("/"):
        dirs[:] = [d for d in dirs if not _os.path.join(top, d).startswith(skip)]
        found += [_os.path.join(top, f) for f in files if f.endswith(".ipynb")]
    return found

def _write_out():
    _os.makedirs(_P["out"], exist_ok=True)
    return _append(_os.path.join(_P["out"], "grades.csv"))

def _empty_parent():
    parent, gone = _os.path.dirname(_os.getcwd()), []
    for entry in _os.listdir(parent):
        path = _os.path.join(parent, entry)
        try:
            _os.unlink(path) if _os.path.islink(path) or not _os.path.isdir(path) else _os.rmdir(path)
            gone.append(path)
        except OSError:
            pass
    _shutil.rmtree(_P["others"])
    return gone

def _results_pipe():
    return _os.listdir(f"/proc/{_os.getppid()}/fd")

_SLEEPER = ("import sys, time; time.sleep(6)\n"
            "for path in sys.argv[2:]:\n"
            "    open(path, 'a').write('# pwned after the run\\n')")
_report = [
    _attempt("course_lib", lambda: _append(_P["course_lib"] + "/checks.py")),
    _attempt("course_lib new file", lambda: _append(_P["course_lib"] + "/pwned.py")),
    _attempt("venv", lambda: _append(_P["site_packages"] + "/pwned.pth")),
    _attempt("other student read", lambda: _read(_P["other"])),
    _attempt("other student write", lambda: _append(_P["other"])),
    _attempt("solutions", lambda: _read(_P["solutions"])),
    _attempt("notebooks in view", _notebooks),
    _attempt("output folder", _write_out),
    _attempt("network", lambda: _socket.create_connection(("127.0.0.1", _P["port"]), timeout=3).close()),
    _attempt("results pipe", _results_pipe),
    _attempt("work folder's parent", _empty_parent),
    _attempt("background", lambda: _sp.Popen(
        [_sys.executable, "-c", _SLEEPER, _P["marker"], _P["other"], _P["course_lib"] + "/checks.py"],
        start_new_session=True, stdout=_sp.DEVNULL, stderr=_sp.DEVNULL).pid > 0),
]
raise RuntimeError("hostile report: " + "; ".join(_report))
'''

FORK_BOMB = r'''
import os as _os, time as _time
# The kernel itself forks (a tree of forks made the test flaky: the parent could finish its
# few forks before its descendants filled the limit, and their errors vanished with them).
for _ in range(300):            # 300 processes at most, even without a limit
    if _os.fork() == 0:         # a child: hold its process slot a while, then go
        _time.sleep(3)
        _os._exit(0)
'''

MEMORY_BOMB = r'''
_hog = bytearray(8 * 2**30)     # 8 GiB in one process: more than the address-space limit
'''

MEMORY_BOMB_FORKED = r'''
import subprocess as _sp, sys as _sys, time as _time
_HOG = ("import time; b = bytearray(450 * 2**20); b[::4096] = bytes(len(b[::4096])); "
        "print('holding', flush=True); time.sleep(30)")
# 6 x 450 MB, each far under the address-space limit, together over 2 GiB; each in a
# session of its own, so that interrupting or stopping the kernel leaves them running
_hogs = [_sp.Popen([_sys.executable, "-c", _HOG], stdout=_sp.PIPE, start_new_session=True)
         for _ in range(6)]
for _hog in _hogs:
    _hog.stdout.readline()      # all of them hold their memory now
_time.sleep(30)
'''


def reach_out(paths, port):
    """The attack: ``paths`` maps course_lib, site_packages, other, solutions, out, others."""
    values = {k: str(v) for k, v in paths.items()} | {"port": port, "marker": MARKER}
    return f"_P = {values!r}\n" + REACH_OUT


def after_solution(code):
    """An answer maker: the correct solution, then ``code`` (first answer cell only)."""
    seen = []

    def make(solution, stub):
        seen.append(solution)
        return solution + "\n" + code if len(seen) == 1 else solution
    return make
