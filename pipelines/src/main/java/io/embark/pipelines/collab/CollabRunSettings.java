package io.embark.pipelines.collab;

import io.embark.pipelines.supervised.RunSettings;

/**
 * Everything one MovieLens training run needs.
 *
 * @param ratings       ratings file, directory or glob
 * @param format        layout of the ratings
 * @param testRatings   explicit validation/test ratings, or null to split {@code ratings} randomly
 * @param validFraction fraction held out for validation when {@code testRatings} is null
 * @param splitSeed     seed of the random split (and of the epoch shuffles)
 * @param minRating     smallest valid rating
 * @param maxRating     largest valid rating
 * @param model         model hyper-parameters
 * @param run           trainer, output and scoring settings
 */
public record CollabRunSettings(String ratings, RatingsFormat format, String testRatings, double validFraction,
                                long splitSeed, double minRating, double maxRating, CollabModelSettings model,
                                RunSettings run) {
    /** Validates the settings that the nested records do not. */
    public CollabRunSettings {
        if (ratings == null || ratings.isBlank()) {
            throw new IllegalArgumentException("ratings path is required");
        }
        if (testRatings == null && !(validFraction > 0 && validFraction < 1)) {
            throw new IllegalArgumentException("valid-fraction must be in (0, 1), got " + validFraction);
        }
        if (model == null || run == null) {
            throw new IllegalArgumentException("model and run settings are required");
        }
    }
}
