package io.embark.jobs;

import com.typesafe.config.Config;
import io.embark.pipelines.train.CheckpointSettings;
import io.embark.pipelines.train.TrainerSettings;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the {@code training} section every training job's configuration shares (workers, batch size per worker,
 * averaging frequency, prefetch, epochs, stats) and the {@code seed} into {@link TrainerSettings}, and its
 * checkpoint keys into {@link CheckpointSettings}.
 */
final class TrainerConfig {
    private TrainerConfig() {
    }

    /**
     * The trainer settings of {@code c}; {@code training.workers = 0} means Spark's default parallelism.
     *
     * @throws JobFailure with {@link JobFailure#BAD_INPUT} for a negative number of workers
     */
    static TrainerSettings from(Config c, SparkSession spark) {
        return from(c, spark, "training.epochs");
    }

    /** The trainer settings of {@code c} with the number of epochs read from {@code epochsKey}. */
    static TrainerSettings from(Config c, SparkSession spark, String epochsKey) {
        int workers = c.getInt("training.workers");
        if (workers < 0) {
            throw JobFailure.badInput("training.workers must be >= 0 (0 = default parallelism), got " + workers);
        }
        return new TrainerSettings(workers == 0 ? spark.sparkContext().defaultParallelism() : workers,
                c.getInt("training.batch-size-per-worker"), c.getInt("training.averaging-frequency"),
                c.getInt("training.prefetch-batches"), c.getInt(epochsKey), c.getLong("seed"),
                c.getBoolean("training.collect-stats"));
    }

    /** The {@code training.checkpoint} section and {@code training.resume}. */
    static CheckpointSettings checkpoints(Config c) {
        return new CheckpointSettings(c.getBoolean("training.checkpoint.enabled"),
                c.getString("training.checkpoint.dir"), c.getInt("training.checkpoint.keep"),
                CheckpointSettings.Resume.parse(c.getString("training.resume")),
                c.getInt("training.checkpoint.every-rounds"));
    }

    /**
     * The checkpoint settings of one step of a multi-step job: a configured {@code training.checkpoint.dir} gets a
     * subdirectory per step, so the steps' checkpoints never mix.
     */
    static CheckpointSettings checkpoints(Config c, String step) {
        CheckpointSettings cs = checkpoints(c);
        return cs.directory().isEmpty() ? cs : cs.withDirectory(new org.apache.hadoop.fs.Path(cs.directory(), step)
                .toString());
    }
}
