package io.embark.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two real job processes started at once on one output directory: exactly one commits, the other exits 2. */
class ConcurrentRunsTest {

    @Test
    void twoRunsOnOneOutputCommitOnceAndTheOtherExitsTwoWithoutTouchingIt(@TempDir Path dir) throws Exception {
        Path ratings = JobProcesses.smallRatings(dir, 4000);
        Path runs = Files.createDirectories(dir.resolve("runs"));
        Path output = runs.resolve("movielens");
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path log = dir.resolve("run-" + i + ".log");
            logs.add(log);
            processes.add(new ProcessBuilder(JobProcesses.jobCommand("movielens", "ratings=" + ratings, "output=" + output,
                    "training.epochs=1", "spark.master=local[1]"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start());
        }
        List<Integer> codes = new ArrayList<>();
        for (Process p : processes) {
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "a run hung");
            codes.add(p.exitValue());
        }
        int winner = codes.indexOf(0);
        int loser = 1 - winner;
        assertTrue(winner >= 0 && codes.get(loser) == JobFailure.BAD_INPUT,
                "exit codes " + codes + "\n" + Files.readString(logs.get(0)) + "\n" + Files.readString(logs.get(1)));
        String refusal = Files.readString(logs.get(loser), StandardCharsets.UTF_8);
        assertTrue(refusal.contains("is being written by another run") || refusal.contains("already exists"),
                refusal);
        System.out.println("refused run: " + refusal.lines().filter(l -> l.startsWith("embark movielens"))
                .findFirst().orElse(refusal));

        String metrics = Files.readString(output.resolve("metrics.json"));
        assertTrue(metrics.contains("valid_rmse"), metrics);
        try (Stream<Path> inside = Files.list(output); Stream<Path> beside = Files.list(runs)) {
            assertTrue(inside.noneMatch(p -> p.getFileName().toString().startsWith(".movielens")),
                    "no run was moved into the committed output");
            assertEquals(List.of(output), beside.toList(), "no staging directory left beside the output");
        }
    }
}
