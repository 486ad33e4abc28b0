package io.embark.pipelines.train;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * fastai's one-cycle learning-rate policy as a DL4J schedule over iterations: cosine warm-up from
 * {@code maxLr / divFactor} to {@code maxLr} during the first {@code pctStart} of training, then cosine
 * annealing down to {@code maxLr / (divFactor * finalDivFactor)}. Past the last iteration it stays at the end
 * value. Defaults (fastai): pctStart 0.25, divFactor 25, finalDivFactor 1e5.
 */
public final class OneCycleSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    private double maxLr;
    private long totalIterations;
    private double pctStart;
    private double divFactor;
    private double finalDivFactor;

    /** For JSON deserialisation of network configurations. */
    public OneCycleSchedule() {
        this(1e-3, 1, 0.25, 25, 1e5);
    }

    /** A schedule with fastai's default shape. */
    public OneCycleSchedule(double maxLr, long totalIterations) {
        this(maxLr, totalIterations, 0.25, 25, 1e5);
    }

    /** A schedule with every knob set. */
    public OneCycleSchedule(double maxLr, long totalIterations, double pctStart, double divFactor, double finalDivFactor) {
        if (!(maxLr > 0) || totalIterations < 1 || !(pctStart > 0 && pctStart < 1) || !(divFactor > 0)
                || !(finalDivFactor > 0)) {
            throw new IllegalArgumentException("one-cycle needs maxLr > 0, totalIterations >= 1, 0 < pctStart < 1 and "
                    + "positive divisors; got maxLr=" + maxLr + ", totalIterations=" + totalIterations
                    + ", pctStart=" + pctStart);
        }
        this.maxLr = maxLr;
        this.totalIterations = totalIterations;
        this.pctStart = pctStart;
        this.divFactor = divFactor;
        this.finalDivFactor = finalDivFactor;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double progress = Math.min(1.0, iteration / (double) totalIterations);
        double start = maxLr / divFactor;
        double end = start / finalDivFactor;
        if (progress < pctStart) {
            return cosine(start, maxLr, progress / pctStart);
        }
        return cosine(maxLr, end, (progress - pctStart) / (1 - pctStart));
    }

    private static double cosine(double from, double to, double pct) {
        return to + (from - to) / 2 * (Math.cos(Math.PI * pct) + 1);
    }

    /** Iterations over which the cycle runs. */
    public long totalIterations() {
        return totalIterations;
    }

    @Override
    public ISchedule clone() {
        return new OneCycleSchedule(maxLr, totalIterations, pctStart, divFactor, finalDivFactor);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OneCycleSchedule s && s.maxLr == maxLr && s.totalIterations == totalIterations
                && s.pctStart == pctStart && s.divFactor == divFactor && s.finalDivFactor == finalDivFactor;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(maxLr) * 31 + Long.hashCode(totalIterations);
    }

    @Override
    public String toString() {
        return "OneCycleSchedule(maxLr=" + maxLr + ", totalIterations=" + totalIterations + ", pctStart=" + pctStart + ")";
    }
}
