package io.embark.jobs;

import com.typesafe.config.Config;
import io.embark.transformers.testing.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbarkJobTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return EmbarkJob.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    static String ratings() {
        return "ratings=" + LocalSpark.repoRoot().resolve("data/movielens/ml-latest-small/ratings.csv");
    }

    @Test
    void helpListsEveryKeyWithDefaultAndDocumentation() {
        assertEquals(0, run("movielens", "--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String key : new String[] {"mode = \"train\"", "training.averaging-frequency = 10", "model.factors = 50",
            "training.batch-size-per-worker = 64", "recommend.top-n = 10", "spark.master = \"local[*]\""}) {
            assertTrue(help.contains(key), "help lists " + key + ":\n" + help);
        }
        assertTrue(help.contains("Minibatches each worker fits between two parameter averagings. Range: integer >= 1"), help);
        assertEquals(0, run("--help"));
        assertEquals(2, run(), "no job named");
    }

    @Test
    void badInputEndsWithExitCodeTwoAndOneLineReason() {
        assertBad("unknown job 'nope'", "nope");
        assertBad("unknown config key trainig.epochs", "movielens", "trainig.epochs=3");
        assertBad("training.epochs must be a number, got \"many\" (default 5)", "movielens", ratings(), "training.epochs=many");
        assertBad("ratings: no such file or directory: /no/such/ratings.csv", "movielens", "ratings=/no/such/ratings.csv");
        assertBad("mode must be one of train, recommend, compare, got \"fly\"", "movielens", "mode=fly");
        assertBad("unexpected argument '--epochs'", "movielens", "--epochs", "3");
        assertBad("configuration file not found", "movielens", "--conf", "/no/such.conf");
        assertBad("format must be one of auto, csv, udata, got \"json\"", "movielens", ratings(), "format=json");
    }

    @Test
    void existingOutputIsRefusedBeforeAnyWorkAndLeftIntact(@TempDir Path dir) throws Exception {
        Path outDir = Files.createDirectories(dir.resolve("run"));
        Files.writeString(outDir.resolve("metrics.json"), "{\"keep\": true}");
        assertBad("already exists; choose another output or set overwrite=true", "movielens", ratings(),
                "output=" + outDir, "spark.master=local[1]");
        assertEquals("{\"keep\": true}", Files.readString(outDir.resolve("metrics.json")));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(outDir), files.toList());
        }
    }

    @Test
    void confFileAndCommandLineOverridesLayerOnTheDefaults(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("mine.conf");
        Files.writeString(conf, "training { epochs = 7 }\noutput = \"from-file\"\n");
        Config c = JobConfig.parse("movielens", List.of("--conf", conf.toString(), "output=hdfs://nn:8020/x//y",
                "spark.master=local[3]", "compare.als-ranks=[5, 6]")).config();
        assertEquals(7, c.getInt("training.epochs"));
        assertEquals("hdfs://nn:8020/x//y", c.getString("output"), "string keys are taken literally");
        assertEquals("local[3]", c.getString("spark.master"));
        assertEquals(List.of(5, 6), c.getIntList("compare.als-ranks"));
        assertEquals(50, c.getInt("model.factors"), "untouched keys keep their defaults");
    }

    @Test
    void sparkSettingsCanBeGivenOnTheCommandLineWithQuotedKeys() {
        Config c = JobConfig.parse("rossmann", List.of("spark.conf.\"spark.eventLog.enabled\"=true",
                "spark.conf.\"spark.sql.shuffle.partitions\"=8")).config();
        Config spark = c.getConfig("spark.conf");
        assertEquals(true, spark.getBoolean("\"spark.eventLog.enabled\""));
        assertEquals(8, spark.getInt("\"spark.sql.shuffle.partitions\""), "overrides the conf file's 16");
        for (String bad : List.of("spark.conf.\"a b\"=1", "spark..x=1", "\"unterminated=1", "a b=1")) {
            JobFailure failure = org.junit.jupiter.api.Assertions.assertThrows(JobFailure.class,
                    () -> JobConfig.parse("rossmann", List.of(bad)), bad);
            assertTrue(failure.getMessage().contains("malformed config key"), failure.getMessage());
        }
    }

    private void assertBad(String fragment, String... args) {
        err.reset();
        assertEquals(JobFailure.BAD_INPUT, run(args), "exit code for " + String.join(" ", args) + ": " + err());
        String e = err().trim();
        assertTrue(e.contains(fragment), "stderr '" + e + "' should contain '" + fragment + "'");
        assertEquals(1, e.lines().count(), "one line: " + e);
    }
}
