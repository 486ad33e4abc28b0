package io.embark.transformers.stats;

import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * How often each distinct value of one column occurs, plus how many values were missing, as a mergeable
 * accumulator: {@link Categorify}'s vocabulary statistic. Keys are any type with value equality; a caller that
 * reuses one mutable key object per row (Spark's row buffers do) passes a copy function to {@link #add(Object,
 * UnaryOperator)}, which copies only keys seen for the first time.
 *
 * <pre>{@code
 * ValueCounts<String> left = new ValueCounts<>(), right = new ValueCounts<>();
 * left.add("a"); left.add("b"); left.addMissing(); right.add("a");
 * left.merge(right).counts();   // {a=2, b=1}, missing 1, total 4
 * }</pre>
 *
 * @param <K> the value type
 * @see io.embark.transformers.tabular.Categorify
 */
public final class ValueCounts<K> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final HashMap<K, long[]> counts = new HashMap<>();
    private long missing;

    /** Counts one occurrence of {@code value}, which must not be null (use {@link #addMissing()}). */
    public ValueCounts<K> add(K value) {
        return add(value, UnaryOperator.identity());
    }

    /**
     * Counts one occurrence of {@code probe}; when it is new, stores {@code keep.apply(probe)} as the key, so that
     * {@code probe} itself may be a reused buffer.
     */
    public ValueCounts<K> add(K probe, UnaryOperator<K> keep) {
        long[] counter = counts.get(probe);
        if (counter == null) {
            counts.put(keep.apply(probe), new long[] {1});
        } else {
            counter[0]++;
        }
        return this;
    }

    /** Counts one missing value. */
    public ValueCounts<K> addMissing() {
        missing++;
        return this;
    }

    /** Folds {@code other} into this accumulator and returns this; {@code other} must not be used afterwards. */
    public ValueCounts<K> merge(ValueCounts<K> other) {
        for (Map.Entry<K, long[]> e : other.counts.entrySet()) {
            long[] counter = counts.get(e.getKey());
            if (counter == null) {
                counts.put(e.getKey(), e.getValue());
            } else {
                counter[0] += e.getValue()[0];
            }
        }
        missing += other.missing;
        return this;
    }

    /** Number of distinct values seen. */
    public int distinct() {
        return counts.size();
    }

    /** Number of missing values. */
    public long missing() {
        return missing;
    }

    /** Number of values seen, missing ones included. */
    public long total() {
        long total = missing;
        for (long[] c : counts.values()) {
            total += c[0];
        }
        return total;
    }

    /** The count of every distinct value, with keys converted by {@code key} (in no particular order). */
    public <T> Map<T, Long> counts(Function<K, T> key) {
        Map<T, Long> out = new LinkedHashMap<>();
        for (Map.Entry<K, long[]> e : counts.entrySet()) {
            out.merge(key.apply(e.getKey()), e.getValue()[0], Long::sum);
        }
        return out;
    }

    /** The count of every distinct value (in no particular order). */
    public Map<K, Long> counts() {
        return counts(Function.identity());
    }

    @Override
    public String toString() {
        return "ValueCounts(distinct=" + counts.size() + ", missing=" + missing + ")";
    }
}
