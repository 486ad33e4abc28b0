package io.embark.pipelines.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * An output directory that appears complete or not at all. Everything is written into a hidden staging
 * directory beside the target; {@link #commit()} renames it into place (atomic on HDFS and local file systems).
 * An existing target is refused at {@link #open} time, before any work starts, unless overwriting was asked
 * for; then the old directory is moved aside and deleted only after the new one is in place. A failed run
 * leaves the previous output untouched; call {@link #abort()} to remove its staging directory.
 */
public final class RunDirectory {
    private final FileSystem fs;
    private final Path target;
    private final Path staging;
    private final boolean overwrite;
    private boolean committed;

    private RunDirectory(FileSystem fs, Path target, Path staging, boolean overwrite) {
        this.fs = fs;
        this.target = target;
        this.staging = staging;
        this.overwrite = overwrite;
    }

    /**
     * Prepares a run writing to {@code target}.
     *
     * @throws OutputExistsException when {@code target} exists and {@code overwrite} is false
     */
    public static RunDirectory open(String target, boolean overwrite, Configuration hadoopConf) {
        try {
            Path t = new Path(target);
            FileSystem fs = t.getFileSystem(hadoopConf);
            Path qualified = fs.makeQualified(t);
            if (fs.exists(qualified) && !overwrite) {
                throw new OutputExistsException("output directory " + target
                        + " already exists; choose another output or set overwrite=true");
            }
            Path staging = new Path(qualified.getParent(), "." + qualified.getName() + ".staging-" + UUID.randomUUID());
            if (!fs.mkdirs(staging)) {
                throw new IOException("cannot create staging directory " + staging);
            }
            return new RunDirectory(fs, qualified, staging, overwrite);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Path of {@code name} inside the staging directory, as a string for Spark writers. */
    public String path(String name) {
        return new Path(staging, name).toString();
    }

    /** The final location. */
    public String target() {
        return target.toString();
    }

    /** The file system of the output. */
    public FileSystem fileSystem() {
        return fs;
    }

    /** Moves the staging directory into place; the previous output (if overwriting) is removed afterwards. */
    public void commit() {
        try {
            Path old = null;
            if (fs.exists(target)) {
                if (!overwrite) {
                    throw new OutputExistsException("output directory " + target
                            + " appeared while this run was working; its results are left in " + staging);
                }
                old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
                if (!fs.rename(target, old)) {
                    throw new IOException("cannot move the previous output " + target + " aside");
                }
            }
            if (!fs.rename(staging, target)) {
                if (old != null) {
                    fs.rename(old, target);
                }
                throw new IOException("cannot move " + staging + " to " + target);
            }
            committed = true;
            if (old != null) {
                fs.delete(old, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the staging directory of an unsuccessful run; the target is not touched. */
    public void abort() {
        if (committed) {
            return;
        }
        try {
            fs.delete(staging, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Thrown when the output directory exists and overwriting was not requested. */
    public static final class OutputExistsException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        OutputExistsException(String message) {
            super(message);
        }
    }
}
