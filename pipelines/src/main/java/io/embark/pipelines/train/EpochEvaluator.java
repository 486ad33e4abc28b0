package io.embark.pipelines.train;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Measures a network after an epoch; implementations run on the executors. Returns the training loss and the
 * validation metrics that the trainer logs and records.
 */
public interface EpochEvaluator {
    /** Loss on (a sample of) the training data, comparable across epochs. */
    double trainLoss(ComputationGraph net);

    /** Validation metrics by name; insertion order is the log order. */
    java.util.Map<String, Double> validate(ComputationGraph net);
}
