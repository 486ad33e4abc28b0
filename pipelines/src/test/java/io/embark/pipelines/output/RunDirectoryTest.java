package io.embark.pipelines.output;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunDirectoryTest {

    @Test
    void outputAppearsOnlyOnCommitAndAnExistingOneIsRefused(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("run");
        RunDirectory first = RunDirectory.open(target.toString(), false, new Configuration());
        Files.writeString(Paths.get(java.net.URI.create(first.path("metrics.json"))), "first");
        assertFalse(Files.exists(target), "nothing visible before commit");
        first.commit();
        assertEquals("first", Files.readString(target.resolve("metrics.json")));

        RunDirectory.OutputExistsException e = assertThrows(RunDirectory.OutputExistsException.class,
                () -> RunDirectory.open(target.toString(), false, new Configuration()));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());

        RunDirectory failed = RunDirectory.open(target.toString(), true, new Configuration());
        Files.writeString(Paths.get(java.net.URI.create(failed.path("metrics.json"))), "half");
        failed.abort();
        assertEquals("first", Files.readString(target.resolve("metrics.json")), "a failed run leaves the old output");

        RunDirectory second = RunDirectory.open(target.toString(), true, new Configuration());
        Files.writeString(Paths.get(java.net.URI.create(second.path("metrics.json"))), "second");
        second.commit();
        assertEquals("second", Files.readString(target.resolve("metrics.json")));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList(), "no staging or old directories left");
        }
    }
}
