package io.embark.pipelines.rossmann;

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
 * training sales, and Spark MLlib's {@code GBTRegressor} on the same prepared features (log target).
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
}
