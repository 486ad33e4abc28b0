package io.embark.pipelines.lm;

import io.embark.pipelines.output.CurvePlot;
import io.embark.pipelines.output.RunDirectory;
import io.embark.pipelines.output.RunReport;
import io.embark.pipelines.text.LanguageModelEpochs;
import io.embark.pipelines.train.CheckpointSettings;
import io.embark.pipelines.train.EpochData;
import io.embark.pipelines.train.EpochEvaluator;
import io.embark.pipelines.train.EpochRecord;
import io.embark.pipelines.train.OneCycleSchedule;
import io.embark.pipelines.train.ParameterAveragingTrainer;
import io.embark.pipelines.train.PhasedTraining;
import io.embark.pipelines.train.TrainerSettings;
import io.embark.pipelines.train.TrainingCheckpoints;
import io.embark.pipelines.train.TrainingHistory;
import io.embark.transformers.text.Numericalize;
import io.embark.transformers.text.NumericalizeModel;
import io.embark.transformers.text.Tokenizer;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

/**
 * ULMFiT stages 1 and 2 on Spark: {@link #pretrain} trains an AWD-LSTM language model on a general corpus,
 * {@link #finetune} moves a pretrained one onto a target corpus's vocabulary and trains it there. Both read the
 * corpus ({@link CorpusReader}: unusable documents to {@code rejects/} with the reason), fit fastai's tokenizer and
 * {@link Numericalize} on the training documents only, train with parameter averaging from
 * {@link LanguageModelEpochs} windows built on the executors (nothing is collected to the driver), measure
 * held-out cross-entropy, perplexity and next-token accuracy on the executors after every epoch, and commit one
 * output directory:
 * <pre>
 * metrics.json              documents in/used/rejected, tokens, vocabulary, unigram baseline, per-epoch metrics,
 *                           final perplexity, throughput, settings, executors
 * training-curves.png       training and held-out perplexity per epoch on a log axis, the unigram model's dashed;
 *                           held-out next-token accuracy below
 * generated.txt             continuations of the configured prompts
 * rejects/                  unusable documents with the reason (Parquet)
 * text-pipeline/            the fitted Spark ML PipelineModel (Tokenizer, NumericalizeModel)
 * model/language-model.zip  the DL4J network with updater state; model/settings.json its settings
 * </pre>
 */
public final class LanguageModelTraining {
    private static final Logger LOG = LoggerFactory.getLogger(LanguageModelTraining.class);

    /** Held-out mean cross-entropy per token (nats). */
    public static final String VALID_LOSS = "valid_loss";
    /** Held-out perplexity. */
    public static final String VALID_PERPLEXITY = "valid_perplexity";
    /** Held-out next-token accuracy. */
    public static final String VALID_ACCURACY = "valid_accuracy";
    /** File of the generated continuations. */
    public static final String GENERATED_FILE = "generated.txt";
    static final String TOKENS = "tokens";
    static final String IDS = "ids";

    private LanguageModelTraining() {
    }

    /** The text pipeline: fastai's tokenizer on {@code text}, then Numericalize into {@code ids}. */
    public static Pipeline textPipeline(TextSettings text) {
        return new Pipeline().setStages(new PipelineStage[] {
            new Tokenizer().setInputCol(CorpusReader.TEXT).setOutputCol(TOKENS),
            new Numericalize().setInputCol(TOKENS).setOutputCol(IDS).setMinFreq(text.minFreq())
                    .setMaxVocab(text.maxVocab())
        });
    }

