package io.embark.bench;

import io.embark.transformers.tabular.ElapsedEvents;
import io.embark.transformers.tabular.TabularFeatures;
import io.embark.transformers.tabular.TabularPreparation;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Benchmark of the tabular preparation: on a {@link RossmannShapedTable} read from Parquet, embark's
 * {@link TabularPreparation} (AddDatePart + FillMissing + Categorify + Normalize, fit then transform and write
 * Parquet) against the nearest Spark MLlib built-in pipeline (SQLTransformer with the same date functions,
 * Imputer(median), multi-column StringIndexer, VectorAssembler, StandardScaler) and against a bare Parquet read and
 * write of the same table (the I/O floor), all in this JVM; plus {@link ElapsedEvents} per store on the same table.
 * Reports seconds for fit and for transform+write, rows/s, the ratios, and the driver heap in use after each fit.
 *
 * <p>Usage: {@code TabularBench WORK_DIR ROWS[,ROWS...] [exact|approx]} (median of FillMissing; MLlib's Imputer is
 * always approximate with relative error 0.001). Run with a heap smaller than the table to show nothing is
 * collected. A warm-up pass on 100,000 rows runs first and is not reported.
 */
@Command(name = "TabularBench", mixinStandardHelpOptions = true,
        description = "Times embark's TabularPreparation against MLlib's nearest pipeline and a bare Parquet copy.")
public final class TabularBench implements Callable<Integer> {
    /** How FillMissing computes its medians. */
    enum Median {
        /** Exact medians (relative error 0). */
        exact,
        /** Approximate medians (relative error 0.001, as MLlib's Imputer). */
        approx
    }

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORK_DIR", description = "Where the generated tables and outputs go.")
    private Path work;

    @Parameters(index = "1", arity = "1", paramLabel = "ROWS", split = ",", splitSynopsisLabel = ",",
            converter = RowCount.class, description = "Table sizes, comma-separated; '_' may group digits.")
    private List<Long> sizes;

    @Parameters(index = "2", arity = "0..1", paramLabel = "MEDIAN", defaultValue = "exact",
            description = "FillMissing's median: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Median medianMode;

    TabularBench() {
    }

    /** Runs the benchmark; see {@link BenchCommandLine} for the exit statuses. */
    public static void main(String[] args) {
        BenchCommandLine.run(new TabularBench(), args);
    }

    /** The work directory. */
    Path work() {
        return work;
    }

    /** The table sizes, in order. */
    List<Long> sizes() {
        return sizes;
    }

    /** {@code exact} or {@code approx}. */
    String median() {
        return medianMode.name();
    }

    /** Measures and prints the table. */
    @Override
    public Integer call() throws Exception {
        for (long rows : sizes) {
            if (rows < 1) {
                throw new ParameterException(spec.commandLine(), "a table needs at least 1 row, not " + rows);
            }
        }
        String median = median();
        SparkSession spark = SparkSession.builder().master(System.getProperty("spark.master", "local[*]"))
                .appName("embark-tabular-bench").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", String.valueOf(2 * Runtime.getRuntime().availableProcessors()))
                // as embark's jobs do (SparkSessions): wide fused projections fall back instead of running uncompiled
                .config("spark.sql.codegen.hugeMethodLimit", System.getProperty("spark.sql.codegen.hugeMethodLimit", "8000"))
                .getOrCreate();
        int cores = spark.sparkContext().defaultParallelism();
        System.out.printf(Locale.ROOT, "spark %s, %d cores, driver max heap %d MB, median %s%n", spark.version(), cores,
                Runtime.getRuntime().maxMemory() >> 20, median);

        List<String> lines = new ArrayList<>();
        measure(spark, work, 100_000, median, cores, new ArrayList<>());   // warm-up: JIT, class loading
        for (long rows : sizes) {
            measure(spark, work, rows, median, cores, lines);
        }
        System.out.println();
        System.out.println("| rows | pipeline | fit s | transform+write s | total s | rows/s | vs MLlib | vs I/O floor | driver heap after fit |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        lines.forEach(System.out::println);
        spark.stop();
        return 0;
    }

    /** A row count such as {@code 1000000} or {@code 1_000_000}. */
    static final class RowCount implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Long.parseLong(value.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a row count");
            }
        }
    }

