"""Typical wrong answers to exercises/05_challenges: each must fail at least one check.

Each entry of WRONG replaces one student function; ``kind`` names the mistake from a
fixed vocabulary so tests can require the typical ones to be present.
"""
import numpy as np

from course_lib import GradientDescent, numerical_gradient, numerical_hessian, run

from tests.checks.wrong import registry, right_answers

WRONG, wrong = registry()
RIGHT, right = right_answers()

# The mistakes the wrong answers below must include, per student function.
REQUIRED_KINDS = {
    "classify_stationary_point": {"sign error", "gradient instead of Hessian",
                                  "no stationarity test", "degenerate mishandled",
                                  "diagonal only", "determinant and trace", "returns None"},
    "best_of_starts": {"no descent", "diverged run chosen", "argmax", "first start only",
                       "wrong shape", "returns None", "shortcut"},
    "start_for_global": {"wrong basin", "x not positive", "at the saddle",
                         "too close to the saddle", "returns None"},
}


def _by_signs(values, tol=1e-4):
    if values.max() > tol and values.min() < -tol:
        return "saddle"
    if values.min() > tol:
        return "minimum"
    if values.max() < -tol:
        return "maximum"
    return "degenerate"


def _stationary(f, w):
    return np.linalg.norm(numerical_gradient(f, w)) <= 1e-6


# -- classify_stationary_point ----------------------------------------------------------------

@wrong("classify_stationary_point", "sign error", "eigenvalues of -H: minima and maxima swapped",
       says="minima and maxima swapped")
def classify_flipped(f, w):
    if not _stationary(f, w):
        return "not stationary"
    return _by_signs(np.linalg.eigvalsh(-numerical_hessian(f, w)))


@wrong("classify_stationary_point", "gradient instead of Hessian", "signs of the gradient",
       says="the gradient read as curvature")
def classify_gradient(f, w):
    if not _stationary(f, w):
        return "not stationary"
    return _by_signs(numerical_gradient(f, w))


@wrong("classify_stationary_point", "no stationarity test", "curvature only, anywhere",
       says="curvature read at a point that is not stationary")
def classify_no_gradient_test(f, w):
    return _by_signs(np.linalg.eigvalsh(numerical_hessian(f, w)))


@wrong("classify_stationary_point", "degenerate mishandled", "eigenvalues >= 0 count as a minimum",
       says="a zero curvature counted as a minimum or maximum")
def classify_no_degenerate(f, w):
    if not _stationary(f, w):
        return "not stationary"
    eig = np.linalg.eigvalsh(numerical_hessian(f, w))
    if eig.max() > 1e-4 and eig.min() < -1e-4:
        return "saddle"
    return "minimum" if eig.min() >= -1e-4 else "maximum"


@wrong("classify_stationary_point", "degenerate mishandled", "no tolerance: tiny round-off decides",
       says="no tolerance")
def classify_no_tolerance(f, w):
    if not _stationary(f, w):
        return "not stationary"
    return _by_signs(np.linalg.eigvalsh(numerical_hessian(f, w)), tol=0.0)


@wrong("classify_stationary_point", "diagonal only", "signs of the Hessian's diagonal",
       says="the Hessian's diagonal read as its curvatures")
def classify_diagonal(f, w):
    if not _stationary(f, w):
        return "not stationary"
    return _by_signs(np.diag(numerical_hessian(f, w)))


@wrong("classify_stationary_point", "determinant only", "det > 0 means minimum",
       says="a determinant/trace rule")
def classify_determinant(f, w):
    if not _stationary(f, w):
        return "not stationary"
    det = np.linalg.det(numerical_hessian(f, w))
    return "minimum" if det > 1e-8 else "saddle" if det < -1e-8 else "degenerate"


@wrong("classify_stationary_point", "determinant and trace",
       "det < 0 saddle, else the trace's sign: right in 2-D only",
       says="a determinant/trace rule, which decides only in two dimensions")
def classify_det_trace(f, w):
    if not _stationary(f, w):
        return "not stationary"
    H = numerical_hessian(f, w)
    det, trace = np.linalg.det(H), np.trace(H)
    if abs(det) < 1e-8:
        return "degenerate"
    if det < 0:
        return "saddle"
    return "minimum" if trace > 0 else "maximum"


@wrong("classify_stationary_point", "returns None", "forgets to return", says="returned None")
def classify_none(f, w):
    _by_signs(np.linalg.eigvalsh(numerical_hessian(f, w)))


