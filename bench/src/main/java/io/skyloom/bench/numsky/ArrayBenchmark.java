package io.skyloom.bench.numsky;

import io.skyloom.numsky.DType;
import io.skyloom.numsky.NDArray;
import io.skyloom.numsky.Numsky;
import io.skyloom.numsky.Slice;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** numsky's Java API on float64[10^6] (issue 5): a + b (new and into an out array), sum, and an op on a strided view. Scores in ms/op. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ArrayBenchmark {

    NDArray a;
    NDArray b;
    NDArray everyOther;
    NDArray out;

    @Setup
    public void setup() {
        a = NDArray.arange(0, 1_000_000, 1, DType.FLOAT64);
        b = NDArray.linspace(0, 1, 1_000_000);
        everyOther = NDArray.arange(0, 2_000_000, 1, DType.FLOAT64).slice(new Slice(null, null, 2));
        out = NDArray.zeros(DType.FLOAT64, 1_000_000);
    }

    @Benchmark
    public NDArray addFloat64Million() {
        return Numsky.add(a, b);
    }

    /** numpy's np.add(a, b, out=c): no new 8 MB array to allocate and zero. */
    @Benchmark
    public NDArray addFloat64MillionIntoOut() {
        return Numsky.add(a, b, out);
    }

    @Benchmark
    public NDArray sumFloat64Million() {
        return Numsky.sum(a);
    }

    @Benchmark
    public NDArray mulStridedViewMillion() {
        return Numsky.mul(everyOther, 2.0);
    }
}
