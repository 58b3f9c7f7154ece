"""numpy's time for the operations numsky's ArrayBenchmark measures, in ms per op.

Run beside the JMH benchmark in the same sitting (./skyloom bench runs it when
python3 has numpy): the machine is noisy, only ratios from one sitting compare.
"""
import timeit

import numpy as np

a = np.arange(0, 1_000_000, 1, dtype=np.float64)
b = np.linspace(0, 1, 1_000_000)
every_other = np.arange(0, 2_000_000, 1, dtype=np.float64)[::2]
out = np.zeros(1_000_000)

for name, stmt in [
    ("addFloat64Million", lambda: a + b),
    ("addFloat64MillionIntoOut", lambda: np.add(a, b, out=out)),
    ("sumFloat64Million", lambda: a.sum()),
    ("mulStridedViewMillion", lambda: every_other * 2.0),
]:
    runs = timeit.repeat(stmt, number=50, repeat=7)
    best = sorted(runs)[len(runs) // 2] / 50 * 1000
    print(f"NUMPY {name} {best:.3f}")
