package io.embark.pipelines.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Trains a network in consecutive phases (the language model's frozen then unfrozen fine-tuning, the classifier's
 * gradual unfreezing), each with its own network (its frozen layers and per-layer one-cycle schedules over the
 * phase's iterations), trainer settings and shuffling seed, by {@link ParameterAveragingTrainer}, with checkpoints
 * and resume across phases: every checkpoint records the phase, the epochs done in it and the rounds done in the
 * epoch under way ({@link TrainingCheckpoints.Position}); a resumed run builds the network of the checkpoint's
 * phase, restores its parameters, updater state and iteration counter (so the phase's schedules continue exactly
 * where they were) and goes on with the following epochs and phases. The returned history numbers the epochs of all
 * phases 1, 2, ... and covers the epochs trained before the resume.
 */
public final class PhasedTraining {
    private static final Logger LOG = LoggerFactory.getLogger(PhasedTraining.class);

    private PhasedTraining() {
    }

    /** A workload's phases. */
    public interface Phases {
        /** Number of phases (phases of 0 epochs are skipped). */
        int count();

        /** Epochs of phase {@code phase}. */
        int epochs(int phase);

        /** Trainer settings of phase {@code phase} (its epochs, its seed). */
        TrainerSettings trainer(int phase);

        /**
         * The network of phase {@code phase}, initialised from {@code previous} (the network of the phase before, or
         * null for the first phase trained in this run: then the workload's own initialisation, which a resumed
         * run overwrites with the checkpoint).
         */
        ComputationGraph network(int phase, ComputationGraph previous);
    }

    /** The trained network of the last phase and the history of all epochs. */
    public record Result(ComputationGraph net, TrainingHistory history) {
    }

    /**
     * Trains the phases, checkpointing to {@code store} (null = no checkpoints; {@code everyRounds} as in
     * {@link ParameterAveragingTrainer.Checkpointing}) and resuming as {@code resume} says.
     *
     * @throws IllegalArgumentException with {@link CheckpointSettings.Resume#ALWAYS} when there is no checkpoint or
     *                                  it was written under another configuration (naming the setting)
     */
    public static Result fit(JavaSparkContext jsc, Phases phases, EpochData data, EpochEvaluator evaluator,
                             TrainingCheckpoints store, CheckpointSettings.Resume resume, int everyRounds) {
        Optional<TrainingCheckpoints.Checkpoint> cp = store == null ? Optional.empty() : store.resumable(resume);
        TrainingCheckpoints.Position at = cp.map(TrainingCheckpoints.Checkpoint::position).orElse(null);
        int before = 0;
        if (at != null) {
            if (at.phase() >= phases.count() || at.phaseEpochs() > phases.epochs(at.phase())) {
                throw new IllegalStateException("checkpoint " + cp.get().path() + " is past the configured phases");
            }
            for (int p = 0; p < at.phase(); p++) {
                before += phases.epochs(p);
            }
            if (cp.get().epoch() != before + at.phaseEpochs()) {
                throw new IllegalStateException("checkpoint " + cp.get().path() + " records " + cp.get().epoch()
                        + " epochs, phase " + (at.phase() + 1) + " starts after " + before);
            }
            int total = 0;
            for (int p = 0; p < phases.count(); p++) {
                total += phases.epochs(p);
            }
            LOG.info("resuming from {}: {} of {} epochs done (phase {}/{}: {} of its {} epochs{}), iteration {}",
                    cp.get().path(), cp.get().epoch(), total, at.phase() + 1, phases.count(), at.phaseEpochs(),
                    phases.epochs(at.phase()), at.rounds() > 0 ? " and " + at.rounds() + " rounds of the next" : "",
                    cp.get().network().getConfiguration().getIterationCount());
        }
        TrainingHistory all = new TrainingHistory();
        TreeSet<String> executors = new TreeSet<>();
        if (at != null) {
            cp.get().history().subList(0, before).forEach(all::add);
        }
        ComputationGraph net = null;
        for (int p = at == null ? 0 : at.phase(); p < phases.count(); p++) {
            if (phases.epochs(p) == 0) {
                continue;
            }
            ComputationGraph next = phases.network(p, net);
            ParameterAveragingTrainer.Checkpointing c;
            if (at != null && p == at.phase()) {
                ParameterAveragingTrainer.restore(next, cp.get().network());
                List<EpochRecord> done = cp.get().history().subList(before, cp.get().epoch());
                c = new ParameterAveragingTrainer.Checkpointing(store, everyRounds, p, all.epochs(), at.phaseEpochs(),
                        at.rounds(), done);
            } else {
                c = new ParameterAveragingTrainer.Checkpointing(store, everyRounds, p, all.epochs(), 0, 0, List.of());
            }
            net = next;
            TrainingHistory h = new ParameterAveragingTrainer(jsc, phases.trainer(p)).fit(net, data, evaluator, c);
            for (EpochRecord e : h.epochs()) {
                all.add(new EpochRecord(all.epochs().size() + 1, e.trainLoss(), e.metrics(), e.samples(),
                        e.trainSeconds(), e.learningRate()));
            }
            executors.addAll(h.executors());
        }
        all.executors(executors);
        return new Result(net, all);
    }
}
