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
 * The imdb job's classify and predict steps as two spark-submit calls to a standalone Master with two 1-core
 * Workers, on the bundled IMDB sample with a small classifier trained from scratch (the language-model steps have
 * their own cluster test): both exit 0, both executors ran training tasks, the classifier's validation accuracy and
 * confusion matrix cover the 200 validation reviews, and predict loads the classify step's run from the shared
 * file system and scores the bundled new reviews.
 */
class ImdbOnStandaloneClusterIT {
    private static final List<String> SMALL = List.of("model.embedding=24", "model.hidden=48", "model.layers=1",
            "text.max-vocab=1500", "training.workers=2", "classify.encoder=", "classify.phase-epochs=[1]",
            "classify.phase-max-lrs=[0.01]", "classify.max-len=120", "classify.peers.lstm=false");

    @Test
    void classifyThenPredictOnTwoExecutors() throws Exception {
        Path work = Files.createDirectories(Paths.get(System.getProperty("embark.it.workdir"))
                .resolve("imdb-" + System.nanoTime()));
        Path repo = Paths.get(System.getProperty("embark.repo.root")).toAbsolutePath().normalize();
        String jar = Paths.get(System.getProperty("embark.shaded.jar")).toAbsolutePath().toString();
        Path clas = work.resolve("classify");
        Path pred = work.resolve("predict");
        try (StandaloneCluster cluster = new StandaloneCluster(work.resolve("cluster"), 2, 1, "2g")) {
            String log = submit(cluster, work, jar, "classify", List.of("steps=[classify]", "classify.output=" + clas,
                    "input.paths=[\"" + repo.resolve("data/imdb/sample_texts.csv") + "\"]"));
            assertTrue(log.contains("IMDB classify: done"), tail(log));
            JsonNode m = new ObjectMapper().readTree(clas.resolve("metrics.json").toFile());
            assertTrue(m.at("/training/master").asText().startsWith("spark://"), m.toString());
            Set<String> executors = new HashSet<>();
            m.at("/training/executors_used").forEach(n -> executors.add(n.asText()));
            executors.remove("driver");
            assertEquals(2, executors.size(), "both executors ran training tasks: " + executors);
            assertEquals(1000, m.at("/documents/in").asLong());
            double acc = m.at("/final/valid_accuracy").asDouble();
            assertTrue(acc > 0 && acc <= 1, "accuracy " + acc);
            assertEquals(2, m.at("/peers").size(), "TF-IDF + LR and NB-SVM ran on the cluster");

            String plog = submit(cluster, work, jar, "predict", List.of("steps=[predict]", "predict.classifier=" + clas,
                    "predict.output=" + pred, "predict.paths=[\"" + repo.resolve("data/imdb/new-reviews") + "\"]"));
            assertTrue(plog.contains("3 scored, 0 rejected"), tail(plog));
            assertTrue(Files.exists(pred.resolve("predictions/_SUCCESS")));
        }
    }

    private static String submit(StandaloneCluster cluster, Path work, String jar, String name, List<String> extra)
            throws Exception {
        Path log = work.resolve(name + ".log");
        List<String> args = new ArrayList<>(cluster.embarkJobOptions());
        args.add(jar);
        args.add("imdb");
        args.addAll(SMALL);
        args.addAll(extra);
        int code = cluster.submit(log, Duration.ofMinutes(8), args.toArray(new String[0]));
        String text = Files.readString(log);
        assertEquals(0, code, name + ": spark-submit exit code; log:\n" + tail(text));
        return text;
    }

    private static String tail(String s) {
        return s.length() <= 6000 ? s : s.substring(s.length() - 6000);
    }
}
