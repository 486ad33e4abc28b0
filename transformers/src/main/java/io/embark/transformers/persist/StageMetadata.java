package io.embark.transformers.persist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.embark.transformers.spark.MlMetadata;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.param.Params;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads and writes a stage's {@code metadata/} directory in Spark ML's format (through
 * {@link MlMetadata}), adding {@value #FORMAT_KEY} so that later versions of embark can read what this one wrote.
 */
public final class StageMetadata {
    /** Metadata key holding the embark persistence format version of the stage. */
    public static final String FORMAT_KEY = "embarkFormatVersion";

    private static final ObjectMapper JSON = new ObjectMapper();

    private StageMetadata() {
    }

    /** Writes the metadata of {@code stage} (class, uid, Spark version, params) under {@code path}. */
    public static void save(Params stage, String path, SparkContext sc, int formatVersion) {
        MlMetadata.save(stage, path, sc, "{\"" + FORMAT_KEY + "\":" + formatVersion + "}");
    }

    /**
     * Reads the metadata under {@code path}, checks that it was written for {@code expectedClass} in a format
     * this version understands, and sets the saved params on {@code target}.
     *
     * @return the format version that was written
     */
    public static int loadInto(Params target, String path, SparkContext sc, Class<?> expectedClass, int maxFormatVersion) {
        MlMetadata.Saved metadata = MlMetadata.load(path, sc, expectedClass.getName());
        int version = formatVersion(metadata);
        if (version > maxFormatVersion) {
            throw new IllegalStateException(expectedClass.getSimpleName() + " at " + path + " was saved in format "
                    + version + " by a newer embark; this version reads formats up to " + maxFormatVersion);
        }
        metadata.setParamsOn(target);
        return version;
    }

    /** Returns the uid recorded in the metadata under {@code path}. */
    public static String uid(String path, SparkContext sc, Class<?> expectedClass) {
        return MlMetadata.load(path, sc, expectedClass.getName()).uid();
    }

    private static int formatVersion(MlMetadata.Saved metadata) {
        try {
            JsonNode node = JSON.readTree(metadata.json()).get(FORMAT_KEY);
            return node == null ? 1 : node.asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