    private static void measure(SparkSession spark, Path work, long rows, String median, int cores, List<String> lines)
            throws Exception {
        Path input = work.resolve("input-" + rows);
        if (!Files.exists(input.resolve("_SUCCESS"))) {
            long t = System.nanoTime();
            RossmannShapedTable.generate(spark, rows, Math.max(cores, (int) (rows / 250_000)))
                    .write().mode(SaveMode.Overwrite).parquet(input.toString());
            System.out.printf(Locale.ROOT, "generated %,d rows in %.1f s -> %s%n", rows, secs(t), input);
        }
        Dataset<Row> table = spark.read().parquet(input.toString());

        long t0 = System.nanoTime();
        table.write().mode(SaveMode.Overwrite).parquet(work.resolve("out-floor").toString());
        double floor = secs(t0);

        Timing embark = time(table, embarkPipeline(median), work.resolve("out-embark"), true);
        Timing mllib = time(table, mllibPipeline(), work.resolve("out-mllib"), false);

        long t1 = System.nanoTime();
        new ElapsedEvents().setEventCols(new String[] {"Promo", "SchoolHoliday"}).setGroupCol("Store")
                .setDateCol("Date").transform(table.drop("AfterPromo", "BeforePromo", "Promo_fw", "Promo_bw",
                                "SchoolHoliday_fw", "SchoolHoliday_bw")
                        .withColumn("Promo", table.col("Promo").cast("int"))
                        .withColumn("SchoolHoliday", table.col("SchoolHoliday").cast("int")))
                .write().mode(SaveMode.Overwrite).parquet(work.resolve("out-elapsed").toString());
        double elapsed = secs(t1);

        System.out.printf(Locale.ROOT, "%,d rows: floor %.1f s, embark fit %.1f + %.1f s, MLlib fit %.1f + %.1f s, "
                + "elapsed events %.1f s%n", rows, floor, embark.fit, embark.apply, mllib.fit, mllib.apply, elapsed);
        String n = String.format(Locale.ROOT, "%,d", rows);
        lines.add(row(n, "Parquet read + write (I/O floor)", Double.NaN, floor, rows, Double.NaN, floor, -1));
        lines.add(row(n, "**embark TabularPreparation** (median " + median + ")", embark.fit, embark.apply, rows,
                mllib.total(), floor, embark.heapMb));
        lines.add(row(n, "MLlib SQL dates + Imputer + StringIndexer + VectorAssembler + StandardScaler", mllib.fit,
                mllib.apply, rows, mllib.total(), floor, mllib.heapMb));
        lines.add(row(n, "embark ElapsedEvents (Promo, SchoolHoliday per Store)", Double.NaN, elapsed, rows,
                Double.NaN, floor, -1));
    }

