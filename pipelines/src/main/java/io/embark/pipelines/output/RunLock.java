package io.embark.pipelines.output;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An exclusive claim, across processes, on writing one output path. A second run that wants the same output while
 * the claim is held gets {@link RunDirectory.OutputInUseException} naming the holder (process, host, since when).
 *
 * <p>For a local output the claim is an operating-system file lock ({@link FileChannel#tryLock()}) on a file named by
 * a hash of the output's path in {@code java.io.tmpdir/embark-run-locks/}: the kernel releases it when the holding
 * process dies, however it dies, and nothing is written beside the output. Local paths are claimed per host (a local
 * directory shared by several hosts over NFS is not protected: use HDFS). For outputs on other Hadoop file systems
 * (HDFS, object stores) the claim is the file {@code .<name>.lock} beside the output, created with
 * {@code overwrite=false} (atomic on HDFS), touched every {@value #HEARTBEAT_SECONDS} s while held and deleted on
 * release; a lock file not touched for {@value #STALE_SECONDS} s belongs to a run that died (a killed driver) and
 * is taken over. Released by {@link #close()}.
 */
final class RunLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
    static final int HEARTBEAT_SECONDS = 10;
    static final int STALE_SECONDS = 120;
    /** Local lock files this JVM holds: a second channel on a held file must not be opened (closing it would drop
     * the process's POSIX lock), so runs in one JVM exclude each other here. */
    private static final Set<java.nio.file.Path> HELD_LOCALLY = ConcurrentHashMap.newKeySet();

    private final FileSystem fs;
    private final Path file;
    private final FileChannel channel;
    private final FileLock osLock;
    private final ScheduledExecutorService heartbeat;
    private final java.nio.file.Path localFile;
    private final String owner;

    private RunLock(FileSystem fs, Path file, FileChannel channel, FileLock osLock, ScheduledExecutorService heartbeat,
                    java.nio.file.Path localFile, String owner) {
        this.localFile = localFile;
        this.owner = owner;
        this.fs = fs;
        this.file = file;
        this.channel = channel;
        this.osLock = osLock;
        this.heartbeat = heartbeat;
    }

    /** The lock file guarding {@code target} (qualified) on a shared file system: {@code .<name>.lock} beside it. */
    static Path sharedLockFileOf(Path target) {
        return new Path(target.getParent(), "." + target.getName() + ".lock");
    }

    /** The file whose OS lock guards the local output {@code target} (qualified). */
    static java.nio.file.Path localLockFileOf(Path target) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(target.toUri().toString()
                    .getBytes(StandardCharsets.UTF_8));
            return Paths.get(System.getProperty("java.io.tmpdir"), "embark-run-locks",
                    HexFormat.of().formatHex(digest, 0, 16) + ".lock");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Claims {@code target} for this run.
     *
     * @throws RunDirectory.OutputInUseException when another run (in this or another process) holds the claim
     */
    static RunLock acquire(FileSystem fs, Path target) throws IOException {
        FileSystem raw = fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
        if (raw instanceof RawLocalFileSystem) {
            return acquireLocal(target, localLockFileOf(target));
        }
        Path file = sharedLockFileOf(target);
        fs.mkdirs(file.getParent());
        return acquireShared(fs, target, file);
    }

    private static RunLock acquireLocal(Path target, java.nio.file.Path path) throws IOException {
        if (!HELD_LOCALLY.add(path)) {
            throw inUse(target, "another run in this JVM");
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(path.getParent());
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(target, readAll(channel));
            }
            String owner = owner();
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
            return new RunLock(null, new Path(path.toUri()), channel, lock, null, path, owner);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            HELD_LOCALLY.remove(path);
            throw e;
        }
    }

    static RunLock acquireShared(FileSystem fs, Path target, Path file) throws IOException {
        String owner = owner();
        for (int attempt = 0; ; attempt++) {
            try (FSDataOutputStream out = fs.create(file, false)) {
                out.write(owner.getBytes(StandardCharsets.UTF_8));
            } catch (FileAlreadyExistsException e) {
                FileStatus status;
                try {
                    status = fs.getFileStatus(file);
                } catch (FileNotFoundException released) {
                    continue; // released between the create and the look: try again
                }
                long idleSeconds = (System.currentTimeMillis() - status.getModificationTime()) / 1000;
                String holder = readShared(fs, file);
                if (idleSeconds < STALE_SECONDS || attempt > 0) {
                    throw inUse(target, holder);
                }
                LOG.warn("taking over the lock {} of a run that stopped {} s ago without releasing it ({})",
                        file, idleSeconds, holder);
                fs.delete(file, false);
                continue;
            }
            ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "embark-run-lock-heartbeat");
                t.setDaemon(true);
                return t;
            });
            beat.scheduleWithFixedDelay(() -> touch(fs, file), HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
            return new RunLock(fs, file, null, null, beat, null, owner);
        }
    }

    private static void touch(FileSystem fs, Path file) {
        try {
            fs.setTimes(file, System.currentTimeMillis(), -1);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot refresh the run lock {}: {}", file, e.toString());
        }
    }

    /**
     * Releases the claim; the next run may take the output. A lock file taken over by another run (this one stalled
     * for longer than {@value #STALE_SECONDS} s) is left to its new holder.
     */
    @Override
    public void close() {
        try {
            if (osLock != null) {
                try {
                    channel.truncate(0);
                    osLock.release();
                    channel.close();
                } finally {
                    HELD_LOCALLY.remove(localFile);
                }
            } else {
                heartbeat.shutdownNow();
                String holder = readShared(fs, file);
                if (owner.equals(holder)) {
                    fs.delete(file, false);
                } else if (holder != null) {
                    LOG.warn("the run lock {} was taken over while this run held it (now: {}); left to its holder",
                            file, holder);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the run lock " + file, e);
        }
    }

    private static RunDirectory.OutputInUseException inUse(Path target, String holder) {
        String who = holder == null || holder.isBlank() ? "" : " (" + holder.trim() + ")";
        return new RunDirectory.OutputInUseException("output directory " + target
                + " is being written by another run" + who + "; wait for it to finish or choose another output");
    }

    private static String owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        return "process " + ProcessHandle.current().pid() + " on " + host + " since " + Instant.now()
                + ", claim " + UUID.randomUUID();
    }

    private static String readAll(FileChannel channel) throws IOException {
        long size = Math.min(channel.size(), 4096);
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    private static String readShared(FileSystem fs, Path file) {
        try (var in = fs.open(file)) {
            byte[] bytes = in.readNBytes(4096);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
