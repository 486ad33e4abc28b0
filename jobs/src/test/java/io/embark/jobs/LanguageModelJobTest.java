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
 * The lm job end to end on the bundled data, as separate {@code pretrain} and {@code finetune} invocations with a
 * small model: both commit their outputs with a finite held-out perplexity; a re-run without {@code overwrite} and a
 * fine-tune from a directory that is not a language-model run exit 2 with one line and change nothing.
 */
class LanguageModelJobTest {
    private static final List<String> SMALL = List.of("model.embedding=24", "model.hidden=48", "model.layers=1",
            "text.max-vocab=600", "text.seq-len=36", "training.workers=2", "training.batch-size-per-worker=16",
            "training.averaging-frequency=5", "generate.tokens=8", "pretrain.epochs=1", "finetune.epochs=1",
            "spark.master=local[2]");

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(List<String> args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>(List.of("lm"));
        all.addAll(SMALL);
        all.addAll(args);
        return EmbarkJob.run(all.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void pretrainThenFinetuneAsSeparateInvocations(@TempDir Path dir) throws Exception {
        Path repo = LocalSpark.repoRoot();
        Path wiki = dir.resolve("wiki.tokens");
        Files.write(wiki, Files.readAllLines(repo.resolve("data/wikitext-2/wiki.valid.tokens")).subList(0, 800));
        Path pre = dir.resolve("pre");
        Path fine = dir.resolve("fine");
        List<String> pretrain = List.of("steps=[pretrain]", "pretrain.corpus=[\"" + wiki + "\"]", "pretrain.output=" + pre);
        assertEquals(0, run(pretrain), err.toString(StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Language model pretrain: done"), printed);
        assertTrue(printed.contains("unigram (training frequencies)"), printed);
        JsonNode m = new ObjectMapper().readTree(pre.resolve("metrics.json").toFile());
        // learning itself is tested on a corpus that can be learnt in seconds (LanguageModelTrainingTest)
        double ppl = m.at("/final/valid_perplexity").asDouble();
        assertTrue(ppl > 1 && ppl < 10 * m.at("/baseline_unigram/valid_perplexity").asDouble(), "perplexity " + ppl);
        assertEquals(m.at("/documents/in").asLong(), m.at("/documents/used").asLong()
                + m.at("/documents/blank_lines").asLong() + m.at("/documents/rejected").asLong());
        assertEquals(2, m.at("/generated").size());

        String before = Files.readString(pre.resolve("metrics.json"));
        assertEquals(2, run(pretrain), "a re-run without overwrite is refused");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("already exists"), err.toString(StandardCharsets.UTF_8));
        assertEquals(before, Files.readString(pre.resolve("metrics.json")), "and changes nothing");

        List<String> finetune = List.of("steps=[finetune]", "finetune.pretrained=" + pre, "finetune.output=" + fine,
                "finetune.corpus=[\"" + repo.resolve("data/imdb/sample_texts.csv") + "\"]");
        assertEquals(0, run(finetune), err.toString(StandardCharsets.UTF_8));
        printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("vocabulary transfer:"), printed);
        JsonNode f = new ObjectMapper().readTree(fine.resolve("metrics.json").toFile());
        assertEquals(1000, f.at("/documents/in").asLong());
        assertEquals(200, f.at("/documents/valid").asLong(), "the sample's is_valid reviews are held out");
        assertEquals(2, f.at("/epochs").size());
        double tuned = f.at("/final/valid_perplexity").asDouble();
        assertTrue(tuned > 1 && tuned < 10 * f.at("/baseline_unigram/valid_perplexity").asDouble(), "perplexity " + tuned);
        assertTrue(f.at("/vocabulary_transfer/matched").asInt() > 100, f.at("/vocabulary_transfer").toString());
    }

    @Test
    void aFinetuneFromADirectoryThatIsNotALanguageModelIsRefused(@TempDir Path dir) throws Exception {
        Path notARun = Files.createDirectories(dir.resolve("movielens-run"));
        Files.writeString(notARun.resolve("metrics.json"), "{}");
        Path fine = dir.resolve("fine");
        assertEquals(2, run(List.of("steps=[finetune]", "finetune.pretrained=" + notARun, "finetune.output=" + fine,
                "finetune.corpus=[\"" + LocalSpark.repoRoot().resolve("data/imdb/sample_texts.csv") + "\"]")));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("is not a pretrained language-model run"), e);
        assertEquals(1, e.strip().lines().count(), "one line: " + e);
        assertFalse(Files.exists(fine));
    }

    @Test
    void badSettingsAreOneLineErrors(@TempDir Path dir) {
        assertEquals(2, run(List.of("steps=[train]")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("steps must be a list of values each one of pretrain, finetune, got [\"train\"]"));
        assertEquals(2, run(List.of("steps=[pretrain]", "pretrain.corpus=[/no/such/corpus.txt]")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("pretrain.corpus: no such file or directory"));
        assertEquals(2, run(List.of("steps=[pretrain]", "text.max-vocab=5", "pretrain.output=" + dir.resolve("x"),
                "pretrain.corpus=[\"" + LocalSpark.repoRoot().resolve("data/wikitext-2/wiki.test.tokens") + "\"]")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("text.max-vocab must be an integer >= 9, got 5"),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(2, run(List.of("model.hiden=3")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown config key model.hiden"));
    }
}
