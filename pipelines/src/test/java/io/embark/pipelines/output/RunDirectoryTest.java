package io.embark.pipelines.output;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunDirectoryTest {

    @Test
    void outputAppearsOnlyOnCommitAndAnExistingOneIsRefused(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("run");
        RunDirectory first = RunDirectory.open(target.toString(), false, new Configuration());
        Files.writeString(Paths.get(java.net.URI.create(first.path("metrics.json"))), "first");
        assertFalse(Files.exists(target), "nothing visible before commit");
        first.commit();
        assertEquals("first", Files.readString(target.resolve("metrics.json")));

        RunDirectory.OutputExistsException e = assertThrows(RunDirectory.OutputExistsException.class,
                () -> RunDirectory.open(target.toString(), false, new Configuration()));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());

        RunDirectory failed = RunDirectory.open(target.toString(), true, new Configuration());
        Files.writeString(Paths.get(java.net.URI.create(failed.path("metrics.json"))), "half");
        failed.abort();
        assertEquals("first", Files.readString(target.resolve("metrics.json")), "a failed run leaves the old output");

        RunDirectory second = RunDirectory.open(target.toString(), true, new Configuration());
        Files.writeString(Paths.get(java.net.URI.create(second.path("metrics.json"))), "second");
        second.commit();
        assertEquals("second", Files.readString(target.resolve("metrics.json")));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList(), "no staging or old directories left");
        }
    }

    @Test
    void runCommitsWhatTheBodyWroteAndReturnsItsResult(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("run");
        String result = RunDirectory.run(target.toString(), false, new Configuration(), out -> {
            write(out, "metrics.json", "done");
            assertFalse(Files.exists(target), "nothing visible while the body runs");
            return "result";
        });
        assertEquals("result", result);
        assertEquals("done", Files.readString(target.resolve("metrics.json")));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList(), "no staging directory left");
        }
    }

    @Test
    void runAbortsOnAnExceptionOrAnErrorAndKeepsThePreviousOutput(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("run");
        RunDirectory.run(target.toString(), false, new Configuration(), out -> write(out, "metrics.json", "first"));

        IllegalStateException failure = new IllegalStateException("epoch 2 failed");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> RunDirectory.run(target.toString(), true, new Configuration(), out -> {
                    write(out, "metrics.json", "half");
                    throw failure;
                }));
        assertSame(failure, thrown, "the body's own exception reaches the caller");

        StackOverflowError error = new StackOverflowError("deep");
        assertSame(error, assertThrows(StackOverflowError.class,
                () -> RunDirectory.run(target.toString(), true, new Configuration(), out -> {
                    write(out, "metrics.json", "half");
                    throw error;
                })), "errors abort too");

        assertEquals("first", Files.readString(target.resolve("metrics.json")), "failed runs leave the old output");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList(), "failed runs leave no staging directory");
        }
    }

    @Test
    void runRefusesAnExistingOutputBeforeTheBodyRuns(@TempDir Path dir) {
        Path target = dir.resolve("run");
        RunDirectory.run(target.toString(), false, new Configuration(), out -> write(out, "metrics.json", "first"));
        boolean[] ran = {false};
        assertThrows(RunDirectory.OutputExistsException.class,
                () -> RunDirectory.run(target.toString(), false, new Configuration(), out -> ran[0] = true));
        assertFalse(ran[0], "the body does not start when the output exists");
    }

    private static String write(RunDirectory out, String name, String text) {
        try {
            Files.writeString(Paths.get(java.net.URI.create(out.path(name))), text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return text;
    }
}
