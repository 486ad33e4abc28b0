package io.embark.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * spark-submits the shaded jar's MovieLens job to a standalone Master with two 1-core Workers and checks that
 * it exits 0, that both executors trained, and that the model beats predicting the mean.
 */
class MovieLensOnStandaloneClusterIT {

    @Test
    void trainsOnTwoExecutorsAndBeatsTheMeanBaseline() throws Exception {
        Path work = Files.createDirectories(Paths.get(System.getProperty("embark.it.workdir")));
        Path out = work.resolve("movielens-run-" + System.nanoTime());
        Path repo = Paths.get(System.getProperty("embark.repo.root")).toAbsolutePath().normalize();
        String jar = Paths.get(System.getProperty("embark.shaded.jar")).toAbsolutePath().toString();
        assertTrue(Files.isRegularFile(Paths.get(jar)), "shaded jar missing: " + jar);
        try (StandaloneCluster cluster = new StandaloneCluster(work.resolve("cluster-" + System.nanoTime()), 2, 1, "2g")) {
            Path log = work.resolve("spark-submit.log");
            List<String> args = new ArrayList<>(cluster.embarkJobOptions());
            args.addAll(List.of(jar, "movielens",
                    "ratings=" + repo.resolve("data/movielens/ml-latest-small/ratings.csv"),
                    "output=" + out,
                    "training.epochs=2",
                    "training.workers=2",
                    "training.averaging-frequency=20"));
            int code = cluster.submit(log, Duration.ofMinutes(8), args.toArray(new String[0]));
            String submitted = Files.readString(log);
            assertEquals(0, code, "spark-submit exit code; log:\n" + tail(submitted));

            JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
            assertTrue(metrics.at("/training/master").asText().startsWith("spark://"), metrics.toString());
            Set<String> executors = new HashSet<>();
            metrics.at("/training/executors_used").forEach(n -> executors.add(n.asText()));
            executors.remove("driver");
            assertEquals(2, executors.size(), "both executors ran training tasks: " + executors);
            double rmse = metrics.at("/final/valid_rmse").asDouble();
            double baseline = metrics.at("/baseline_predict_mean/valid_rmse").asDouble();
            assertTrue(rmse < baseline, "valid RMSE " + rmse + " should beat the mean baseline " + baseline);
            assertTrue(Files.isRegularFile(out.resolve("training-curves.png")));
            assertTrue(Files.isRegularFile(out.resolve("model/embedding-dot-bias.zip")));
            assertTrue(submitted.contains("epoch 2/2"), "progress is logged per epoch");
        }
    }

    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }
}
