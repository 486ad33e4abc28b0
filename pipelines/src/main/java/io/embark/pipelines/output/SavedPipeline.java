package io.embark.pipelines.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a fitted Spark ML {@link PipelineModel} saved by a run (the preprocessing of a tabular or collaborative
 * run, the text pipeline of a language-model or classifier run) with errors that name the directory.
 *
 * <p>Spark's reader instantiates the class each {@code metadata} file names (through its static {@code read()}).
 * Before Spark sees the directory, the pipeline's and every stage's metadata is read as JSON and each class must be
 * one of Spark ML's ({@code org.apache.spark.ml.}) or embark's ({@code io.embark.}); a directory naming another
 * class is refused. A missing, truncated or altered directory (no metadata, unreadable JSON, a stage's data gone)
 * is an {@link IllegalArgumentException} naming the directory and the cause. Spark ML saves parameters as JSON and
 * fitted data as Parquet; nothing is read with Java deserialization.
 */
public final class SavedPipeline {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TRUSTED = List.of("org.apache.spark.ml.", "io.embark.");

    private SavedPipeline() {
    }

    /**
     * Loads the pipeline saved in {@code dir}; {@code what} names it in messages (e.g. "the text pipeline").
     *
     * @throws IllegalArgumentException when the directory is missing, damaged or names a class outside Spark ML and
     *                                  embark
     */
    public static PipelineModel load(SparkSession spark, String dir, String what) {
        Path root = new Path(dir);
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(root)) {
                throw new IllegalArgumentException(what + " " + dir + " does not exist");
            }
            requireTrustedClass(fs, new Path(root, "metadata"), dir, what);
            Path stages = new Path(root, "stages");
            if (fs.exists(stages)) {
                for (FileStatus stage : fs.listStatus(stages)) {
                    if (stage.isDirectory()) {
                        requireTrustedClass(fs, new Path(stage.getPath(), "metadata"), dir, what);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + dir + ": " + e.getMessage(), e);
        }
        try {
            return PipelineModel.load(dir);
        } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes, yet thrown undeclared
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IllegalArgumentException("damaged " + what + " " + dir + ": " + e.getClass().getSimpleName() + ": "
                    + (m.length() > 300 ? m.substring(0, 300) + "..." : m), e);
        }
    }

    private static void requireTrustedClass(FileSystem fs, Path metadata, String dir, String what) throws IOException {
        List<Path> parts = new ArrayList<>();
        if (fs.exists(metadata)) {
            for (FileStatus f : fs.listStatus(metadata)) {
                if (f.isFile() && f.getPath().getName().startsWith("part-")) {
                    parts.add(f.getPath());
                }
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("damaged " + what + " " + dir + ": no metadata in " + metadata);
        }
        for (Path part : parts) {
            String line;
            try (FSDataInputStream in = fs.open(part);
                 BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                line = r.readLine();
            }
            JsonNode meta;
            try {
                meta = line == null ? null : JSON.readTree(line);
            } catch (IOException e) {
                throw new IllegalArgumentException("damaged " + what + " " + dir + ": " + part + " is not JSON ("
                        + e.getMessage() + ")", e);
            }
            String cls = meta == null ? "" : meta.path("class").asText("");
            if (cls.isEmpty()) {
                throw new IllegalArgumentException("damaged " + what + " " + dir + ": " + part + " names no class");
            }
            if (TRUSTED.stream().noneMatch(cls::startsWith)) {
                throw new IllegalArgumentException(what + " " + dir + ": " + part + " names the class " + cls
                        + ", which is neither Spark ML's nor embark's; refusing to load it");
            }
        }
    }
}
