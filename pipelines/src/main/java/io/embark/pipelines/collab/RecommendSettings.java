package io.embark.pipelines.collab;

/**
 * Everything the recommend step ({@link CollabTraining#recommend}) needs.
 *
 * @param modelDir  a committed MovieLens training run
 * @param ratings   the ratings whose users get recommendations (their rated movies are never recommended)
 * @param format    layout of the ratings
 * @param minRating smallest valid rating
 * @param maxRating largest valid rating
 * @param movies    MovieLens {@code movies.csv} for titles, or null
 * @param topN      recommendations per user
 * @param output    output directory (committed atomically)
 * @param overwrite replace an existing output directory
 */
public record RecommendSettings(String modelDir, String ratings, RatingsFormat format, double minRating,
                                double maxRating, String movies, int topN, String output, boolean overwrite) {
    /** Validates the settings. */
    public RecommendSettings {
        if (modelDir == null || modelDir.isBlank() || ratings == null || ratings.isBlank()) {
            throw new IllegalArgumentException("a trained run and a ratings path are required");
        }
        if (topN < 1) {
            throw new IllegalArgumentException("recommend.top-n must be >= 1, got " + topN);
        }
        if (output == null || output.isBlank()) {
            throw new IllegalArgumentException("output directory is required");
        }
    }
}
