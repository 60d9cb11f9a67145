"""The sandbox's command line: what a run sees, in which order bubblewrap mounts it."""

from pathlib import Path

from course_lib.tools.grading.sandbox import Limits, Sandbox


def mounts(args):
    """(option, target) for every mount bubblewrap is asked for, in order."""
    found = []
    for i, arg in enumerate(args):
        if arg == "--tmpfs":
            found.append((arg, args[i + 1]))
        elif arg in ("--ro-bind", "--bind"):
            found.append((arg, args[i + 2]))
    return found


def test_a_course_under_tmp_is_bound_after_the_private_tmp_so_it_stays_in_view():
    # A CI clone or a class folder in /tmp: the private /tmp must not hide the venv and
    # course_lib that live there (bubblewrap applies mounts in the order given).
    box = Sandbox(Limits(), bwrap="bwrap")
    box.readable = [Path("/usr"), Path("/tmp/ci-check/.venv"), Path("/tmp/ci-check/course_lib")]
    order = mounts(box.command(["python", "-V"], files={}))
    tmp = order.index(("--tmpfs", "/tmp"))
    for target in ("/tmp/ci-check/.venv", "/tmp/ci-check/course_lib"):
        assert order.index(("--ro-bind", target)) > tmp


def test_nothing_is_bound_writable():
    box = Sandbox(Limits(), bwrap="bwrap")
    assert all(option != "--bind" for option, _ in mounts(box.command(["true"], files={})))


def test_the_run_imports_the_graders_own_course_lib_whatever_is_installed():
    # A checkout graded with PYTHONPATH=. (a git worktree, a clone beside an installed
    # course): only the package is bound, and PYTHONPATH names its folder, so the run
    # imports that course_lib instead of failing with "No module named 'course_lib'".
    import course_lib
    box = Sandbox(Limits(), bwrap="bwrap")
    args = box.command(["python", "-V"], files={})
    package = Path(course_lib.__file__).resolve().parent
    setenv = {args[i + 1]: args[i + 2] for i, a in enumerate(args) if a == "--setenv"}
    assert setenv["PYTHONPATH"] == str(package.parent)
    assert ("--ro-bind", str(package)) in mounts(args)
    assert ("--ro-bind", str(package.parent)) not in mounts(args), "only the package is in view"
