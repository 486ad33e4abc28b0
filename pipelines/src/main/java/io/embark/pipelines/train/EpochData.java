package io.embark.pipelines.train;

import org.apache.spark.api.java.JavaRDD;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** Supplies each epoch's training minibatches (typically freshly shuffled per epoch), built on the executors. */
public interface EpochData {
    /** The minibatches of 0-based epoch {@code epoch}. */
    JavaRDD<MultiDataSet> forEpoch(int epoch);

    /** Number of training rows per epoch (in {@link #unit()}s). */
    long rows();

    /** What {@link #rows()} counts, for progress lines: {@code samples} unless the data says otherwise. */
    default String unit() {
        return "samples";
    }
}
