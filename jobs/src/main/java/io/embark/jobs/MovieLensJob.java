package io.embark.jobs;

import com.typesafe.config.Config;
import io.embark.pipelines.collab.AlsComparison;
import io.embark.pipelines.collab.CollabModelSettings;
import io.embark.pipelines.collab.CollabPeer;
import io.embark.pipelines.collab.CollabResult;
import io.embark.pipelines.collab.CollabRunSettings;
import io.embark.pipelines.collab.CollabTraining;
import io.embark.pipelines.collab.RatingsFormat;
import io.embark.pipelines.collab.RecommendResult;
import io.embark.pipelines.collab.RecommendSettings;
import io.embark.pipelines.output.RowCounts;
import io.embark.pipelines.supervised.RunSettings;
import io.embark.pipelines.train.TrainerSettings;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The MovieLens job ({@code conf/movielens.conf}): {@code mode=train} trains and evaluates EmbeddingDotBias,
 * {@code mode=compare} additionally trains Spark ALS on the same split and prints both, and
 * {@code mode=recommend} writes the top-N unseen movies per user from a trained run.
 */
public final class MovieLensJob {
    private MovieLensJob() {
    }

    /** Runs the mode named in {@code c}; prints a summary to {@code out}. */
    public static void run(Config c, PrintStream out) {
        String mode = c.getString("mode");
        if (!List.of("train", "compare", "recommend").contains(mode)) {
            throw JobFailure.badInput("mode must be train, compare or recommend, got '" + mode + "'");
        }
        RatingsFormat format = RatingsFormat.parse(c.getString("format"));
        InputPaths.requireExists(c.getString("ratings"), "ratings");
        SparkSession spark = SparkSessions.create(c);
        try {
            if (mode.equals("recommend")) {
                recommend(spark, c, format, out);
            } else {
                train(spark, c, format, mode.equals("compare"), out);
            }
        } finally {
            spark.stop();
        }
    }

    private static void train(SparkSession spark, Config c, RatingsFormat format, boolean compare, PrintStream out) {
        String test = c.getString("test-ratings");
        if (!test.isEmpty()) {
            InputPaths.requireExists(test, "test-ratings");
        }
        List<Double> yRange = c.getDoubleList("model.y-range");
        if (yRange.size() != 2) {
            throw JobFailure.badInput("model.y-range must be [lo, hi], got " + yRange);
        }
        CollabModelSettings model = new CollabModelSettings(c.getInt("model.factors"), yRange.get(0), yRange.get(1),
                c.getDouble("model.weight-decay"), c.getDouble("model.max-lr"), c.getDouble("model.init-std"),
                c.getLong("seed"));
        TrainerSettings trainer = TrainerConfig.from(c, spark);
        CollabRunSettings settings = new CollabRunSettings(c.getString("ratings"), format, test.isEmpty() ? null : test,
                c.getDouble("valid-fraction"), c.getLong("seed"), c.getDouble("min-rating"), c.getDouble("max-rating"),
                model, new RunSettings(trainer, c.getString("output"), c.getBoolean("overwrite"),
                c.getInt("training.eval-batch-size"), c.getLong("training.train-loss-sample-rows"),
                TrainerConfig.checkpoints(c)));
        List<CollabPeer> peers = compare ? List.of(new AlsComparison(
                c.getIntList("compare.als-ranks").stream().mapToInt(Integer::intValue).toArray(),
                c.getDoubleList("compare.als-reg-params").stream().mapToDouble(Double::doubleValue).toArray(),
                c.getInt("compare.als-max-iter"), c.getLong("seed"))) : List.of();
        long t0 = System.nanoTime();
        CollabResult result = CollabTraining.run(spark, settings, peers);
        double seconds = (System.nanoTime() - t0) / 1e9;
        printSummary(result, settings.run().output(), seconds, out);
    }

    private static void printSummary(CollabResult r, String output, double seconds, PrintStream out) {
        RowCounts rows = r.rows();
        out.println();
        out.println("MovieLens EmbeddingDotBias: done in " + String.format(Locale.ROOT, "%.0f s", seconds));
        out.printf(Locale.ROOT, "  rows: %s in, %s used, %s rejected (train %s, valid %s)%n", rows.in(),
                rows.used(), rows.rejected(), rows.train(), rows.valid());
        out.printf(Locale.ROOT, "  %-34s %10s %12s%n", "model", "valid RMSE", "fit seconds");
        out.printf(Locale.ROOT, "  %-34s %10.4f %12s%n", "predict the training mean", r.baseline().validRmse(), "-");
        out.printf(Locale.ROOT, "  %-34s %10.4f %12.1f%n", "embark EmbeddingDotBias", r.validRmse(),
                r.training().trainSeconds());
        for (CollabPeer.Result peer : r.peers().values()) {
            if (peer instanceof AlsComparison.Result als) {
                for (AlsComparison.GridPoint g : als.grid()) {
                    out.printf(Locale.ROOT, "  %-34s %10.4f %12.1f%n", String.format(Locale.ROOT,
                            "Spark ALS rank %s reg %s", g.rank(), g.regParam()), g.validRmse(), g.fitSeconds());
                }
                out.printf(Locale.ROOT, "  embark / best ALS RMSE ratio: %.3f%n", r.validRmse() / als.validRmse());
            }
        }
        out.printf(Locale.ROOT, "  training: %.0f samples/s on %s workers%n", r.training().samplesPerSecond(),
                r.training().workers());
        out.println("  outputs: " + output + "/{metrics.json, training-curves.png, predictions/, rejects/, preprocessing/, model/}");
    }

    private static void recommend(SparkSession spark, Config c, RatingsFormat format, PrintStream out) {
        int topN = c.getInt("recommend.top-n");
        if (topN < 1) {
            throw JobFailure.badInput("recommend.top-n must be >= 1, got " + topN);
        }
        String modelDir = c.getString("recommend.model-dir");
        InputPaths.requireExists(modelDir, "recommend.model-dir");
        String moviesPath = c.getString("movies");
        if (!moviesPath.isEmpty()) {
            InputPaths.requireExists(moviesPath, "movies");
        }
        RecommendSettings settings = new RecommendSettings(modelDir, c.getString("ratings"), format,
                c.getDouble("min-rating"), c.getDouble("max-rating"), moviesPath.isEmpty() ? null : moviesPath,
                topN, c.getString("recommend.output"), c.getBoolean("overwrite"));
        RecommendResult r = CollabTraining.recommend(spark, settings);
        out.printf(Locale.ROOT, "%nRecommendations: top %d for %d users from %d ratings (%d rejected) -> %s%n",
                r.topN(), r.users(), r.ratings(), r.rejected(), r.output());
        r.firstUser().forEach(line -> out.println("  " + line));
    }
}
