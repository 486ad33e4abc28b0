package io.embark.pipelines.classify;

import io.embark.pipelines.lm.AwdLstm;
import io.embark.pipelines.lm.LanguageModelRun;
import io.embark.pipelines.lm.LanguageModelSettings;
import io.embark.pipelines.lm.LanguageModelTraining;
import io.embark.pipelines.lm.VocabularyTransfer;
import io.embark.pipelines.output.RunDirectory;
import io.embark.pipelines.output.RunReport;
import io.embark.pipelines.text.ClassifierEpochs;
import io.embark.pipelines.train.EpochEvaluator;
import io.embark.pipelines.train.EpochRecord;
import io.embark.pipelines.train.ParameterAveragingTrainer;
import io.embark.pipelines.train.PhasedTraining;
import io.embark.pipelines.train.TrainerSettings;
import io.embark.pipelines.train.TrainingCheckpoints;
import io.embark.pipelines.train.TrainingHistory;
import io.embark.transformers.text.NumericalizeModel;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.when;

/**
 * ULMFiT stage 3 on Spark: a text classifier ({@link TextClassifier}) on the encoder of a fine-tuned language model
 * ({@link LanguageModelRun}: its embedding and LSTM layers, and its text pipeline, so the vocabulary is the same),
 * trained with gradual unfreezing and discriminative learning rates ({@link GradualUnfreezing}) by parameter
 * averaging from length-sorted minibatches built on the executors ({@link ClassifierEpochs}). With
 * {@code compare}, the peers are trained on the same split and tokens: TF-IDF + logistic regression and NB-SVM
 * ({@link TextClassifierPeers}) and the same LSTM classifier without pretraining. One committed run directory:
 * <pre>
 * metrics.json              documents in/used/rejected, classes, majority baseline, per-epoch metrics over all
 *                           phases, validation (and test) accuracy, loss and confusion matrix, peers, throughput
 * training-curves.png       training and validation loss and validation accuracy per epoch
 * predictions/              Parquet: id, split (valid/test), label, predicted_label, probability, probabilities
 * rejects/, test-rejects/   unusable documents with the reason (Parquet)
 * text-pipeline/            the fitted Spark ML PipelineModel (Tokenizer, NumericalizeModel)
 * model/classifier.zip      the DL4J network; model/settings.json the classes, length cap and settings
 * </pre>
 */
public final class TextClassifierTraining {
    private static final Logger LOG = LoggerFactory.getLogger(TextClassifierTraining.class);

    /** Validation cross-entropy (nats). */
    public static final String VALID_LOSS = "valid_loss";
    /** Validation accuracy. */
    public static final String VALID_ACCURACY = "valid_accuracy";
    /** The predictions directory inside a run. */
    public static final String PREDICTIONS_DIR = "predictions";
    static final String IDS = "ids";
    static final String TOKENS = "tokens";
    static final String LABEL_INDEX = "label_index";
    static final String SPLIT = "split";

    private TextClassifierTraining() {
    }

    /** The classify step; see the class comment for the outputs. */
    public static ClassifierResult classify(SparkSession spark, ClassifySettings s) {
        LanguageModelRun lm = s.pretrained() ? LanguageModelRun.load(spark, s.encoder()) : null;
        ClassifierResult result = RunDirectory.run(s.output(), s.overwrite(),
                spark.sparkContext().hadoopConfiguration(), out -> run(spark, s, lm, out));
        if (s.checkpoints().enabled()) {
            TrainingCheckpoints.discard(spark.sparkContext().hadoopConfiguration(),
                    s.checkpoints().directoryFor(s.output()));
        }
        return result;
    }

    /**
     * What a checkpoint of the classifier's training is valid for: the vocabulary (size and a hash of its tokens),
     * the classes, the documents, the encoder, sizes and model settings, the length cap, the trainer settings and
     * the unfreezing plan (phases with their epochs, rates and frozen layers).
     */
    static Map<String, String> fingerprint(NumericalizeModel numericalize, List<String> classes, long trainDocs,
                                           long validDocs, ClassifySettings s, LanguageModelSettings sizes,
                                           List<GradualUnfreezing.Phase> phases, GradualUnfreezing unfreezing) {
        Map<String, String> f = new LinkedHashMap<>();
        List<String> itos = numericalize.itos();
        f.put("vocabulary", itos.size() + " tokens, sha-256 " + TrainingCheckpoints.digest(String.join("\n", itos)));
        f.put("classes", classes.toString());
        f.put("documents", "train=" + trainDocs + ", valid=" + validDocs);
        f.put("encoder", s.encoder());
        f.put("sizes", sizes.toString());
        f.put("model", s.model().toString());
        f.put("max-len", Integer.toString(s.maxLen()));
        f.put("trainer", s.trainer().toString());
        List<String> plan = new ArrayList<>();
        for (GradualUnfreezing.Phase p : phases) {
            plan.add(p + " frozen=" + new TreeSet<>(unfreezing.frozen(p)) + " peaks=" + unfreezing.peakRates(p));
        }
        f.put("phases", plan.toString());
        return f;
    }

