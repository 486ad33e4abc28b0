package io.embark.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A MovieLens job SIGKILLed in the middle of epoch 2 and started again with the same command resumes from the
 * checkpoint of epoch 1 and finishes all epochs, its final metric within the run-to-run noise of an uninterrupted
 * run, with one committed output and no checkpoint or staging directory left.
 */
class ResumeAfterKillTest {
    static final int EPOCHS = 4;
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aKilledRunResumesFromItsLastCheckpointAndEndsAsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        Path ratings = JobProcesses.smallRatings(dir, 30_000);
        Path runs = Files.createDirectories(dir.resolve("runs"));

        Path reference = runs.resolve("uninterrupted");
        Process clean = start(ratings, reference, dir.resolve("uninterrupted.log"));
        assertTrue(clean.waitFor(5, TimeUnit.MINUTES), "the uninterrupted run hung");
        assertEquals(0, clean.exitValue(), Files.readString(dir.resolve("uninterrupted.log")));

        Path output = runs.resolve("killed");
        Path checkpoints = runs.resolve(".killed.checkpoints");
        Process first = start(ratings, output, dir.resolve("first.log"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.isDirectory(checkpoints.resolve("epoch-0001")) && first.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(first.isAlive(), "the run ended before epoch 2: " + Files.readString(dir.resolve("first.log")));
        first.destroyForcibly().waitFor(); // SIGKILL in epoch 2: no shutdown hook, no abort
        assertFalse(Files.exists(output), "nothing committed by the killed run");

        Process second = start(ratings, output, dir.resolve("second.log"));
        assertTrue(second.waitFor(5, TimeUnit.MINUTES), "the resumed run hung");
        String log = Files.readString(dir.resolve("second.log"));
        assertEquals(0, second.exitValue(), log);
        assertTrue(log.contains("resuming from") && log.contains("1 of " + EPOCHS + " epochs done"), log);

        JsonNode resumed = JSON.readTree(output.resolve("metrics.json").toFile());
        JsonNode uninterrupted = JSON.readTree(reference.resolve("metrics.json").toFile());
        List<Integer> epochs = new ArrayList<>();
        resumed.get("epochs").forEach(e -> epochs.add(e.get("epoch").asInt()));
        assertEquals(List.of(1, 2, 3, 4), epochs, "the curves and metrics cover every epoch");
        double a = resumed.get("final").get("valid_rmse").asDouble();
        double b = uninterrupted.get("final").get("valid_rmse").asDouble();
        System.out.printf("valid RMSE after %d epochs: resumed after a kill %.4f, uninterrupted %.4f%n", EPOCHS, a, b);
        assertEquals(b, a, 0.02, "within run-to-run noise of the uninterrupted run");
        assertTrue(Files.exists(output.resolve("training-curves.png")));
        try (Stream<Path> left = Files.list(runs)) {
            assertEquals(List.of("killed", "uninterrupted"),
                    left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "one committed output per run; checkpoints and the killed run's staging directory removed");
        }
    }

    private static Process start(Path ratings, Path output, Path log) throws Exception {
        return new ProcessBuilder(JobProcesses.jobCommand("movielens", "ratings=" + ratings,
                "output=" + output, "training.epochs=" + EPOCHS, "training.workers=1", "spark.master=local[1]"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
