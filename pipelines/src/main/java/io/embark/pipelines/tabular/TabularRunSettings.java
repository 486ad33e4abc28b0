package io.embark.pipelines.tabular;

import io.embark.pipelines.train.TrainerSettings;

import java.util.List;

/**
 * Everything one tabular training run needs besides its data (the caller passes the prepared frames and their
 * {@link io.embark.transformers.tabular.TabularFeatures}).
 *
 * @param name                a short name of the workload, for the report (e.g. {@code rossmann})
 * @param target              the label column (numeric; the log of the quantity for {@link TabularMetric#EXP_RMSPE})
 * @param metric              how predictions are scored
 * @param idColumns           validation columns copied into {@code predictions/} beside target and prediction
 * @param model               model hyper-parameters
 * @param trainer             parameter-averaging settings
 * @param output              output directory (committed atomically)
 * @param overwrite           replace an existing output directory
 * @param evalBatchSize       minibatch size when scoring on the executors
 * @param trainLossSampleRows training rows sampled (fixed seed) to measure the training loss each epoch
 */
public record TabularRunSettings(String name, String target, TabularMetric metric, List<String> idColumns,
                                 TabularModelSettings model, TrainerSettings trainer, String output, boolean overwrite,
                                 int evalBatchSize, long trainLossSampleRows) {
    /** Validates the settings that the nested records do not. */
    public TabularRunSettings {
        if (name == null || name.isBlank() || target == null || target.isBlank()) {
            throw new IllegalArgumentException("a run name and a target column are required");
        }
        if (metric == null || model == null || trainer == null) {
            throw new IllegalArgumentException("metric, model settings and trainer settings are required");
        }
        idColumns = List.copyOf(idColumns);
        if (idColumns.contains(target)) {
            throw new IllegalArgumentException("the target '" + target + "' is always written; do not list it as an id");
        }
        if (output == null || output.isBlank()) {
            throw new IllegalArgumentException("output directory is required");
        }
        if (evalBatchSize < 1 || trainLossSampleRows < 1) {
            throw new IllegalArgumentException("eval batch size and train-loss sample rows must be >= 1");
        }
    }
}
