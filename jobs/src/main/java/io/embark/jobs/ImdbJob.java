package io.embark.jobs;

import com.typesafe.config.Config;
import io.embark.pipelines.classify.ClassifierResult;
import io.embark.pipelines.classify.ClassifySettings;
import io.embark.pipelines.classify.LabelledTextFormat;
import io.embark.pipelines.classify.LabelledTextSettings;
import io.embark.pipelines.classify.PredictSettings;
import io.embark.pipelines.classify.TextClassifierPeers;
import io.embark.pipelines.classify.TextClassifierPrediction;
import io.embark.pipelines.classify.TextClassifierSettings;
import io.embark.pipelines.classify.TextClassifierTraining;
import io.embark.pipelines.lm.LanguageModelSettings;
import io.embark.pipelines.lm.TextSettings;
import io.embark.pipelines.train.TrainerSettings;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The IMDB job ({@code conf/imdb.conf}): ULMFiT's {@code pretrain} and {@code finetune} (as in
 * {@link LanguageModelJob}), {@code classify} and {@code predict}, each runnable alone. Turns the configuration into
 * {@link ClassifySettings} / {@link PredictSettings}, runs {@link TextClassifierTraining} /
 * {@link TextClassifierPrediction} and prints a summary per step.
 */
public final class ImdbJob {
    private static final List<String> STEPS = List.of("pretrain", "finetune", "classify", "predict");

    private ImdbJob() {
    }

    /** Runs the configured steps; prints a summary of each to {@code out}. */
    public static void run(Config c, PrintStream out) {
        List<String> steps = c.getStringList("steps");
        if (steps.isEmpty() || !STEPS.containsAll(steps)) {
            throw JobFailure.badInput("steps must be a non-empty list of " + STEPS + ", got " + steps);
        }
        // fail on bad settings and missing inputs before Spark starts
        for (String step : steps) {
            if (step.equals("pretrain") || step.equals("finetune")) {
                LanguageModelJob.requireCorpus(c, step);
            }
        }
        if (steps.get(0).equals("finetune")) {
            InputPaths.requireExists(c.getString("finetune.pretrained"), "finetune.pretrained");
        }
        if (steps.contains("classify")) {
            requirePaths(c, "input.paths");
            requirePaths(c, "test.paths");
            if (!steps.contains("finetune") && !c.getString("classify.encoder").isBlank()) {
                InputPaths.requireExists(c.getString("classify.encoder"), "classify.encoder");
            }
        }
        if (steps.contains("predict")) {
            requirePaths(c, "predict.paths");
            if (c.getStringList("predict.paths").isEmpty()) {
                throw JobFailure.badInput("predict.paths must list at least one path");
            }
            if (!steps.contains("classify")) {
                InputPaths.requireExists(c.getString("predict.classifier"), "predict.classifier");
            }
        }
        SparkSession spark = SparkSessions.create(c);
        try {
            for (String step : steps) {
                long t0 = System.nanoTime();
                switch (step) {
                    case "pretrain", "finetune" -> LanguageModelJob.runStep(c, step, spark, out);
                    case "classify" -> print(TextClassifierTraining.classify(spark, classify(c, spark)),
                            (System.nanoTime() - t0) / 1e9, out);
                    default -> print(TextClassifierPrediction.predict(spark, predict(c)), (System.nanoTime() - t0) / 1e9,
                            out);
                }
            }
        } finally {
            spark.stop();
        }
    }

    private static void requirePaths(Config c, String key) {
        for (String p : c.getStringList(key)) {
            InputPaths.requireExists(p, key);
        }
    }

    static ClassifySettings classify(Config c, SparkSession spark) {
        List<String> paths = c.getStringList("input.paths");
        if (paths.isEmpty()) {
            throw JobFailure.badInput("input.paths must list at least one path");
        }
        LabelledTextSettings input = new LabelledTextSettings(paths,
                LabelledTextFormat.parse(c.getString("input.format"), paths.get(0)), c.getString("input.text-col"),
                c.getString("input.label-col"), c.getString("input.id-col"), c.getString("input.valid-col"),
                c.getDouble("input.valid-fraction"), c.getInt("text.max-chars"));
        List<String> testPaths = c.getStringList("test.paths");
        LabelledTextSettings test = testPaths.isEmpty() ? null : new LabelledTextSettings(testPaths,
                LabelledTextFormat.parse(c.getString("test.format"), testPaths.get(0)), c.getString("test.text-col"),
                c.getString("test.label-col"), c.getString("test.id-col"), "", 0, c.getInt("text.max-chars"));
        String k = "classify.";
        TextClassifierSettings model = new TextClassifierSettings(c.getDouble(k + "embed-p"), c.getDouble(k + "input-p"),
                c.getDouble(k + "hidden-p"), c.getDouble(k + "weight-p"), c.getDouble(k + "output-p"),
                c.getDouble(k + "drop-mult"), c.getInt(k + "head-size"), c.getDouble(k + "head-p"), c.getDouble(k + "clip"),
                c.getDouble(k + "weight-decay"), c.getDouble("model.beta1"), c.getDouble("model.beta2"),
                c.getDouble("model.epsilon"), c.getLong("seed"));
        LanguageModelSettings sizes = new LanguageModelSettings(c.getInt("model.embedding"), c.getInt("model.hidden"),
                c.getInt("model.layers"), 0, 0, 0, 0, 0, 1, 0, 1e-3, 0, 0.9, 0.99, 1e-5, c.getLong("seed"));
        int workers = c.getInt("training.workers");
        if (workers < 0) {
            throw JobFailure.badInput("training.workers must be >= 0 (0 = default parallelism), got " + workers);
        }
        TrainerSettings trainer = new TrainerSettings(workers == 0 ? spark.sparkContext().defaultParallelism() : workers,
                c.getInt(k + "batch-size-per-worker"), c.getInt(k + "averaging-frequency"),
                c.getInt("training.prefetch-batches"), 1, c.getLong("seed"), c.getBoolean("training.collect-stats"));
        ClassifySettings.PeerSettings peers = new ClassifySettings.PeerSettings(c.getDouble(k + "peers.scratch-max-lr"),
                c.getInt(k + "peers.ngram-features"), c.getInt(k + "peers.min-doc-freq"), c.getDouble(k + "peers.reg-param"),
                c.getBoolean(k + "peers.lstm"));
        return new ClassifySettings(input, test, c.getStringList("classes"), c.getString(k + "encoder"),
                new TextSettings(c.getInt("text.min-freq"), c.getInt("text.max-vocab"), c.getInt("text.seq-len")), sizes,
                model, c.getInt(k + "max-len"), c.getIntList(k + "phase-epochs"), c.getDoubleList(k + "phase-max-lrs"),
                c.getDouble(k + "lr-ratio"), trainer, c.getBoolean(k + "compare"), peers,
                c.getDouble(k + "train-loss-sample"), c.getString(k + "output"), c.getBoolean("overwrite"),
                TrainerConfig.checkpoints(c, "classify"));
    }

