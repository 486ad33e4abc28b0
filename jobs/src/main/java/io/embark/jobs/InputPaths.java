package io.embark.jobs;

import org.apache.hadoop.fs.Path;

/** Checks of input paths done before Spark starts, so that a missing local file is a one-line bad-input error. */
final class InputPaths {
    private InputPaths() {
    }

    /**
     * Fails with {@link JobFailure#BAD_INPUT} when {@code path} (the value of config key {@code key}) is a local
     * path that does not exist or is malformed; URIs with a scheme and globs are left to the file system.
     */
    static void requireExists(String path, String key) {
        try {
            Path p = new Path(path);
            if (p.toUri().getScheme() == null && !new java.io.File(path).exists()
                    && !path.contains("*") && !path.contains("?")) {
                throw JobFailure.badInput(key + ": no such file or directory: " + path);
            }
        } catch (IllegalArgumentException e) {
            throw JobFailure.badInput(key + ": bad path '" + path + "': " + e.getMessage());
        }
    }
}
