package io.embark.pipelines.train;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.util.Set;
import java.util.TreeSet;

/**
 * Records which executors ran tasks while it is registered, so a run can report (and tests can check) that
 * every executor took part in training.
 */
public final class ExecutorUsage extends SparkListener {
    private final Set<String> executors = new TreeSet<>();

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (taskEnd.taskInfo() != null) {
            executors.add(taskEnd.taskInfo().executorId());
        }
    }

    /** Ids of the executors that ran at least one task ({@code driver} in local mode). */
    public synchronized Set<String> executors() {
        return Set.copyOf(executors);
    }
}