    private static ClassifierResult run(SparkSession spark, ClassifySettings s, LanguageModelRun lm, RunDirectory out) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LabelledTextReader.LabelledDocuments read = new LabelledTextReader(s.input(), s.trainer().seed())
                .read(spark, s.classes(), true);
        read.rejects().write().parquet(out.path("rejects"));
        LabelledTextReader.Counts counts = read.counts();
        List<String> classes = read.classes();
        LOG.info("read {}: {} documents, {} training, {} validation, {} rejected (see rejects/); classes {}",
                s.input().paths(), counts.in(), counts.train(), counts.valid(), counts.rejected(), classes);
        if (counts.train() == 0 || counts.valid() == 0) {
            throw new IllegalArgumentException("the input " + s.input().paths() + " needs training and validation "
                    + "documents, got " + counts.train() + " and " + counts.valid() + " (" + counts.rejected()
                    + " rejected; see rejects/ for the reasons)");
        }
        LabelledTextReader.LabelledDocuments testRead = null;
        LabelledTextReader.Counts testCounts = null;
        if (s.test() != null) {
            testRead = new LabelledTextReader(s.test(), s.trainer().seed()).read(spark, classes, true);
            testRead.rejects().write().parquet(out.path("test-rejects"));
            testCounts = testRead.counts();
            LOG.info("read test input {}: {} documents, {} used, {} rejected (see test-rejects/)", s.test().paths(),
                    testCounts.in(), testCounts.train() + testCounts.valid(), testCounts.rejected());
        }
        Dataset<Row> docs = read.documents();
        PipelineModel pipeline = lm != null ? lm.textPipeline()
                : LanguageModelTraining.textPipeline(s.text()).fit(docs.where(col(LabelledTextReader.VALID).equalTo(false)));
        NumericalizeModel numericalize = LanguageModelRun.numericalizeOf(pipeline);
        LanguageModelSettings sizes = lm != null ? lm.settings() : s.scratchSizes();
        if (lm != null) {
            TextClassifierRun.requireSameVocabulary(numericalize, lm.network(), s.encoder());
        }
        Dataset<Row> encoded = encode(pipeline, docs, classes, s.maxLen(), s.compare()).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> train = encoded.where(col(LabelledTextReader.VALID).equalTo(false));
        Dataset<Row> valid = encoded.where(col(LabelledTextReader.VALID));
        Dataset<Row> test = testRead == null ? null
                : encode(pipeline, testRead.documents(), classes, s.maxLen(), s.compare()).persist(StorageLevel.MEMORY_AND_DISK());
        long truncated = encoded.where(col("truncated")).count();
        LOG.info("vocabulary {} tokens; {} of {} documents longer than max-len {} keep their last {} tokens",
                numericalize.vocabSize(), truncated, counts.train() + counts.valid(), s.maxLen(), s.maxLen());

        Data data = new Data(jsc, train, valid, counts.train(), classes.size(), numericalize.vocabSize(), s);
        GradualUnfreezing unfreezing = new GradualUnfreezing(TextClassifier.layerGroups(sizes.layers()), s.lrRatio());
        List<GradualUnfreezing.Phase> phases = unfreezing.phases(s.phaseEpochs(), s.phaseMaxLrs());
        TrainingCheckpoints checkpoints = s.checkpoints().enabled() ? TrainingCheckpoints.in(
                spark.sparkContext().hadoopConfiguration(), s.checkpoints().directoryFor(s.output()),
                s.checkpoints().keep(), fingerprint(numericalize, classes, counts.train(), counts.valid(), s, sizes,
                        phases, unfreezing)) : null;
        Trained ulmfit = train(data, sizes, s, unfreezing, phases, lm == null ? null : lm.network(), checkpoints);
        ComputationGraph net = ulmfit.net();

