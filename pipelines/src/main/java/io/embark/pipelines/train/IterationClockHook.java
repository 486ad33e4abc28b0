package io.embark.pipelines.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Carries the global iteration count to parameter-averaging workers. dl4j-spark 1.0.0-M2 rebuilds each worker's
 * network from a clone of the configuration that drops the iteration count, so every averaging round would
 * restart iteration-based schedules (one-cycle, Adam's bias correction) at 0: the learning rate would stay at its
 * warm-up start for the whole run. The master advances the count of its own configuration after each round;
 * this hook is serialised with each round's tasks, so it holds that count and adds it to the worker's local
 * count before the worker's first minibatch.
 */
public final class IterationClockHook implements TrainingHook {
    private static final long serialVersionUID = 1L;

    private final ComputationGraphConfiguration master;
    private transient boolean applied;

    /** A hook reading the iteration count of the master network's configuration {@code master}. */
    public IterationClockHook(ComputationGraphConfiguration master) {
        this.master = master;
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        advance(model);
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        advance(model);
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        // nothing to do after the step
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        // nothing to do after the step
    }

    private void advance(Model model) {
        if (applied || !(model instanceof ComputationGraph graph)) {
            return;
        }
        ComputationGraphConfiguration local = graph.getConfiguration();
        if (local != master && local.getIterationCount() < master.getIterationCount()) {
            local.setIterationCount(master.getIterationCount() + local.getIterationCount());
            local.setEpochCount(master.getEpochCount());
        }
        applied = true;
    }
}
