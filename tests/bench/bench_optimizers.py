"""make bench: our optimizer steps against torch.optim's (foreach=True), in the same run.

1e7 float64 parameters, one thread for both (OPENBLAS_NUM_THREADS=1, torch.set_num_threads(1)),
the two steps timed in turn (interleaved, so the machine's load at each moment hits both), the
median of the repeats. Targets: Momentum <= 1.25x torch, Adam <= 1.1x torch; Nesterov and
RMSProp are shown without one. Without torch the table falls back to a floor that needs
nothing: one np.copyto of the parameters (no targets then).

The NumPy floor. A step is bound by memory traffic: how many parameter-sized arrays it reads
and writes. NumPy has no fused multiply-add, so v <- beta v + lr g costs a pass for lr g; torch's
foreach ops fuse it (add_(g, alpha=lr)). Updated array by array, our Momentum moves 10 arrays'
worth of memory against torch's 8, a floor of 1.25x. Our template instead hands large arrays to
the update in blocks of 65,536 elements that stay in the CPU cache through every pass, so memory
is read and written once: 5 arrays (w, g, v read; w, v written). The table shows all three.

Run alone: .venv/bin/python tests/bench/bench_optimizers.py
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")   # before numpy is imported

import statistics  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402

import numpy as np  # noqa: E402

from course_lib.optimizers import Adam, Momentum, Nesterov, RMSProp  # noqa: E402

TARGETS = {"Momentum": 1.25, "Nesterov": None, "RMSProp": None, "Adam": 1.1}
# Arrays of the parameters' size read + written per step: torch's foreach ops; our update as
# full-array passes (its ufunc calls); in blocks (each array once). See the docstring.
TRAFFIC = {"Momentum": (8, 10, 5), "Nesterov": (11, 15, 5), "RMSProp": (13, 21, 5),
           "Adam": (18, 30, 7)}
LR = 1e-3


def pairs(torch, w):
    """(ours, a torch optimizer over the tensor w) with the same settings, per optimizer."""
    sgd = dict(lr=LR, momentum=0.9, foreach=True)
    return {"Momentum": (Momentum(LR, beta=0.9), lambda: torch.optim.SGD([w], **sgd)),
            "Nesterov": (Nesterov(LR, beta=0.9),
                         lambda: torch.optim.SGD([w], nesterov=True, **sgd)),
            "RMSProp": (RMSProp(LR, rho=0.9),
                        lambda: torch.optim.RMSprop([w], lr=LR, alpha=0.9, foreach=True)),
            "Adam": (Adam(LR), lambda: torch.optim.Adam([w], lr=LR, foreach=True))}


def medians(fns, repeats):
    """The median time of each function, the functions timed in turn in every repeat."""
    times = [[] for _ in fns]
    for _ in range(repeats):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            times[i].append(time.perf_counter() - t0)
    return [statistics.median(t) for t in times]


def measure(n=10 ** 7, repeats=15):
    """One row per optimizer: name, ours, torch (None without it), copy seconds, ratio to
    torch (or to the copy), target, memory traffic, peak extra bytes of our step."""
    try:
        import torch
        torch.set_num_threads(1)
    except ImportError:
        torch = None
    rng = np.random.default_rng(0)
    w, g, dst = rng.normal(size=n), rng.normal(size=n) * 1e-3, np.empty(n)
    tw = None
    if torch is not None:
        tw = torch.tensor(w.copy(), requires_grad=True)
        tw.grad = torch.tensor(g.copy())
    rows = []
    for name, (ours, make_theirs) in pairs(torch, tw).items():
        fns = [lambda: ours.step(w, g), lambda: np.copyto(dst, w)]
        if torch is not None:
            theirs = make_theirs()
            fns.append(theirs.step)
        for fn in fns:
            fn()                                # first steps allocate the state
        step, copy, *torch_step = medians(fns, repeats)
        tracemalloc.start()
        ours.step(w, g)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        floor = torch_step[0] if torch_step else copy
        rows.append(dict(name=name, n=n, step=step, copy=copy,
                         torch=torch_step[0] if torch_step else None, ratio=step / floor,
                         target=TARGETS[name] if torch_step else None, traffic=TRAFFIC[name],
                         peak=peak, nbytes=w.nbytes))
    return rows


def main():
    rows = measure()
    against = "torch" if rows[0]["torch"] is not None else "copy"
    print(f"{'optimizer':<10}{'ours ms':>9}{against + ' ms':>10}{'ratio':>7}{'target':>8}"
          f"{'traffic torch / ours by array / ours in blocks':>50}{'peak extra':>12}")
    ok = True
    for r in rows:
        met = r["target"] is None or r["ratio"] <= r["target"]
        ok &= met and r["peak"] < r["nbytes"] / 10
        floor = r["torch"] if r["torch"] is not None else r["copy"]
        shown = "-" if r["target"] is None else f"{r['target']:.2f}"
        t, full, blocks = r["traffic"]
        traffic = f"{t} / {full} (floor {full / t:.2f}x) / {blocks} ({blocks / t:.2f}x)"
        print(f"{r['name']:<10}{r['step'] * 1e3:>9.1f}{floor * 1e3:>10.1f}{r['ratio']:>7.2f}"
              f"{shown:>8}{traffic:>50}{r['peak'] / 1024:>10.1f} KiB")
    print("traffic: parameter-sized arrays read + written per step (w, g and the state)")
    print("targets met" if ok else "TARGET MISSED")


if __name__ == "__main__":
    main()