        Dataset<Row> validPredicted = predictions(net, valid, classes, s, "valid");
        ClassifierEvaluation validEval = ClassifierEvaluation.of(validPredicted, LABEL_INDEX, classes.size());
        ClassifierEvaluation testEval = null;
        Dataset<Row> allPredicted = validPredicted;
        if (test != null) {
            Dataset<Row> testPredicted = predictions(net, test, classes, s, "test");
            testEval = ClassifierEvaluation.of(testPredicted, LABEL_INDEX, classes.size());
            allPredicted = validPredicted.unionByName(testPredicted);
        }
        allPredicted.select(col(LabelledTextReader.ID), col(SPLIT), col(LabelledTextReader.LABEL),
                col(ClassifierPredictor.PREDICTED), col(ClassifierPredictor.PROBABILITY),
                col(ClassifierPredictor.PROBABILITIES)).write().parquet(out.path(PREDICTIONS_DIR));
        LOG.info("{}: validation accuracy {} (majority class {}){}", lm == null ? "LSTM classifier from scratch"
                : "ULMFiT classifier", fmt(validEval.accuracy()), fmt(validEval.majorityAccuracy()),
                testEval == null ? "" : ", test accuracy " + fmt(testEval.accuracy()));

        List<TextClassifierPeers.PeerResult> peers = new ArrayList<>();
        if (s.compare()) {
            peers.addAll(peers(data, sizes, s, train, valid, test, classes.size()));
        }
        validPredicted.unpersist();
        TextClassifierRun.save(out, net, pipeline, classes, s.maxLen(), sizes, s.model(), s.encoder());

