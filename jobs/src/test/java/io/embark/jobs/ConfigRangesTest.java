package io.embark.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
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
import java.util.Optional;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every number key of every job declares its range in the conf file, and a value outside it (or a fraction for an
 * integer key) is refused before any work: exit 2, one line naming the key, nothing written.
 */
class ConfigRangesTest {

    @Test
    void everyNumberKeyOfEveryJobDeclaresARange() {
        List<String> undeclared = new ArrayList<>();
        for (String job : ConfigTypesTest.JOBS) {
            Config defaults = JobConfig.defaults(job);
            for (Map.Entry<String, ConfigValue> e : defaults.entrySet()) {
                if (e.getKey().startsWith("spark.conf.") || !numeric(e.getValue())) {
                    continue;
                }
                if (ConfigRange.declaredFor(e.getValue()).isEmpty()) {
                    undeclared.add(job + " " + e.getKey());
                }
            }
        }
        assertTrue(undeclared.isEmpty(), "number keys without a 'Range:' line in their conf comment: " + undeclared);
    }

    @Test
    void everyKeyWithARangeRefusesAValueOutsideItAndEveryWholeNumberKeyAFraction() {
        int tried = 0;
        List<String> failures = new ArrayList<>();
        for (String job : ConfigTypesTest.JOBS) {
            Config defaults = JobConfig.defaults(job);
            for (String key : new TreeSet<>(defaults.entrySet().stream().map(Map.Entry::getKey).toList())) {
                ConfigValue d = defaults.getValue(key);
                if (key.startsWith("spark.conf.")) {
                    continue;
                }
                List<String> wrong = new ArrayList<>();
                ConfigRange.declaredFor(d).ifPresent(r -> {
                    r.outsideExample().ifPresent(wrong::add);
                    r.fractionExample().ifPresent(wrong::add);
                });
                for (String value : wrong) {
                    tried++;
                    ConfigTypesTest.refusedInOneLine(job, key, value).ifPresent(failures::add);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(tried > 150, "values tried: " + tried);
        System.out.println("config values tried outside their range: " + tried);
    }

    @Test
    void valuesOnTheBoundsAndInsideAreAccepted() {
        JobConfig.parse("movielens", List.of("valid-fraction=0.999", "training.workers=0", "training.prefetch-batches=0",
                "model.weight-decay=0", "mode=COMPARE", "training.resume=true", "compare.als-reg-params=[0, 0.5]"));
        JobConfig.parse("rossmann", List.of("compare.gbt-max-depth=30", "compare.gbt-step-size=1", "model.ps=[0, 0.99]",
                "steps=[train, predict]", "stores=[1, 2]"));
        JobConfig.parse("imdb", List.of("classify.clip=0.25", "classify.phase-epochs=[0, 1, 0, 3]", "input.format=aclImdb"));
        JobConfig.parse("lm", List.of("text.max-vocab=9", "model.beta1=0", "training.train-loss-sample=1"));
        assertEquals("classify.train-loss-sample must be in (0, 1], got 0",
                assertThrows(JobFailure.class, () -> JobConfig.parse("imdb", List.of("classify.train-loss-sample=0"))).getMessage());
        assertEquals("model.ps must be a list of values each in [0, 1), got [0.1,1]",
                assertThrows(JobFailure.class, () -> JobConfig.parse("rossmann", List.of("model.ps=[0.1, 1]"))).getMessage());
        assertEquals("mode must be one of train, recommend, compare, got \"predict\"",
                assertThrows(JobFailure.class, () -> JobConfig.parse("movielens", List.of("mode=predict"))).getMessage());
        assertEquals("training.epochs must be an integer >= 1, got 2.5",
                assertThrows(JobFailure.class, () -> JobConfig.parse("movielens", List.of("training.epochs=2.5"))).getMessage());
    }

    @Test
    void theDeclarationFormsParseAndAMistakeInOneIsReported() {
        ConfigRange r = ConfigRange.parse("(0, 1]");
        Config c = ConfigFactory.parseString("a = 0, b = 1, c = 0.5, d = 1.5");
        assertTrue(r.violation(c, "a").isPresent());
        assertFalse(r.violation(c, "b").isPresent());
        assertFalse(r.violation(c, "c").isPresent());
        assertEquals(Optional.of("must be in (0, 1], got 1.5"), r.violation(c, "d"));
        assertEquals(Optional.of("0"), r.outsideExample());
        assertEquals(Optional.of("-1"), ConfigRange.parse("integer >= 0").outsideExample());
        assertEquals(Optional.of("0.5"), ConfigRange.parse("integer >= 0").fractionExample());
        assertEquals(Optional.of("1.5"), ConfigRange.parse("<= 1").outsideExample());
        assertEquals(Optional.empty(), ConfigRange.parse("any").outsideExample());
        assertEquals(Optional.empty(), ConfigRange.parse("integer").outsideExample());
        assertEquals(Optional.of("3.5"), ConfigRange.parse("integer").fractionExample());
        assertEquals(Optional.of("[0]"), ConfigRange.parse("each > 0").outsideExample());
        assertEquals(Optional.of("[1.5]"), ConfigRange.parse("each integer >= 1").fractionExample());
        Config ints = ConfigFactory.parseString("a = 5.0, b = 5.5, c = [1, 2.5]");
        assertFalse(ConfigRange.parse("integer >= 1").violation(ints, "a").isPresent(), "5.0 is a whole number");
        assertEquals(Optional.of("must be an integer >= 1, got 5.5"), ConfigRange.parse("integer >= 1").violation(ints, "b"));
        assertEquals(Optional.of("must be a list of values each an integer >= 1, got [1,2.5]"),
                ConfigRange.parse("each integer >= 1").violation(ints, "c"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConfigRange.parse("between 1 and 2"));
        assertTrue(e.getMessage().contains("between 1 and 2"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> ConfigRange.parse("[2, 1]"));
    }

    @Test
    void anOutOfRangeValueExitsTwoWithOneLineAndWritesNothing(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EmbarkJob.run(new String[] {"rossmann", "work=" + out, "model.emb-drop=1.5"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8).trim();
        assertEquals(JobFailure.BAD_INPUT, code, message);
        assertEquals("embark rossmann: model.emb-drop must be in [0, 1), got 1.5", message);
        try (var left = Files.list(dir)) {
            assertTrue(left.toList().isEmpty(), "nothing written");
        }
    }

    private static boolean numeric(ConfigValue v) {
        if (v.valueType() == ConfigValueType.NUMBER) {
            return true;
        }
        if (v.valueType() == ConfigValueType.LIST) {
            List<?> l = (List<?>) v.unwrapped();
            return !l.isEmpty() && l.stream().allMatch(x -> x instanceof Number);
        }
        return false;
    }
}
