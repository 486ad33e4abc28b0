package io.embark.pipelines.tabular;

import io.embark.pipelines.output.ModelFile;
import io.embark.pipelines.data.BatchLayout;
import io.embark.pipelines.data.ExecutorPredictor;
import io.embark.pipelines.output.RowCounts;
import io.embark.pipelines.output.RunDirectory;
import io.embark.pipelines.output.RunReport;
import io.embark.pipelines.output.TrainingSummary;
import io.embark.pipelines.supervised.RegressionTraining;
import io.embark.pipelines.train.TrainingHistory;
import io.embark.transformers.shared.SchemaChecks;
import io.embark.transformers.tabular.TabularFeatures;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;

/**
 * Trains fastai's tabular model ({@link TabularModel}) on prepared frames with parameter averaging, evaluates it
 * on the executors after every epoch, and commits one output directory:
 * <pre>
 * metrics.json              {@link TabularResult}: rows, features, baseline, per-epoch metrics, final metrics,
 *                           training, settings, peers
 * training-curves.png       train loss and validation metrics per epoch, with the predict-the-mean baseline
 * predictions/              validation id columns, target and prediction (Parquet)
 * model/tabular-model.zip   the DL4J network (with updater state)
 * </pre>
 * Generic: the caller fits the preparation (e.g. {@link io.embark.transformers.tabular.TabularPreparation}) on
 * the training split, applies it to both frames, and names the target and the metric. Nothing is collected to
 * the driver: batches are built and predictions made inside the partitions.
 *
 * <pre>{@code
 * PipelineModel prep = TabularPreparation.builder().categorical("Store", "DayOfWeek").continuous("Temp").build().fit(train);
 * TabularResult result = TabularTraining.run(spark, settings, prep.transform(train), prep.transform(valid),
 *     TabularFeatures.of(prep));
 * }</pre>
 */
public final class TabularTraining {
    private static final Logger LOG = LoggerFactory.getLogger(TabularTraining.class);

    /** Prediction column of the outputs. */
    public static final String PREDICTION = "prediction";
    /** Sub-directory of the validation predictions. */
    public static final String PREDICTIONS_DIR = "predictions";
    /** Path of the network inside the output. */
    public static final String MODEL_FILE = "model/tabular-model.zip";

    private static final String STAGE = "TabularTraining";

    private TabularTraining() {
    }

    /** Runs the training without peers; see {@link #run(SparkSession, TabularRunSettings, Dataset, Dataset, TabularFeatures, List)}. */
    public static TabularResult run(SparkSession spark, TabularRunSettings s, Dataset<Row> train, Dataset<Row> valid,
                                    TabularFeatures features) {
        return run(spark, s, train, valid, features, List.of());
    }

    /**
     * Runs the training, then the peers on the same split, and returns the result (also written to
     * {@code metrics.json}, the peers as sections of it and as dashed lines of the picture).
     *
     * @param train    prepared training rows (every feature column of {@code features} and the target)
     * @param valid    prepared validation rows (the same, plus the id columns)
     * @param features the categorical and continuous columns the model consumes, with their cardinalities
     * @param peers    other models or references scored on the same split
     */
    public static TabularResult run(SparkSession spark, TabularRunSettings s, Dataset<Row> train, Dataset<Row> valid,
                                    TabularFeatures features, List<TabularPeer> peers) {
        BatchLayout layout = TabularBatches.layout(features, s.target());
        requireColumns(train, "training", layout.allColumns(), s.target());
        requireColumns(valid, "validation", validColumns(layout, s), s.target());
        TabularResult result = RunDirectory.run(s.run().output(), s.run().overwrite(),
                spark.sparkContext().hadoopConfiguration(),
                out -> train(spark, s, train, valid, features, layout, peers, out));
        s.run().discardCheckpoints(spark.sparkContext().hadoopConfiguration());
        return result;
    }

