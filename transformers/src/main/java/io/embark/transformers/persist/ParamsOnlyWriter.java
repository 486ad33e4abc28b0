package io.embark.transformers.persist;

import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLWriter;

/** Saves a stage that has no fitted data (an estimator or a stateless transformer): metadata only. */
public final class ParamsOnlyWriter extends MLWriter {
    private final Params stage;
    private final int formatVersion;

    /** Creates a writer for {@code stage} that records {@code formatVersion}. */
    public ParamsOnlyWriter(Params stage, int formatVersion) {
        this.stage = stage;
        this.formatVersion = formatVersion;
    }

    @Override
    public void saveImpl(String path) {
        StageMetadata.save(stage, path, sc(), formatVersion);
    }
}
