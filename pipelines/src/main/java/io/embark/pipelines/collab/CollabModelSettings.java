package io.embark.pipelines.collab;

/**
 * Hyper-parameters of the EmbeddingDotBias model (fastai's course defaults: 50 factors, {@code y_range}
 * [0, 5.5], weight decay 0.1, one-cycle with maximum learning rate 5e-3).
 *
 * @param factors     embedding width of users and items
 * @param yLo         lower end of the output range
 * @param yHi         upper end of the output range
 * @param weightDecay decoupled weight decay (AdamW style) on every embedding
 * @param maxLr       peak learning rate of the one-cycle schedule
 * @param initStd     standard deviation of the normal initialisation of embeddings and biases
 * @param seed        seed of the weight initialisation
 */
public record CollabModelSettings(int factors, double yLo, double yHi, double weightDecay, double maxLr,
                                  double initStd, long seed) {
    /** Validates every setting. */
    public CollabModelSettings {
        if (factors < 1) {
            throw new IllegalArgumentException("factors must be >= 1, got " + factors);
        }
        if (!(yHi > yLo)) {
            throw new IllegalArgumentException("y-range must be [lo, hi] with lo < hi, got [" + yLo + ", " + yHi + "]");
        }
        if (weightDecay < 0 || !(maxLr > 0) || !(initStd > 0)) {
            throw new IllegalArgumentException("need weight-decay >= 0, max-lr > 0 and init-std > 0; got "
                    + weightDecay + ", " + maxLr + ", " + initStd);
        }
    }

    /** fastai's defaults. */
    public static CollabModelSettings fastaiDefaults() {
        return new CollabModelSettings(50, 0, 5.5, 0.1, 5e-3, 0.01, 42);
    }
}
