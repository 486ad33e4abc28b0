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

import java.util.Map;

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
        TrainingHistory history = new TrainingHistory();
        String firstLayer = net.getLayers()[0].conf().getLayer().getLayerName();
        long rows = data.rows();
        LOG.info("training {} epochs on {} {}: {} workers x batch {} , averaging every {} batches ({} params)",
                settings.epochs(), rows, data.unit().equals("samples") ? "rows" : data.unit(), settings.workers(), settings.batchSizePerWorker(),
                settings.averagingFrequency(), net.numParams());
        long started = System.nanoTime();
        ExecutorUsage usage = new ExecutorUsage();
        sc.sc().addSparkListener(usage);
        try {
            runEpochs(sparkNet, data, evaluator, history, firstLayer, rows, started);
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
                           TrainingHistory history, String firstLayer, long rows, long started) {
        for (int e = 0; e < settings.epochs(); e++) {
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
            double eta = elapsed / (e + 1) * (settings.epochs() - e - 1);
            LOG.info(ProgressLine.format(record, settings.epochs(), elapsed, eta, data.unit()));
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