# -- best_of_starts ---------------------------------------------------------------------------

def _finals(f, starts, lr, steps):
    return [run(GradientDescent(lr), f, s, steps) for s in starts]


@wrong("best_of_starts", "no descent", "returns the start with the lowest loss",
       says="the best start, not the best end point")
def best_start_only(f, starts, lr, steps):
    starts = np.asarray(starts, dtype=float)
    return starts[np.argmin([f(s) for s in starts])]


@wrong("best_of_starts", "diverged run chosen", "np.argmin over losses that include nan",
       says="a run that blew up was kept")
def best_nan(f, starts, lr, steps):
    ends = []
    with np.errstate(all="ignore"):
        for s in starts:
            w = np.array(s, dtype=float)
            for _ in range(steps):
                w = w - lr * f.grad(w)
            ends.append(w)
        return ends[int(np.argmin([f(w) for w in ends]))]


@wrong("best_of_starts", "argmax", "keeps the highest loss",
       says="the highest end point")
def best_argmax(f, starts, lr, steps):
    runs = [r for r in _finals(f, starts, lr, steps) if not r.diverged]
    return max(runs, key=lambda r: r.losses[-1]).final


@wrong("best_of_starts", "first start only", "one run from starts[0]",
       says="only the first start was run")
def best_first(f, starts, lr, steps):
    return _finals(f, starts[:1], lr, steps)[0].final


@wrong("best_of_starts", "wrong shape", "returns the whole path of the best run",
       says="the whole path of the best run")
def best_path(f, starts, lr, steps):
    runs = [r for r in _finals(f, starts, lr, steps) if not r.diverged]
    return min(runs, key=lambda r: r.losses[-1]).path


@wrong("best_of_starts", "known minimum", "returns f.minima[0] whatever the runs found",
       says="the known minimum f.minima[0]")
def best_known(f, starts, lr, steps):
    return np.array(f.minima[0])


@wrong("best_of_starts", "returns None", "forgets to return", says="returned None")
def best_none(f, starts, lr, steps):
    _finals(f, starts, lr, steps)


# -- start_for_global -------------------------------------------------------------------------

@wrong("start_for_global", "wrong basin", "right of the saddle",
       says="in the local minimum's basin")
def start_right(f):
    return np.array([f.saddles[0, 0] + 0.05, 0.0])


@wrong("start_for_global", "wrong basin", "a fixed x = 0.05: right of the saddle when tilt is small",
       says="in the local minimum's basin")
def start_fixed(f):
    return np.array([0.05, 0.0])


@wrong("start_for_global", "x not positive", "starts in the global well itself",
       says="the task asks for x > 0")
def start_left(f):
    return np.array([-1.0, 0.5])


@wrong("start_for_global", "at the saddle", "exactly at the saddle: the gradient is ~0",
       says="a start on the saddle itself")
def start_saddle(f):
    return np.array(f.saddles[0])


@wrong("start_for_global", "too close to the saddle", "1e-12 left of it: escaping takes > 100 steps",
       says="escaping it eats the step budget")
def start_too_close(f):
    return np.array([f.saddles[0, 0] - 1e-12, 0.0])


@wrong("start_for_global", "wrong shape", "returns [x] without y",
       says="expected a point of shape (2,)")
def start_no_y(f):
    return np.array([f.saddles[0, 0] / 2])


@wrong("start_for_global", "returns None", "forgets to return", says="returned None")
def start_none(f):
    np.array([f.saddles[0, 0] / 2, 0.0])


@wrong("best_of_starts", "shortcut", "returns the check module's own reference",
       says="the task asks you to write the restarts yourself")
def starts_from_the_check(f, starts, lr, steps):
    from course_lib.checks import ex05_challenges
    return ex05_challenges._best(f, starts, lr, steps)


# -- right answers in unusual forms: every check must pass ----------------------------------

@right("a helper of one's own for one run, via course_lib's run as the task allows")
def end_and_loss(f, start, lr, steps):
    trajectory = run(GradientDescent(lr), f, start, steps)  # noqa: F821 (the setup cell's)
    return trajectory.final, trajectory.losses[-1], trajectory.diverged


@right("a helper of one's own for one run, via course_lib's run as the task allows")
def best_of_starts(f, starts, lr, steps):
    ends = [end_and_loss(f, start, lr, steps) for start in starts]
    kept = [(loss, end) for end, loss, diverged in ends if not diverged and np.isfinite(loss)]
    return min(kept, key=lambda pair: pair[0])[1]
