package io.embark.pipelines.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lock-file claim used on shared file systems (HDFS), exercised through Hadoop's local file system. */
class RunLockTest {

    @Test
    void aLockFileIsExclusiveWhileFreshTakenOverWhenStaleAndDeletedOnRelease(@TempDir Path dir) throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        org.apache.hadoop.fs.Path target = fs.makeQualified(new org.apache.hadoop.fs.Path(dir.resolve("run").toString()));
        org.apache.hadoop.fs.Path file = RunLock.sharedLockFileOf(target);

        RunLock first = RunLock.acquireShared(fs, target, file);
        assertTrue(fs.exists(file));
        RunDirectory.OutputInUseException e = assertThrows(RunDirectory.OutputInUseException.class,
                () -> RunLock.acquireShared(fs, target, file));
        assertTrue(e.getMessage().contains("process " + ProcessHandle.current().pid()), e.getMessage());
        first.close();
        assertFalse(fs.exists(file), "released = deleted");

        // a run that died holding the lock: its file stops being touched and is taken over after STALE_SECONDS
        RunLock dead = RunLock.acquireShared(fs, target, file);
        long before = System.currentTimeMillis() - (RunLock.STALE_SECONDS + 5) * 1000L;
        fs.setTimes(file, before, -1);
        RunLock next = RunLock.acquireShared(fs, target, file);
        assertNotEquals(before, fs.getFileStatus(file).getModificationTime(), "a new lock file");
        dead.close(); // the stalled run comes back and releases: the new holder's lock file stays
        assertTrue(fs.exists(file), "a taken-over lock is left to its new holder");
        assertThrows(RunDirectory.OutputInUseException.class, () -> RunLock.acquireShared(fs, target, file));
        next.close();
        assertFalse(fs.exists(file));
        try (var left = Files.list(dir)) {
            assertTrue(left.toList().isEmpty(), "nothing left beside the output (lock file and its checksum)");
        }
    }
}
