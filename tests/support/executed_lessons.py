"""Every lesson executed once, into build/executed/: what the decks, the site and their tests read.

`make slides`, `make site` and `make test` (tests/lessons/: test_slides.py,
test_web_offline.py and test_lessons_run.py, which replaces nbval's run of notebooks/)
all call `ensure()`, so a lesson is executed at most once per change: build/executed/NN_topic.ipynb records a
fingerprint of what it was executed from (the lesson's file and every file of course_lib),
and is executed again only when that fingerprint changes. Each lesson runs in a fresh
kernel from the notebooks/ folder, as nbval runs it, with its widgets' state saved (the
decks and the site show each explorer's picture from it).

Run: .venv/bin/python tests/support/executed_lessons.py [--out build/executed] [--force]
     [LESSON ...]
"""

import argparse
import concurrent.futures
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.output_widget import OutputWidget

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
OUT = ROOT / "build" / "executed"
CELL_TIMEOUT = 300
KEY = "course_executed"          # notebook metadata: {"fingerprint": ..., "seconds": ...}


class CapturingOutput(OutputWidget):
    """nbclient's stand-in for an Output widget, minus echoing its state to the kernel.

    nbclient's version sends each captured output back to the kernel on the shell socket,
    from the task that reads IOPub, while another task waits on that socket for the cell's
    reply: now and then that wait missed the reply and sat out the whole cell timeout
    (seen in lessons with interact). The kernel does not need the echo; the outputs are
    still recorded in the saved widget state the decks and the site show.
    """

    def send(self, data=None, metadata=None, buffers=None):
        pass


def execute(path, timeout=CELL_TIMEOUT):
    """The lesson at `path`, executed top to bottom in a fresh kernel; raises on an error
    (nbclient's CellExecutionError names the cell and shows its traceback)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            store_widget_state=True,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    client.widget_registry = {"@jupyter-widgets/output": {"OutputModel": CapturingOutput}}
    client.execute(stderr=subprocess.DEVNULL)    # the kernel process's own log; cells'
    return nb                                    # stderr is kept in their outputs


def library_files():
    """Every file of course_lib a lesson can depend on (code and data), sorted."""
    return sorted(p for p in (ROOT / "course_lib").rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def fingerprint(path, library=None):
    """sha256 over the lesson's bytes and course_lib's files (names and bytes)."""
    digest = hashlib.sha256(Path(path).read_bytes())
    for file in library if library is not None else library_files():
        digest.update(str(file.relative_to(ROOT)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def executed_path(path, out=OUT):
    return Path(out) / Path(path).name


def up_to_date(path, out=OUT, library=None):
    """The executed copy of `path` in `out`, if it was executed from the current sources."""
    target = executed_path(path, out)
    if not target.exists():
        return None
    nb = nbformat.read(target, as_version=4)
    if nb.metadata.get(KEY, {}).get("fingerprint") != fingerprint(path, library):
        return None
    return nb


def build(path, out=OUT, library=None):
    """Execute lesson `path` and write it to `out` with its fingerprint; returns the nb."""
    stamp = fingerprint(path, library)           # taken before: an edit during the run
    start = time.perf_counter()                  # makes the next call execute it again
    nb = execute(path)
    nb.metadata[KEY] = {"fingerprint": stamp,
                        "seconds": round(time.perf_counter() - start, 1)}
    target = executed_path(path, out)
    partial = target.with_suffix(".partial")
    nbformat.write(nb, partial)
    partial.replace(target)                      # never a half-written notebook
    return nb


def ensure(lessons=LESSONS, out=OUT, jobs=None, force=False):
    """{lesson path: executed notebook, or the exception that stopped its run}.

    Lessons already executed from their current sources are read back; the others run,
    `jobs` at a time (each in its own kernel process; default: 2, or 1 on one core). A
    failed lesson leaves no executed copy, so the next call runs it again.
    """
    Path(out).mkdir(parents=True, exist_ok=True)
    jobs = jobs or min(2, os.cpu_count() or 1)
    library = library_files()
    results, todo = {}, []
    for path in lessons:
        nb = None if force else up_to_date(path, out, library)
        if nb is None:
            todo.append(path)
        else:
            results[path] = nb
    if todo:
        # Build matplotlib's font cache once, here, so no kernel prints "Matplotlib is
        # building the font cache" on stderr (a fresh machine's first plot does).
        import matplotlib.font_manager  # noqa: F401
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(build, path, out, library): path for path in todo}
            for future in concurrent.futures.as_completed(futures):
                path = futures[future]
                try:
                    results[path] = future.result()
                except Exception as error:                  # reported by the caller
                    executed_path(path, out).unlink(missing_ok=True)
                    results[path] = error
    return {path: results[path] for path in lessons}


def report(results, stream=sys.stderr):
    """Print one line per failed lesson; returns how many failed."""
    failed = {p: r for p, r in results.items() if isinstance(r, Exception)}
    for path, error in failed.items():
        print(f"FAILED {Path(path).name}: {type(error).__name__}: {error}", file=stream)
    return len(failed)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("lessons", nargs="*", type=Path, help="default: every lesson")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--force", action="store_true", help="execute even if up to date")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    results = ensure(args.lessons or LESSONS, args.out, args.jobs, args.force)
    failed = report(results)
    print(f"{len(results) - failed} lessons executed (or up to date) in "
          f"{time.perf_counter() - start:.0f} s: {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
