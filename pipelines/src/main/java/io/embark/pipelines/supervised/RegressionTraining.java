package io.embark.pipelines.supervised;

import io.embark.pipelines.data.BatchLayout;
import io.embark.pipelines.data.ExecutorPredictor;
import io.embark.pipelines.data.ShuffledEpochs;
import io.embark.pipelines.train.CheckpointSettings;
import io.embark.pipelines.train.EpochEvaluator;
import io.embark.pipelines.train.ParameterAveragingTrainer;
import io.embark.pipelines.train.TrainerSettings;
import io.embark.pipelines.train.TrainingCheckpoints;
import io.embark.pipelines.train.TrainingHistory;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Trains a regression network with parameter averaging, the way every embark regression workload does: baseline
 * (predict the training mean) → network sized for the run → shuffled epochs → {@link ParameterAveragingTrainer}
 * with the training loss on a fixed sample and the validation metrics after every epoch, all computed on the
 * executors. Nothing is collected to the driver.
 *
 * <p>The caller passes encoded, persisted frames and their row counts; the frames stay persisted (the caller
 * writes predictions from them and unpersists them).
 */
public final class RegressionTraining {
    private static final Logger LOG = LoggerFactory.getLogger(RegressionTraining.class);

    /** Column the scoring writes its predictions to. */
    public static final String PREDICTION = "prediction";

    private RegressionTraining() {
    }

    /** A metric over scored rows: named {@code prefix_*}, e.g. {@code valid_rmse}. */
    @FunctionalInterface
    public interface Metric {
        /** The metrics of {@code prediction} against {@code label} on {@code scored}, named {@code prefix_*}. */
        Map<String, Double> measure(Dataset<Row> scored, String label, Column prediction, String prefix);
    }

    /** Builds the untrained network once the run's length in optimiser steps is known (for its schedule). */
    @FunctionalInterface
    public interface NetworkFactory {
        /** The network for a run of {@code totalIterations} steps. */
        ComputationGraph create(long totalIterations);
    }

    /**
     * What differs between workloads.
     *
     * @param layout      the network's inputs and label, as columns of the encoded rows
     * @param target      the label column
     * @param validation  the validation metrics (the training loss is always the MSE)
     * @param headline    the validation metric named in the baseline's log line (e.g. {@code valid_rmse})
     * @param run         trainer, scoring batch size and training-loss sample
     * @param shuffleSeed seed of the epoch shuffles and of the training-loss sample
     */
    public record Task(BatchLayout layout, String target, Metric validation, String headline, RunSettings run,
                       long shuffleSeed) {
        /** Validates what the workloads' settings records do not. */
        public Task {
            if (layout == null || target == null || validation == null || headline == null || run == null) {
                throw new IllegalArgumentException("layout, target, validation metric, headline and run settings are required");
            }
        }
    }

    /**
     * A trained network and what its training measured.
     *
     * @param network  the trained network
     * @param history  every epoch's training loss and validation metrics
     * @param mean     the training mean of the target
     * @param baseline the validation metrics of predicting {@code mean}
     */
    public record Fitted(ComputationGraph network, TrainingHistory history, double mean, Map<String, Double> baseline) {
    }

    /**
     * Trains on {@code train} ({@code trainRows} rows) and scores {@code valid} after every epoch.
     *
     * @param train encoded training rows with the layout's columns, persisted
     * @param valid encoded validation rows with the layout's columns, persisted
     */
    public static Fitted fit(SparkSession spark, Task task, Dataset<Row> train, long trainRows, Dataset<Row> valid,
                             NetworkFactory network) {
        double mean = train.agg(avg(col(task.target()))).first().getDouble(0);
        Map<String, Double> baseline = task.validation().measure(valid, task.target(), lit(mean), "valid");
        LOG.info("baseline (predict the training mean {}): {} {}", fmt(mean), task.headline(),
                fmt(baseline.get(task.headline())));

        TrainerSettings t = task.run().trainer();
        ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(
                JavaSparkContext.fromSparkContext(spark.sparkContext()), t);
        ComputationGraph net = network.create(t.epochs() * t.iterationsPerEpoch(trainRows));
        double sampleFraction = Math.min(1.0, task.run().trainLossSampleRows() / (double) trainRows);
        Dataset<Row> trainSample = sampleFraction < 1 ? train.sample(sampleFraction, task.shuffleSeed()) : train;
        EpochEvaluator evaluator = new EpochEvaluator() {
            @Override
            public double trainLoss(ComputationGraph n) {
                return score(n, trainSample, task, RegressionTraining::mse, "train").get("train_mse");
            }

            @Override
            public Map<String, Double> validate(ComputationGraph n) {
                return score(n, valid, task, task.validation(), "valid");
            }
        };
        ShuffledEpochs epochs = new ShuffledEpochs(train, trainRows, task.layout(), t.batchSizePerWorker(),
                t.workers(), task.shuffleSeed());
        CheckpointSettings cs = task.run().checkpoints();
        TrainingCheckpoints checkpoints = cs.enabled() ? TrainingCheckpoints.in(spark.sparkContext().hadoopConfiguration(),
                cs.directoryFor(task.run().output()), cs.keep(), fingerprint(task, net, trainRows)) : null;
        TrainingHistory history = trainer.fit(net, epochs, evaluator, checkpoints, cs.resume(), cs.everyRounds());
        return new Fitted(net, history, mean, baseline);
    }

    /**
     * What a checkpoint of this run is valid for: the untrained network's configuration (sizes, layers, schedule),
     * the trainer settings (epochs, workers, batch sizes, seed), the task (label, inputs, shuffling seed) and the
     * number of training rows.
     */
    static Map<String, String> fingerprint(Task task, ComputationGraph untrained, long trainRows) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("network configuration (sha-256)", sha256(untrained.getConfiguration().toJson()));
        f.put("trainer", task.run().trainer().toString());
        f.put("task", "target=" + task.target() + ", inputs=" + Arrays.toString(task.layout().allColumns())
                + ", shuffle seed=" + task.shuffleSeed());
        f.put("training rows", Long.toString(trainRows));
        return f;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The metrics of {@code net} on {@code rows} (named {@code prefix_*}), computed on the executors. */
    public static Map<String, Double> score(ComputationGraph net, Dataset<Row> rows, Task task, Metric metric,
                                            String prefix) {
        Dataset<Row> scored = ExecutorPredictor.predict(net, select(rows, task.layout().allColumns()), task.layout(),
                PREDICTION, task.run().evalBatchSize());
        return metric.measure(scored, task.target(), col(PREDICTION), prefix);
    }

    private static Map<String, Double> mse(Dataset<Row> scored, String label, Column prediction, String prefix) {
        return io.embark.pipelines.data.RegressionMetrics.of(scored, label, prediction, prefix);
    }

    private static Dataset<Row> select(Dataset<Row> frame, String[] cols) {
        return frame.select(Arrays.stream(cols).map(c -> col(c)).toArray(Column[]::new));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
