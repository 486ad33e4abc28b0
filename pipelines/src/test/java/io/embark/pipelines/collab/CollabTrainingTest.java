package io.embark.pipelines.collab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.embark.pipelines.supervised.RunSettings;
import io.embark.pipelines.train.TrainerSettings;
import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CollabTrainingTest {

    static CollabRunSettings settings(String ratings, Path out) {
        return new CollabRunSettings(ratings, RatingsFormat.AUTO, null, 0.1, 42, 0.5, 5.0,
                CollabModelSettings.fastaiDefaults(), new RunSettings(new TrainerSettings(2, 64, 10, 2, 4, 42),
                out.toString(), false, 4096, 20_000));
    }

    @Test
    void learnsMovieLensBetterThanPredictingTheMeanAndWritesEveryOutput(@TempDir Path dir) throws Exception {
        SparkSession spark = LocalSpark.get();
        String ratings = LocalSpark.repoRoot().resolve("data/movielens/ml-latest-small/ratings.csv").toString();
        Path out = dir.resolve("run");
        CollabResult result = CollabTraining.run(spark, settings(ratings, out), List.of());

        JsonNode json = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        double baseline = json.at("/baseline_predict_mean/valid_rmse").asDouble();
        double rmse = json.at("/final/valid_rmse").asDouble();
        System.out.printf("MovieLens latest-small: valid RMSE %.4f vs predict-mean %.4f%n", rmse, baseline);
        assertTrue(rmse < baseline - 0.05, "valid RMSE " + rmse + " should be clearly below the mean baseline " + baseline);
        assertEquals(100_836, json.at("/rows/in").asLong());
        assertEquals(100_836, json.at("/rows/used").asLong());
        assertEquals(0, json.at("/rows/rejected").asLong());
        assertEquals(json.at("/rows/used").asLong(), json.at("/rows/train").asLong() + json.at("/rows/valid").asLong());
        assertEquals(4, json.at("/epochs").size());
        assertEquals(result.workload(), json.at("/workload").asText());

        BufferedImage png = ImageIO.read(out.resolve("training-curves.png").toFile());
        assertNotNull(png);
        assertTrue(png.getWidth() > 500);
        assertTrue(Files.exists(out.resolve(CollabTraining.MODEL_FILE)));
        PipelineModel prep = PipelineModel.load(out.resolve("preprocessing").toString());
        assertEquals(1, prep.stages().length);
        long predictions = spark.read().parquet(out.resolve("predictions").toString()).count();
        assertEquals(json.at("/rows/valid").asLong(), predictions);
        assertEquals(0, spark.read().parquet(out.resolve("rejects").toString()).count());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList(), "no staging directory is left behind");
        }

        recommendationsAreUnseenRankedAndMatchTheNetwork(spark, ratings, out);
    }

    void recommendationsAreUnseenRankedAndMatchTheNetwork(SparkSession spark, String ratings, Path run) {
        Recommender recommender = Recommender.load(spark, run.toString());
        Row predicted = spark.read().parquet(run.resolve("predictions").toString()).first();
        assertEquals(predicted.getDouble(3), recommender.predict(predicted.getLong(0), predicted.getLong(1)), 1e-4,
                "plain-array scoring reproduces the network's prediction");

        ParsedRatings parsed = new RatingsReader(0.5, 5).read(spark, ratings, RatingsFormat.AUTO);
        Dataset<Row> movies = spark.read().option("header", "true")
                .csv(LocalSpark.repoRoot().resolve("data/movielens/ml-latest-small/movies.csv").toString());
        Dataset<Row> recs = recommender.recommend(parsed.ratings(), 5, movies).cache();
        assertEquals(610, recs.select("userId").distinct().count(), "every user gets recommendations");
        assertEquals(610 * 5, recs.count());
        assertEquals(0, recs.where("title is null").count(), "every recommended movie has a title");
        assertEquals(0, recs.join(parsed.ratings(), new String[] {"userId", "movieId"}).count(),
                "no recommended movie was already rated by the user");
        List<Row> user1 = recs.where("userId = 1").orderBy("rank").collectAsList();
        for (int k = 0; k < user1.size(); k++) {
            assertEquals(k + 1, user1.get(k).getInt(1));
            if (k > 0) {
                assertTrue(user1.get(k - 1).getDouble(3) >= user1.get(k).getDouble(3), "ranked by predicted rating");
            }
            assertEquals(user1.get(k).getDouble(3), recommender.predict(1, user1.get(k).getLong(2)), 1e-9);
        }
        recs.unpersist();
        parsed.release();
    }
}