    /** Stage 1: pretrains a language model from scratch; see the class comment for the outputs. */
    public static LanguageModelResult pretrain(SparkSession spark, PretrainSettings s) {
        LanguageModelResult result = inRunDirectory(spark, s.output(), s.overwrite(), out -> {
            Prepared data = Prepared.of(spark, s.corpus(), s.text(), s.trainer(), s.trainLossSampleFraction(), out);
            int vocab = data.numericalize().vocabSize();
            List<Phase> phases = List.of(new Phase("all layers", s.trainer().epochs(), s.model().maxLr(), Set.of()));
            ComputationGraph net = AwdLstm.create(vocab, s.text().seqLen(), s.model(),
                    phases.get(0).schedule(data, s.trainer()), Set.of());
            AwdLstm.startAtUnigram(net, data.unigram().logProbabilities());
            TrainingCheckpoints checkpoints = checkpoints(spark, s.checkpoints(), s.output(),
                    fingerprint(data, s.model(), s.text(), s.trainer(), phases, ""));
            Trained trained = train(spark, data, s.model(), s.text().seqLen(), s.trainer(), phases, net, checkpoints,
                    s.checkpoints());
            return finish(spark, "pretrain", out, data, trained, s.model(), s.text().seqLen(), s.generation(),
                    Map.of(), Map.of("pretrain_settings", s));
        });
        discardCheckpoints(spark, s.checkpoints(), s.output());
        return result;
    }

    /** Stage 2: fine-tunes the language model of a pretrain run on a target corpus; the outputs as for pretraining. */
    public static LanguageModelResult finetune(SparkSession spark, FinetuneSettings s) {
        LanguageModelRun pretrained = LanguageModelRun.load(spark, s.pretrained());
        LanguageModelResult result = inRunDirectory(spark, s.output(), s.overwrite(), out -> {
            Prepared data = Prepared.of(spark, s.corpus(), s.text(), s.trainer(), s.trainLossSampleFraction(), out);
            LanguageModelSettings model = pretrained.settings().withDropMult(s.dropMult()).withMaxLr(s.maxLr());
            int seqLen = s.text().seqLen();
            Set<String> lstms = new HashSet<>(AwdLstm.encoderLayers(model.layers()));
            lstms.remove(AwdLstm.EMBEDDING);
            List<Phase> phases = new ArrayList<>();
            if (s.frozenEpochs() > 0) {
                phases.add(new Phase("LSTM layers frozen", s.frozenEpochs(), s.frozenMaxLr(), lstms));
            }
            phases.add(new Phase("all layers", s.trainer().epochs(), s.maxLr(), Set.of()));
            Phase first = phases.get(0);
            ComputationGraph net = AwdLstm.create(data.numericalize().vocabSize(), seqLen, model,
                    first.schedule(data, s.trainer()), first.frozen());
            int matched = VocabularyTransfer.transfer(pretrained.network(), pretrained.numericalize().itos(), net,
                    data.numericalize().itos());
            Map<String, Integer> transfer = new LinkedHashMap<>();
            transfer.put("matched", matched);
            transfer.put("new", data.numericalize().vocabSize() - matched);
            LOG.info("vocabulary transfer from {}: {} of {} tokens matched the pretrained vocabulary of {}, the "
                    + "others start at the mean embedding", s.pretrained(), matched, data.numericalize().vocabSize(),
                    pretrained.numericalize().vocabSize());
            TrainingCheckpoints checkpoints = checkpoints(spark, s.checkpoints(), s.output(),
                    fingerprint(data, model, s.text(), s.trainer(), phases, s.pretrained()));
            Trained trained = train(spark, data, model, seqLen, s.trainer(), phases, net, checkpoints, s.checkpoints());
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("pretrained", s.pretrained());
            extra.put("finetune_settings", s);
            return finish(spark, "finetune", out, data, trained, model, seqLen, s.generation(), transfer, extra);
        });
        discardCheckpoints(spark, s.checkpoints(), s.output());
        return result;
    }

    private static TrainingCheckpoints checkpoints(SparkSession spark, CheckpointSettings cs, String output,
                                                   Map<String, String> fingerprint) {
        return cs.enabled() ? TrainingCheckpoints.in(spark.sparkContext().hadoopConfiguration(),
                cs.directoryFor(output), cs.keep(), fingerprint) : null;
    }

