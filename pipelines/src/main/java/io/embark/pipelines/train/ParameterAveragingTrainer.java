package io.embark.pipelines.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.time.SystemClockTimeSource;
import org.deeplearning4j.spark.time.TimeSourceProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        TrainingHistory history = new TrainingHistory();
        int firstEpoch = checkpoints == null ? 0 : resume(net, checkpoints, resume, history);
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
            runEpochs(sparkNet, data, evaluator, history, firstLayer, rows, started, firstEpoch, checkpoints);
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

    private int resume(ComputationGraph net, TrainingCheckpoints checkpoints, CheckpointSettings.Resume resume,
                       TrainingHistory history) {
        Optional<TrainingCheckpoints.Checkpoint> last = resume == CheckpointSettings.Resume.NEVER
                ? Optional.empty() : checkpoints.latest();
        if (last.isEmpty()) {
            if (resume == CheckpointSettings.Resume.ALWAYS) {
                throw new IllegalArgumentException("resume=true but there is no checkpoint in "
                        + checkpoints.directory());
            }
            if (!checkpoints.epochs().isEmpty()) {
                LOG.info("resume=false: discarding the checkpoints in {}", checkpoints.directory());
            }
            checkpoints.clear();
            return 0;
        }
        TrainingCheckpoints.Checkpoint cp = last.get();
        String differs = TrainingCheckpoints.difference(cp.fingerprint(), checkpoints.fingerprint());
        if (differs != null) {
            if (resume == CheckpointSettings.Resume.ALWAYS) {
                throw new IllegalArgumentException("cannot resume from " + cp.path()
                        + ": it was written under another configuration (" + differs + ")");
            }
            LOG.warn("not resuming from {}: written under another configuration ({}); starting afresh",
                    cp.path(), differs);
            checkpoints.clear();
            return 0;
        }
        if (cp.epoch() > settings.epochs()) {
            throw new IllegalStateException("checkpoint " + cp.path() + " is past the configured epochs");
        }
        ComputationGraph saved = cp.network();
        net.setParams(saved.params());
        if (saved.getUpdater() != null && saved.getUpdater().getStateViewArray() != null) {
            net.getUpdater().getStateViewArray().assign(saved.getUpdater().getStateViewArray());
        }
        net.getConfiguration().setIterationCount(saved.getConfiguration().getIterationCount());
        net.getConfiguration().setEpochCount(saved.getConfiguration().getEpochCount());
        cp.history().forEach(history::add);
        LOG.info("resuming from {}: {} of {} epochs done, iteration {}", cp.path(), cp.epoch(), settings.epochs(),
                saved.getConfiguration().getIterationCount());
        return cp.epoch();
    }

    private void runEpochs(SparkComputationGraph sparkNet, EpochData data, EpochEvaluator evaluator,
                           TrainingHistory history, String firstLayer, long rows, long started, int firstEpoch,
                           TrainingCheckpoints checkpoints) {
        for (int e = firstEpoch; e < settings.epochs(); e++) {
            long t0 = System.nanoTime();
            sparkNet.fitMultiDataSet(data.forEpoch(e));
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            ComputationGraph trained = sparkNet.getNetwork();
            double loss = evaluator.trainLoss(trained);
            Map<String, Double> metrics = evaluator.validate(trained);
            double lr = trained.getLearningRate(firstLayer) == null ? Double.NaN : trained.getLearningRate(firstLayer);
            EpochRecord record = new EpochRecord(e + 1, loss, metrics, rows, trainSeconds, lr);
            history.add(record);
            double elapsed = (System.nanoTime() - started) / 1e9;
            double eta = elapsed / (e + 1 - firstEpoch) * (settings.epochs() - e - 1);
            LOG.info(ProgressLine.format(record, settings.epochs(), elapsed, eta, data.unit()));
            if (checkpoints != null) {
                long c0 = System.nanoTime();
                checkpoints.write(trained, history);
                LOG.info("checkpoint of epoch {} written to {} in {} s", e + 1, checkpoints.directory(),
                        String.format(Locale.ROOT, "%.2f", (System.nanoTime() - c0) / 1e9));
            }
        }
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
