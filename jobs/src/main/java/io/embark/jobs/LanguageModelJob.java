package io.embark.jobs;

import com.typesafe.config.Config;
import io.embark.pipelines.lm.CorpusFormat;
import io.embark.pipelines.lm.CorpusSettings;
import io.embark.pipelines.lm.FinetuneSettings;
import io.embark.pipelines.lm.GenerationSettings;
import io.embark.pipelines.lm.LanguageModelResult;
import io.embark.pipelines.lm.LanguageModelSettings;
import io.embark.pipelines.lm.LanguageModelTraining;
import io.embark.pipelines.lm.PretrainSettings;
import io.embark.pipelines.lm.TextSettings;
import io.embark.pipelines.train.TrainerSettings;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The language-model job ({@code conf/lm.conf}): ULMFiT's {@code pretrain} and {@code finetune} steps, each runnable
 * alone. Turns the configuration into {@link PretrainSettings} / {@link FinetuneSettings}, runs
 * {@link LanguageModelTraining} and prints a summary per step.
 */
public final class LanguageModelJob {
    private static final List<String> STEPS = List.of("pretrain", "finetune");

    private LanguageModelJob() {
    }

    /** Runs the configured steps; prints a summary of each to {@code out}. */
    public static void run(Config c, PrintStream out) {
        List<String> steps = c.getStringList("steps");
        if (steps.isEmpty() || !STEPS.containsAll(steps)) {
            throw JobFailure.badInput("steps must be a non-empty list of " + STEPS + ", got " + steps);
        }
        // fail on bad settings and missing inputs before Spark starts
        for (String step : steps) {
            requireCorpus(c, step);
        }
        if (steps.equals(List.of("finetune"))) {
            InputPaths.requireExists(c.getString("finetune.pretrained"), "finetune.pretrained");
        }
        SparkSession spark = SparkSessions.create(c);
        try {
            for (String step : steps) {
                runStep(c, step, spark, out);
            }
        } finally {
            spark.stop();
        }
    }

    /** Runs the {@code pretrain} or {@code finetune} step of {@code c} and prints its summary. */
    static void runStep(Config c, String step, SparkSession spark, PrintStream out) {
        long t0 = System.nanoTime();
        LanguageModelResult r = step.equals("pretrain")
                ? LanguageModelTraining.pretrain(spark, pretrain(c, TrainerConfig.from(c, spark, "pretrain.epochs")))
                : LanguageModelTraining.finetune(spark, finetune(c, TrainerConfig.from(c, spark, "finetune.epochs")));
        print(r, (System.nanoTime() - t0) / 1e9, out);
    }

    /** Fails before Spark starts when a corpus of {@code step} is missing. */
    static void requireCorpus(Config c, String step) {
        for (String p : c.getStringList(step + ".corpus")) {
            InputPaths.requireExists(p, step + ".corpus");
        }
    }

    static PretrainSettings pretrain(Config c, TrainerSettings trainer) {
        LanguageModelSettings model = model(c).withDropMult(c.getDouble("pretrain.drop-mult"))
                .withMaxLr(c.getDouble("pretrain.max-lr"));
        return new PretrainSettings(corpus(c, "pretrain"), text(c), model, trainer, generation(c),
                c.getString("pretrain.output"), c.getBoolean("overwrite"), c.getDouble("training.train-loss-sample"),
                TrainerConfig.checkpoints(c, "pretrain"));
    }

    static FinetuneSettings finetune(Config c, TrainerSettings trainer) {
        return new FinetuneSettings(c.getString("finetune.pretrained"), corpus(c, "finetune"), text(c),
                c.getDouble("finetune.drop-mult"), c.getInt("finetune.frozen-epochs"),
                c.getDouble("finetune.frozen-max-lr"), c.getDouble("finetune.max-lr"), trainer, generation(c),
                c.getString("finetune.output"), c.getBoolean("overwrite"), c.getDouble("training.train-loss-sample"),
                TrainerConfig.checkpoints(c, "finetune"));
    }

    private static CorpusSettings corpus(Config c, String step) {
        List<String> paths = c.getStringList(step + ".corpus");
        if (paths.isEmpty()) {
            throw JobFailure.badInput(step + ".corpus must list at least one path");
        }
        return new CorpusSettings(paths, CorpusFormat.parse(c.getString(step + ".format"), paths.get(0)),
                c.getString(step + ".text-col"), c.getString(step + ".valid-col"), c.getDouble(step + ".valid-fraction"),
                c.getInt("text.max-chars"));
    }

    private static TextSettings text(Config c) {
        return new TextSettings(c.getInt("text.min-freq"), c.getInt("text.max-vocab"), c.getInt("text.seq-len"));
    }

    private static LanguageModelSettings model(Config c) {
        return new LanguageModelSettings(c.getInt("model.embedding"), c.getInt("model.hidden"), c.getInt("model.layers"),
                c.getDouble("model.embed-p"), c.getDouble("model.input-p"), c.getDouble("model.hidden-p"),
                c.getDouble("model.weight-p"), c.getDouble("model.output-p"), 1.0, c.getDouble("model.clip"),
                c.getDouble("pretrain.max-lr"), c.getDouble("model.weight-decay"), c.getDouble("model.beta1"),
                c.getDouble("model.beta2"), c.getDouble("model.epsilon"), c.getLong("seed"));
    }

    private static GenerationSettings generation(Config c) {
        return new GenerationSettings(c.getStringList("generate.prompts"), c.getInt("generate.tokens"),
                c.getDouble("generate.temperature"), c.getLong("seed"));
    }

    private static void print(LanguageModelResult r, double seconds, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "Language model %s: done in %.0f s%n", r.step(), seconds);
        out.printf(Locale.ROOT, "  documents: %d in, %d train, %d held out, %d blank lines, %d rejected; vocabulary %d%n",
                r.documents().in(), r.documents().train(), r.documents().valid(), r.documents().blank(),
                r.documents().rejected(), r.vocabSize());
        if (!r.transfer().isEmpty()) {
            out.printf(Locale.ROOT, "  vocabulary transfer: %d tokens from the pretrained model, %d new (mean embedding)%n",
                    r.transfer().get("matched"), r.transfer().get("new"));
        }
        out.printf(Locale.ROOT, "  %-36s %12s %10s%n", "model", "perplexity", "accuracy");
        out.printf(Locale.ROOT, "  %-36s %12.1f %10s%n", "unigram (training frequencies)", r.unigramPerplexity(), "-");
        out.printf(Locale.ROOT, "  %-36s %12.1f %10.3f%n", "embark AWD-LSTM, " + r.epochs().size() + " epochs",
                r.validPerplexity(), r.finalMetrics().get(LanguageModelTraining.VALID_ACCURACY));
        out.printf(Locale.ROOT, "  training: %,d tokens, %.0f tokens/s on %d workers, %.0f s, %,d parameters%n",
                r.trainTokens(), r.tokensPerSecond(), r.workers(), r.trainSeconds(), r.parameters());
        for (String g : r.generated()) {
            out.println("  generated: " + g);
        }
        out.println("  outputs: " + new Path(r.output()).getName()
                + "/{metrics.json, training-curves.png, generated.txt, rejects/, text-pipeline/, model/}");
    }
}
