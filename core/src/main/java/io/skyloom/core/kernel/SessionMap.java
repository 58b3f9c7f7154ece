package io.skyloom.core.kernel;

import io.skyloom.core.*;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The sessions a service waits on and what waits on each (skynet's
 * {@code session_id_coroutine}): open addressing on int keys, so a reply finds its task
 * without boxing the session or chasing a node per entry. A service with 100 000
 * sleeping tasks looks up one reply per wake-up here. Session 0 is never a key.
 * Owned by the service's baton holder; not thread-safe.
 */
final class SessionMap<V> {

    private static final int MIN_CAPACITY = 16;

    private int[] keys = new int[MIN_CAPACITY];     // 0 = free slot
    private Object[] values = new Object[MIN_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    /** Binds {@code session} (not 0) to {@code value}, replacing any earlier binding. */
    void put(int session, V value) {
        if (session == 0) throw new IllegalArgumentException("session 0 means no reply");
        int mask = keys.length - 1;
        int i = slot(session, mask);
        while (keys[i] != 0 && keys[i] != session) i = (i + 1) & mask;
        if (keys[i] == 0) size++;
        keys[i] = session;
        values[i] = value;
        if (size * 2 > keys.length) resize(keys.length * 2);
    }

    @SuppressWarnings("unchecked")
    V get(int session) {
        int i = find(session);
        return i < 0 ? null : (V) values[i];
    }

    /** Unbinds {@code session}; returns what was bound, or null. */
    @SuppressWarnings("unchecked")
    V remove(int session) {
        int i = find(session);
        if (i < 0) return null;
        V v = (V) values[i];
        deleteAt(i);
        size--;
        if (size * 8 < keys.length && keys.length > MIN_CAPACITY) resize(keys.length / 2);
        return v;
    }

    /** The slot of {@code session}, or -1: for a lookup and a removal with one probe. */
    int indexOf(int session) {
        return find(session);
    }

    @SuppressWarnings("unchecked")
    V valueAt(int index) {
        return (V) values[index];
    }

    /** Removes the entry at {@code index} (from {@link #indexOf}, with no change between). */
    void removeAt(int index) {
        deleteAt(index);
        size--;
        if (size * 8 < keys.length && keys.length > MIN_CAPACITY) resize(keys.length / 2);
    }

    /** Calls {@code action} for every value; {@code action} must not change the map. */
    @SuppressWarnings("unchecked")
    void forEach(Consumer<? super V> action) {
        for (int i = 0; i < keys.length; i++) if (keys[i] != 0) action.accept((V) values[i]);
    }

    /** Calls {@code action} for every value, then empties the map. */
    @SuppressWarnings("unchecked")
    void drain(Consumer<? super V> action) {
        Object[] vs = values;
        int[] ks = keys;
        keys = new int[MIN_CAPACITY];
        values = new Object[MIN_CAPACITY];
        size = 0;
        for (int i = 0; i < ks.length; i++) if (ks[i] != 0) action.accept((V) vs[i]);
    }

    private int find(int session) {
        if (session == 0) return -1;
        int mask = keys.length - 1;
        for (int i = slot(session, mask); ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == session) return i;
            if (k == 0) return -1;
        }
    }

    /**
     * Linear probing without tombstones: after freeing slot {@code hole}, moves back every
     * later entry of the same run whose home slot does not lie between the hole and it.
     */
    private void deleteAt(int hole) {
        int mask = keys.length - 1;
        for (int i = (hole + 1) & mask; keys[i] != 0; i = (i + 1) & mask) {
            int home = slot(keys[i], mask);
            // The entry at i may fill the hole unless its home lies cyclically in (hole, i].
            boolean homeAfterHole = hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
            if (!homeAfterHole) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                hole = i;
            }
        }
        keys[hole] = 0;
        values[hole] = null;
    }

    private void resize(int capacity) {
        int[] ks = keys;
        Object[] vs = values;
        keys = new int[capacity];
        values = new Object[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < ks.length; j++) {
            if (ks[j] == 0) continue;
            int i = slot(ks[j], mask);
            while (keys[i] != 0) i = (i + 1) & mask;
            keys[i] = ks[j];
            values[i] = vs[j];
        }
    }

    /** Sessions are consecutive: Fibonacci hashing spreads them over the table. */
    private static int slot(int session, int mask) {
        int h = session * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    @Override
    public String toString() {
        return "SessionMap" + Arrays.toString(Arrays.stream(keys).filter(k -> k != 0).sorted().toArray());
    }
}
