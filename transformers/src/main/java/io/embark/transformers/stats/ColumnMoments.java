package io.embark.transformers.stats;

import java.io.Serializable;

/**
 * Count, mean and sum of squared deviations of the finite values of one numeric column, with counts of the
 * missing (null or NaN) and infinite values seen, as a mergeable accumulator.
 *
 * <p>Values are absorbed with Welford's update and partial results are combined with Chan et al.'s pairwise
 * formula, so the result does not depend on how the column was split or in which order the parts are merged
 * (up to floating-point rounding), and it stays accurate when the mean is large compared with the spread.
 * {@link #populationStd()} is fastai's (ddof = 0) standard deviation.
 *
 * <pre>{@code
 * ColumnMoments left = new ColumnMoments(), right = new ColumnMoments();
 * left.add(1.0); left.add(null); right.add(3.0);
 * left.merge(right);   // count 2, missing 1, mean 2.0, populationStd 1.0
 * }</pre>
 */
public final class ColumnMoments implements Serializable {
    private static final long serialVersionUID = 1L;

    private long count;
    private double mean;
    private double m2;
    private long missing;
    private long infinite;

    /** An empty accumulator. */
    public ColumnMoments() {
    }

    /** Absorbs one value: finite values update the moments, null and NaN count as missing, ±Infinity as infinite. */
    public ColumnMoments add(Double value) {
        return value == null ? addMissing() : add(value.doubleValue());
    }

    /** Absorbs one value: finite values update the moments, NaN counts as missing, ±Infinity as infinite. */
    public ColumnMoments add(double value) {
        if (Double.isNaN(value)) {
            missing++;
        } else if (Double.isInfinite(value)) {
            infinite++;
        } else {
            count++;
            double delta = value - mean;
            mean += delta / count;
            m2 += delta * (value - mean);
        }
        return this;
    }

    /** Counts one missing (null) value. */
    public ColumnMoments addMissing() {
        missing++;
        return this;
    }

    /** Folds {@code other} into this accumulator and returns this; {@code other} is unchanged. */
    public ColumnMoments merge(ColumnMoments other) {
        if (other.count > 0) {
            if (count == 0) {
                mean = other.mean;
                m2 = other.m2;
            } else {
                long total = count + other.count;
                double delta = other.mean - mean;
                mean += delta * other.count / total;
                m2 += other.m2 + delta * delta * ((double) count * other.count / total);
            }
            count += other.count;
        }
        missing += other.missing;
        infinite += other.infinite;
        return this;
    }

    /** Mean of the finite values; NaN when there are none. */
    public double mean() {
        return count == 0 ? Double.NaN : mean;
    }

    /** Population (ddof = 0) standard deviation of the finite values; NaN when there are none. */
    public double populationStd() {
        return count == 0 ? Double.NaN : Math.sqrt(Math.max(0, m2 / count));
    }

    /** Number of finite values. */
    public long getCount() {
        return count;
    }

    /** Running mean of the finite values (0 when there are none). */
    public double getMean() {
        return mean;
    }

    /** Sum of squared deviations from the mean. */
    public double getM2() {
        return m2;
    }

    /** Number of null or NaN values. */
    public long getMissing() {
        return missing;
    }

    /** Number of +Infinity or -Infinity values. */
    public long getInfinite() {
        return infinite;
    }

    @Override
    public String toString() {
        return "ColumnMoments(count=" + count + ", mean=" + mean() + ", std=" + populationStd() + ", missing="
                + missing + ", infinite=" + infinite + ")";
    }
}
