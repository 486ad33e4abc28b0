package io.embark.transformers.stats;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The exact distribution of one numeric column as counts per distinct value, up to a capacity, plus the count
 * of missing (null or NaN) values, as a mergeable accumulator: {@link io.embark.transformers.tabular.FillMissing}'s
 * statistic. From it come the exact median (pandas' {@code median}: the mean of the two middle values for an even
 * count) and the mode (the most common value, ties to the smallest).
 *
 * <p>Tabular columns usually hold few distinct values (temperatures, distances in steps, counts), so the
 * histogram stays small however many rows there are. When a column has more than {@code capacity} distinct
 * values the histogram stops tracking them and reports {@link #overflowed()}: the caller then needs another
 * method (a distributed percentile) for that column. Missing values are always counted.
 *
 * <pre>{@code
 * ValueHistogram h = new ValueHistogram(1000);
 * h.add(1); h.add(3); h.add(10); h.add(2); h.addMissing();
 * h.median();   // 2.5
 * }</pre>
 */
public final class ValueHistogram implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int capacity;
    private HashMap<Double, long[]> counts = new HashMap<>();
    private boolean overflowed;
    private long present;
    private long missing;

    /** An empty histogram tracking at most {@code capacity} distinct values (0: only count present and missing). */
    public ValueHistogram(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Absorbs one value; NaN counts as missing. */
    public ValueHistogram add(double value) {
        if (Double.isNaN(value)) {
            missing++;
            return this;
        }
        present++;
        if (!overflowed && capacity == 0) {
            overflowed = true;
        } else if (!overflowed) {
            // +0.0 and -0.0 are one value, as in pandas
            Double key = value == 0 ? 0.0 : value;
            long[] counter = counts.get(key);
            if (counter != null) {
                counter[0]++;
            } else {
                counts.put(key, new long[] {1});
                checkCapacity();
            }
        }
        return this;
    }

    /** Counts one missing (null) value. */
    public ValueHistogram addMissing() {
        missing++;
        return this;
    }

    /** Folds {@code other} into this histogram and returns this; {@code other} must not be used afterwards. */
    public ValueHistogram merge(ValueHistogram other) {
        present += other.present;
        missing += other.missing;
        if (other.overflowed) {
            overflow();
        }
        if (!overflowed) {
            for (Map.Entry<Double, long[]> e : other.counts.entrySet()) {
                long[] counter = counts.get(e.getKey());
                if (counter == null) {
                    counts.put(e.getKey(), e.getValue());
                } else {
                    counter[0] += e.getValue()[0];
                }
            }
            checkCapacity();
        }
        return this;
    }

    private void checkCapacity() {
        if (counts.size() > capacity) {
            overflow();
        }
    }

    private void overflow() {
        overflowed = true;
        counts = new HashMap<>();
    }

    /** True when the column had more distinct values than the capacity: no median or mode available. */
    public boolean overflowed() {
        return overflowed;
    }

    /** Number of present (non-missing) values. */
    public long present() {
        return present;
    }

    /** Number of missing values. */
    public long missing() {
        return missing;
    }

    /** The exact median, interpolating between the two middle values for an even count; NaN when empty. */
    public double median() {
        double[] values = sortedValues();
        if (present == 0) {
            return Double.NaN;
        }
        long lowRank = (present - 1) / 2;   // 0-based ranks of the middle value(s)
        long highRank = present / 2;
        double low = Double.NaN;
        double high = Double.NaN;
        long seen = 0;
        for (double v : values) {
            long next = seen + counts.get(v)[0];
            if (Double.isNaN(low) && lowRank < next) {
                low = v;
            }
            if (highRank < next) {
                high = v;
                break;
            }
            seen = next;
        }
        return low + (high - low) / 2;
    }

    /** The most common value, ties to the smallest; NaN when empty. */
    public double mode() {
        double[] values = sortedValues();
        double best = Double.NaN;
        long bestCount = 0;
        for (double v : values) {
            long c = counts.get(v)[0];
            if (c > bestCount) {
                best = v;
                bestCount = c;
            }
        }
        return best;
    }

    private double[] sortedValues() {
        if (overflowed) {
            throw new IllegalStateException("more than " + capacity + " distinct values: the histogram was not kept");
        }
        double[] values = counts.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(values);
        return values;
    }

    @Override
    public String toString() {
        return "ValueHistogram(distinct=" + (overflowed ? ">" + capacity : String.valueOf(counts.size()))
                + ", present=" + present + ", missing=" + missing + ")";
    }
}
