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
 * @param everyRounds also a mid-epoch checkpoint every this many averaging rounds (0 = at epoch ends only); a run
 *                  resumed from one skips exactly the rounds of the epoch it records as done
 */
public record CheckpointSettings(boolean enabled, String directory, int keep, Resume resume, int everyRounds) {
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

    /** Checkpoints at epoch ends only. */
    public CheckpointSettings(boolean enabled, String directory, int keep, Resume resume) {
        this(enabled, directory, keep, resume, 0);
    }

    /** Validates the settings. */
    public CheckpointSettings {
        if (everyRounds < 0) {
            throw new IllegalArgumentException("checkpoint every-rounds must be >= 0 (0 = at epoch ends only), got "
                    + everyRounds);
        }
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

    /** These settings with checkpoints in {@code dir} (e.g. one subdirectory per step of a job). */
    public CheckpointSettings withDirectory(String dir) {
        return new CheckpointSettings(enabled, dir, keep, resume, everyRounds);
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
