package io.embark.pipelines.classify;

/**
 * What the predict step ({@link TextClassifierPrediction#predict}) needs.
 *
 * @param classifier the classify step's run directory
 * @param input      the documents to score (text files one per document, CSV or Parquet with a text column; a
 *                   label column, when named, is compared with the predictions)
 * @param batchSize  documents per scoring minibatch
 * @param seed       seed of the reader (no split is made: every document is scored)
 * @param output     the run directory
 * @param overwrite  replace an existing run directory
 */
public record PredictSettings(String classifier, LabelledTextSettings input, int batchSize, long seed, String output,
                              boolean overwrite) {
    /** Validates the settings. */
    public PredictSettings {
        if (classifier == null || classifier.isBlank()) {
            throw new IllegalArgumentException("predict needs the classifier run directory");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
    }
}
