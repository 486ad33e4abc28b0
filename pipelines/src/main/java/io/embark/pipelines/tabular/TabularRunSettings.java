package io.embark.pipelines.tabular;

import io.embark.pipelines.supervised.RunSettings;

import java.util.List;

/**
 * Everything one tabular training run needs besides its data (the caller passes the prepared frames and their
 * {@link io.embark.transformers.tabular.TabularFeatures}).
 *
 * @param name      a short name of the workload, for the report (e.g. {@code rossmann})
 * @param target    the label column (numeric; the log of the quantity for {@link TabularMetric#EXP_RMSPE})
 * @param metric    how predictions are scored
 * @param idColumns validation columns copied into {@code predictions/} beside target and prediction
 * @param model     model hyper-parameters
 * @param run       trainer, output and scoring settings
 */
public record TabularRunSettings(String name, String target, TabularMetric metric, List<String> idColumns,
                                 TabularModelSettings model, RunSettings run) {
    /** Validates the settings that the nested records do not. */
    public TabularRunSettings {
        if (name == null || name.isBlank() || target == null || target.isBlank()) {
            throw new IllegalArgumentException("a run name and a target column are required");
        }
        if (metric == null || model == null || run == null) {
            throw new IllegalArgumentException("metric, model settings and run settings are required");
        }
        idColumns = List.copyOf(idColumns);
        if (idColumns.contains(target)) {
            throw new IllegalArgumentException("the target '" + target + "' is always written; do not list it as an id");
        }
    }
}
