package io.embark.pipelines.collab;

import io.embark.pipelines.train.TrainerSettings;

/**
 * Everything one MovieLens training run needs.
 *
 * @param ratings             ratings file, directory or glob
 * @param format              layout of the ratings
 * @param testRatings         explicit validation/test ratings, or null to split {@code ratings} randomly
 * @param validFraction       fraction held out for validation when {@code testRatings} is null
 * @param splitSeed           seed of the random split
 * @param minRating           smallest valid rating
 * @param maxRating           largest valid rating
 * @param model               model hyper-parameters
 * @param trainer             parameter-averaging settings
 * @param output              output directory (committed atomically)
 * @param overwrite           replace an existing output directory
 * @param evalBatchSize       minibatch size when scoring on the executors
 * @param trainLossSampleRows training rows sampled (fixed seed) to measure the training loss each epoch
 */
public record CollabRunSettings(String ratings, RatingsFormat format, String testRatings, double validFraction,
                                long splitSeed, double minRating, double maxRating, CollabModelSettings model,
                                TrainerSettings trainer, String output, boolean overwrite, int evalBatchSize,
                                long trainLossSampleRows) {
    /** Validates the settings that the nested records do not. */
    public CollabRunSettings {
        if (ratings == null || ratings.isBlank()) {
            throw new IllegalArgumentException("ratings path is required");
        }
        if (testRatings == null && !(validFraction > 0 && validFraction < 1)) {
            throw new IllegalArgumentException("valid-fraction must be in (0, 1), got " + validFraction);
        }
        if (output == null || output.isBlank()) {
            throw new IllegalArgumentException("output directory is required");
        }
        if (evalBatchSize < 1 || trainLossSampleRows < 1) {
            throw new IllegalArgumentException("eval batch size and train-loss sample rows must be >= 1");
        }
    }
}
