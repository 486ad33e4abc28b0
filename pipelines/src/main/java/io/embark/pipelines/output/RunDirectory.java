package io.embark.pipelines.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * An output directory that appears complete or not at all. Everything is written into a hidden staging
 * directory beside the target; {@link #commit()} renames it into place (atomic on HDFS and local file systems).
 * An existing target is refused at {@link #open} time, before any work starts, unless overwriting was asked
 * for; then the old directory is moved aside and deleted only after the new one is in place. A failed run
 * leaves the previous output untouched and its staging directory removed.
 *
 * <p>From {@link #open} to {@link #commit}/{@link #abort} the run holds an exclusive claim on the target
 * ({@code .<name>.lock} beside it, see {@link RunLock}): of two runs started at once on the same output exactly one
 * works and commits, the other is refused at {@link #open} with {@link OutputInUseException}, and the claim dies with
 * a killed process, so a resubmitted run is not locked out.
 *
 * <p>{@link #run} is the one way embark's workloads use it: it opens the directory, runs the body, commits when
 * the body returns and aborts when it throws anything (exceptions and errors alike), so no caller writes the
 * open/commit/abort sequence itself:
 * <pre>{@code
 * Result r = RunDirectory.run(settings.output(), settings.overwrite(), hadoopConf, out -> {
 *     frame.write().parquet(out.path("predictions"));
 *     return new Result(...);
 * });
 * }</pre>
 */
public final class RunDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);
    private final FileSystem fs;
    private final Path target;
    private final Path staging;
    private final boolean overwrite;
    private final RunLock lock;
    private boolean committed;
    private boolean released;

    private RunDirectory(FileSystem fs, Path target, Path staging, boolean overwrite, RunLock lock) {
        this.fs = fs;
        this.target = target;
        this.staging = staging;
        this.overwrite = overwrite;
        this.lock = lock;
    }

    /** What runs inside a run directory: writes under {@link RunDirectory#path} and returns the run's result. */
    @FunctionalInterface
    public interface Body<T> {
        /** Does the run's work, writing only into {@code out}. */
        T apply(RunDirectory out);
    }

    /**
     * Runs {@code body} in a new run directory for {@code target}: committed when the body returns, aborted (the
     * staging directory removed, the target untouched) when it or the commit throws, and the failure rethrown.
     *
     * @return what the body returned
     * @throws OutputExistsException when {@code target} exists and {@code overwrite} is false (before the body runs)
     * @throws OutputInUseException when another run is writing {@code target} (before the body runs)
     */
    public static <T> T run(String target, boolean overwrite, Configuration hadoopConf, Body<T> body) {
        RunDirectory out = open(target, overwrite, hadoopConf);
        try {
            T result = body.apply(out);
            out.commit();
            LOG.info("wrote {}", out.target());
            return result;
        } catch (RuntimeException | Error e) {
            try {
                out.abort();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Prepares a run writing to {@code target} and claims it until {@link #commit} or {@link #abort}; prefer
     * {@link #run}, which commits and aborts for the caller.
     *
     * @throws OutputExistsException when {@code target} exists and {@code overwrite} is false
     * @throws OutputInUseException when another run holds the claim on {@code target}
     */
    public static RunDirectory open(String target, boolean overwrite, Configuration hadoopConf) {
        try {
            Path t = new Path(target);
            FileSystem fs = t.getFileSystem(hadoopConf);
            Path qualified = fs.makeQualified(t);
            RunLock lock = RunLock.acquire(fs, qualified);
            try {
                if (fs.exists(qualified) && !overwrite) {
                    throw new OutputExistsException("output directory " + target
                            + " already exists; choose another output or set overwrite=true");
                }
                removeStagingOfDeadRuns(fs, qualified);
                Path staging = new Path(qualified.getParent(), "." + qualified.getName() + ".staging-" + UUID.randomUUID());
                if (!fs.mkdirs(staging)) {
                    throw new IOException("cannot create staging directory " + staging);
                }
                return new RunDirectory(fs, qualified, staging, overwrite, lock);
            } catch (IOException | RuntimeException e) {
                lock.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Staging directories of this target left by killed runs: with the claim held, none can be a live run's. */
    private static void removeStagingOfDeadRuns(FileSystem fs, Path target) throws IOException {
        if (!fs.exists(target.getParent())) {
            return;
        }
        String prefix = "." + target.getName() + ".staging-";
        for (org.apache.hadoop.fs.FileStatus s : fs.listStatus(target.getParent())) {
            if (s.getPath().getName().startsWith(prefix)) {
                LOG.info("removing {}, left by a run of {} that did not finish", s.getPath(), target);
                fs.delete(s.getPath(), true);
            }
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

    /**
     * Moves the staging directory into place (the previous output, if overwriting, is removed afterwards) and
     * releases the claim on the target. After a failed commit the claim is still held: {@link #abort} releases it.
     */
    public void commit() {
        if (released) {
            throw new IllegalStateException("run directory " + target + " was already committed or aborted");
        }
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
        release();
    }

    /** Removes the staging directory of an unsuccessful run (the target is not touched) and releases the claim. */
    public void abort() {
        if (released) {
            return;
        }
        try {
            if (!committed) {
                fs.delete(staging, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release();
        }
    }

    private void release() {
        if (!released) {
            released = true;
            lock.close();
        }
    }

    /** Thrown when the output directory exists and overwriting was not requested. */
    public static class OutputExistsException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        /** An exception saying {@code message} (which names the directory and how to proceed). */
        public OutputExistsException(String message) {
            super(message);
        }
    }

    /**
     * Thrown when another run (another process, host or thread) is writing the same output directory; the message
     * names the holder. A subtype of {@link OutputExistsException}: jobs treat both as bad input (exit 2).
     */
    public static final class OutputInUseException extends OutputExistsException {
        private static final long serialVersionUID = 1L;

        /** An exception saying {@code message} (which names the directory and the run holding it). */
        public OutputInUseException(String message) {
            super(message);
        }
    }
}
