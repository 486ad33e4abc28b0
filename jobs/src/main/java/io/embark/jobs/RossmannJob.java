package io.embark.jobs;

import com.typesafe.config.Config;
import io.embark.pipelines.output.RunDirectory;
import io.embark.pipelines.rossmann.GeneratorSettings;
import io.embark.pipelines.rossmann.InvalidRows;
import io.embark.pipelines.rossmann.PreparedRossmann;
import io.embark.pipelines.rossmann.RossmannFeatures;
import io.embark.pipelines.rossmann.RossmannGenerator;
import io.embark.pipelines.rossmann.RossmannMetrics;
import io.embark.pipelines.rossmann.RossmannPeers;
import io.embark.pipelines.rossmann.RossmannTables;
import io.embark.pipelines.tabular.TabularMetric;
import io.embark.pipelines.tabular.TabularModelSettings;
import io.embark.pipelines.tabular.TabularRunSettings;
import io.embark.pipelines.tabular.TabularTraining;
import io.embark.pipelines.train.TrainerSettings;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;

/**
 * The Rossmann job ({@code conf/rossmann.conf}): fastai's Rossmann recipe in four steps that scheduled pipelines
 * can run as separate tasks or together, with Parquet between them under {@code work}:
 * <ol>
 * <li>{@code generate}: the training table for the real stores from {@link RossmannGenerator} →
 *     {@code work/generated};</li>
 * <li>{@code prepare}: the recipe's feature engineering ({@link RossmannFeatures}) and the tabular preparation
 *     fitted on the training weeks → {@code work/prepared} (train, valid, test, preprocessing, meta);</li>
 * <li>{@code train}: the tabular model with parameter averaging ({@link TabularTraining}), exp-RMSPE per epoch,
 *     and the same-run references (oracle floor, group median, MLlib GBT) → {@code work/model};</li>
 * <li>{@code predict}: the competition's test calendar scored in its submission format {@code Id,Sales}
 *     (closed stores 0) → {@code work/submission}.</li>
 * </ol>
 * Each output is committed atomically. Unless {@code overwrite=true}, a run is refused (exit code 2) before any
 * step starts when the output of one of its steps exists, so a retried task changes nothing.
 */
public final class RossmannJob {
    private static final Logger LOG = LoggerFactory.getLogger(RossmannJob.class);
    static final List<String> STEPS = List.of("generate", "prepare", "train", "predict");
    /** The directory under {@code work} each step writes. */
    static final Map<String, String> OUTPUTS = Map.of("generate", "generated", "prepare", "prepared",
            "train", "model", "predict", "submission");

    private RossmannJob() {
    }

    /** Runs the configured steps in order; prints a summary to {@code out}. */
    public static void run(Config c, PrintStream out) {
        List<String> steps = c.getStringList("steps");
        if (steps.isEmpty() || !STEPS.containsAll(steps)) {
            throw JobFailure.badInput("steps must be a non-empty list of " + STEPS + ", got " + steps);
        }
        SparkSession spark = SparkSessions.create(c);
        try {
            refuseExistingOutputs(spark, c, steps);
            for (String step : STEPS) {
                if (steps.contains(step)) {
                    long t0 = System.nanoTime();
                    LOG.info("rossmann: step {} starts", step);
                    switch (step) {
                        case "generate" -> generate(spark, c, out);
                        case "prepare" -> prepare(spark, c, out);
                        case "train" -> train(spark, c, out);
                        default -> predict(spark, c, out);
                    }
                    out.printf(Locale.ROOT, "  step %s done in %.1f s%n", step, (System.nanoTime() - t0) / 1e9);
                }
            }
        } finally {
            spark.stop();
        }
    }

