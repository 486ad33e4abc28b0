package io.embark.pipelines.tabular;

import java.util.Arrays;
import java.util.List;

/**
 * Hyper-parameters of fastai's tabular model (defaults from the Rossmann lesson: layers [1000, 500],
 * ps [0.001, 0.01], emb_drop 0.04, weight decay 0.2, one-cycle with maximum learning rate 1e-3).
 *
 * @param layers      widths of the hidden Dense layers, in order
 * @param ps          fastai dropout (DROP) probability after each hidden layer, aligned with {@code layers}
 * @param embDrop     fastai dropout (DROP) probability on the concatenated embeddings
 * @param yRange      {@code [lo, hi]} of the output ({@code sigmoid(x) * (hi - lo) + lo}), or null for an
 *                    unbounded (identity) output
 * @param weightDecay decoupled weight decay (AdamW style) on the weights of every embedding and Dense layer
 * @param maxLr       peak learning rate of the one-cycle schedule
 * @param seed        seed of the weight initialisation and dropout masks
 */
public record TabularModelSettings(List<Integer> layers, List<Double> ps, double embDrop, double[] yRange,
                                   double weightDecay, double maxLr, long seed) {
    /** Validates every setting and copies the lists and the range. */
    public TabularModelSettings {
        layers = List.copyOf(layers);
        ps = List.copyOf(ps);
        if (layers.isEmpty() || layers.stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("layers must be one or more widths >= 1, got " + layers);
        }
        if (ps.size() != layers.size()) {
            throw new IllegalArgumentException("ps needs one dropout probability per layer: " + layers.size()
                    + " layers " + layers + " but " + ps.size() + " ps " + ps);
        }
        for (double p : ps) {
            requireDropProbability(p, "ps");
        }
        requireDropProbability(embDrop, "embDrop");
        if (yRange != null) {
            if (yRange.length != 2 || !(yRange[1] > yRange[0])) {
                throw new IllegalArgumentException("yRange must be [lo, hi] with lo < hi, got " + Arrays.toString(yRange));
            }
            yRange = yRange.clone();
        }
        if (!(weightDecay >= 0) || !(maxLr > 0)) {
            throw new IllegalArgumentException("need weight-decay >= 0 and max-lr > 0; got " + weightDecay + ", " + maxLr);
        }
    }

    /** fastai's Rossmann settings with the given output range (null for none). */
    public static TabularModelSettings fastaiDefaults(double[] yRange) {
        return new TabularModelSettings(List.of(1000, 500), List.of(0.001, 0.01), 0.04, yRange, 0.2, 1e-3, 42);
    }

    /** The same settings with other hidden layers and their dropout probabilities. */
    public TabularModelSettings withLayers(List<Integer> newLayers, List<Double> newPs) {
        return new TabularModelSettings(newLayers, newPs, embDrop, yRange, weightDecay, maxLr, seed);
    }

    /** The same settings with another peak learning rate. */
    public TabularModelSettings withMaxLr(double newMaxLr) {
        return new TabularModelSettings(layers, ps, embDrop, yRange, weightDecay, newMaxLr, seed);
    }

    /** The output range {@code [lo, hi]} (a copy), or null when the output is unbounded. */
    @Override
    public double[] yRange() {
        return yRange == null ? null : yRange.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TabularModelSettings s && s.layers.equals(layers) && s.ps.equals(ps)
                && s.embDrop == embDrop && Arrays.equals(s.yRange, yRange) && s.weightDecay == weightDecay
                && s.maxLr == maxLr && s.seed == seed;
    }

    @Override
    public int hashCode() {
        return (layers.hashCode() * 31 + ps.hashCode()) * 31 + Arrays.hashCode(yRange);
    }

    @Override
    public String toString() {
        return "TabularModelSettings(layers=" + layers + ", ps=" + ps + ", embDrop=" + embDrop + ", yRange="
                + Arrays.toString(yRange) + ", weightDecay=" + weightDecay + ", maxLr=" + maxLr + ", seed=" + seed + ")";
    }

    private static void requireDropProbability(double p, String name) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(name + " are drop probabilities in [0, 1), got " + p);
        }
    }
}
