"""Growth of run time with input size, for the linear-time tests.

The tests compare a small and a 10x input, never an absolute time. CPU time of this
process (not wall time) is measured, and the small and big runs alternate, so that another
job on a shared CI machine slows both sides alike instead of failing the ratio.
"""
import time


def growth(fn, small, big, repeat=3):
    """Best CPU time on `big` over best CPU time on `small`, and both outputs."""
    best = {"small": float("inf"), "big": float("inf")}
    out = {}
    for _ in range(repeat):
        for key, arg in (("small", small), ("big", big)):
            t0 = time.process_time()
            out[key] = fn(arg)
            best[key] = min(best[key], time.process_time() - t0)
    return best["big"] / max(best["small"], 1e-3), out["small"], out["big"]