    /**
     * Without {@code overwrite=true}, refuses the run before any step starts when a step's output exists: a retried
     * task fails at once, leaves every output as it was and does not repeat the earlier steps of a multi-step run.
     */
    private static void refuseExistingOutputs(SparkSession spark, Config c, List<String> steps) {
        if (c.getBoolean("overwrite")) {
            return;
        }
        for (String step : steps) {
            String output = work(c, OUTPUTS.get(step));
            Path path = new Path(output);
            try {
                if (path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
                    throw JobFailure.badInput("step " + step + ": output directory " + output
                            + " already exists; choose another work directory or set overwrite=true");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot check the output directory " + output, e);
            }
        }
    }

    private static String work(Config c, String name) {
        return c.getString("work") + "/" + name;
    }

    private static RossmannTables tables(SparkSession spark, Config c) {
        RossmannTables tables = RossmannTables.read(spark, c.getString("data"), InvalidRows.ERROR);
        List<Integer> stores = c.getIntList("stores");
        return stores.isEmpty() ? tables : tables.onlyStores(stores.stream().mapToInt(Integer::intValue).toArray());
    }

    private static void generate(SparkSession spark, Config c, PrintStream out) {
        GeneratorSettings settings = GeneratorSettings.defaults(c.getLong("seed"))
                .withStoreMultiplier(c.getInt("generate.store-multiplier"))
                .withNoiseSigma(c.getDouble("generate.noise-sigma"));
        int partitions = c.getInt("generate.partitions");
        if (partitions > 0) {
            settings = settings.withPartitions(partitions);
        }
        Dataset<Row> train = RossmannGenerator.generate(spark, tables(spark, c), settings);
        RossmannGenerator.write(train, work(c, "generated"), c.getBoolean("overwrite"));
        Dataset<Row> written = spark.read().parquet(RossmannGenerator.dataPath(work(c, "generated")));
        out.printf(Locale.ROOT, "Rossmann generate: %,d rows -> %s (oracle exp-RMSPE on the last 6 weeks %.4f)%n",
                written.count(), work(c, "generated"),
                RossmannMetrics.oracleRmspe(RossmannMetrics.lastWeeks(written, RossmannFeatures.VALIDATION_WEEKS)));
    }

    private static void prepare(SparkSession spark, Config c, PrintStream out) {
        // a scaled table has replica stores (id + k * stride): the same store attributes, read with the same multiplier
        RossmannTables tables = tables(spark, c).withStoreReplicas(c.getInt("generate.store-multiplier"));
        Dataset<Row> train = spark.read().parquet(RossmannGenerator.dataPath(work(c, "generated")));
        Dataset<Row> test = RossmannFeatures.readTest(spark, c.getString("data"));
        List<Integer> stores = c.getIntList("stores");
        if (!stores.isEmpty()) {
            test = test.where(col(RossmannGenerator.STORE).isin(stores.toArray()));
        }
        try (PreparedRossmann data = RossmannFeatures.build(tables, train, test)) {
            prepare(spark, c, out, data);
        }
    }

    private static void prepare(SparkSession spark, Config c, PrintStream out, PreparedRossmann data) {
        RunDirectory dir = RunDirectory.open(work(c, "prepared"), c.getBoolean("overwrite"),
                spark.sparkContext().hadoopConfiguration());
        // the joins and window features are computed once: three preparation fits and three writes read them
        data.trainRows().persist(StorageLevel.MEMORY_AND_DISK());
        try {
            PipelineModel preparation = RossmannFeatures.preparation().fit(data.training());
            try {
                preparation.write().save(dir.path("preprocessing"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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
            dir.commit();
        } catch (RuntimeException e) {
            dir.abort();
            throw e;
        } finally {
            data.trainRows().unpersist();
        }
        out.printf(Locale.ROOT, "Rossmann prepare: %,d train rows (%,d closed days dropped, %,d kept), %,d test rows; "
                        + "validation from %s, y_range [%.3f, %.3f] -> %s%n", data.report().trainRows(),
                data.report().zeroSalesRows(), data.report().keptTrainRows(), data.report().testRows(),
                data.validationStart(), data.yRange()[0], data.yRange()[1], work(c, "prepared"));
    }

    private static Column[] columns(List<String> keep, List<String> extra, TabularFeatures features) {
        Set<String> cols = new LinkedHashSet<>(keep);
        cols.addAll(extra);
        cols.addAll(features.categoricalCols());
        cols.addAll(features.continuousCols());
        return cols.stream().map(n -> col(n)).toArray(Column[]::new);
    }

    private static void train(SparkSession spark, Config c, PrintStream out) {
        String prepared = work(c, "prepared");
        TabularFeatures features = TabularFeatures.of(PipelineModel.load(prepared + "/preprocessing"));
        Row meta = spark.read().json(prepared + "/meta").first();
        double[] yRange = {meta.getDouble(meta.fieldIndex("y_lo")), meta.getDouble(meta.fieldIndex("y_hi"))};
        Dataset<Row> train = spark.read().parquet(prepared + "/train");
        Dataset<Row> valid = spark.read().parquet(prepared + "/valid");
        TabularModelSettings model = new TabularModelSettings(c.getIntList("model.layers"),
                c.getDoubleList("model.ps"), c.getDouble("model.emb-drop"), yRange, c.getDouble("model.weight-decay"),
                c.getDouble("model.max-lr"), c.getLong("seed"));
        TrainerSettings trainer = TrainerConfig.from(c, spark);
        TabularRunSettings settings = new TabularRunSettings("rossmann", RossmannFeatures.LOG_SALES,
                TabularMetric.EXP_RMSPE, List.of(RossmannGenerator.STORE, RossmannGenerator.DATE,
                RossmannGenerator.SALES, RossmannGenerator.EXPECTED_SALES), model, trainer, work(c, "model"),
                c.getBoolean("overwrite"), c.getInt("training.eval-batch-size"),
                c.getLong("training.train-loss-sample-rows"));
        Map<String, Object> metrics = TabularTraining.run(spark, settings, train, valid, features);
        @SuppressWarnings("unchecked")
        Map<String, Double> fin = (Map<String, Double>) metrics.get("final");
        @SuppressWarnings("unchecked")
        Map<String, Object> training = (Map<String, Object>) metrics.get("training");
        double embark = fin.get("valid_exp_rmspe");
        out.printf(Locale.ROOT, "%nRossmann TabularModel: %,d training rows, %s workers, %.0f samples/s%n",
                ((Map<?, ?>) metrics.get("rows")).get("train"), training.get("workers"),
                ((Number) training.get("samples_per_second")).doubleValue());
        out.printf(Locale.ROOT, "  %-44s %14s%n", "model", "valid exp-RMSPE");
        double oracle = RossmannPeers.oracle(valid);
        out.printf(Locale.ROOT, "  %-44s %14.4f%n", "oracle (noise-free expected sales)", oracle);
        out.printf(Locale.ROOT, "  %-44s %14.4f  (%.2fx oracle)%n", "embark TabularModel", embark, embark / oracle);
        if (c.getBoolean("compare.enabled")) {
            out.printf(Locale.ROOT, "  %-44s %14.4f%n", "median of Store x DayOfWeek x Promo",
                    RossmannPeers.groupMedian(train, valid));
            List<String> featureCols = new ArrayList<>(features.categoricalCols());
            featureCols.addAll(features.continuousCols());
            Map<String, Double> gbt = RossmannPeers.gbt(train, valid, featureCols, RossmannFeatures.LOG_SALES,
                    c.getInt("compare.gbt-max-iter"), c.getInt("compare.gbt-max-depth"), c.getDouble("compare.gbt-step-size"),
                    c.getLong("seed"));
            out.printf(Locale.ROOT, "  %-44s %14.4f  (fit %.0f s)%n", "Spark MLlib GBTRegressor", gbt.get("valid_exp_rmspe"),
                    gbt.get("fit_seconds"));
        }
        out.println("  outputs: " + work(c, "model") + "/{metrics.json, training-curves.png, predictions/, model/}");
    }

    private static void predict(SparkSession spark, Config c, PrintStream out) {
        String prepared = work(c, "prepared");
        TabularFeatures features = TabularFeatures.of(PipelineModel.load(prepared + "/preprocessing"));
        Dataset<Row> test = spark.read().parquet(prepared + "/test");
        Dataset<Row> scored = TabularTraining.predict(spark, work(c, "model"), test, features,
                c.getInt("training.eval-batch-size"));
        Dataset<Row> submission = scored.select(col(RossmannFeatures.ID),
                org.apache.spark.sql.functions.when(col(RossmannGenerator.OPEN).equalTo(0), 0.0)
                        .otherwise(org.apache.spark.sql.functions.exp(col(TabularTraining.PREDICTION)))
                        .as(RossmannGenerator.SALES))
                .orderBy(RossmannFeatures.ID);
        RunDirectory dir = RunDirectory.open(work(c, "submission"), c.getBoolean("overwrite"),
                spark.sparkContext().hadoopConfiguration());
        try {
            submission.coalesce(1).write().mode(SaveMode.ErrorIfExists).option("header", "true")
                    .csv(dir.path("csv"));
            dir.commit();
        } catch (RuntimeException e) {
            dir.abort();
            throw e;
        }
        Dataset<Row> written = spark.read().option("header", "true").csv(work(c, "submission") + "/csv");
        out.printf(Locale.ROOT, "Rossmann predict: %,d test rows (Id,Sales; closed stores 0) -> %s/csv%n",
                written.count(), work(c, "submission"));
    }
}
