package io.embark.transformers.stats;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * How often each distinct {@code long} value of one column occurs, plus how many values were missing, as a
 * mergeable accumulator without boxing: an open-addressing hash table of primitive keys and counts. The integer
 * counterpart of {@link ValueCounts}, for {@link io.embark.transformers.tabular.Categorify}'s integer columns
 * (store ids, days, years), which dominate tabular data.
 *
 * <pre>{@code
 * LongCounts c = new LongCounts();
 * c.add(1115); c.add(7); c.add(1115); c.addMissing();
 * c.counts(Long::toString);   // {1115=2, 7=1}; missing 1
 * }</pre>
 */
public final class LongCounts implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long EMPTY_COUNT = 0;

    private long[] keys = new long[16];
    private long[] counts = new long[16];   // 0 marks a free slot: every stored key has a count >= 1
    private int size;
    private long missing;

    /** Counts one occurrence of {@code value}. */
    public LongCounts add(long value) {
        return add(value, 1);
    }

    private LongCounts add(long value, long times) {
        int mask = keys.length - 1;
        int slot = mix(value) & mask;
        while (counts[slot] != EMPTY_COUNT) {
            if (keys[slot] == value) {
                counts[slot] += times;
                return this;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = value;
        counts[slot] = times;
        if (++size * 2 > keys.length) {
            grow();
        }
        return this;
    }

    /** Counts one missing value. */
    public LongCounts addMissing() {
        missing++;
        return this;
    }

    /** Folds {@code other} into this accumulator and returns this. */
    public LongCounts merge(LongCounts other) {
        for (int i = 0; i < other.keys.length; i++) {
            if (other.counts[i] != EMPTY_COUNT) {
                add(other.keys[i], other.counts[i]);
            }
        }
        missing += other.missing;
        return this;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new long[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldCounts[i] != EMPTY_COUNT) {
                add(oldKeys[i], oldCounts[i]);
            }
        }
    }

    private static int mix(long value) {
        long h = value * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** Number of distinct values seen. */
    public int distinct() {
        return size;
    }

    /** Number of missing values. */
    public long missing() {
        return missing;
    }

    /** Number of values seen, missing ones included. */
    public long total() {
        long total = missing;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    /** The count of every distinct value, keys converted by {@code key} (in no particular order). */
    public <T> Map<T, Long> counts(LongFunction<T> key) {
        Map<T, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            if (counts[i] != EMPTY_COUNT) {
                out.merge(key.apply(keys[i]), counts[i], Long::sum);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "LongCounts(distinct=" + size + ", missing=" + missing + ")";
    }
}
