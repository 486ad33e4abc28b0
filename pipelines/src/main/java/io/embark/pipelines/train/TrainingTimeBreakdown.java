package io.embark.pipelines.train;

import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.stats.EventStats;

import java.util.List;
import java.util.Locale;

/**
 * Summarises DL4J's parameter-averaging statistics into one line per phase (count, total and mean
 * milliseconds), master and worker phases: where the time of distributed training goes.
 */
public final class TrainingTimeBreakdown {
    private TrainingTimeBreakdown() {
    }

    /** The table for {@code stats} (master statistics with the workers' nested inside). */
    public static String table(SparkTrainingStats stats) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-52s %8s %10s %9s%n", "phase", "count",
                "total ms", "mean ms"));
        // the master's key set already includes the workers' (nested) keys
        for (String key : stats.getKeySet()) {
            List<EventStats> events = stats.getValue(key);
            if (events == null || events.isEmpty()) {
                continue;
            }
            long total = events.stream().mapToLong(EventStats::getDurationMs).sum();
            b.append(String.format(Locale.ROOT, "%-52s %8d %10d %9.1f%n", key, events.size(), total,
                    total / (double) events.size()));
        }
        return b.toString();
    }
}
