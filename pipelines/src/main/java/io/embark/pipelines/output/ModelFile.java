package io.embark.pipelines.output;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Loads a DL4J network file (the {@code model.zip} of a run or a checkpoint, or the bytes shipped to executors)
 * safely and with errors that name the file.
 *
 * <p>DL4J's {@code ModelSerializer} stores a network as a zip of {@code configuration.json} (JSON),
 * {@code coefficients.bin} and {@code updaterState.bin} (ND4J's binary array format). When a zip also holds a
 * {@code preprocessor.bin}, {@code restoreComputationGraph} reads it with Java deserialization, which can run
 * code of any class on the classpath; embark never writes one. So before DL4J sees the bytes, every entry name
 * is checked against the entries embark writes, and any other entry is refused. A truncated or altered file
 * (not a zip, no configuration, unreadable JSON or arrays, arrays of the wrong size) is an
 * {@link IllegalArgumentException} naming the file and the cause; nothing half-loaded is returned.
 */
public final class ModelFile {
    /** The entries {@code ModelSerializer.writeModel} writes for a network without a normalizer. */
    static final Set<String> ENTRIES = Set.of("configuration.json", "coefficients.bin", "updaterState.bin",
            "noParams.marker");

    private ModelFile() {
    }

    /**
     * Reads the network in {@code file}.
     *
     * @param loadUpdater also restore the updater state (needed to continue training)
     * @throws IllegalArgumentException when the file is missing, damaged or holds entries embark does not write
     */
    public static ComputationGraph read(FileSystem fs, Path file, boolean loadUpdater) {
        byte[] bytes;
        try {
            if (!fs.exists(file)) {
                throw new IllegalArgumentException("no model file " + file);
            }
            long length = fs.getFileStatus(file).getLen();
            if (length > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("model file " + file + " is larger than 2 GB");
            }
            bytes = new byte[(int) length];
            try (FSDataInputStream in = fs.open(file)) {
                in.readFully(0, bytes);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        return fromBytes(bytes, file.toString(), loadUpdater);
    }

    /**
     * Restores a network from the bytes of a model file; {@code name} is how messages call it.
     *
     * @throws IllegalArgumentException as {@link #read}
     */
    public static ComputationGraph fromBytes(byte[] bytes, String name, boolean loadUpdater) {
        requireOnlyKnownEntries(bytes, name);
        try {
            return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), loadUpdater);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("damaged model file " + name + ": " + describe(e), e);
        }
    }

    private static void requireOnlyKnownEntries(byte[] bytes, String name) {
        Set<String> seen = new HashSet<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry e;
            byte[] skip = new byte[1 << 16];
            while ((e = zip.getNextEntry()) != null) {
                if (!ENTRIES.contains(e.getName())) {
                    throw new IllegalArgumentException("model file " + name + " holds an entry '" + e.getName()
                            + "' that embark never writes (expected only " + new java.util.TreeSet<>(ENTRIES) + "); "
                            + "refusing to load it: DL4J reads 'preprocessor.bin' with Java deserialization, which can"
                            + " run code");
                }
                while (zip.read(skip) >= 0) {
                    // read through the entry so that a truncated one is found here
                }
                seen.add(e.getName());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("damaged model file " + name + ": not a readable zip ("
                    + describe(e) + ")", e);
        }
        if (!hasEndOfCentralDirectory(bytes)) {
            throw new IllegalArgumentException("damaged model file " + name + ": truncated (the zip's end record is "
                    + "missing)");
        }
        if (!seen.contains("configuration.json")) {
            throw new IllegalArgumentException("damaged model file " + name + ": no configuration.json in it"
                    + (seen.isEmpty() ? " (not a zip, or truncated)" : " (entries: " + seen + ")"));
        }
    }

    /** Whether the zip's end-of-central-directory record (signature PK 5 6) is within its last 64 KiB + 22 bytes. */
    private static boolean hasEndOfCentralDirectory(byte[] b) {
        for (int i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xFFFF); i--) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 300 ? m.substring(0, 300) + "..." : m));
    }
}
