package io.embark.pipelines.train;

import java.util.Map;

/**
 * What one epoch produced.
 *
 * @param epoch          1-based epoch number
 * @param trainLoss      the training loss measured at the end of the epoch
 * @param metrics        validation metrics by name (e.g. {@code valid_rmse})
 * @param samples        training samples seen in the epoch
 * @param trainSeconds   wall time of the epoch's training (evaluation excluded)
 * @param learningRate   the learning rate at the end of the epoch
 */
public record EpochRecord(int epoch, double trainLoss, Map<String, Double> metrics, long samples,
                          double trainSeconds, double learningRate) {
    /** Training throughput of the epoch. */
    public double samplesPerSecond() {
        return trainSeconds > 0 ? samples / trainSeconds : 0;
    }
}
