"""Writes numsky's golden tables of numpy (numsky/src/test/resources/numpy_*.txt).

numpy_binary.txt: for every binary operation pyskynet's numsky has and every pair of
numsky's dtypes, numpy's result dtype and values for a = [0, 1, 100, 127] and
b = [127, 100, 1, 0], or "error" where numpy refuses the pair. numpy_unary.txt: the
same for every unary operation and reduction of each dtype, on a. numsky's
EveryBinaryOpTest and EveryUnaryOpTest compare against them, so the tests need no
Python. Rerun (python3 with numpy) when the cases change:
    python3 bench/python/numpy_golden.py numsky/src/test/resources
"""
import os
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

UNARY = {
    "unm": np.negative, "bnot": np.invert, "abs": np.absolute, "ceil": np.ceil, "floor": np.floor,
    "acos": np.arccos, "asin": np.arcsin, "atan": np.arctan, "cos": np.cos, "sin": np.sin, "tan": np.tan,
    "deg": np.rad2deg, "rad": np.deg2rad, "log": np.log, "exp": np.exp, "sqrt": np.sqrt,
    "sum": np.sum, "prod": np.prod, "any": np.any, "all": np.all, "max": np.max, "min": np.min,
    "argmax": np.argmax, "argmin": np.argmin, "mean": np.mean, "std": np.std, "var": np.var,
}


def values(r):
    r = np.atleast_1d(r)
    if r.dtype.kind == "f":
        return " ".join(repr(float(v)) for v in r)
    return " ".join(str(int(v)) for v in r)


folder = sys.argv[1] if len(sys.argv) > 1 else "."
with open(os.path.join(folder, "numpy_unary.txt"), "w") as out:
    out.write(f"# numpy {np.__version__}: op dtype result-dtype values... | error\n")
    for name, f in UNARY.items():
        for t in DTYPES:
            try:
                r = np.asarray(f(np.array(A).astype(t)))
            except TypeError:
                out.write(f"{name} {t} error\n")
                continue
            out.write(f"{name} {t} {r.dtype} {values(r)}\n")

out = open(os.path.join(folder, "numpy_binary.txt"), "w")
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
            out.write(f"{name} {ta} {tb} {r.dtype} {values(r)}\n")
