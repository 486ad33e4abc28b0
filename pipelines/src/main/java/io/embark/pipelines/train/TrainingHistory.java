package io.embark.pipelines.train;

import java.util.ArrayList;
import java.util.List;

/** The per-epoch records of one training run, in order. */
public final class TrainingHistory {
    private final List<EpochRecord> epochs = new ArrayList<>();
    private java.util.Set<String> executors = java.util.Set.of();

    /** Records the executors that ran training tasks. */
    public void executors(java.util.Set<String> ids) {
        executors = java.util.Set.copyOf(ids);
    }

    /** Ids of the executors that ran training tasks. */
    public java.util.Set<String> executors() {
        return executors;
    }

    /** Appends an epoch's record. */
    public void add(EpochRecord record) {
        epochs.add(record);
    }

    /** All records, oldest first. */
    public List<EpochRecord> epochs() {
        return List.copyOf(epochs);
    }

    /** The newest record. */
    public EpochRecord last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch has finished yet");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** Total training samples over all epochs. */
    public long totalSamples() {
        return epochs.stream().mapToLong(EpochRecord::samples).sum();
    }

    /** Total training seconds over all epochs (evaluation excluded). */
    public double totalTrainSeconds() {
        return epochs.stream().mapToDouble(EpochRecord::trainSeconds).sum();
    }

    /** Mean training throughput over all epochs. */
    public double samplesPerSecond() {
        double s = totalTrainSeconds();
        return s > 0 ? totalSamples() / s : 0;
    }
}