    private static TabularResult train(SparkSession spark, TabularRunSettings s, Dataset<Row> train,
                                       Dataset<Row> valid, TabularFeatures features, BatchLayout layout,
                                       List<TabularPeer> peers, RunDirectory out) {
        Dataset<Row> trainRows = select(train, layout.allColumns()).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> validRows = select(valid, validColumns(layout, s)).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long nTrain = trainRows.count();
            long nValid = validRows.count();
            if (nTrain == 0 || nValid == 0) {
                throw new IllegalArgumentException(nTrain + " training and " + nValid
                        + " validation rows; both must be non-empty");
            }
            LOG.info("{}: {} training, {} validation rows; {}", s.name(), nTrain, nValid, features);

            String headline = s.metric().name("valid");
            RegressionTraining.Task task = new RegressionTraining.Task(layout, s.target(), s.metric()::measure,
                    headline, s.run(), s.run().trainer().seed());
            RegressionTraining.Fitted fitted = RegressionTraining.fit(spark, task, trainRows, nTrain, validRows,
                    totalIterations -> TabularModel.create(features, s.model(), totalIterations));
            ComputationGraph net = fitted.network();
            TrainingHistory history = fitted.history();

            List<String> kept = new ArrayList<>(s.idColumns());
            kept.add(s.target());
            kept.add(PREDICTION);
            ExecutorPredictor.predict(net, validRows, layout, PREDICTION, s.run().evalBatchSize())
                    .select(kept.stream().map(c -> col(c)).toArray(Column[]::new))
                    .write().parquet(out.path(PREDICTIONS_DIR));
            RunReport.writeNetwork(out, MODEL_FILE, net);

            Map<String, Double> references = new LinkedHashMap<>();
            references.put("predict-mean " + headline, fitted.baseline().get(headline));
            Map<String, TabularPeer.Result> peerResults = new LinkedHashMap<>();
            for (TabularPeer peer : peers) {
                TabularPeer.Result r = peer.run(train, valid, features, s.target());
                LOG.info("{}: {} {}", peer.description(), headline, fmt(r.validMetric()));
                peerResults.put(peer.name(), r);
                references.put(peer.name() + " " + headline, r.validMetric());
            }
            Map<String, Double> baseline = new LinkedHashMap<>();
            baseline.put("mean", fitted.mean());
            baseline.putAll(fitted.baseline());
            TabularResult result = new TabularResult(out.target(), s.name(), s.target(), headline,
                    RowCounts.prepared(nTrain, nValid), new TabularResult.Features(features.cardinalities(),
                    features.embeddingSizes(), features.continuousCols()), baseline, history.last().metrics(),
                    history.epochs(), TrainingSummary.of(history, s.run().trainer(), net.numParams(),
                    spark.sparkContext().master()), s.model(), peerResults);
            RunReport.writeMetrics(out, result);
            RunReport.writeCurves(out, s.name() + " TabularModel", history, references);
            return result;
        } finally {
            trainRows.unpersist();
            validRows.unpersist();
        }
    }

    /**
     * Scores {@code rows} (prepared like the training rows; no target needed) with the network saved by a run in
     * {@code runDirectory}, on the executors: {@code rows} with {@link #PREDICTION} appended.
     */
    public static Dataset<Row> predict(SparkSession spark, String runDirectory, Dataset<Row> rows,
                                       TabularFeatures features, int batchSize) {
        Path file = new Path(runDirectory, MODEL_FILE);
        ComputationGraph net;
        try {
            net = ModelFile.read(file.getFileSystem(spark.sparkContext().hadoopConfiguration()), file, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trained model " + file, e);
        }
        BatchLayout layout = TabularBatches.layout(features, PREDICTION);
        for (String c : layout.withoutLabels().allColumns()) {
            SchemaChecks.requireColumn(STAGE + " (rows to score)", rows.schema(), c);
        }
        return ExecutorPredictor.predict(net, rows, layout, PREDICTION, batchSize);
    }

    private static String[] validColumns(BatchLayout layout, TabularRunSettings s) {
        Set<String> cols = new LinkedHashSet<>(s.idColumns());
        cols.addAll(Arrays.asList(layout.allColumns()));
        return cols.toArray(new String[0]);
    }

    private static void requireColumns(Dataset<Row> frame, String which, String[] cols, String target) {
        for (String c : cols) {
            SchemaChecks.requireColumn(STAGE + " (" + which + " rows)", frame.schema(), c);
        }
        SchemaChecks.requireType(STAGE + " (" + which + " rows)", frame.schema().apply(target),
                t -> t instanceof NumericType, "numeric");
        if (Arrays.asList(frame.columns()).contains(PREDICTION)) {
            throw new IllegalArgumentException(STAGE + ": the " + which + " rows already have a column '" + PREDICTION
                    + "'; drop or rename it");
        }
    }

    private static Dataset<Row> select(Dataset<Row> frame, String[] cols) {
        return frame.select(Arrays.stream(cols).map(c -> col(c)).toArray(Column[]::new));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
