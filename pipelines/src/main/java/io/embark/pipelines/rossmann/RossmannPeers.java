package io.embark.pipelines.rossmann;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.embark.pipelines.tabular.TabularPeer;
import io.embark.transformers.tabular.TabularFeatures;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

/**
 * The same-run references for embark's Rossmann model, each scored with exp-RMSPE on the validation weeks:
 * the oracle floor (the generator's noise-free expected sales), a store × day-of-week × promo median of the
 * training sales, and Spark MLlib's {@code GBTRegressor} on the same prepared features (log target). As static
 * methods for a notebook or a bench, and as {@link TabularPeer}s ({@link #of}) that a {@link
 * io.embark.pipelines.tabular.TabularTraining} run scores on its own split and writes into its {@code metrics.json}.
 */
public final class RossmannPeers {
    private RossmannPeers() {
    }

    /** exp-RMSPE of the generator's noise-free {@code ExpectedSales}: the best any model can do. */
    public static double oracle(Dataset<Row> validation) {
        return RossmannMetrics.oracleRmspe(validation);
    }

    /** exp-RMSPE of predicting each (Store, DayOfWeek, Promo) group's median training sales (global median if unseen). */
    public static double groupMedian(Dataset<Row> training, Dataset<Row> validation) {
        Dataset<Row> medians = training.groupBy("Store", "DayOfWeek", "Promo")
                .agg(expr("percentile(Sales, 0.5)").as("median_sales"));
        double global = training.agg(expr("percentile(Sales, 0.5)")).first().getDouble(0);
        Dataset<Row> scored = validation.join(medians, new String[] {"Store", "DayOfWeek", "Promo"}, "left")
                .withColumn("median_pred", org.apache.spark.sql.functions.coalesce(col("median_sales"), lit(global)));
        return RossmannMetrics.rmspe(scored, "Sales", col("median_pred"));
    }

    /**
     * Fits MLlib's GBTRegressor on the prepared feature columns (codes and normalised values) of {@code training}
     * against {@code target} (log sales) and returns the exp-RMSPE on {@code validation} and the fit seconds.
     * {@code stepSize} is the shrinkage of every tree after the first (MLlib's default 0.1 needs many more trees).
     */
    public static Map<String, Double> gbt(Dataset<Row> training, Dataset<Row> validation, List<String> featureCols,
                                          String target, int maxIter, int maxDepth, double stepSize, long seed) {
        List<PipelineStage> stages = new ArrayList<>();
        stages.add(new VectorAssembler().setInputCols(featureCols.toArray(new String[0])).setOutputCol("gbt_features"));
        stages.add(new GBTRegressor().setFeaturesCol("gbt_features").setLabelCol(target).setPredictionCol("gbt_pred")
                .setMaxIter(maxIter).setMaxDepth(maxDepth).setStepSize(stepSize).setMaxBins(1200).setSeed(seed));
        long t0 = System.nanoTime();
        PipelineModel model = new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(training);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double rmspe = RossmannMetrics.rmspe(model.transform(validation), "Sales", exp(col("gbt_pred")));
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("valid_exp_rmspe", rmspe);
        out.put("fit_seconds", seconds);
        return out;
    }

    /**
     * The references as peers of a training run: the oracle always; the group median and GBT when {@code gbt} is
     * given (the job's {@code compare.enabled}).
     */
    public static List<TabularPeer> of(GbtSettings gbt) {
        List<TabularPeer> peers = new ArrayList<>();
        peers.add(new Peer("oracle", "oracle (noise-free expected sales)",
                (train, valid, features, target) -> new Reference(oracle(valid))));
        if (gbt != null) {
            peers.add(new Peer("group_median", "median of Store x DayOfWeek x Promo",
                    (train, valid, features, target) -> new Reference(groupMedian(train, valid))));
            peers.add(new Peer("spark_gbt", "Spark MLlib GBTRegressor", (train, valid, features, target) -> {
                List<String> featureCols = new ArrayList<>(features.categoricalCols());
                featureCols.addAll(features.continuousCols());
                Map<String, Double> m = gbt(train, valid, featureCols, target, gbt.maxIter(), gbt.maxDepth(),
                        gbt.stepSize(), gbt.seed());
                return new GbtResult(m.get("valid_exp_rmspe"), m.get("fit_seconds"), gbt.maxIter(), gbt.maxDepth(),
                        gbt.stepSize());
            }));
        }
        return List.copyOf(peers);
    }

    /**
     * MLlib GBT's settings for the comparison.
     *
     * @param maxIter  trees
     * @param maxDepth depth of each tree
     * @param stepSize shrinkage of every tree after the first
     * @param seed     MLlib's seed
     */
    public record GbtSettings(int maxIter, int maxDepth, double stepSize, long seed) {
        /** Validates the settings. */
        public GbtSettings {
            if (maxIter < 1 || maxDepth < 1 || !(stepSize > 0 && stepSize <= 1)) {
                throw new IllegalArgumentException("compare.gbt-max-iter and gbt-max-depth must be >= 1 and "
                        + "gbt-step-size in (0, 1], got " + maxIter + ", " + maxDepth + ", " + stepSize);
            }
        }
    }

    /**
     * A reference that fits nothing.
     *
     * @param validMetric its validation exp-RMSPE
     */
    public record Reference(@JsonProperty("valid_exp_rmspe") double validMetric) implements TabularPeer.Result {
        @Override
        @JsonIgnore
        public double fitSeconds() {
            return Double.NaN;
        }
    }

    /**
     * What MLlib's GBT scored.
     *
     * @param validMetric validation exp-RMSPE
     * @param fitSeconds  fit wall time
     * @param maxIter     trees
     * @param maxDepth    depth of each tree
     * @param stepSize    shrinkage
     */
    @JsonPropertyOrder({"valid_exp_rmspe", "fit_seconds", "max_iter", "max_depth", "step_size"})
    public record GbtResult(@JsonProperty("valid_exp_rmspe") double validMetric,
                            @JsonProperty("fit_seconds") double fitSeconds, @JsonProperty("max_iter") int maxIter,
                            @JsonProperty("max_depth") int maxDepth, @JsonProperty("step_size") double stepSize)
            implements TabularPeer.Result {
    }

    private interface Scoring {
        TabularPeer.Result run(Dataset<Row> train, Dataset<Row> valid, TabularFeatures features, String target);
    }

    private record Peer(String name, String description, Scoring scoring) implements TabularPeer {
        @Override
        public TabularPeer.Result run(Dataset<Row> train, Dataset<Row> valid, TabularFeatures features, String target) {
            return scoring.run(train, valid, features, target);
        }
    }
}
