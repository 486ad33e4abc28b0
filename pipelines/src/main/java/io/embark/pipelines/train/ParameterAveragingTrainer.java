package io.embark.pipelines.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.time.SystemClockTimeSource;
import org.deeplearning4j.spark.time.TimeSourceProvider;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Trains a {@link ComputationGraph} with DL4J's synchronous parameter averaging on Spark: each worker fits
 * {@code averagingFrequency} minibatches of {@code batchSizePerWorker}, then parameters and updater state are
 * averaged, repeated until the epoch's data is used; after each epoch the {@link EpochEvaluator} measures the
 * network on the executors and a progress line is logged (loss, metrics, samples/s, ETA).
 *
 * <p>Uses the {@code Direct} RDD approach (the export approach needs a distributed file system) and never
 * broadcasts live network arrays, which Spark would close under the network.
 */
public final class ParameterAveragingTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(ParameterAveragingTrainer.class);

    private final JavaSparkContext sc;
    private final TrainerSettings settings;

    /** A trainer running on {@code sc} with {@code settings}. */
    public ParameterAveragingTrainer(JavaSparkContext sc, TrainerSettings settings) {
        this.sc = sc;
        this.settings = settings;
    }

    /** The settings. */
    public TrainerSettings settings() {
        return settings;
    }

    /**
     * Refuses {@code training.collect-stats=true} when the JVM runs DL4J's default statistics clock
     * ({@code clockProperty} unset), which queries 0.pool.ntp.org ten times for ten seconds each and then fails on
     * clusters without internet access. {@code conf/jvm.properties} sets the system clock for every JVM embark starts;
     * a spark-submit of the shaded jar must pass the same flag to the driver and in
     * {@code spark.executor.extraJavaOptions}.
     */
    static void requireWallClockForStats(String clockProperty) {
        if (clockProperty == null || clockProperty.isBlank()) {
            throw new IllegalArgumentException("training.collect-stats=true needs -D"
                    + TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY + "=" + SystemClockTimeSource.class.getName()
                    + " on the driver and in spark.executor.extraJavaOptions (conf/jvm.properties has it): DL4J's"
                    + " default clock queries 0.pool.ntp.org, which most clusters cannot reach");
        }
    }

    /** Trains {@code net} in place for the configured epochs and returns what each epoch measured. */
    public TrainingHistory fit(ComputationGraph net, EpochData data, EpochEvaluator evaluator) {
        return fit(net, data, evaluator, null, CheckpointSettings.Resume.NEVER);
    }

    /**
     * Trains {@code net} in place for the configured epochs, writing a checkpoint to {@code checkpoints} (when not
     * null) after every epoch; with {@code resume} it first continues from the newest checkpoint of the same
     * fingerprint: parameters, updater state, iteration and epoch counters and the history so far are restored and
     * training goes on with the next epoch, so the returned history covers every epoch.
     *
     * @throws IllegalArgumentException with {@link CheckpointSettings.Resume#ALWAYS} when there is no checkpoint or
     *                                  it was written under another configuration (naming the setting)
     */
    public TrainingHistory fit(ComputationGraph net, EpochData data, EpochEvaluator evaluator,
                               TrainingCheckpoints checkpoints, CheckpointSettings.Resume resume) {
        return fit(net, data, evaluator, checkpoints, resume, 0);
    }

    /**
     * As {@link #fit(ComputationGraph, EpochData, EpochEvaluator, TrainingCheckpoints, CheckpointSettings.Resume)},
     * also writing a mid-epoch checkpoint every {@code everyRounds} averaging rounds (0 = at epoch ends only); a run
     * resumed from one skips exactly the rounds of that epoch it records as done.
     */
    public TrainingHistory fit(ComputationGraph net, EpochData data, EpochEvaluator evaluator,
                               TrainingCheckpoints checkpoints, CheckpointSettings.Resume resume, int everyRounds) {
        Optional<TrainingCheckpoints.Checkpoint> last = checkpoints == null ? Optional.empty()
                : checkpoints.resumable(resume);
        if (last.isEmpty()) {
            return fit(net, data, evaluator, new Checkpointing(checkpoints, everyRounds, 0, List.of(), 0, 0, List.of()));
        }
        TrainingCheckpoints.Checkpoint cp = last.get();
        TrainingCheckpoints.Position at = cp.position();
        if (at.phase() != 0 || cp.epoch() > settings.epochs()) {
            throw new IllegalStateException("checkpoint " + cp.path() + " is past the configured epochs");
        }
        restore(net, cp.network());
        LOG.info("resuming from {}: {} of {} epochs done{}, iteration {}", cp.path(), cp.epoch(), settings.epochs(),
                at.rounds() > 0 ? " and " + at.rounds() + " rounds of epoch " + (cp.epoch() + 1) : "",
                net.getConfiguration().getIterationCount());
        return fit(net, data, evaluator, new Checkpointing(checkpoints, everyRounds, 0, List.of(), at.phaseEpochs(),
                at.rounds(), cp.history()));
    }

    /**
     * Where one {@link #fit(ComputationGraph, EpochData, EpochEvaluator, Checkpointing) fit} (one phase of a run
     * trained in phases) writes its checkpoints and where it starts.
     *
     * @param store       the run's checkpoints, or null for none
     * @param everyRounds a mid-epoch checkpoint every this many averaging rounds (0 = at epoch ends only)
     * @param phase       0-based phase index recorded in the checkpoints' {@link TrainingCheckpoints.Position}
     * @param earlier     the epochs of the earlier phases (written into every checkpoint before this phase's)
     * @param startEpoch  0-based epoch of this phase to start with (epochs done in it)
     * @param skipRounds  averaging rounds of {@code startEpoch} already done (skipped)
     * @param done        this phase's epochs already done (returned in the history before the new ones)
     */
    public record Checkpointing(TrainingCheckpoints store, int everyRounds, int phase, List<EpochRecord> earlier,
                                int startEpoch, int skipRounds, List<EpochRecord> done) {
        /** Validates the settings. */
        public Checkpointing {
            if (everyRounds < 0 || startEpoch < 0 || skipRounds < 0) {
                throw new IllegalArgumentException("every-rounds, start epoch and skipped rounds must be >= 0");
            }
            earlier = List.copyOf(earlier);
            done = List.copyOf(done);
        }

        /** No checkpoints; start at the first epoch. */
        public static Checkpointing none() {
            return new Checkpointing(null, 0, 0, List.of(), 0, 0, List.of());
        }
    }

    /**
     * Told of each averaging round and epoch of every trainer in this JVM (see {@link #listen}); for monitoring and
     * for tests that stop a run at a chosen point by throwing.
     */
    public interface Listener {
        /**
         * Before round {@code round} (0-based) of 0-based epoch {@code epoch} of phase {@code phase}; with
         * {@code every-rounds = 0} DL4J splits the epoch itself and this is called once per epoch with round 0.
         */
        default void beforeRound(int phase, int epoch, int round, ComputationGraph net) {
        }

        /** After epoch {@code epoch} (0-based) of phase {@code phase} was measured and its checkpoint written. */
        default void afterEpoch(int phase, int epoch, ComputationGraph net) {
        }
    }

    private static volatile Listener listener = new Listener() { };

    /** Installs {@code l} for every trainer of this JVM (null = none); returns the one it replaces. */
    public static Listener listen(Listener l) {
        Listener old = listener;
        listener = l == null ? new Listener() { } : l;
        return old;
    }

    /**
     * Copies a checkpoint's network {@code saved} into {@code net} of the same architecture: parameters, updater
     * state (Adam's moments) and the iteration and epoch counters that drive the learning-rate schedules.
     */
    public static void restore(ComputationGraph net, ComputationGraph saved) {
        net.setParams(saved.params());
        if (saved.getUpdater() != null && saved.getUpdater().getStateViewArray() != null) {
            net.getUpdater().getStateViewArray().assign(saved.getUpdater().getStateViewArray());
        }
        net.getConfiguration().setIterationCount(saved.getConfiguration().getIterationCount());
        net.getConfiguration().setEpochCount(saved.getConfiguration().getEpochCount());
    }

    /**
     * Trains {@code net} in place from epoch {@code c.startEpoch()} (skipping {@code c.skipRounds()} rounds of it) to
     * the configured epochs, checkpointing as {@code c} says; returns {@code c.done()} followed by the new epochs.
     * The caller restores {@code net} from the checkpoint it resumes (see {@link #restore}).
     *
     * <p>With {@code c.everyRounds() > 0} or rounds to skip the trainer cuts each epoch into averaging rounds itself
     * (the epoch's minibatches are cached; round {@code r} is minibatches {@code [r f, (r + 1) f)} of every worker's
     * partition, {@code f} the averaging frequency; {@code ceil(m / f)} rounds where {@code m} is the smallest
     * partition's minibatches, the last round possibly shorter), so that the rounds of an epoch are the same in a
     * resumed run; otherwise DL4J splits each epoch.
     */
    public TrainingHistory fit(ComputationGraph net, EpochData data, EpochEvaluator evaluator, Checkpointing c) {
        TrainingHistory history = new TrainingHistory();
        c.done().forEach(history::add);
        if (c.startEpoch() >= settings.epochs()) {
            return history;
        }
        if (settings.collectStats()) {
            requireWallClockForStats(System.getProperty(TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY));
        }
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(
                settings.workers(), settings.batchSizePerWorker())
                .batchSizePerWorker(settings.batchSizePerWorker())
                .averagingFrequency(settings.averagingFrequency())
                .workerPrefetchNumBatches(settings.prefetchBatches())
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartionData(Repartition.NumPartitionsWorkersDiffers) // ShuffledEpochs already yields one partition per worker
                .rngSeed(settings.seed())
                .collectTrainingStats(settings.collectStats())
                .saveUpdater(true) // off by default in M2: Adam's moments would be reset every round
                .trainingHooks(new IterationClockHook(net.getConfiguration()))
                .build();
        SparkComputationGraph sparkNet = new SparkComputationGraph(sc, net, master);
        String firstLayer = net.getLayers()[0].conf().getLayer().getLayerName();
        long rows = data.rows();
        LOG.info("training {} epochs on {} {}: {} workers x batch {} , averaging every {} batches ({} params)",
                settings.epochs(), rows, data.unit().equals("samples") ? "rows" : data.unit(), settings.workers(), settings.batchSizePerWorker(),
                settings.averagingFrequency(), net.numParams());
        long started = System.nanoTime();
        ExecutorUsage usage = new ExecutorUsage();
        sc.sc().addSparkListener(usage);
        try {
            runEpochs(sparkNet, data, evaluator, history, firstLayer, rows, started, c);
        } finally {
            sc.sc().removeSparkListener(usage);
        }
        history.executors(usage.executors());
        if (settings.collectStats() && sparkNet.getSparkTrainingStats() != null) {
            LOG.info("where the training time went (DL4J parameter-averaging statistics):\n{}",
                    TrainingTimeBreakdown.table(sparkNet.getSparkTrainingStats()));
        }
        LOG.info("training ran on executors {}", usage.executors());
        return history;
    }

    private void runEpochs(SparkComputationGraph sparkNet, EpochData data, EpochEvaluator evaluator,
                           TrainingHistory history, String firstLayer, long rows, long started, Checkpointing c) {
        boolean ownRounds = c.everyRounds() > 0 || c.skipRounds() > 0;
        for (int e = c.startEpoch(); e < settings.epochs(); e++) {
            long t0 = System.nanoTime();
            if (ownRounds) {
                fitInRounds(sparkNet, data, e, e == c.startEpoch() ? c.skipRounds() : 0, history, c);
            } else {
                listener.beforeRound(c.phase(), e, 0, sparkNet.getNetwork());
                sparkNet.fitMultiDataSet(data.forEpoch(e));
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            ComputationGraph trained = sparkNet.getNetwork();
            double loss = evaluator.trainLoss(trained);
            Map<String, Double> metrics = evaluator.validate(trained);
            double lr = trained.getLearningRate(firstLayer) == null ? Double.NaN : trained.getLearningRate(firstLayer);
            EpochRecord record = new EpochRecord(e + 1, loss, metrics, rows, trainSeconds, lr);
            history.add(record);
            double elapsed = (System.nanoTime() - started) / 1e9;
            double eta = elapsed / (e + 1 - c.startEpoch()) * (settings.epochs() - e - 1);
            LOG.info(ProgressLine.format(record, settings.epochs(), elapsed, eta, data.unit()));
            if (c.store() != null) {
                write(c, trained, history, new TrainingCheckpoints.Position(c.phase(), e + 1, 0));
            }
            listener.afterEpoch(c.phase(), e, trained);
        }
    }

    /** One epoch in rounds cut here, skipping the first {@code skip}; a checkpoint every {@code everyRounds}. */
    private void fitInRounds(SparkComputationGraph sparkNet, EpochData data, int epoch, int skip,
                             TrainingHistory history, Checkpointing c) {
        JavaRDD<MultiDataSet> all = data.forEpoch(epoch).persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            List<Integer> sizes = all.mapPartitions(it -> {
                int n = 0;
                for (; it.hasNext(); it.next()) {
                    n++;
                }
                return List.of(n).iterator();
            }).collect();
            int f = settings.averagingFrequency();
            int smallest = sizes.stream().mapToInt(Integer::intValue).min().orElse(0);
            int rounds = Math.max(1, (smallest + f - 1) / f);
            if (skip > rounds) {
                throw new IllegalStateException("the checkpoint records " + skip + " rounds of epoch " + (epoch + 1)
                        + " done, but it has " + rounds);
            }
            LOG.info("epoch {}: {} rounds of {} minibatches per worker (partitions hold {}){}", epoch + 1, rounds, f,
                    sizes, skip > 0 ? ", the first " + skip + " done before the resume" : "");
            for (int r = skip; r < rounds; r++) {
                final int from = r * f;
                final int to = r == rounds - 1 ? Integer.MAX_VALUE : from + f;
                listener.beforeRound(c.phase(), epoch, r, sparkNet.getNetwork());
                sparkNet.fitMultiDataSet(all.mapPartitions(it -> {
                    List<MultiDataSet> round = new ArrayList<>();
                    for (int i = 0; it.hasNext() && i < to; i++) {
                        MultiDataSet m = it.next();
                        if (i >= from) {
                            round.add(m);
                        }
                    }
                    return round.iterator();
                }, true));
                if (c.store() != null && c.everyRounds() > 0 && (r + 1) % c.everyRounds() == 0 && r + 1 < rounds) {
                    write(c, sparkNet.getNetwork(), history,
                            new TrainingCheckpoints.Position(c.phase(), epoch, r + 1));
                }
            }
        } finally {
            all.unpersist(false);
        }
    }

    private static void write(Checkpointing c, ComputationGraph net, TrainingHistory phase,
                              TrainingCheckpoints.Position at) {
        TrainingHistory global = new TrainingHistory();
        c.earlier().forEach(global::add);
        for (EpochRecord e : phase.epochs()) {
            global.add(new EpochRecord(global.epochs().size() + 1, e.trainLoss(), e.metrics(), e.samples(),
                    e.trainSeconds(), e.learningRate()));
        }
        long t0 = System.nanoTime();
        c.store().write(net, global, at);
        LOG.info("checkpoint {} written to {} in {} s", at.rounds() == 0
                        ? "of epoch " + global.epochs().size()
                        : "after " + at.rounds() + " rounds of epoch " + (global.epochs().size() + 1),
                c.store().directory(), String.format(Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9));
    }

    /**
     * DL4J's parameter averaging trains whole rounds only: measured on WikiText (199 minibatches per epoch, 2
     * workers), averaging every 40 trained 160 of them. Says so when that would leave out more than 5% of an epoch.
     */
    public static void warnOfIncompleteRounds(long minibatchesPerWorker, int averagingFrequency) {
        long leftOut = minibatchesPerWorker % averagingFrequency;
        LOG.info("about {} minibatches per worker per epoch, averaged every {}: {} rounds", minibatchesPerWorker,
                averagingFrequency, Math.max(1, minibatchesPerWorker / averagingFrequency));
        if (minibatchesPerWorker >= averagingFrequency && leftOut * 20 > minibatchesPerWorker) {
            LOG.warn("DL4J trains whole averaging rounds only: about {} of each worker's {} minibatches per epoch "
                    + "will not be trained; choose a training.averaging-frequency that divides {} (or a divisor close "
                    + "to it)", leftOut, minibatchesPerWorker, minibatchesPerWorker);
        }
    }
}
