package io.embark.pipelines.rossmann;

import io.embark.pipelines.output.SavedPipeline;
import io.embark.pipelines.output.RunDirectory;
import io.embark.pipelines.output.RunReport;
import io.embark.pipelines.supervised.RunSettings;
import io.embark.pipelines.tabular.TabularMetric;
import io.embark.pipelines.tabular.TabularModelSettings;
import io.embark.pipelines.tabular.TabularResult;
import io.embark.pipelines.tabular.TabularRunSettings;
import io.embark.pipelines.tabular.TabularTraining;
import io.embark.transformers.tabular.TabularFeatures;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.when;

/**
 * fastai's Rossmann recipe as four steps that scheduled pipelines can run as separate tasks or together, with
 * Parquet between them under {@link RossmannSettings#work()}; each step is one method taking the typed settings and
 * returning a typed result, and each output is committed atomically ({@link RunDirectory}):
 * <ol>
 * <li>{@link #generate}: the training table for the real stores from {@link RossmannGenerator} → {@code generated};</li>
 * <li>{@link #prepare}: the recipe's feature engineering ({@link RossmannFeatures}) and the tabular preparation
 *     fitted on the training weeks → {@code prepared} (train, valid, test, preprocessing, meta);</li>
 * <li>{@link #train}: the tabular model with parameter averaging ({@link TabularTraining}), exp-RMSPE per epoch,
 *     and the same-run references (oracle floor; with {@link RossmannSettings#gbt()} also the group median and MLlib
 *     GBT), all in its {@code metrics.json} → {@code model};</li>
 * <li>{@link #predict}: the competition's test calendar scored in its submission format {@code Id,Sales}
 *     (closed stores 0) → {@code submission}.</li>
 * </ol>
 */
public final class RossmannWorkflow {
    /** The steps, in the order they run. */
    public static final List<String> STEPS = List.of("generate", "prepare", "train", "predict");
    /** The directory under {@code work} each step writes. */
    public static final Map<String, String> OUTPUTS = Map.of("generate", "generated", "prepare", "prepared",
            "train", "model", "predict", "submission");

    private RossmannWorkflow() {
    }

    /**
     * What the generate step wrote.
     *
     * @param output       the committed directory
     * @param rows         generated rows
     * @param oracleRmspe  exp-RMSPE of the noise-free expected sales on the last 6 weeks: the floor any model meets
     */
    public record Generated(String output, long rows, double oracleRmspe) {
    }

    /**
     * What the prepare step wrote.
     *
     * @param output          the committed directory
     * @param report          rows of the joins, closed days dropped, test rows
     * @param validationStart first day of the validation weeks
     * @param yRange          the model's output range (log sales)
     */
    public record Prepared(String output, RossmannJoinReport report, LocalDate validationStart, double[] yRange) {
    }

    /**
     * What the predict step wrote.
     *
     * @param output the committed directory (the submission CSV in {@code csv/})
     * @param rows   test rows scored
     */
    public record Predicted(String output, long rows) {
    }

