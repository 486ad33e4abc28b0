package io.embark.pipelines.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.embark.pipelines.train.TrainerSettings;
import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LanguageModelTrainingTest {
    static final LanguageModelSettings MODEL = new LanguageModelSettings(24, 48, 2, 0.02, 0.1, 0.05, 0.1, 0.05, 0.5,
            0.1, 3e-2, 0.01, 0.9, 0.99, 1e-5, 11);

    /** Documents of a small grammar: the next word is mostly predictable from the previous ones. */
    static String corpus(Random r, int docs, List<String> nouns) {
        String[] dets = {"The", "A"};
        String[] verbs = {"sees", "likes", "follows", "finds"};
        String[] adverbs = {"today", "again", "quietly"};
        StringBuilder b = new StringBuilder();
        for (int d = 0; d < docs; d++) {
            int sentences = 2 + r.nextInt(4);
            for (int s = 0; s < sentences; s++) {
                b.append(dets[r.nextInt(2)]).append(' ').append(nouns.get(r.nextInt(nouns.size()))).append(' ')
                        .append(verbs[r.nextInt(verbs.length)]).append(" the ")
                        .append(nouns.get(r.nextInt(nouns.size()))).append(' ')
                        .append(adverbs[r.nextInt(adverbs.length)]).append(". ");
            }
            b.append('\n');
        }
        return b.toString();
    }

    static TrainerSettings trainer(int epochs) {
        return new TrainerSettings(2, 8, 4, 0, epochs, 42);
    }

    static PretrainSettings pretrain(Path corpus, Path out, int epochs) {
        return new PretrainSettings(new CorpusSettings(List.of(corpus.toString()), CorpusFormat.TEXT, "text", "", 0.15,
                1_000_000), new TextSettings(2, 200, 20), MODEL, trainer(epochs),
                new GenerationSettings(List.of("The cat"), 12, 0.5, 1), out.toString(), false, 1.0);
    }

    @Test
    void pretrainBeatsTheUnigramModelAndFinetuneTransfersTheVocabulary(@TempDir Path dir) throws Exception {
        SparkSession spark = LocalSpark.get();
        Path text = dir.resolve("corpus.txt");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(corpus(new Random(1), 700, List.of("cat", "dog", "bird", "horse", "fish", "mouse"))
                .getBytes(StandardCharsets.UTF_8));
        bytes.write("\n   \n".getBytes(StandardCharsets.UTF_8));                  // two blank documents
        bytes.write(new byte[] {'b', 'a', 'd', ' ', (byte) 0xC3, (byte) 0x28, '\n'}); // not UTF-8
        Files.write(text, bytes.toByteArray());
        Path out = dir.resolve("pretrain");

        LanguageModelResult pre = LanguageModelTraining.pretrain(spark, pretrain(text, out, 5));

        double unigram = pre.unigramPerplexity();
        double ppl = pre.validPerplexity();
        System.out.printf("synthetic grammar: held-out perplexity %.2f vs unigram %.2f%n", ppl, unigram);
        assertTrue(ppl < 0.6 * unigram, "perplexity " + ppl + " should be well below the unigram model's " + unigram);
        assertEquals(703, pre.documents().in());
        assertEquals(1, pre.documents().rejected());
        assertEquals(2, pre.documents().blank());
        assertEquals(pre.documents().in(), pre.documents().train() + pre.documents().valid() + pre.documents().blank()
                + pre.documents().rejected());
        List<String> reasons = spark.read().parquet(out.resolve("rejects").toString()).collectAsList().stream()
                .map(r -> r.getString(r.fieldIndex(CorpusReader.REASON))).sorted().collect(Collectors.toList());
        assertEquals(List.of("not valid UTF-8"), reasons);

        JsonNode json = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(5, json.at("/epochs").size());
        assertEquals(ppl, json.at("/final/valid_perplexity").asDouble(), 1e-9);
        assertTrue(json.at("/epochs/4/valid_loss").asDouble() < json.at("/epochs/0/valid_loss").asDouble());
        assertTrue(json.at("/training/tokens_per_second").asDouble() > 0);
        assertEquals(Set.of("driver"), pre.executors());
        assertNotNull(ImageIO.read(out.resolve("training-curves.png").toFile()));
        String generated = Files.readString(out.resolve(LanguageModelTraining.GENERATED_FILE));
        assertTrue(generated.startsWith("The cat"), generated);
        assertEquals(1, pre.generated().size());

        LanguageModelRun run = LanguageModelRun.load(spark, out.toString());
        assertEquals(pre.vocabSize(), run.numericalize().vocabSize());
        assertEquals(MODEL, run.settings());

        // stage 2: a target corpus sharing most words, with new ones; LSTM layers frozen for the first epoch
        Path target = dir.resolve("target.txt");
        Files.writeString(target, corpus(new Random(2), 400, List.of("cat", "dog", "wolf", "fox", "fish")));
        Path tuned = dir.resolve("finetune");
        FinetuneSettings fs = new FinetuneSettings(out.toString(), new CorpusSettings(List.of(target.toString()),
                CorpusFormat.TEXT, "text", "", 0.15, 1_000_000), new TextSettings(2, 200, 20), 0.5, 1, 3e-2, 1e-2,
                trainer(2), new GenerationSettings(List.of("A fox"), 8, 0.5, 1), tuned.toString(), false, 1.0);
        LanguageModelResult fine = LanguageModelTraining.finetune(spark, fs);
        System.out.printf("fine-tuned: held-out perplexity %.2f vs unigram %.2f, transfer %s%n",
                fine.validPerplexity(), fine.unigramPerplexity(), fine.transfer());
        assertEquals(3, fine.epochs().size(), "1 frozen + 2 unfrozen epochs");
        assertTrue(fine.validPerplexity() < 0.6 * fine.unigramPerplexity());
        assertTrue(fine.transfer().get("matched") > 9 && fine.transfer().get("new") >= 2, fine.transfer().toString());
        LanguageModelRun tunedRun = LanguageModelRun.load(spark, tuned.toString());
        assertTrue(tunedRun.numericalize().itos().contains("fox"));
        assertEquals(0.5, tunedRun.settings().dropMult());
    }

    @Test
    void refusesAFinetuneFromADirectoryThatIsNotALanguageModelRun(@TempDir Path dir) throws Exception {
        SparkSession spark = LocalSpark.get();
        Files.createDirectories(dir.resolve("not-a-run"));
        Files.writeString(dir.resolve("not-a-run/metrics.json"), "{}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LanguageModelRun.load(spark, dir.resolve("not-a-run").toString()));
        assertTrue(e.getMessage().contains("is not a pretrained language-model run"), e.getMessage());
    }

    @Test
    void anEmptyCorpusIsAClearErrorAndLeavesNoOutput(@TempDir Path dir) throws Exception {
        SparkSession spark = LocalSpark.get();
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "\n\n  \n");
        Path out = dir.resolve("run");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LanguageModelTraining.pretrain(spark, pretrain(empty, out, 1)));
        assertTrue(e.getMessage().contains("no usable training document"), e.getMessage());
        assertTrue(!Files.exists(out));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "the staging directory was removed");
        }
    }

    @Test
    void readsCsvWithAValidColumnAndRejectsLongDocuments(@TempDir Path dir) throws Exception {
        SparkSession spark = LocalSpark.get();
        Path csv = dir.resolve("reviews.csv");
        Files.writeString(csv, "label,text,is_valid\npos,\"A fine, long\nfilm.\",False\nneg,Bad film.,True\n"
                + "pos,\"" + "x".repeat(200) + "\",False\nneg,,False\n");
        CorpusReader.Corpus c = new CorpusReader("text", "is_valid", 0, 100, 1)
                .read(spark, List.of(csv.toString()), CorpusFormat.parse("auto", csv.toString()));
        CorpusReader.Counts counts = c.counts();
        assertEquals(new CorpusReader.Counts(4, 1, 1, 0, 2), counts);
        List<Row> docs = c.documents().orderBy("text").collectAsList();
        assertEquals("A fine, long\nfilm.", docs.get(0).getString(0));
        assertEquals(List.of("empty document", "longer than 100 characters"), c.rejects().collectAsList().stream()
                .map(r -> r.getString(2)).sorted().collect(Collectors.toList()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CorpusReader("review", "", 0.1, 100, 1).read(spark, List.of(csv.toString()), CorpusFormat.CSV));
        assertTrue(e.getMessage().contains("text column 'review' is not in the corpus"), e.getMessage());
        c.release();
    }

}