    private static String row(String rows, String name, double fit, double apply, long n, double mllibTotal,
                              double floor, long heapMb) {
        double total = (Double.isNaN(fit) ? 0 : fit) + apply;
        return String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %.1f | %,.0f | %s | %.2fx | %s |", rows, name,
                Double.isNaN(fit) ? "-" : String.format(Locale.ROOT, "%.1f", fit), apply, total, n / total,
                Double.isNaN(mllibTotal) ? "-" : String.format(Locale.ROOT, "%.2fx", mllibTotal / total),
                floor / total, heapMb < 0 ? "-" : heapMb + " MB");
    }

    private record Timing(double fit, double apply, long heapMb) {
        double total() {
            return fit + apply;
        }
    }

    private static Timing time(Dataset<Row> table, Pipeline pipeline, Path out, boolean embark) {
        long t = System.nanoTime();
        PipelineModel model = fitByStage(pipeline, table);
        double fit = secs(t);
        long heap = usedHeapMb();
        String[] outputs = embark ? embarkOutputs(model) : mllibOutputs();
        long t2 = System.nanoTime();
        model.transform(table).selectExpr(outputs).write().mode(SaveMode.Overwrite).parquet(out.toString());
        return new Timing(fit, secs(t2), heap);
    }

    /**
     * What {@code Pipeline.fit} does (each estimator fits on the lazily transformed output of the stages before
     * it), timing every stage's fit and printing where the time goes.
     */
    private static PipelineModel fitByStage(Pipeline pipeline, Dataset<Row> table) {
        List<Transformer> fitted = new ArrayList<>();
        Dataset<Row> current = table;
        StringBuilder breakdown = new StringBuilder("  fit by stage:");
        for (PipelineStage stage : pipeline.getStages()) {
            long t = System.nanoTime();
            Transformer model = stage instanceof Estimator<?> estimator ? estimator.fit(current) : (Transformer) stage;
            breakdown.append(String.format(Locale.ROOT, " %s %.1f s,", stage.getClass().getSimpleName(), secs(t)));
            current = model.transform(current);
            fitted.add(model);
        }
        System.out.println(breakdown.substring(0, breakdown.length() - 1));
        return new PipelineModel(pipeline.uid(), fitted);
    }

    static Pipeline embarkPipeline(String median) {
        List<String> categorical = new ArrayList<>(RossmannShapedTable.CATEGORICAL);
        categorical.addAll(RossmannShapedTable.DATE_PARTS);
        return TabularPreparation.builder().date("Date").datePrefix(RossmannShapedTable.DATE_PREFIX)
                .categorical(categorical.toArray(new String[0]))
                .continuous(RossmannShapedTable.CONTINUOUS.toArray(new String[0]))
                .medianRelativeError(median.equals("exact") ? 0 : 0.001)
                .build();
    }

    private static String[] embarkOutputs(PipelineModel model) {
        TabularFeatures features = TabularFeatures.of(model);
        List<String> cols = new ArrayList<>(features.categoricalCols());
        cols.addAll(features.continuousCols());
        return cols.stream().map(c -> "`" + c + "`").toArray(String[]::new);
    }

    static Pipeline mllibPipeline() {
        SQLTransformer dates = new SQLTransformer().setStatement("SELECT *, year(Date) AS Date_Year, month(Date) AS Date_Month, "
                + "weekofyear(Date) AS Date_Week, dayofmonth(Date) AS Date_Day, pmod(dayofweek(Date) + 5, 7) AS Date_Dayofweek, "
                + "dayofyear(Date) AS Date_Dayofyear, Date = last_day(Date) AS Date_Is_month_end, dayofmonth(Date) = 1 AS "
                + "Date_Is_month_start, Date = last_day(Date) AND month(Date) % 3 = 0 AS Date_Is_quarter_end, "
                + "dayofmonth(Date) = 1 AND month(Date) % 3 = 1 AS Date_Is_quarter_start, month(Date) = 12 AND "
                + "dayofmonth(Date) = 31 AS Date_Is_year_end, dayofyear(Date) = 1 AS Date_Is_year_start, "
                + "unix_timestamp(Date) AS Date_Elapsed FROM __THIS__");
        String[] continuous = RossmannShapedTable.CONTINUOUS.toArray(new String[0]);
        String[] imputed = suffixed(RossmannShapedTable.CONTINUOUS, "_imp");
        List<String> categorical = new ArrayList<>(RossmannShapedTable.CATEGORICAL);
        categorical.addAll(RossmannShapedTable.DATE_PARTS);
        PipelineStage[] stages = {
            dates,
            new Imputer().setStrategy("median").setInputCols(continuous).setOutputCols(imputed),
            new StringIndexer().setInputCols(categorical.toArray(new String[0]))
                    .setOutputCols(suffixed(categorical, "_si")).setHandleInvalid("keep"),
            new VectorAssembler().setInputCols(imputed).setOutputCol("continuous").setHandleInvalid("keep"),
            new StandardScaler().setWithMean(true).setWithStd(true).setInputCol("continuous").setOutputCol("scaled")
        };
        return new Pipeline().setStages(stages);
    }

    private static String[] mllibOutputs() {
        List<String> categorical = new ArrayList<>(RossmannShapedTable.CATEGORICAL);
        categorical.addAll(RossmannShapedTable.DATE_PARTS);
        List<String> cols = new ArrayList<>(List.of(suffixed(categorical, "_si")));
        cols.add("scaled");
        return cols.toArray(new String[0]);
    }

    private static String[] suffixed(List<String> cols, String suffix) {
        return cols.stream().map(c -> c + suffix).toArray(String[]::new);
    }

    private static long usedHeapMb() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    private static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