    /**
     * Without {@code overwrite}, refuses a run before any step starts when one of its steps' outputs exists: a
     * retried task fails at once, leaves every output as it was and does not repeat the earlier steps.
     *
     * @throws RunDirectory.OutputExistsException naming the step and its directory
     */
    public static void refuseExistingOutputs(SparkSession spark, RossmannSettings s, List<String> steps) {
        if (s.overwrite()) {
            return;
        }
        for (String step : steps) {
            String output = s.output(step);
            Path path = new Path(output);
            try {
                if (path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
                    throw new RunDirectory.OutputExistsException("step " + step + ": output directory " + output
                            + " already exists; choose another work directory or set overwrite=true");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot check the output directory " + output, e);
            }
        }
    }

    /** Step 1: generates the training table for the (selected) real stores. */
    public static Generated generate(SparkSession spark, RossmannSettings s) {
        Dataset<Row> train = RossmannGenerator.generate(spark, tables(spark, s), s.generator());
        RossmannGenerator.write(train, s.output("generate"), s.overwrite());
        Dataset<Row> written = spark.read().parquet(RossmannGenerator.dataPath(s.output("generate")));
        return new Generated(s.output("generate"), written.count(),
                RossmannMetrics.oracleRmspe(RossmannMetrics.lastWeeks(written, RossmannFeatures.VALIDATION_WEEKS)));
    }

    /** Step 2: feature engineering and the tabular preparation fitted on the training weeks only. */
    public static Prepared prepare(SparkSession spark, RossmannSettings s) {
        // a scaled table has replica stores (id + k * stride): the same store attributes, read with the same multiplier
        RossmannTables tables = tables(spark, s).withStoreReplicas(s.generator().storeMultiplier());
        Dataset<Row> train = spark.read().parquet(RossmannGenerator.dataPath(s.output("generate")));
        Dataset<Row> test = RossmannFeatures.readTest(spark, s.data());
        if (!s.stores().isEmpty()) {
            test = test.where(col(RossmannGenerator.STORE).isin(s.stores().toArray()));
        }
        try (PreparedRossmann data = RossmannFeatures.build(tables, train, test)) {
            return RunDirectory.run(s.output("prepare"), s.overwrite(), spark.sparkContext().hadoopConfiguration(),
                    out -> writePrepared(spark, data, out));
        }
    }

    private static Prepared writePrepared(SparkSession spark, PreparedRossmann data, RunDirectory dir) {
        // the joins and window features are computed once: three preparation fits and three writes read them
        data.trainRows().persist(StorageLevel.MEMORY_AND_DISK());
        try {
            PipelineModel preparation = RossmannFeatures.preparation().fit(data.training());
            RunReport.writePipeline(dir, "preprocessing", preparation);
            TabularFeatures features = TabularFeatures.of(preparation);
            List<String> keep = new ArrayList<>(List.of(RossmannGenerator.STORE, RossmannGenerator.DATE,
                    RossmannGenerator.DAY_OF_WEEK, RossmannGenerator.PROMO));
            List<String> trainOnly = List.of(RossmannGenerator.SALES, RossmannGenerator.EXPECTED_SALES,
                    RossmannFeatures.LOG_SALES);
            preparation.transform(data.training()).select(columns(keep, trainOnly, features))
                    .write().parquet(dir.path("train"));
            preparation.transform(data.validation()).select(columns(keep, trainOnly, features))
                    .write().parquet(dir.path("valid"));
            preparation.transform(data.testRows()).select(columns(keep,
                    List.of(RossmannFeatures.ID, RossmannGenerator.OPEN), features)).write().parquet(dir.path("test"));
            StructType meta = new StructType().add("y_lo", DataTypes.DoubleType).add("y_hi", DataTypes.DoubleType)
                    .add("validation_start", DataTypes.StringType);
            spark.createDataFrame(List.of(RowFactory.create(data.yRange()[0], data.yRange()[1],
                    data.validationStart().toString())), meta).coalesce(1).write().json(dir.path("meta"));
            return new Prepared(dir.target(), data.report(), data.validationStart(), data.yRange().clone());
        } finally {
            data.trainRows().unpersist();
        }
    }

    /** Step 3: trains the tabular model on the prepared split and scores the references on it. */
    public static TabularResult train(SparkSession spark, RossmannSettings s) {
        String prepared = s.output("prepare");
        TabularFeatures features = TabularFeatures.of(SavedPipeline.load(spark, prepared + "/preprocessing", "the Rossmann preprocessing"));
        Row meta = spark.read().json(prepared + "/meta").first();
        double[] yRange = {meta.getDouble(meta.fieldIndex("y_lo")), meta.getDouble(meta.fieldIndex("y_hi"))};
        Dataset<Row> train = spark.read().parquet(prepared + "/train");
        Dataset<Row> valid = spark.read().parquet(prepared + "/valid");
        RossmannSettings.Model m = s.model();
        TabularModelSettings model = new TabularModelSettings(m.layers(), m.ps(), m.embDrop(), yRange,
                m.weightDecay(), m.maxLr(), m.seed());
        TabularRunSettings settings = new TabularRunSettings("rossmann", RossmannFeatures.LOG_SALES,
                TabularMetric.EXP_RMSPE, List.of(RossmannGenerator.STORE, RossmannGenerator.DATE,
                RossmannGenerator.SALES, RossmannGenerator.EXPECTED_SALES), model, new RunSettings(s.trainer(),
                s.output("train"), s.overwrite(), s.evalBatchSize(), s.trainLossSampleRows(), s.checkpoints()));
        return TabularTraining.run(spark, settings, train, valid, features, RossmannPeers.of(s.gbt()));
    }

    /** Step 4: scores the competition's test calendar with the trained model, as {@code Id,Sales} (closed: 0). */
    public static Predicted predict(SparkSession spark, RossmannSettings s) {
        String prepared = s.output("prepare");
        TabularFeatures features = TabularFeatures.of(SavedPipeline.load(spark, prepared + "/preprocessing", "the Rossmann preprocessing"));
        Dataset<Row> test = spark.read().parquet(prepared + "/test");
        Dataset<Row> scored = TabularTraining.predict(spark, s.output("train"), test, features, s.evalBatchSize());
        Dataset<Row> submission = scored.select(col(RossmannFeatures.ID),
                when(col(RossmannGenerator.OPEN).equalTo(0), 0.0)
                        .otherwise(exp(col(TabularTraining.PREDICTION))).as(RossmannGenerator.SALES))
                .orderBy(RossmannFeatures.ID);
        String output = RunDirectory.run(s.output("predict"), s.overwrite(), spark.sparkContext().hadoopConfiguration(),
                dir -> {
                    submission.coalesce(1).write().mode(SaveMode.ErrorIfExists).option("header", "true")
                            .csv(dir.path("csv"));
                    return dir.target();
                });
        long rows = spark.read().option("header", "true").csv(s.output("predict") + "/csv").count();
        return new Predicted(output, rows);
    }

    private static RossmannTables tables(SparkSession spark, RossmannSettings s) {
        RossmannTables tables = RossmannTables.read(spark, s.data(), InvalidRows.ERROR);
        return s.stores().isEmpty() ? tables : tables.onlyStores(s.stores().stream().mapToInt(Integer::intValue).toArray());
    }

    private static Column[] columns(List<String> keep, List<String> extra, TabularFeatures features) {
        Set<String> cols = new LinkedHashSet<>(keep);
        cols.addAll(extra);
        cols.addAll(features.categoricalCols());
        cols.addAll(features.continuousCols());
        return cols.stream().map(n -> col(n)).toArray(Column[]::new);
    }
}
