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

    @Test
    void aSecondRunOnTheSameOutputIsRefusedWhileTheFirstWorksAndMayStartOnceItEnds(@TempDir Path dir)
            throws Exception {
        Path target = dir.resolve("run");
        RunDirectory first = RunDirectory.open(target.toString(), false, new Configuration());
        for (boolean overwrite : new boolean[] {false, true}) {
            RunDirectory.OutputInUseException e = assertThrows(RunDirectory.OutputInUseException.class,
                    () -> RunDirectory.open(target.toString(), overwrite, new Configuration()));
            assertTrue(e.getMessage().contains("is being written by another run"), e.getMessage());
            assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        }
        write(first, "metrics.json", "first");
        first.commit();
        assertThrows(IllegalStateException.class, first::commit, "a run directory commits once");
        assertEquals("first", Files.readString(target.resolve("metrics.json")));

        RunDirectory.OutputExistsException exists = assertThrows(RunDirectory.OutputExistsException.class,
                () -> RunDirectory.open(target.toString(), false, new Configuration()));
        assertFalse(exists instanceof RunDirectory.OutputInUseException, "released at commit: " + exists.getMessage());

        RunDirectory aborted = RunDirectory.open(target.toString(), true, new Configuration());
        aborted.abort();
        aborted.abort();
        RunDirectory.run(target.toString(), true, new Configuration(), out -> write(out, "metrics.json", "second"));
        assertEquals("second", Files.readString(target.resolve("metrics.json")), "released at abort");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList(), "the claim leaves nothing beside a local output");
        }
    }

    @Test
    void aClaimHeldByAnotherProcessIsRefusedAndDiesWithThatProcess(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("run");
        // another JVM opens the run directory and holds it until it is killed
        List<String> command = new java.util.ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), HoldRunDirectory.class.getName(),
                target.toString()));
        Process holder = new ProcessBuilder(command).redirectErrorStream(true).start();
        var lines = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = lines.readLine()) != null && !line.equals(HoldRunDirectory.HOLDING)) {
                System.out.println("holder: " + line);
            }
            assertEquals(HoldRunDirectory.HOLDING, line, "the holder opened the run directory");
            RunDirectory.OutputInUseException refused = assertThrows(RunDirectory.OutputInUseException.class,
                    () -> RunDirectory.open(target.toString(), true, new Configuration()));
            assertTrue(refused.getMessage().contains("process " + holder.pid()), refused.getMessage());
        } finally {
            holder.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no abort
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().contains(".staging-")).count(),
                    "the killed run's staging directory is left, never mistaken for output");
        }
        RunDirectory.run(target.toString(), false, new Configuration(), out -> write(out, "metrics.json", "after"));
        assertEquals("after", Files.readString(target.resolve("metrics.json")), "a killed holder leaves no claim");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList(), "the next run removed the dead run's staging directory");
        }
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
