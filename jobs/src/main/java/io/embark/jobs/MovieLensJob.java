package io.embark.jobs;

import com.typesafe.config.Config;
import io.embark.pipelines.collab.AlsComparison;
import io.embark.pipelines.collab.CollabModelSettings;
import io.embark.pipelines.collab.CollabPeer;
import io.embark.pipelines.collab.CollabRunSettings;
import io.embark.pipelines.collab.CollabTraining;
import io.embark.pipelines.collab.ParsedRatings;
import io.embark.pipelines.collab.RatingsFormat;
import io.embark.pipelines.collab.RatingsReader;
import io.embark.pipelines.collab.Recommender;
import io.embark.pipelines.output.RunDirectory;
import io.embark.pipelines.train.TrainerSettings;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The MovieLens job ({@code conf/movielens.conf}): {@code mode=train} trains and evaluates EmbeddingDotBias,
 * {@code mode=compare} additionally trains Spark ALS on the same split and prints both, and
 * {@code mode=recommend} writes the top-N unseen movies per user from a trained run.
 */
public final class MovieLensJob {
    private static final Logger LOG = LoggerFactory.getLogger(MovieLensJob.class);

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
                model, trainer, c.getString("output"), c.getBoolean("overwrite"), c.getInt("training.eval-batch-size"),
                c.getLong("training.train-loss-sample-rows"));
        List<CollabPeer> peers = compare ? List.of(new AlsComparison(
                c.getIntList("compare.als-ranks").stream().mapToInt(Integer::intValue).toArray(),
                c.getDoubleList("compare.als-reg-params").stream().mapToDouble(Double::doubleValue).toArray(),
                c.getInt("compare.als-max-iter"), c.getLong("seed"))) : List.of();
        long t0 = System.nanoTime();
        Map<String, Object> metrics = CollabTraining.run(spark, settings, peers);
        double seconds = (System.nanoTime() - t0) / 1e9;
        printSummary(metrics, settings.output(), seconds, out);
    }

    @SuppressWarnings("unchecked")
    private static void printSummary(Map<String, Object> m, String output, double seconds, PrintStream out) {
        Map<String, Object> rows = (Map<String, Object>) m.get("rows");
        Map<String, Object> base = (Map<String, Object>) m.get("baseline_predict_mean");
        Map<String, Double> fin = (Map<String, Double>) m.get("final");
        Map<String, Object> training = (Map<String, Object>) m.get("training");
        out.println();
        out.println("MovieLens EmbeddingDotBias: done in " + String.format(Locale.ROOT, "%.0f s", seconds));
        out.printf(Locale.ROOT, "  rows: %s in, %s used, %s rejected (train %s, valid %s)%n", rows.get("in"),
                rows.get("used"), rows.get("rejected"), rows.get("train"), rows.get("valid"));
        out.printf(Locale.ROOT, "  %-34s %10s %12s%n", "model", "valid RMSE", "fit seconds");
        out.printf(Locale.ROOT, "  %-34s %10.4f %12s%n", "predict the training mean", (Double) base.get("valid_rmse"), "-");
        out.printf(Locale.ROOT, "  %-34s %10.4f %12.1f%n", "embark EmbeddingDotBias", fin.get("valid_rmse"),
                ((Number) training.get("train_seconds")).doubleValue());
        Map<String, Object> als = (Map<String, Object>) m.get("spark_als");
        if (als != null) {
            for (Map<String, Object> g : (List<Map<String, Object>>) als.get("grid")) {
                out.printf(Locale.ROOT, "  %-34s %10.4f %12.1f%n", String.format(Locale.ROOT, "Spark ALS rank %s reg %s",
                        g.get("rank"), g.get("reg_param")), (Double) g.get("valid_rmse"), (Double) g.get("fit_seconds"));
            }
            out.printf(Locale.ROOT, "  embark / best ALS RMSE ratio: %.3f%n",
                    fin.get("valid_rmse") / (Double) als.get("valid_rmse"));
        }
        out.printf(Locale.ROOT, "  training: %.0f samples/s on %s workers%n",
                ((Number) training.get("samples_per_second")).doubleValue(), training.get("workers"));
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
        RunDirectory dir = RunDirectory.open(c.getString("recommend.output"), c.getBoolean("overwrite"),
                spark.sparkContext().hadoopConfiguration());
        try {
            Recommender recommender = Recommender.load(spark, modelDir);
            ParsedRatings parsed = new RatingsReader(c.getDouble("min-rating"), c.getDouble("max-rating"))
                    .read(spark, c.getString("ratings"), format);
            ParsedRatings.Counts counts = parsed.counts();
            parsed.rejects().write().parquet(dir.path("rejects"));
            Dataset<Row> movies = moviesPath.isEmpty() ? null
                    : spark.read().option("header", "true").csv(moviesPath);
            Dataset<Row> recs = recommender.recommend(parsed.ratings(), topN, movies);
            recs.write().parquet(dir.path("recommendations"));
            dir.commit();
            Dataset<Row> written = spark.read().parquet(new Path(dir.target(), "recommendations").toString());
            long users = written.select(RatingsReader.USER).distinct().count();
            out.printf(Locale.ROOT, "%nRecommendations: top %d for %d users from %d ratings (%d rejected) -> %s%n",
                    topN, users, counts.valid(), counts.rejected(), dir.target());
            written.orderBy(RatingsReader.USER, Recommender.RANK).limit(topN).collectAsList()
                    .forEach(r -> out.println("  " + r.mkString(" | ")));
            parsed.release();
        } catch (RuntimeException e) {
            dir.abort();
            throw e;
        }
        LOG.info("recommendations written");
    }
}
