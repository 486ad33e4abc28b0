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
 * The lm job's two steps as two separate spark-submit calls to a standalone Master with two 1-core Workers, on a
 * slice of the bundled WikiText-2 and the bundled IMDB sample with a small model: both exit 0, both executors trained
 * in each step, each step reports a finite held-out perplexity beside its unigram baseline, and the fine-tune step loaded the
 * pretrain step's output from the shared file system.
 */
class LanguageModelOnStandaloneClusterIT {
    private static final List<String> SMALL = List.of("model.embedding=32", "model.hidden=64", "model.layers=1",
            "text.max-vocab=1000", "text.seq-len=36", "training.workers=2", "training.batch-size-per-worker=16",
            "training.averaging-frequency=5", "generate.tokens=10", "pretrain.epochs=1", "finetune.epochs=1");

    @Test
    void pretrainAndFinetuneAsSeparateSubmissionsOnTwoExecutors() throws Exception {
        Path work = Files.createDirectories(Paths.get(System.getProperty("embark.it.workdir"))
                .resolve("lm-" + System.nanoTime()));
        Path repo = Paths.get(System.getProperty("embark.repo.root")).toAbsolutePath().normalize();
        String jar = Paths.get(System.getProperty("embark.shaded.jar")).toAbsolutePath().toString();
        assertTrue(Files.isRegularFile(Paths.get(jar)), "shaded jar missing: " + jar);
        // a slice of WikiText-2 (its first 1,500 lines) keeps the cluster run short
        Path wiki = work.resolve("wiki-slice.tokens");
        Files.write(wiki, Files.readAllLines(repo.resolve("data/wikitext-2/wiki.valid.tokens")).subList(0, 1500));
        Path pre = work.resolve("pretrain");
        Path fine = work.resolve("finetune");
        try (StandaloneCluster cluster = new StandaloneCluster(work.resolve("cluster"), 2, 1, "2g")) {
            String preLog = submit(cluster, work, jar, "pretrain", List.of("steps=[pretrain]",
                    "pretrain.corpus=[\"" + wiki + "\"]", "pretrain.output=" + pre));
            assertTrue(preLog.contains("Language model pretrain: done"), tail(preLog));
            checkStep(pre);

            String fineLog = submit(cluster, work, jar, "finetune", List.of("steps=[finetune]",
                    "finetune.pretrained=" + pre, "finetune.corpus=[\"" + repo.resolve("data/imdb/sample_texts.csv") + "\"]",
                    "finetune.output=" + fine));
            assertTrue(fineLog.contains("vocabulary transfer:"), tail(fineLog));
            JsonNode m = checkStep(fine);
            assertEquals(pre.toString(), m.at("/pretrained").asText());
            assertEquals(2, m.at("/epochs").size(), "1 frozen + 1 unfrozen epoch");
        }
    }

    private static JsonNode checkStep(Path out) throws Exception {
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertTrue(m.at("/training/master").asText().startsWith("spark://"), m.toString());
        Set<String> executors = new HashSet<>();
        m.at("/training/executors_used").forEach(n -> executors.add(n.asText()));
        executors.remove("driver");
        assertEquals(2, executors.size(), "both executors ran training tasks: " + executors);
        double ppl = m.at("/final/valid_perplexity").asDouble();
        double unigram = m.at("/baseline_unigram/valid_perplexity").asDouble();
        assertTrue(ppl > 1 && ppl < 10 * unigram, out + ": perplexity " + ppl + " (unigram " + unigram + ")");
        for (String f : List.of("training-curves.png", "generated.txt", "model/language-model.zip",
                "model/settings.json", "text-pipeline/metadata")) {
            assertTrue(Files.exists(out.resolve(f)), out + " holds " + f);
        }
        return m;
    }

    private static String submit(StandaloneCluster cluster, Path work, String jar, String name, List<String> extra)
            throws Exception {
        Path log = work.resolve(name + ".log");
        List<String> args = new ArrayList<>(cluster.embarkJobOptions());
        args.add(jar);
        args.add("lm");
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
