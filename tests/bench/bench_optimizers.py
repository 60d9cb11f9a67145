"""make bench: optimizer step cost at 1e6 and 1e7 float64 parameters.

Each step is timed as a ratio to np.copyto of one parameter array, timed in turn with it
(so the machine's memory bandwidth and its load at that moment cancel out), and its peak
extra memory is read with tracemalloc. Targets at 1e7: Momentum <= 4x the copy, Adam <= 13x, and no
parameter-sized allocation per step. Nesterov and RMSProp (written on top of Momentum and
AdaGrad) are shown for comparison, with no target of their own.
"""

import time
import tracemalloc

import numpy as np

from course_lib.optimizers.adaptive import Adam, RMSProp
from course_lib.optimizers import Momentum, Nesterov

TARGETS = {"Momentum": 4.0, "Nesterov": None, "RMSProp": None, "Adam": 13.0}


def best_times(fns, repeats):
    """The best time of each function, timed in turn so that both see the same load."""
    best = [float("inf")] * len(fns)
    for _ in range(repeats):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - t0)
    return best


def measure(sizes=(10 ** 6, 10 ** 7)):
    """One row per optimizer and size: name, n, step and copy seconds, ratio, target (None:
    shown without one), peak extra bytes during a step."""
    rows = []
    for n in sizes:
        rng = np.random.default_rng(0)
        w, g, dst = rng.normal(size=n), rng.normal(size=n) * 1e-3, np.empty(n)
        repeats = 30 if n <= 10 ** 6 else 10
        for opt in (Momentum(lr=1e-3, beta=0.9), Nesterov(lr=1e-3, beta=0.9),
                    RMSProp(lr=1e-3), Adam(lr=1e-3)):
            opt.step(w, g)                       # first step allocates the state
            copy, step = best_times([lambda: np.copyto(dst, w), lambda: opt.step(w, g)],
                                    repeats)
            tracemalloc.start()
            opt.step(w, g)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            rows.append(dict(name=opt.name, n=n, step=step, copy=copy, ratio=step / copy,
                             target=TARGETS[opt.name], peak=peak, nbytes=w.nbytes))
    return rows


def main():
    print(f"{'optimizer':<10}{'n':>12}{'step ms':>10}{'copy ms':>10}{'ratio':>8}"
          f"{'target':>8}{'peak extra':>12}")
    ok = True
    for r in measure():
        if r["n"] == 10 ** 7:
            ok &= (r["target"] is None or r["ratio"] <= r["target"]) and r["peak"] < r["nbytes"] / 10
        shown = "-" if r["target"] is None else f"{r['target']:.1f}"
        print(f"{r['name']:<10}{r['n']:>12.0e}{r['step'] * 1e3:>10.2f}{r['copy'] * 1e3:>10.2f}"
              f"{r['ratio']:>8.2f}{shown:>8}{r['peak'] / 1024:>10.1f} KiB")
    print("targets met at 1e7" if ok else "TARGET MISSED at 1e7")


if __name__ == "__main__":
    main()
