package io.embark.transformers.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.json4s.JsonAST;
import org.json4s.StringInput;
import org.json4s.jackson.JsonMethods$;
import scala.Option;

/**
 * Spark ML's own {@code metadata/} writer and reader ({@code DefaultParamsWriter.saveMetadata},
 * {@code DefaultParamsReader.loadMetadata}, both {@code private[ml]}), so that embark's stages save the JSON Spark's
 * {@code Pipeline} persistence expects. Every call first runs {@link SparkInternals#verify()}.
 *
 * <pre>{@code
 * MlMetadata.save(stage, path, sc, "{\"embarkFormatVersion\":1}");
 * MlMetadata.Saved saved = MlMetadata.load(path, sc, Normalize.class.getName());
 * saved.setParamsOn(freshStage);
 * }</pre>
 */
public final class MlMetadata {
    private MlMetadata() {
    }

    /**
     * Writes {@code path/metadata} for {@code stage}: class, timestamp, Spark version, uid, set and default params,
     * and the fields of {@code extraJsonObject} (a JSON object, such as {@code {"formatVersion":1}}) at top level.
     */
    public static void save(Params stage, String path, SparkContext sc, String extraJsonObject) {
        SparkInternals.verify();
        JsonAST.JObject extra = (JsonAST.JObject) JsonMethods$.MODULE$.parse(new StringInput(extraJsonObject), false,
                false);
        DefaultParamsWriter$.MODULE$.saveMetadata(stage, path, sc, Option.apply(extra), Option.empty());
    }

    /**
     * Reads {@code path/metadata}, checking that it was written for the class named {@code expectedClassName}
     * (Spark's reader throws {@code IllegalArgumentException} otherwise).
     */
    public static Saved load(String path, SparkContext sc, String expectedClassName) {
        SparkInternals.verify();
        return new Saved(DefaultParamsReader$.MODULE$.loadMetadata(path, sc, expectedClassName));
    }

    /** The metadata of one saved stage. */
    public static final class Saved {
        private final DefaultParamsReader.Metadata metadata;

        private Saved(DefaultParamsReader.Metadata metadata) {
            this.metadata = metadata;
        }

        /** The saved stage's uid. */
        public String uid() {
            return metadata.uid();
        }

        /** The whole metadata JSON, for reading fields of its own (such as a format version). */
        public String json() {
            return metadata.metadataJson();
        }

        /** Sets the saved params, and the saved defaults, on {@code target} (a stage of the saved class). */
        public void setParamsOn(Params target) {
            metadata.getAndSetParams(target, Option.empty());
        }
    }
}
