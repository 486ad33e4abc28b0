package io.embark.pipelines.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The checks every saved run makes when a later step loads it: the directory exists, holds each expected part, and
 * its settings file has the expected {@code kind}; each failure is an {@link IllegalArgumentException} saying what
 * the directory is not and which step writes it.
 */
public final class SavedRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SavedRun() {
    }

    /**
     * Checks {@code root} (named {@code dir} in messages) and returns its parsed {@code settingsFile}.
     *
     * @param parts   paths inside the run that must exist (the settings file among them)
     * @param kind    the {@code kind} the settings must have
     * @param what    what the run is, e.g. "a pretrained language-model run"
     * @param writer  which step writes it, e.g. "the lm job's pretrain or finetune step"
     */
    public static Map<?, ?> settings(FileSystem fs, Path root, String dir, List<String> parts, String settingsFile,
                                     String kind, String what, String writer) throws IOException {
        if (!fs.exists(root)) {
            throw new IllegalArgumentException("no such run directory: " + dir);
        }
        for (String part : parts) {
            if (!fs.exists(new Path(root, part))) {
                throw new IllegalArgumentException(dir + " is not " + what + ": it has no " + part + " (expected the "
                        + "output of " + writer + ")");
            }
        }
        Map<?, ?> meta;
        try (FSDataInputStream in = fs.open(new Path(root, settingsFile))) {
            meta = JSON.readValue((java.io.InputStream) in, Map.class);
        }
        if (!kind.equals(meta.get("kind"))) {
            throw new IllegalArgumentException(dir + " is not " + what + ": " + settingsFile + " has kind "
                    + meta.get("kind") + ", expected " + kind);
        }
        return meta;
    }
}
