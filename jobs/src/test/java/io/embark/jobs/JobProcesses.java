package io.embark.jobs;

import io.embark.transformers.testing.LocalSpark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers that run embark jobs as real, separate JVM processes (to kill them or run two at once). */
final class JobProcesses {
    private JobProcesses() {
    }

    /** {@code java <this JVM's flags> -cp <test classpath> io.embark.jobs.EmbarkJob args...}. */
    static List<String> jobCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent") && !a.startsWith("-Xmx"))
                .toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EmbarkJob.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** The bundled MovieLens ratings' header and first {@code ratings} lines, as {@code dir/input/ratings.csv}. */
    static Path smallRatings(Path dir, int ratings) throws IOException {
        Path file = dir.resolve("input/ratings.csv");
        Files.createDirectories(file.getParent());
        try (Stream<String> lines = Files.lines(LocalSpark.repoRoot()
                .resolve("data/movielens/ml-latest-small/ratings.csv"))) {
            Files.write(file, lines.limit(ratings + 1L).toList());
        }
        return file;
    }
}
