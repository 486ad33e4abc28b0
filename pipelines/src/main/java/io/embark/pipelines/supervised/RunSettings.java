package io.embark.pipelines.supervised;

import io.embark.pipelines.train.CheckpointSettings;

import io.embark.pipelines.train.TrainerSettings;

/**
 * What every regression training run needs besides its data and model: how it trains, how it is scored and where
 * it writes. Shared by {@link io.embark.pipelines.collab.CollabRunSettings} and
 * {@link io.embark.pipelines.tabular.TabularRunSettings}.
 *
 * @param trainer             parameter-averaging settings
 * @param output              output directory (committed atomically)
 * @param overwrite           replace an existing output directory
 * @param evalBatchSize       minibatch size when scoring on the executors
 * @param trainLossSampleRows training rows sampled (fixed seed) to measure the training loss each epoch
 * @param checkpoints         per-epoch checkpoints and resuming ({@link CheckpointSettings#off()} for none)
 */
public record RunSettings(TrainerSettings trainer, String output, boolean overwrite, int evalBatchSize,
                          long trainLossSampleRows, CheckpointSettings checkpoints) {
    /** Settings without checkpoints. */
    public RunSettings(TrainerSettings trainer, String output, boolean overwrite, int evalBatchSize,
                       long trainLossSampleRows) {
        this(trainer, output, overwrite, evalBatchSize, trainLossSampleRows, CheckpointSettings.off());
    }

    /** Validates the settings. */
    public RunSettings {
        if (trainer == null) {
            throw new IllegalArgumentException("trainer settings are required");
        }
        if (output == null || output.isBlank()) {
            throw new IllegalArgumentException("output directory is required");
        }
        if (checkpoints == null) {
            throw new IllegalArgumentException("checkpoint settings are required (CheckpointSettings.off() for none)");
        }
        if (evalBatchSize < 1 || trainLossSampleRows < 1) {
            throw new IllegalArgumentException("eval batch size and train-loss sample rows must be >= 1");
        }
    }

    /** Removes this run's checkpoints once its output is committed (nothing is left to resume). */
    public void discardCheckpoints(org.apache.hadoop.conf.Configuration hadoopConf) {
        if (checkpoints.enabled()) {
            io.embark.pipelines.train.TrainingCheckpoints.discard(hadoopConf, checkpoints.directoryFor(output));
        }
    }
}
