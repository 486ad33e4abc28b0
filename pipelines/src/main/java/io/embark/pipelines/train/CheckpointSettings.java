package io.embark.pipelines.train;

import org.apache.hadoop.fs.Path;

import java.util.Locale;

/**
 * Where and how training checkpoints are kept (see {@link TrainingCheckpoints}).
 *
 * @param enabled   write a checkpoint after every epoch
 * @param directory where, on any Hadoop file system; empty = {@code .<output name>.checkpoints} beside the output
 * @param keep      how many of the newest checkpoints are kept (>= 1)
 * @param resume    whether a run continues from the last checkpoint
 */
public record CheckpointSettings(boolean enabled, String directory, int keep, Resume resume) {
    /** Whether a run continues from the last checkpoint in its checkpoint directory. */
    public enum Resume {
        /** Never: old checkpoints in the directory are discarded and the run starts from epoch 1. */
        NEVER,
        /** When a checkpoint of the same configuration exists; otherwise start afresh (config {@code auto}). */
        AUTO,
        /** Always: a missing checkpoint or one of another configuration is an error (config {@code true}). */
        ALWAYS;

        /** {@code false}, {@code auto} or {@code true} (any case). */
        public static Resume parse(String value) {
            String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
            return switch (v) {
                case "false", "never", "no" -> NEVER;
                case "auto" -> AUTO;
                case "true", "always", "yes" -> ALWAYS;
                default -> throw new IllegalArgumentException("resume must be true, false or auto, got '" + value + "'");
            };
        }
    }

    /** Validates the settings. */
    public CheckpointSettings {
        directory = directory == null ? "" : directory.trim();
        if (keep < 1) {
            throw new IllegalArgumentException("checkpoint keep must be >= 1, got " + keep);
        }
        if (resume == null) {
            throw new IllegalArgumentException("checkpoint resume mode is required");
        }
        if (!enabled && resume == Resume.ALWAYS) {
            throw new IllegalArgumentException("resume=true needs checkpoints enabled");
        }
    }

    /** No checkpoints, no resuming. */
    public static CheckpointSettings off() {
        return new CheckpointSettings(false, "", 1, Resume.NEVER);
    }

    /** The checkpoint directory of a run writing {@code output}. */
    public String directoryFor(String output) {
        if (!directory.isEmpty()) {
            return directory;
        }
        Path out = new Path(output);
        Path parent = out.getParent() == null ? new Path(".") : out.getParent();
        return new Path(parent, "." + out.getName() + ".checkpoints").toString();
    }
}
