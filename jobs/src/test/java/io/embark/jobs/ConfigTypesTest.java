package io.embark.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every key of every job given a value of the wrong type: exit 2, one line naming the key, nothing written. */
class ConfigTypesTest {
    static final List<String> JOBS = List.of("movielens", "rossmann", "lm", "imdb");

    /** Why {@code key=value} was not refused as it must be (exit 2, one line starting with the key), or empty. */
    static java.util.Optional<String> refusedInOneLine(String job, String key, String value) {
        String arg = key + "=" + value;
        try {
            JobConfig.parse(job, List.of(arg));
            return java.util.Optional.of(job + " " + arg + ": accepted");
        } catch (JobFailure f) {
            boolean ok = f.exitCode() == JobFailure.BAD_INPUT && f.getMessage().startsWith(key + " must be ")
                    && !f.getMessage().contains("\n");
            return ok ? java.util.Optional.empty() : java.util.Optional.of(job + " " + arg + ": " + f.getMessage());
        }
    }

    @Test
    void everyNumberBooleanAndListKeyOfEveryJobRefusesAValueOfAnotherType(@TempDir Path dir) throws Exception {
        int tried = 0;
        List<String> failures = new ArrayList<>();
        for (String job : JOBS) {
            Config defaults = JobConfig.defaults(job);
            for (Map.Entry<String, ConfigValue> e : defaults.entrySet()) {
                String wrong = switch (e.getValue().valueType()) {
                    case NUMBER -> "twelve";
                    case BOOLEAN -> "maybe";
                    case LIST -> "not-a-list";
                    default -> null;
                };
                if (wrong == null || e.getKey().startsWith("spark.conf.")) { // Spark's own settings
                    continue;
                }
                tried++;
                refusedInOneLine(job, e.getKey(), wrong).ifPresent(failures::add);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(tried > 100, "keys tried: " + tried);
        System.out.println("config keys tried with a wrong type: " + tried);

        // end to end: exit 2, one line on stderr, nothing written
        Path out = dir.resolve("run");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EmbarkJob.run(new String[] {"movielens", "output=" + out, "training.checkpoint.keep=[1]"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8).trim();
        assertEquals(JobFailure.BAD_INPUT, code, message);
        assertEquals("embark movielens: training.checkpoint.keep must be a number, got [1] (default 2)", message);
        try (var left = Files.list(dir)) {
            assertTrue(left.toList().isEmpty(), "nothing written");
        }
    }
}
