package io.embark.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.embark.transformers.testing.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The imdb job end to end as separate {@code pretrain}, {@code finetune}, {@code classify} and {@code predict}
 * invocations with a small model on the bundled data; a classifier pointed at an encoder whose text pipeline has
 * another vocabulary exits 2 with one line and writes nothing.
 */
class ImdbJobTest {
    private static final List<String> SMALL = List.of("model.embedding=24", "model.hidden=48", "model.layers=1",
            "text.max-vocab=800", "text.seq-len=36", "training.workers=2", "training.batch-size-per-worker=16",
            "training.averaging-frequency=5", "generate.tokens=4", "pretrain.epochs=1", "finetune.epochs=1",
            "finetune.frozen-epochs=0", "classify.phase-epochs=[1,1]", "classify.phase-max-lrs=[0.02,0.01]",
            "classify.max-len=120", "classify.peers.lstm=false", "spark.master=local[2]");

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(List<String> args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>(List.of("imdb"));
        all.addAll(SMALL);
        all.addAll(args);
        return EmbarkJob.run(all.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void pretrainFinetuneClassifyAndPredictAsSeparateInvocations(@TempDir Path dir) throws Exception {
        Path repo = LocalSpark.repoRoot();
        Path wiki = dir.resolve("wiki.tokens");
        Files.write(wiki, Files.readAllLines(repo.resolve("data/wikitext-2/wiki.valid.tokens")).subList(0, 600));
        Path sample = repo.resolve("data/imdb/sample_texts.csv");
        Path pre = dir.resolve("pre");
        Path fine = dir.resolve("fine");
        Path clas = dir.resolve("clas");
        Path pred = dir.resolve("pred");
        assertEquals(0, run(List.of("steps=[pretrain]", "pretrain.corpus=[\"" + wiki + "\"]", "pretrain.output=" + pre)),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(0, run(List.of("steps=[finetune]", "finetune.pretrained=" + pre, "finetune.output=" + fine,
                "finetune.corpus=[\"" + sample + "\"]")), err.toString(StandardCharsets.UTF_8));

        assertEquals(0, run(List.of("steps=[classify]", "classify.encoder=" + fine, "classify.output=" + clas,
                "input.paths=[\"" + sample + "\"]")), err.toString(StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("IMDB classify: done"), printed);
        assertTrue(printed.contains("embark ULMFiT classifier, 2 epochs"), printed);
        assertTrue(printed.contains("NB-SVM"), printed);
        JsonNode m = new ObjectMapper().readTree(clas.resolve("metrics.json").toFile());
        assertEquals(1000, m.at("/documents/in").asLong());
        assertEquals(m.at("/documents/in").asLong(), m.at("/documents/used").asLong() + m.at("/documents/rejected").asLong());
        assertEquals(2, m.at("/epochs").size());
        assertEquals(2, m.at("/phases").size());
        assertTrue(m.at("/phases/0/frozen").toString().contains("lstm_0"), "phase 1 trains the head only");
        assertEquals(0, m.at("/phases/1/frozen").size(), "the last phase trains every layer");
        double acc = m.at("/final/valid_accuracy").asDouble();
        assertTrue(acc > 0 && acc <= 1, "accuracy " + acc);
        assertEquals(2, m.at("/peers").size());
        long confused = 0;
        for (JsonNode row : m.at("/final/valid_confusion")) {
            for (JsonNode c : row) {
                confused += c.asLong();
            }
        }
        assertEquals(200, confused, "the confusion matrix counts every validation review");
        for (String part : List.of("training-curves.png", "model/classifier.zip", "model/settings.json",
                "text-pipeline", "predictions", "rejects")) {
            assertTrue(Files.exists(clas.resolve(part)), part);
        }
        assertTrue(Files.exists(clas.resolve("predictions/_SUCCESS")));

        assertEquals(0, run(List.of("steps=[predict]", "predict.classifier=" + clas, "predict.output=" + pred,
                "predict.paths=[\"" + repo.resolve("data/imdb/new-reviews") + "\"]")), err.toString(StandardCharsets.UTF_8));
        printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("3 scored, 0 rejected"), printed);
        JsonNode p = new ObjectMapper().readTree(pred.resolve("metrics.json").toFile());
        assertEquals(3, p.at("/predicted/negative").asLong() + p.at("/predicted/positive").asLong(),
                "every review gets one of the classifier's classes: " + p.at("/predicted"));
        assertTrue(Files.exists(pred.resolve("predictions/_SUCCESS")));

        // an encoder whose text pipeline holds another vocabulary is refused before anything is written
        Path other = dir.resolve("other-pre");
        assertEquals(0, run(List.of("steps=[pretrain]", "pretrain.corpus=[\"" + wiki + "\"]", "pretrain.output=" + other,
                "text.max-vocab=300")), err.toString(StandardCharsets.UTF_8));
        Path mixed = dir.resolve("mixed");
        copyTree(fine, mixed);
        deleteTree(mixed.resolve("text-pipeline"));
        copyTree(other.resolve("text-pipeline"), mixed.resolve("text-pipeline"));
        Path refused = dir.resolve("refused");
        assertEquals(2, run(List.of("steps=[classify]", "classify.encoder=" + mixed, "classify.output=" + refused,
                "input.paths=[\"" + sample + "\"]")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("vocabulary"), err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(refused));
    }

    @Test
    void badStepsAndMissingInputsExitTwoBeforeSparkStarts(@TempDir Path dir) {
        assertEquals(2, run(List.of("steps=[train]")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("steps must be"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, run(List.of("steps=[classify]", "input.paths=[\"" + dir.resolve("nope.csv") + "\"]")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such file"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, run(List.of("steps=[predict]", "predict.classifier=" + dir.resolve("none"),
                "predict.paths=[\"" + dir + "\"]")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("predict.classifier"), err.toString(StandardCharsets.UTF_8));
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (var s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