    private static void discardCheckpoints(SparkSession spark, CheckpointSettings cs, String output) {
        if (cs.enabled()) {
            TrainingCheckpoints.discard(spark.sparkContext().hadoopConfiguration(), cs.directoryFor(output));
        }
    }

    /**
     * What a checkpoint of a language-model run is valid for: the vocabulary (size and a hash of its tokens, first:
     * a changed corpus or text setting is named as such), the documents and tokens, the model and text settings,
     * the trainer settings and the phase plan, and the pretrained run a fine-tuning starts from.
     */
    static Map<String, String> fingerprint(Prepared data, LanguageModelSettings model, TextSettings text,
                                           TrainerSettings trainer, List<Phase> phases, String pretrained) {
        Map<String, String> f = new LinkedHashMap<>();
        List<String> itos = data.numericalize().itos();
        f.put("vocabulary", itos.size() + " tokens, sha-256 " + TrainingCheckpoints.digest(String.join("\n", itos)));
        f.put("documents", "train=" + data.counts().train() + ", valid=" + data.counts().valid());
        f.put("tokens", "train=" + data.trainTokens() + ", valid=" + data.validTokens());
        f.put("model", model.toString());
        f.put("text", text.toString());
        f.put("trainer", trainer.toString());
        f.put("phases", phases.toString());
        if (!pretrained.isEmpty()) {
            f.put("pretrained", pretrained);
        }
        return f;
    }

    private static LanguageModelResult inRunDirectory(SparkSession spark, String output, boolean overwrite,
                                                      RunDirectory.Body<LanguageModelResult> body) {
        return RunDirectory.run(output, overwrite, spark.sparkContext().hadoopConfiguration(), body);
    }

    /** One training phase: epochs under one one-cycle schedule with some layers frozen. */
    record Phase(String name, int epochs, double maxLr, Set<String> frozen) {
        OneCycleSchedule schedule(Prepared data, TrainerSettings trainer) {
            long perEpoch = data.minibatchesPerWorker(trainer);
            return new OneCycleSchedule(maxLr, Math.max(1, perEpoch * epochs));
        }
    }

    /** A trained network and the records of all its epochs. */
    record Trained(ComputationGraph net, TrainingHistory history) {
    }

