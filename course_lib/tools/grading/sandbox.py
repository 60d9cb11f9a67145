"""The sandbox each student's run is graded in, for ``course grade``: bubblewrap plus limits.

``course grade`` runs a student's notebooks inside ``bwrap`` (Debian's and Ubuntu's package
``bubblewrap``; Fedora's too), which builds the run a file system and namespaces of its own:

- the system (``/usr``, ``/etc``, ...), the Python installation, the virtual environment and
  the course_lib package are bound **read-only** (``PYTHONPATH`` names the folder holding
  that package, so the run imports the grader's own course_lib, also from a checkout run
  with ``PYTHONPATH=.``); nothing else of the machine is in view:
  no ``solutions/``, no other student's folder, no output folder, no home directory;
- the work folder (``/grading``) and ``/tmp`` are private, size-capped ``tmpfs``; the work
  folder starts with the rebuilt notebooks only (copied in by bwrap, so no folder of the
  machine is writable from inside), and the test process deletes them once it has read them;
- its own network namespace (loopback only, which the kernel needs), PID namespace (nothing
  it starts outlives the run), IPC and UTS namespaces, and a new session;
- limits, set with ``prlimit`` inside the sandbox: address space per process (``--memory``),
  processes and threads, size of any file written, no core dumps;
- as root, the run drops to an unused user id of its own (``setpriv``) with no capabilities
  and no way to gain any; run by a normal user, bwrap maps that user into a new user namespace.

The run's resident memory as a whole is watched by the grader (``course_lib.tools.grading.run``),
since an address-space limit is per process. Introduced in the README, section "Grading a class".
"""
import os
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import course_lib

__all__ = ["Limits", "Sandbox", "SandboxUnavailable", "default_memory", "parse_size",
           "WORKDIR", "INSTALL_HINT", "SANDBOXED"]

WORKDIR = "/grading"          # the work folder, as the sandboxed run sees it
SANDBOXED = "COURSE_GRADE_SANDBOXED"   # set to "1" in a sandboxed run's environment
GiB, MiB = 2**30, 2**20
INSTALL_HINT = ("install bubblewrap (Debian/Ubuntu: `sudo apt-get install bubblewrap`; "
                "Fedora: `sudo dnf install bubblewrap`), or, for submissions you trust, grade "
                "with --no-sandbox (their code then runs as you, with your files in reach)")
_SYSTEM = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64")
_UID_BASE = 1_500_000_000     # root: each run gets an unused uid of its own above this


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot start here; the message says what to install."""


@dataclass(frozen=True)
class Limits:
    """What one student's run may use; every figure is per student.

    memory: bytes; each process's address space, and the run's resident memory in all;
    processes: processes and threads at once (the kernel and the test process need ~30);
    file_size: bytes of any one file written; scratch: bytes of /tmp and of the work folder.
    """
    memory: int = 2 * GiB
    processes: int = 128
    file_size: int = 512 * MiB
    scratch: int = 256 * MiB

    def named(self, message):
        """``message`` with the limit it ran into named, so the student's feedback says it."""
        text = str(message)
        if "MemoryError" in text or "Cannot allocate memory" in text:
            return f"{text} [the sandbox's memory limit: {size_text(self.memory)} (course grade --memory)]"
        if "Resource temporarily unavailable" in text or "BlockingIOError" in text:
            return f"{text} [the sandbox's limit: {self.processes} processes and threads]"
        if "File too large" in text or "No space left on device" in text:
            return (f"{text} [the sandbox's limits: {size_text(self.file_size)} per file, "
                    f"{size_text(self.scratch)} in /tmp and in the work folder]")
        return text


def size_text(n):
    """Bytes as a short text: 2 GiB, 256 MiB."""
    return f"{n / GiB:g} GiB" if n >= GiB else f"{n / MiB:g} MiB"


def parse_size(text):
    """'2G', '1500M', '4GiB' or a number of bytes -> bytes; ValueError saying what to write."""
    value = str(text).strip().upper().removesuffix("IB").removesuffix("B")
    scale = {"K": 2**10, "M": MiB, "G": GiB, "T": 2**40}.get(value[-1:], 1)
    try:
        number = float(value[:-1] if scale > 1 else value) * scale
    except ValueError:
        number = -1
    if not number >= 256 * MiB:
        raise ValueError(f"--memory must be a size of at least 256M, got {text!r}; e.g. --memory 2G")
    return int(number)


