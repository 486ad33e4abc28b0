package io.embark.pipelines.collab;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.embark.pipelines.data.RegressionMetrics;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * Spark MLlib's ALS on the same split, over a small grid of rank x regParam, as a {@link CollabPeer}. Users or
 * items unseen in training get the training mean (ALS's {@code coldStartStrategy=nan}, then filled), so every
 * validation row is scored exactly as for embark; dropping them would flatter ALS.
 */
public final class AlsComparison implements CollabPeer {
    private static final Logger LOG = LoggerFactory.getLogger(AlsComparison.class);

    private final int[] ranks;
    private final double[] regParams;
    private final int maxIter;
    private final long seed;

    /** A grid of {@code ranks} x {@code regParams}, each fitted for {@code maxIter} iterations. */
    public AlsComparison(int[] ranks, double[] regParams, int maxIter, long seed) {
        if (ranks.length == 0 || regParams.length == 0 || maxIter < 1) {
            throw new IllegalArgumentException("ALS grid needs at least one rank, one regParam and maxIter >= 1");
        }
        this.ranks = ranks.clone();
        this.regParams = regParams.clone();
        this.maxIter = maxIter;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "spark_als";
    }

    @Override
    public Result run(Dataset<Row> train, Dataset<Row> valid) {
        Dataset<Row> t = ints(train);
        Dataset<Row> v = ints(valid);
        double mean = t.agg(avg(col(RatingsReader.RATING))).first().getDouble(0);
        List<GridPoint> grid = new ArrayList<>();
        GridPoint best = null;
        for (int rank : ranks) {
            for (double reg : regParams) {
                long t0 = System.nanoTime();
                ALSModel model = new ALS().setRank(rank).setRegParam(reg).setMaxIter(maxIter).setSeed(seed)
                        .setUserCol(RatingsReader.USER).setItemCol(RatingsReader.ITEM).setRatingCol(RatingsReader.RATING)
                        .setColdStartStrategy("nan").fit(t);
                double fitSeconds = (System.nanoTime() - t0) / 1e9;
                Dataset<Row> scored = model.transform(v);
                double rmse = RegressionMetrics.of(scored, RatingsReader.RATING,
                        when(isnan(col("prediction")), lit(mean)).otherwise(coalesce(col("prediction"), lit(mean))),
                        "valid").get("valid_rmse");
                GridPoint point = new GridPoint(rank, reg, rmse, fitSeconds);
                grid.add(point);
                LOG.info(String.format(Locale.ROOT, "ALS rank %d regParam %.3f: valid_rmse %.4f (%.1fs)", rank, reg, rmse, fitSeconds));
                if (best == null || rmse < best.validRmse()) {
                    best = point;
                }
            }
        }
        return new Result(best.rank(), best.regParam(), best.validRmse(), best.fitSeconds(), maxIter, grid);
    }

    /**
     * One ALS fit of the grid.
     *
     * @param rank        ALS rank
     * @param regParam    ALS regParam
     * @param validRmse   validation RMSE (unseen users or items predicted as the training mean)
     * @param fitSeconds  wall time of the fit
     */
    @JsonPropertyOrder({"rank", "reg_param", "valid_rmse", "fit_seconds"})
    public record GridPoint(@JsonProperty("rank") int rank, @JsonProperty("reg_param") double regParam,
                            @JsonProperty("valid_rmse") double validRmse,
                            @JsonProperty("fit_seconds") double fitSeconds) {
    }

    /**
     * The best fit of the grid (its rank, regParam, RMSE and fit time) and the whole grid.
     *
     * @param rank       rank of the best fit
     * @param regParam   regParam of the best fit
     * @param validRmse  validation RMSE of the best fit
     * @param fitSeconds fit time of the best fit
     * @param maxIter    ALS iterations of every fit
     * @param grid       every fit, in grid order
     */
    @JsonPropertyOrder({"rank", "reg_param", "valid_rmse", "fit_seconds", "max_iter", "grid"})
    public record Result(@JsonProperty("rank") int rank, @JsonProperty("reg_param") double regParam,
                         @JsonProperty("valid_rmse") double validRmse, @JsonProperty("fit_seconds") double fitSeconds,
                         @JsonProperty("max_iter") int maxIter, @JsonProperty("grid") List<GridPoint> grid)
            implements CollabPeer.Result {
        /** Copies the grid. */
        public Result {
            grid = List.copyOf(grid);
        }
    }

    private static Dataset<Row> ints(Dataset<Row> ratings) {
        return ratings.select(col(RatingsReader.USER).cast("int").as(RatingsReader.USER),
                col(RatingsReader.ITEM).cast("int").as(RatingsReader.ITEM), col(RatingsReader.RATING));
    }
}