    private static Trained train(SparkSession spark, Prepared data, LanguageModelSettings model, int seqLen,
                                 TrainerSettings trainer, List<Phase> phases, ComputationGraph first,
                                 TrainingCheckpoints checkpoints, CheckpointSettings cs) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        EpochEvaluator evaluator = new EpochEvaluator() {
            @Override
            public double trainLoss(ComputationGraph n) {
                return LanguageModelScorer.score(jsc, n, data.trainSample()).loss();
            }

            @Override
            public Map<String, Double> validate(ComputationGraph n) {
                LanguageModelScorer.Score v = LanguageModelScorer.score(jsc, n, data.valid());
                Map<String, Double> m = new LinkedHashMap<>();
                m.put(VALID_LOSS, v.loss());
                m.put(VALID_PERPLEXITY, v.perplexity());
                m.put(VALID_ACCURACY, v.accuracy());
                return m;
            }
        };
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
                return new TrainerSettings(trainer.workers(), trainer.batchSizePerWorker(),
                        trainer.averagingFrequency(), trainer.prefetchBatches(), phases.get(p).epochs(),
                        trainer.seed() + 1000L * p, trainer.collectStats());
            }

            @Override
            public ComputationGraph network(int p, ComputationGraph previous) {
                Phase phase = phases.get(p);
                LOG.info("phase {}/{}: {} for {} epochs, one-cycle to max lr {}", p + 1, phases.size(), phase.name(),
                        phase.epochs(), phase.maxLr());
                ParameterAveragingTrainer.warnOfIncompleteRounds(data.minibatchesPerWorker(trainer),
                        trainer.averagingFrequency());
                if (p == 0) {
                    return first;
                }
                ComputationGraph next = AwdLstm.create(data.numericalize().vocabSize(), seqLen, model,
                        phase.schedule(data, trainer), phase.frozen());
                VocabularyTransfer.copyAll(previous == null ? first : previous, next); // a resume overwrites it
                return next;
            }
        };
        PhasedTraining.Result r = PhasedTraining.fit(jsc, plan, data.epochs(), evaluator, checkpoints, cs.resume(),
                cs.everyRounds());
        return new Trained(r.net(), r.history());
    }

    private static LanguageModelResult finish(SparkSession spark, String step, RunDirectory out, Prepared data,
                                              Trained trained, LanguageModelSettings model, int seqLen,
                                              GenerationSettings generation, Map<String, Integer> transfer,
                                              Map<String, Object> extra) {
        ComputationGraph net = trained.net();
        TrainingHistory history = trained.history();
        List<String> generated = generate(net, data.numericalize(), generation);
        writeText(out, GENERATED_FILE, String.join("\n\n", generated) + "\n");
        LanguageModelRun.save(out, net, data.pipeline(), model, seqLen);

        LanguageModelResult result = new LanguageModelResult(step, out.target(), data.counts(),
                data.numericalize().vocabSize(), data.trainTokens(), data.validTokens(), data.unigramPerplexity(),
                history.epochs(), history.last().metrics(), history.samplesPerSecond(), history.totalTrainSeconds(),
                data.workers(), history.executors(), net.numParams(), generated, transfer);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("workload", "lm");
        metrics.put("step", step);
        metrics.put("model", "AWD-LSTM language model");
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("in", data.counts().in());
        rows.put("used", data.counts().train() + data.counts().valid());
        rows.put("blank_lines", data.counts().blank());
        rows.put("rejected", data.counts().rejected());
        rows.put("train", data.counts().train());
        rows.put("valid", data.counts().valid());
        metrics.put("documents", rows);
        metrics.put("tokens", Map.of("train", data.trainTokens(), "valid", data.validTokens()));
        metrics.put("vocabulary", Map.of("size", data.numericalize().vocabSize()));
        if (!transfer.isEmpty()) {
            metrics.put("vocabulary_transfer", transfer);
        }
        metrics.put("baseline_unigram", Map.of(VALID_PERPLEXITY, data.unigramPerplexity(),
                VALID_LOSS, Math.log(data.unigramPerplexity())));
        metrics.put("final", history.last().metrics());
        metrics.put("epochs", RunReport.epochs(history));
        Map<String, Object> training = RunReport.training(history, data.trainerSettings(), net.numParams(),
                spark.sparkContext().master());
        training.put("tokens_per_second", history.samplesPerSecond());
        training.put("seq_len", seqLen);
        metrics.put("training", training);
        metrics.put("model_settings", model);
        metrics.put("generated", generated);
        metrics.putAll(extra);
        RunReport.writeMetrics(out, metrics);
        writeCurves(out, step, history, data.unigramPerplexity());
        data.release();
        return result;
    }

    private static List<String> generate(ComputationGraph net, NumericalizeModel numericalize, GenerationSettings g) {
        List<String> out = new ArrayList<>();
        if (g.prompts().isEmpty() || g.tokens() == 0) {
            return out;
        }
        TextGenerator generator = new TextGenerator(net, numericalize);
        for (int i = 0; i < g.prompts().size(); i++) {
            String text = generator.continuation(g.prompts().get(i), g.tokens(), g.temperature(), g.seed() + i);
            LOG.info("generated: {}", text);
            out.add(text);
        }
        return out;
    }

    /**
     * Perplexity per epoch on a log axis (training perplexity = exp of the training loss, held-out perplexity, the
     * unigram model's dashed) above held-out next-token accuracy.
     */
    private static void writeCurves(RunDirectory out, String step, TrainingHistory history, double unigram) {
        List<EpochRecord> epochs = history.epochs();
        EpochRecord last = history.last();
        double[] x = epochs.stream().mapToDouble(EpochRecord::epoch).toArray();
        CurvePlot plot = new CurvePlot(String.format(Locale.ROOT, "AWD-LSTM language model (%s): held-out perplexity "
                + "%.1f (unigram %.1f)", step, last.metrics().get(VALID_PERPLEXITY), unigram), "epoch");
        plot.panel("perplexity (log scale)").logScale()
                .series("train_perplexity", x, epochs.stream().mapToDouble(e -> Math.exp(e.trainLoss())).toArray())
                .series(VALID_PERPLEXITY, x, metric(epochs, VALID_PERPLEXITY))
                .reference("unigram perplexity", unigram);
        plot.panel("next-token accuracy").series(VALID_ACCURACY, x, metric(epochs, VALID_ACCURACY));
        RunReport.writeCurves(out, plot);
    }

    private static double[] metric(List<EpochRecord> epochs, String name) {
        return epochs.stream().mapToDouble(e -> e.metrics().getOrDefault(name, Double.NaN)).toArray();
    }

    private static void writeText(RunDirectory out, String name, String text) {
        try (FSDataOutputStream s = out.fileSystem().create(new Path(out.path(name)), true)) {
            s.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The corpus read, encoded and counted; the windows of each split. */
    static final class Prepared {
        private final CorpusReader.Corpus corpus;
        private final CorpusReader.Counts counts;
        private final PipelineModel pipeline;
        private final Dataset<Row> trainIds;
        private final Dataset<Row> validIds;
        private final Dataset<Row> trainSampleIds;
        private final long trainTokens;
        private final long validTokens;
        private final UnigramBaseline unigram;
        private final double unigramPerplexity;
        private final TrainerSettings trainer;
        private final int seqLen;

        private Prepared(CorpusReader.Corpus corpus, CorpusReader.Counts counts, PipelineModel pipeline,
                         Dataset<Row> trainIds, Dataset<Row> validIds, Dataset<Row> trainSampleIds, long trainTokens,
                         long validTokens, UnigramBaseline unigram, double unigramPerplexity, TrainerSettings trainer,
                         int seqLen) {
            this.corpus = corpus;
            this.counts = counts;
            this.pipeline = pipeline;
            this.trainIds = trainIds;
            this.validIds = validIds;
            this.trainSampleIds = trainSampleIds;
            this.trainTokens = trainTokens;
            this.validTokens = validTokens;
            this.unigram = unigram;
            this.unigramPerplexity = unigramPerplexity;
            this.trainer = trainer;
            this.seqLen = seqLen;
        }

        static Prepared of(SparkSession spark, CorpusSettings c, TextSettings text, TrainerSettings trainer,
                           double trainLossSample, RunDirectory out) {
            CorpusReader.Corpus corpus = c.reader(trainer.seed()).read(spark, c.paths(), c.format());
            corpus.rejects().write().parquet(out.path("rejects"));
            CorpusReader.Counts counts = corpus.counts();
            LOG.info("read {}: {} documents, {} training, {} held out, {} blank lines, {} rejected (see rejects/)",
                    c.paths(), counts.in(), counts.train(), counts.valid(), counts.blank(), counts.rejected());
            if (counts.train() == 0) {
                throw new IllegalArgumentException("the corpus " + c.paths() + " has no usable training document ("
                        + counts.in() + " read, " + counts.blank() + " blank, " + counts.rejected() + " rejected; see rejects/ for the "
                        + "reasons)");
            }
            if (counts.valid() == 0) {
                throw new IllegalArgumentException("the held-out part of " + c.paths() + " is empty: raise "
                        + "valid-fraction or check the valid column");
            }
            Dataset<Row> docs = corpus.documents();
            Dataset<Row> train = docs.where(org.apache.spark.sql.functions.not(col(CorpusReader.VALID)));
            Dataset<Row> valid = docs.where(col(CorpusReader.VALID));
            // the training documents are tokenized once: for the vocabulary and for their ids
            PipelineStage[] stages = textPipeline(text).getStages();
            Tokenizer tokenizer = (Tokenizer) stages[0];
            Dataset<Row> tokenized = tokenizer.transform(train).select(TOKENS).persist(StorageLevel.MEMORY_AND_DISK());
            NumericalizeModel numericalize = ((Numericalize) stages[1]).fit(tokenized);
            // a pipeline of fitted stages only: fitting it just collects them, without a pass over the data
            PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {tokenizer, numericalize}).fit(train);
            Dataset<Row> trainIds = numericalize.transform(tokenized).select(IDS).persist(StorageLevel.MEMORY_AND_DISK());
            Dataset<Row> validIds = pipeline.transform(valid).select(IDS).persist(StorageLevel.MEMORY_AND_DISK());
            long trainTokens = tokens(trainIds);
            tokenized.unpersist();
            long validTokens = tokens(validIds);
            UnigramBaseline baseline = UnigramBaseline.fit(trainIds, IDS, numericalize.vocabSize());
            double unigram = baseline.perplexity(validIds, IDS);
            LOG.info("vocabulary {} tokens (min-freq {}, max-vocab {}); {} training and {} held-out tokens; unigram "
                    + "held-out perplexity {}", numericalize.vocabSize(), text.minFreq(), text.maxVocab(), trainTokens,
                    validTokens, String.format(Locale.ROOT, "%.1f", unigram));
            Dataset<Row> sample = trainLossSample >= 1 ? trainIds
                    : trainIds.sample(trainLossSample, trainer.seed()).persist(StorageLevel.MEMORY_AND_DISK());
            return new Prepared(corpus, counts, pipeline, trainIds, validIds, sample, trainTokens, validTokens,
                    baseline, unigram, trainer, text.seqLen());
        }

        private static long tokens(Dataset<Row> ids) {
            Row r = ids.agg(sum(size(col(IDS)))).first();
            return r.isNullAt(0) ? 0 : r.getLong(0);
        }

        PipelineModel pipeline() {
            return pipeline;
        }

        NumericalizeModel numericalize() {
            return (NumericalizeModel) pipeline.stages()[1];
        }

        CorpusReader.Counts counts() {
            return counts;
        }

        long trainTokens() {
            return trainTokens;
        }

        long validTokens() {
            return validTokens;
        }

        UnigramBaseline unigram() {
            return unigram;
        }

        double unigramPerplexity() {
            return unigramPerplexity;
        }

        int workers() {
            return trainer.workers();
        }

        TrainerSettings trainerSettings() {
            return trainer;
        }

        /** Optimiser steps one worker takes per epoch (one per window minibatch of its partition). */
        long minibatchesPerWorker(TrainerSettings t) {
            long perMinibatch = (long) t.workers() * t.batchSizePerWorker() * seqLen;
            return (trainTokens + perMinibatch - 1) / perMinibatch + 1;
        }

        /** Training windows, one partition per worker, reshuffled every epoch; rows counted in tokens. */
        EpochData epochs() {
            LanguageModelEpochs lm = new LanguageModelEpochs(trainIds, IDS, trainer.batchSizePerWorker(), seqLen,
                    trainer.workers(), trainer.seed());
            return new EpochData() {
                @Override
                public JavaRDD<MultiDataSet> forEpoch(int epoch) {
                    return lm.forEpoch(epoch);
                }

                @Override
                public long rows() {
                    return trainTokens;
                }

                @Override
                public String unit() {
                    return "tokens";
                }
            };
        }

        LanguageModelEpochs valid() {
            return new LanguageModelEpochs(validIds, IDS, trainer.batchSizePerWorker(), seqLen, trainer.workers(),
                    trainer.seed());
        }

        LanguageModelEpochs trainSample() {
            return new LanguageModelEpochs(trainSampleIds, IDS, trainer.batchSizePerWorker(), seqLen,
                    trainer.workers(), trainer.seed());
        }

        void release() {
            trainIds.unpersist();
            validIds.unpersist();
            trainSampleIds.unpersist();
            corpus.release();
        }
    }
}