        TrainingHistory history = ulmfit.history();
        ClassifierResult result = new ClassifierResult(out.target(), counts, testCounts, classes, s.encoder(),
                numericalize.vocabSize(), truncated, s.maxLen(), validEval.majorityAccuracy(), history.epochs(),
                validEval, testEval, peers, history.samplesPerSecond(), history.totalTrainSeconds(),
                s.trainer().workers(), history.executors(), net.numParams());
        RunReport.writeMetrics(out, metrics(result, s, history, phases, unfreezing, spark.sparkContext().master()));
        RunReport.writeCurves(out, String.format(Locale.ROOT, "%s text classifier: validation accuracy %.3f "
                        + "(majority class %.3f)", lm == null ? "LSTM (no pretraining)" : "ULMFiT", validEval.accuracy(),
                validEval.majorityAccuracy()), history, Map.of("majority-class accuracy", validEval.majorityAccuracy()));
        encoded.unpersist();
        if (test != null) {
            test.unpersist();
            testRead.release();
        }
        read.release();
        return result;
    }

    /**
     * Tokenizes and numericalizes {@code docs}, adds the class index, caps the ids at the last {@code maxLen}
     * (flagging {@code truncated}); keeps the tokens when {@code keepTokens} (for the peers).
     */
    static Dataset<Row> encode(PipelineModel pipeline, Dataset<Row> docs, List<String> classes, int maxLen,
                               boolean keepTokens) {
        Dataset<Row> t = pipeline.transform(docs);
        Column ids = col(IDS);
        Column capped = when(size(ids).gt(maxLen), slice(ids, -maxLen, maxLen)).otherwise(ids);
        List<Column> cols = new ArrayList<>(List.of(col(LabelledTextReader.ID), col(LabelledTextReader.LABEL),
                col(LabelledTextReader.VALID),
                array_position(lit(classes.toArray(new String[0])), col(LabelledTextReader.LABEL)).minus(1).cast("int")
                        .as(LABEL_INDEX),
                capped.as(IDS), size(ids).gt(maxLen).as("truncated")));
        if (keepTokens) {
            cols.add(col(TOKENS));
        }
        return t.select(cols.toArray(new Column[0]));
    }

    private static Dataset<Row> predictions(ComputationGraph net, Dataset<Row> docs, List<String> classes,
                                            ClassifySettings s, String split) {
        return ClassifierPredictor.predict(net, docs.select(col(LabelledTextReader.ID), col(LabelledTextReader.LABEL),
                        col(LABEL_INDEX), col(IDS)), IDS, classes, s.trainer().batchSizePerWorker())
                .withColumn(SPLIT, lit(split)).persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** The training split's epochs and what the evaluator scores. */
    private record Data(JavaSparkContext jsc, Dataset<Row> train, Dataset<Row> valid, long trainDocs, int numClasses,
                        int vocabSize, ClassifySettings s) {
        ClassifierEpochs epochs() {
            return new ClassifierEpochs(train.select(col(IDS), col(LABEL_INDEX)), IDS, LABEL_INDEX, numClasses,
                    s.trainer().batchSizePerWorker(), s.trainer().workers(), s.trainer().seed());
        }

        /** Minibatches one worker fits per epoch: its documents in batches, plus a partial one per sorted chunk. */
        long minibatchesPerWorker() {
            long perWorker = (trainDocs + s.trainer().workers() - 1) / s.trainer().workers();
            int bs = s.trainer().batchSizePerWorker();
            return (perWorker + bs - 1) / bs + perWorker / ((long) ClassifierEpochs.DEFAULT_CHUNK_FACTOR * bs);
        }

        Dataset<Row> trainSample() {
            return s.trainLossSample() >= 1 ? train : train.sample(s.trainLossSample(), s.trainer().seed());
        }
    }

    /** A trained network and the records of all its epochs. */
    private record Trained(ComputationGraph net, TrainingHistory history) {
    }

    private static Trained train(Data data, LanguageModelSettings sizes, ClassifySettings s, GradualUnfreezing unfreezing,
                                 List<GradualUnfreezing.Phase> phases, ComputationGraph encoder,
                                 TrainingCheckpoints checkpoints) {
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < data.numClasses(); c++) {
            classes.add(String.valueOf(c));
        }
        EpochEvaluator evaluator = new EpochEvaluator() {
            @Override
            public double trainLoss(ComputationGraph n) {
                Dataset<Row> p = predictions(n, data.trainSample(), classes, s, "train");
                double loss = ClassifierEvaluation.of(p, LABEL_INDEX, data.numClasses()).loss();
                p.unpersist();
                return loss;
            }

            @Override
            public Map<String, Double> validate(ComputationGraph n) {
                Dataset<Row> p = predictions(n, data.valid(), classes, s, "valid");
                ClassifierEvaluation e = ClassifierEvaluation.of(p, LABEL_INDEX, data.numClasses());
                p.unpersist();
                Map<String, Double> m = new LinkedHashMap<>();
                m.put(VALID_LOSS, e.loss());
                m.put(VALID_ACCURACY, e.accuracy());
                return m;
            }
        };
        long perWorker = data.minibatchesPerWorker();
        PhasedTraining.Phases plan = new PhasedTraining.Phases() {
            @Override
            public int count() {
                return phases.size();
            }

            @Override
            public int epochs(int p) {
                return phases.get(p).epochs();
            }

            @Override
            public TrainerSettings trainer(int p) {
                return new TrainerSettings(s.trainer().workers(), s.trainer().batchSizePerWorker(),
                        s.trainer().averagingFrequency(), s.trainer().prefetchBatches(), phases.get(p).epochs(),
                        s.trainer().seed() + 1000L * p, s.trainer().collectStats());
            }

            @Override
            public ComputationGraph network(int p, ComputationGraph previous) {
                GradualUnfreezing.Phase phase = phases.get(p);
                ComputationGraph next = TextClassifier.create(data.vocabSize(), data.numClasses(), sizes, s.model(),
                        unfreezing.schedules(phase, perWorker * phase.epochs()), unfreezing.frozen(phase));
                if (previous != null) {
                    VocabularyTransfer.copyAll(previous, next);
                } else if (encoder != null) { // the first phase trained here (a resume overwrites it)
                    for (String layer : AwdLstm.encoderLayers(sizes.layers())) {
                        VocabularyTransfer.copyLayer(encoder, next, layer);
                    }
                }
                LOG.info("phase {}/{}: {} for {} epochs, one-cycle to max lr {} (each lower layer group / {}); "
                        + "frozen: {}", p + 1, phases.size(), phase.name(), phase.epochs(), phase.maxLr(),
                        s.lrRatio(), new TreeSet<>(unfreezing.frozen(phase)));
                ParameterAveragingTrainer.warnOfIncompleteRounds(perWorker, s.trainer().averagingFrequency());
                return next;
            }
        };
        PhasedTraining.Result r = PhasedTraining.fit(data.jsc(), plan, data.epochs(), evaluator, checkpoints,
                s.checkpoints().resume(), s.checkpoints().everyRounds());
        return new Trained(r.net(), r.history());
    }

    private static List<TextClassifierPeers.PeerResult> peers(Data data, LanguageModelSettings sizes, ClassifySettings s,
                                                              Dataset<Row> train, Dataset<Row> valid, Dataset<Row> test,
                                                              int numClasses) {
        List<TextClassifierPeers.PeerResult> peers = new ArrayList<>();
        LOG.info("peers: Spark MLlib TF-IDF + logistic regression");
        peers.add(TextClassifierPeers.tfidfLogisticRegression(train, valid, test, TOKENS, LABEL_INDEX, s.peers()));
        if (numClasses == 2) {
            LOG.info("peers: NB-SVM");
            peers.add(TextClassifierPeers.nbSvm(train, valid, test, TOKENS, LABEL_INDEX, s.peers()));
        } else {
            peers.add(new TextClassifierPeers.PeerResult("NB-SVM uni+bigrams (Wang & Manning 2012)", Double.NaN,
                    Double.NaN, 0, "skipped: NB-SVM is defined for two classes, got " + numClasses));
        }
        if (s.peers().lstm()) {
            int epochs = s.phaseEpochs().stream().mapToInt(Integer::intValue).sum();
            LOG.info("peers: the same LSTM classifier without pretraining, {} epochs, all layers, max lr {}", epochs,
                    s.peers().scratchMaxLr());
            GradualUnfreezing flat = new GradualUnfreezing(TextClassifier.layerGroups(sizes.layers()), 1.0);
            List<GradualUnfreezing.Phase> one = List.of(new GradualUnfreezing.Phase("all layers", epochs,
                    s.peers().scratchMaxLr(), sizes.layers() + 2));
            long t0 = System.nanoTime();
            Trained scratch = train(data, sizes, s, flat, one, null, null);
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<String> names = new ArrayList<>();
            for (int c = 0; c < numClasses; c++) {
                names.add(String.valueOf(c));
            }
            double validAcc = ClassifierEvaluation.of(predictions(scratch.net(), valid, names, s, "valid"), LABEL_INDEX,
                    numClasses).accuracy();
            double testAcc = test == null ? Double.NaN : ClassifierEvaluation.of(predictions(scratch.net(), test, names,
                    s, "test"), LABEL_INDEX, numClasses).accuracy();
            peers.add(new TextClassifierPeers.PeerResult("embark LSTM classifier without pretraining", validAcc, testAcc,
                    seconds, epochs + " epochs, all layers, one cycle to " + s.peers().scratchMaxLr()));
        }
        return peers;
    }

    private static Map<String, Object> metrics(ClassifierResult r, ClassifySettings s, TrainingHistory history,
                                               List<GradualUnfreezing.Phase> phases, GradualUnfreezing unfreezing,
                                               String master) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", "imdb");
        m.put("step", "classify");
        m.put("model", r.encoder().isEmpty() ? "LSTM text classifier (no pretraining)" : "ULMFiT text classifier");
        m.put("encoder", r.encoder());
        Map<String, Object> docs = new LinkedHashMap<>();
        docs.put("in", r.documents().in());
        docs.put("used", r.documents().train() + r.documents().valid());
        docs.put("rejected", r.documents().rejected());
        docs.put("train", r.documents().train());
        docs.put("valid", r.documents().valid());
        docs.put("truncated_to_max_len", r.truncated());
        m.put("documents", docs);
        if (r.testDocuments() != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("in", r.testDocuments().in());
            t.put("used", r.testDocuments().train() + r.testDocuments().valid());
            t.put("rejected", r.testDocuments().rejected());
            m.put("test_documents", t);
        }
        m.put("classes", r.classes());
        m.put("vocabulary", Map.of("size", r.vocabSize()));
        m.put("max_len", r.maxLen());
        m.put("baseline_majority_class", Map.of(VALID_ACCURACY, r.majorityAccuracy()));
        Map<String, Object> fin = new LinkedHashMap<>();
        fin.put(VALID_ACCURACY, r.valid().accuracy());
        fin.put(VALID_LOSS, r.valid().loss());
        fin.put("valid_confusion", r.confusionByName());
        if (r.test() != null) {
            fin.put("test_accuracy", r.test().accuracy());
            fin.put("test_loss", r.test().loss());
            fin.put("test_confusion", r.test().confusionByName(r.classes()));
        }
        m.put("final", fin);
        List<Map<String, Object>> ph = new ArrayList<>();
        for (GradualUnfreezing.Phase p : phases) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", p.name());
            one.put("epochs", p.epochs());
            one.put("peak_lr_by_layer", unfreezing.peakRates(p));
            one.put("frozen", new TreeSet<>(unfreezing.frozen(p)));
            ph.add(one);
        }
        m.put("phases", ph);
        m.put("epochs", RunReport.epochs(history));
        List<Map<String, Object>> peers = new ArrayList<>();
        for (TextClassifierPeers.PeerResult p : r.peers()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", p.name());
            one.put(VALID_ACCURACY, p.validAccuracy());
            one.put("test_accuracy", p.testAccuracy());
            one.put("fit_seconds", p.fitSeconds());
            one.put("note", p.note());
            peers.add(one);
        }
        m.put("peers", peers);
        Map<String, Object> training = RunReport.training(history, s.trainer(), r.parameters(), master);
        training.put("documents_per_second", history.samplesPerSecond());
        m.put("training", training);
        m.put("settings", s);
        return m;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
