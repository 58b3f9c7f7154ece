package io.skyloom.lua.stdlib;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * table.sort: the quicksort C Lua 5.2 uses (median of three, pivot parked at u-1, the
 * smaller half recursed into), so that an order function with ties, or an invalid one,
 * leaves the same order and raises the same "invalid order function for sorting" as C
 * Lua does. Checks the stop flag every {@link StopFlag#STEPS} comparisons. Owned by one
 * call.
 */
final class TableSort {

    private final LuaTable t;
    private final LuaValue cmp;   // nil: the < operator
    private final StopFlag stop;
    private int steps;

    TableSort(LuaTable t, LuaValue cmp, StopFlag stop) {
        this.t = t;
        this.cmp = cmp;
        this.stop = stop;
    }

    void sort(int l, int u) {
        while (l < u) {
            if (less(get(u), get(l))) swap(l, u);
            if (u - l == 1) return;
            int i = (l + u) >>> 1;
            if (less(get(i), get(l))) swap(i, l);
            else if (less(get(u), get(i))) swap(i, u);
            if (u - l == 2) return;
            LuaValue pivot = get(i);
            swap(i, u - 1);
            int j = u - 1;
            i = l;
            while (true) {   // invariant: a[l..i] <= pivot <= a[j..u]
                while (less(get(++i), pivot)) if (i >= u) throw new LuaError("invalid order function for sorting");
                while (less(pivot, get(--j))) if (j <= l) throw new LuaError("invalid order function for sorting");
                if (j < i) break;
                swap(i, j);
            }
            swap(u - 1, i);
            // recurse into the smaller part, loop on the larger one
            if (i - l < u - i) {
                sort(l, i - 1);
                l = i + 1;
            } else {
                sort(i + 1, u);
                u = i - 1;
            }
        }
    }

    private LuaValue get(int i) {
        return t.rawget(i);
    }

    private void swap(int i, int j) {
        LuaValue a = t.rawget(i);
        t.rawset(i, t.rawget(j));
        t.rawset(j, a);
    }

    private boolean less(LuaValue a, LuaValue b) {
        if (++steps == StopFlag.STEPS) {
            steps = 0;
            stop.check();
        }
        if (!cmp.isnil()) return cmp.call(a, b).toboolean();
        return lessThan(a, b);
    }

    /** Lua's a < b, with 5.2's wording when the values cannot be compared. */
    static boolean lessThan(LuaValue a, LuaValue b) {
        if (a.type() == LuaValue.TNUMBER && b.type() == LuaValue.TNUMBER) return a.todouble() < b.todouble();
        if (a.type() == LuaValue.TSTRING && b.type() == LuaValue.TSTRING) return a.strcmp(b) < 0;
        LuaValue h = a.metatag(LuaValue.LT);
        if (h.isnil()) h = b.metatag(LuaValue.LT);
        if (h.isnil()) {
            String ta = a.typename();
            String tb = b.typename();
            // A message object, not text: LuaJ then adds no position, as C Lua adds none inside sort.
            throw new LuaError(LuaValue.valueOf(ta.equals(tb) ? "attempt to compare two " + ta + " values"
                    : "attempt to compare " + ta + " with " + tb));
        }
        return h.call(a, b).toboolean();
    }
}