    static PredictSettings predict(Config c) {
        List<String> paths = c.getStringList("predict.paths");
        LabelledTextSettings input = new LabelledTextSettings(paths, LabelledTextFormat.parse(
                c.getString("predict.format"), paths.get(0), LabelledTextFormat.FILES), c.getString("predict.text-col"),
                c.getString("predict.label-col"), c.getString("predict.id-col"), "", 0, c.getInt("text.max-chars"));
        return new PredictSettings(c.getString("predict.classifier"), input, c.getInt("predict.batch-size"),
                c.getLong("seed"), c.getString("predict.output"), c.getBoolean("overwrite"));
    }

    private static void print(ClassifierResult r, double seconds, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "IMDB classify: done in %.0f s%n", seconds);
        out.printf(Locale.ROOT, "  documents: %d in, %d train, %d valid, %d rejected; classes %s; vocabulary %d; "
                        + "%d longer than max-len %d%n", r.documents().in(), r.documents().train(), r.documents().valid(),
                r.documents().rejected(), r.classes(), r.vocabSize(), r.truncated(), r.maxLen());
        if (r.testDocuments() != null) {
            out.printf(Locale.ROOT, "  test documents: %d in, %d used, %d rejected%n", r.testDocuments().in(),
                    r.testDocuments().train() + r.testDocuments().valid(), r.testDocuments().rejected());
        }
        boolean test = r.test() != null;
        out.printf(Locale.ROOT, "  %-56s %10s%s %10s%n", "model", "valid acc", test ? "   test acc" : "", "fit s");
        out.printf(Locale.ROOT, "  %-56s %10.4f%s %10s%n", "majority class", r.majorityAccuracy(), test ? "           " : "",
                "-");
        String name = r.encoder().isEmpty() ? "embark LSTM classifier (no pretraining)" : "embark ULMFiT classifier";
        out.printf(Locale.ROOT, "  %-56s %10.4f%s %10.0f%n", name + ", " + r.epochs().size() + " epochs",
                r.valid().accuracy(), test ? String.format(Locale.ROOT, " %10.4f", r.test().accuracy()) : "",
                r.trainSeconds());
        for (TextClassifierPeers.PeerResult p : r.peers()) {
            out.printf(Locale.ROOT, "  %-56s %10.4f%s %10.0f%n", p.name(), p.validAccuracy(),
                    test ? String.format(Locale.ROOT, " %10.4f", p.testAccuracy()) : "", p.fitSeconds());
        }
        out.printf(Locale.ROOT, "  validation confusion (true -> predicted): %s%n", r.confusionByName());
        out.printf(Locale.ROOT, "  training: %.1f documents/s on %d workers, %.0f s, %,d parameters%n", r.docsPerSecond(),
                r.workers(), r.trainSeconds(), r.parameters());
        out.println("  outputs: " + new Path(r.output()).getName()
                + "/{metrics.json, training-curves.png, predictions/, rejects/, text-pipeline/, model/}");
    }

    private static void print(TextClassifierPrediction.Result r, double seconds, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "IMDB predict: done in %.0f s%n", seconds);
        out.printf(Locale.ROOT, "  documents: %d in, %d scored, %d rejected; predicted %s%n", r.documents().in(),
                r.documents().train() + r.documents().valid(), r.documents().rejected(), r.predicted());
        if (r.labelled() > 0) {
            out.printf(Locale.ROOT, "  accuracy on the %d labelled documents: %.4f%n", r.labelled(), r.accuracy());
        }
        out.println("  outputs: " + new Path(r.output()).getName() + "/{metrics.json, predictions/, rejects/}");
    }
}