def default_memory(jobs):
    """Half the machine's memory shared by the ``jobs`` runs at once, between 1.5 and 4 GiB."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        total = 8 * GiB
    return int(min(4 * GiB, max(1.5 * GiB, total / 2 / max(1, jobs))))


class Sandbox:
    """The bwrap command line that runs one student's notebooks; see the module docstring."""

    def __init__(self, limits, bwrap=None):
        self.limits = limits
        self.bwrap = bwrap or shutil.which("bwrap")
        self.as_root = os.geteuid() == 0
        package = Path(course_lib.__file__).resolve().parent
        self.package = package
        prefixes = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
        paths = {Path(p) for p in _SYSTEM if Path(p).exists()} | prefixes | {package}
        # a folder inside another bound one is in view already
        self.readable = sorted(p for p in paths if not any(q in p.parents for q in paths))

    def exposes(self, path):
        """True when ``path`` would be in view inside the sandbox (inside a bound folder)."""
        path = Path(path).resolve()
        return any(path == p or p in path.parents for p in self.readable)

    def command(self, argv, files, env=None):
        """bwrap + limits around ``argv``; ``files``: {name in the work folder: open fd};
        ``env``: variables to set besides HOME, PATH, LANG and the BLAS thread counts."""
        scratch = str(self.limits.scratch)
        # the private /tmp and work folder first, so that a course or venv that lives under
        # /tmp (a CI clone, say) is bound on top of them and stays in view
        args = [self.bwrap, "--tmpfs", "/", "--proc", "/proc", "--dev", "/dev",
                "--perms", "1777", "--size", scratch, "--tmpfs", "/tmp",
                "--perms", "0777", "--size", scratch, "--tmpfs", WORKDIR]
        made = {Path("/tmp"), Path(WORKDIR)}
        for path in self.readable:
            for parent in reversed(path.parents):
                if parent != Path("/") and parent not in made:
                    made.add(parent)
                    args += ["--perms", "0755", "--dir", str(parent)]
            if path.is_symlink():      # /bin -> usr/bin on a merged /usr
                args += ["--symlink", os.readlink(path), str(path)]
            else:
                args += ["--ro-bind", str(path), str(path)]
        for name, fd in files.items():
            args += ["--perms", "0644", "--file", str(fd), f"{WORKDIR}/{name}"]
        args += ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                 "--unshare-cgroup-try", "--new-session", "--die-with-parent", "--chdir", WORKDIR,
                 "--clearenv", "--setenv", "HOME", "/tmp", "--setenv", "PATH", "/usr/bin:/bin",
                 "--setenv", "LANG", "C.UTF-8",
                 # the course_lib imported here, not whatever the environment's install points
                 # at (a checkout run with PYTHONPATH=. would otherwise find none inside):
                 # only the package itself is bound in its parent folder
                 "--setenv", "PYTHONPATH", str(self.package.parent)]
        for key in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                    "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
            if key in os.environ:
                args += ["--setenv", key, os.environ[key]]
        for key, value in (env or {}).items():
            args += ["--setenv", key, value]
        if self.as_root:               # no user namespace: drop to a uid of this run's own
            uid = str(_UID_BASE + random.randrange(100_000_000))
            identity = ["setpriv", "--reuid", uid, "--regid", uid, "--clear-groups",
                        "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
        else:
            args += ["--unshare-user", "--disable-userns"]
            identity = []
        limits = ["prlimit", f"--as={self.limits.memory}", f"--nproc={self.limits.processes}",
                  f"--fsize={self.limits.file_size}", "--core=0", "--"]
        # prlimit before setpriv: root sets the limits, the run's own uid cannot raise them
        return args + ["--", *limits, *identity, *argv]

    def check(self):
        """Start an empty sandbox once; raise SandboxUnavailable saying what to install."""
        if not self.bwrap:
            raise SandboxUnavailable(f"bubblewrap (`bwrap`) is not installed: {INSTALL_HINT}")
        for tool in ["prlimit"] + (["setpriv"] if self.as_root else []):
            if not shutil.which(tool):
                raise SandboxUnavailable(f"`{tool}` is not installed: install util-linux, or "
                                         "grade with --no-sandbox")
        try:
            proc = subprocess.run(self.command([sys.executable, "-c", "pass"], {}),
                                  capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as err:
            raise SandboxUnavailable(f"bubblewrap could not start ({err}): {INSTALL_HINT}") from None
        if proc.returncode != 0:
            why = (proc.stderr.strip().splitlines() or ["no message"])[-1]
            hint = "" if self.as_root else (
                "; where user namespaces are switched off, switch them on (Debian: sysctl "
                "kernel.unprivileged_userns_clone=1) or grade as root")
            raise SandboxUnavailable(f"bubblewrap is installed but cannot start a sandbox "
                                     f"here ({why}){hint}; for submissions you trust, grade "
                                     "with --no-sandbox")
