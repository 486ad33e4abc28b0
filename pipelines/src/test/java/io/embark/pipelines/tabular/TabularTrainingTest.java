package io.embark.pipelines.tabular;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.embark.pipelines.data.ExecutorPredictor;
import io.embark.pipelines.data.RegressionMetrics;
import io.embark.pipelines.supervised.RunSettings;
import io.embark.pipelines.train.TrainerSettings;
import io.embark.transformers.tabular.TabularFeatures;
import io.embark.transformers.tabular.TabularPreparation;
import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small end-to-end run of {@link TabularTraining} on a synthetic table with a known structure. */
class TabularTrainingTest {
    static final StructType SCHEMA = new StructType().add("id", DataTypes.IntegerType)
            .add("a", DataTypes.StringType).add("b", DataTypes.StringType)
            .add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType).add("y", DataTypes.DoubleType);
    /** Effect of each level of the categorical column {@code a}. */
    static final double[] A_EFFECT = {0, 0.5, 1, 1.5, 2, 2.5, 3, 0.25};

    /** {@code y = log(100 + 50 a_effect + 30 x1) + N(0, 0.02)}; b and x2 are noise; 2% of x1 missing. */
    static Dataset<Row> synthetic(SparkSession spark, int n, long seed) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int a = r.nextInt(A_EFFECT.length);
            double x1 = 4 * r.nextDouble();
            double y = Math.log(100 + 50 * A_EFFECT[a] + 30 * x1) + 0.02 * r.nextGaussian();
            rows.add(RowFactory.create(i, "a" + a, "b" + r.nextInt(4), r.nextDouble() < 0.02 ? null : x1,
                    r.nextGaussian(), y));
        }
        return spark.createDataFrame(rows, SCHEMA).repartition(2);
    }

    @Test
    void learnsASyntheticTableFarBetterThanTheMeanAndWritesEveryOutput(@TempDir Path dir) throws Exception {
        SparkSession spark = LocalSpark.get();
        Dataset<Row> all = synthetic(spark, 2000, 7).cache();
        Dataset<Row> train = all.where(col("id").mod(5).notEqual(0));
        Dataset<Row> valid = all.where(col("id").mod(5).equalTo(0));
        PipelineModel prep = TabularPreparation.builder().categorical("a", "b").continuous("x1", "x2").build().fit(train);
        TabularFeatures features = TabularFeatures.of(prep);
        assertEquals(Map.of("a_idx", 9, "b_idx", 5, "x1_na_idx", 3), features.cardinalities());
        Dataset<Row> trainReady = prep.transform(train);
        Dataset<Row> validReady = prep.transform(valid).cache();

        double yMax = all.agg(max(col("y"))).first().getDouble(0);
        TabularModelSettings model = TabularModelSettings.fastaiDefaults(new double[] {0, yMax * 1.2})
                .withLayers(List.of(64, 32), List.of(0.001, 0.01)).withMaxLr(1e-2);
        Path out = dir.resolve("run");
        TabularRunSettings settings = new TabularRunSettings("synthetic", "y", TabularMetric.EXP_RMSPE, List.of("id", "a"),
                model, new RunSettings(new TrainerSettings(2, 32, 10, 2, 6, 42), out.toString(), false, 512, 10_000));
        long t0 = System.nanoTime();
        TabularResult result = TabularTraining.run(spark, settings, trainReady, validReady, features);
        double seconds = (System.nanoTime() - t0) / 1e9;

        // the baseline, computed here: predict the training mean of the log target
        double mean = trainReady.agg(org.apache.spark.sql.functions.avg("y")).first().getDouble(0);
        double baseline = 0;
        List<Row> validY = validReady.select("y").collectAsList();
        for (Row row : validY) {
            double pct = (Math.exp(row.getDouble(0)) - Math.exp(mean)) / Math.exp(row.getDouble(0));
            baseline += pct * pct;
        }
        baseline = Math.sqrt(baseline / validY.size());
        JsonNode json = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        double rmspe = json.at("/final/valid_exp_rmspe").asDouble();
        System.out.printf("synthetic table: valid exp-RMSPE %.4f vs predict-mean %.4f, run %.1f s%n", rmspe, baseline, seconds);
        assertEquals(baseline, json.at("/baseline_predict_mean/valid_exp_rmspe").asDouble(), 1e-9);
        assertTrue(rmspe < 0.4 * baseline, "valid exp-RMSPE " + rmspe + " should be well below the mean's " + baseline);
        assertEquals(6, json.at("/epochs").size());
        assertEquals(result.workload(), json.at("/workload").asText());
        assertEquals(validY.size(), json.at("/rows/valid").asLong());
        assertEquals(5, json.at("/features/embedding_sizes/a_idx").asInt(), "round(1.6 * 9^0.56) = 5");
        for (String m : new String[] {"valid_rmse", "valid_mse", "valid_exp_rmspe"}) {
            assertTrue(json.at("/epochs/0/" + m).isNumber(), m + " every epoch");
        }

        BufferedImage png = ImageIO.read(out.resolve("training-curves.png").toFile());
        assertNotNull(png);
        assertTrue(png.getWidth() > 500);
        Dataset<Row> predictions = spark.read().parquet(out.resolve(TabularTraining.PREDICTIONS_DIR).toString());
        assertArrayEquals(new String[] {"id", "a", "y", TabularTraining.PREDICTION}, predictions.columns());
        assertEquals(validY.size(), predictions.count());
        assertEquals(rmspe, RegressionMetrics.ofLogTarget(predictions, "y", col(TabularTraining.PREDICTION), "v")
                .get("v_exp_rmspe"), 1e-6, "the written predictions give the reported metric");

        // the saved network reproduces the written predictions
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(
                out.resolve(TabularTraining.MODEL_FILE).toFile(), false);
        Dataset<Row> again = ExecutorPredictor.predict(restored, validReady.select("id", "a_idx", "b_idx", "x1_na_idx",
                "x1_norm", "x2_norm", "y"), TabularBatches.layout(features, "y"), "again", 512);
        double diff = again.join(predictions, "id").agg(max(abs(col("again").minus(col(TabularTraining.PREDICTION)))))
                .first().getDouble(0);
        assertTrue(diff < 1e-5, "restored network differs by " + diff);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList(), "no staging directory is left behind");
        }
        all.unpersist();
        validReady.unpersist();
    }

    @Test
    void missingColumnsAreRefusedBeforeAnyOutputIsCreated(@TempDir Path dir) {
        SparkSession spark = LocalSpark.get();
        TabularFeatures features = new TabularFeatures(List.of("a_idx"), new int[] {3}, List.of("x_norm"));
        Dataset<Row> frame = spark.range(4).select(col("id").cast("int").as("a_idx"), lit(1.0).as("y"));
        TabularRunSettings settings = new TabularRunSettings("t", "y", TabularMetric.RMSE, List.of(),
                TabularModelSettings.fastaiDefaults(null), new RunSettings(new TrainerSettings(1, 4, 1, 0, 1, 1),
                dir.resolve("run").toString(), false, 16, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TabularTraining.run(spark, settings, frame, frame, features));
        assertTrue(e.getMessage().contains("'x_norm' does not exist"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("run")));
    }
}
