"""Writes numsky's golden table of numpy's binary operations (numsky/src/test/resources/numpy_binary.txt).

For every operation pyskynet's numsky has and every pair of numsky's dtypes, numpy's
result dtype and values for a = [0, 1, 100, 127] and b = [127, 100, 1, 0], or "error"
where numpy refuses the pair. numsky's EveryBinaryOpTest compares against it, so the
test needs no Python. Rerun (python3 with numpy) when the cases change.
"""
import sys
import warnings

import numpy as np

warnings.simplefilter("ignore")
DTYPES = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "float32", "float64"]
OPS = {
    "add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.true_divide,
    "idiv": np.floor_divide, "mod": np.remainder, "pow": np.power,
    "band": np.bitwise_and, "bor": np.bitwise_or, "bxor": np.bitwise_xor,
    "shl": np.left_shift, "shr": np.right_shift,
    "eq": np.equal, "ne": np.not_equal, "lt": np.less, "le": np.less_equal,
    "gt": np.greater, "ge": np.greater_equal, "fmax": np.fmax, "fmin": np.fmin, "atan2": np.arctan2,
}
A, B = [0, 1, 100, 127], [127, 100, 1, 0]

out = open(sys.argv[1], "w") if len(sys.argv) > 1 else sys.stdout
out.write(f"# numpy {np.__version__}: op a-dtype b-dtype result-dtype values... | error\n")
for name, f in OPS.items():
    for ta in DTYPES:
        for tb in DTYPES:
            a, b = np.array(A).astype(ta), np.array(B).astype(tb)
            try:
                r = f(a, b)
            except TypeError:
                out.write(f"{name} {ta} {tb} error\n")
                continue
            if r.dtype.kind == "f":
                vals = " ".join(repr(float(v)) for v in r)
            else:
                vals = " ".join(str(int(v)) for v in r)
            out.write(f"{name} {ta} {tb} {r.dtype} {vals}\n")
