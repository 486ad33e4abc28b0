package io.embark.jobs;

import com.typesafe.config.Config;
import io.embark.pipelines.rossmann.GeneratorSettings;
import io.embark.pipelines.rossmann.RossmannPeers;
import io.embark.pipelines.rossmann.RossmannSettings;
import io.embark.pipelines.rossmann.RossmannWorkflow;
import io.embark.pipelines.tabular.TabularPeer;
import io.embark.pipelines.tabular.TabularResult;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Rossmann job ({@code conf/rossmann.conf}): turns the configuration into {@link RossmannSettings}, runs the
 * configured steps of {@link RossmannWorkflow} ({@code generate}, {@code prepare}, {@code train}, {@code predict}:
 * scheduled pipelines can run them as separate tasks or together, with Parquet between them under {@code work})
 * and prints what each produced. Each output is committed atomically. Unless {@code overwrite=true}, a run is
 * refused (exit code 2) before any step starts when the output of one of its steps exists, so a retried task
 * changes nothing.
 */
public final class RossmannJob {
    private static final Logger LOG = LoggerFactory.getLogger(RossmannJob.class);

    private RossmannJob() {
    }

    /** Runs the configured steps in order; prints a summary to {@code out}. */
    public static void run(Config c, PrintStream out) {
        List<String> steps = c.getStringList("steps");
        if (steps.isEmpty() || !RossmannWorkflow.STEPS.containsAll(steps)) {
            throw JobFailure.badInput("steps must be a non-empty list of " + RossmannWorkflow.STEPS + ", got " + steps);
        }
        SparkSession spark = SparkSessions.create(c);
        try {
            RossmannSettings settings = settings(c, spark);
            RossmannWorkflow.refuseExistingOutputs(spark, settings, steps);
            for (String step : RossmannWorkflow.STEPS) {
                if (steps.contains(step)) {
                    long t0 = System.nanoTime();
                    LOG.info("rossmann: step {} starts", step);
                    switch (step) {
                        case "generate" -> print(RossmannWorkflow.generate(spark, settings), out);
                        case "prepare" -> print(RossmannWorkflow.prepare(spark, settings), out);
                        case "train" -> print(RossmannWorkflow.train(spark, settings), out);
                        default -> print(RossmannWorkflow.predict(spark, settings), out);
                    }
                    out.printf(Locale.ROOT, "  step %s done in %.1f s%n", step, (System.nanoTime() - t0) / 1e9);
                }
            }
        } finally {
            spark.stop();
        }
    }

    /** The workflow's settings from {@code conf/rossmann.conf}. */
    static RossmannSettings settings(Config c, SparkSession spark) {
        GeneratorSettings generator = GeneratorSettings.defaults(c.getLong("seed"))
                .withStoreMultiplier(c.getInt("generate.store-multiplier"))
                .withNoiseSigma(c.getDouble("generate.noise-sigma"));
        int partitions = c.getInt("generate.partitions");
        if (partitions > 0) {
            generator = generator.withPartitions(partitions);
        }
        RossmannSettings.Model model = new RossmannSettings.Model(c.getIntList("model.layers"),
                c.getDoubleList("model.ps"), c.getDouble("model.emb-drop"), c.getDouble("model.weight-decay"),
                c.getDouble("model.max-lr"), c.getLong("seed"));
        RossmannPeers.GbtSettings gbt = c.getBoolean("compare.enabled")
                ? new RossmannPeers.GbtSettings(c.getInt("compare.gbt-max-iter"), c.getInt("compare.gbt-max-depth"),
                        c.getDouble("compare.gbt-step-size"), c.getLong("seed"))
                : null;
        return new RossmannSettings(c.getString("data"), c.getString("work"), c.getIntList("stores"),
                c.getBoolean("overwrite"), generator, model, TrainerConfig.from(c, spark),
                c.getInt("training.eval-batch-size"), c.getLong("training.train-loss-sample-rows"), gbt,
                TrainerConfig.checkpoints(c));
    }

    private static void print(RossmannWorkflow.Generated g, PrintStream out) {
        out.printf(Locale.ROOT, "Rossmann generate: %,d rows -> %s (oracle exp-RMSPE on the last 6 weeks %.4f)%n",
                g.rows(), g.output(), g.oracleRmspe());
    }

    private static void print(RossmannWorkflow.Prepared p, PrintStream out) {
        out.printf(Locale.ROOT, "Rossmann prepare: %,d train rows (%,d closed days dropped, %,d kept), %,d test rows; "
                        + "validation from %s, y_range [%.3f, %.3f] -> %s%n", p.report().trainRows(),
                p.report().zeroSalesRows(), p.report().keptTrainRows(), p.report().testRows(),
                p.validationStart(), p.yRange()[0], p.yRange()[1], p.output());
    }

    private static void print(TabularResult r, PrintStream out) {
        out.printf(Locale.ROOT, "%nRossmann TabularModel: %,d training rows, %s workers, %.0f samples/s%n",
                r.rows().train(), r.training().workers(), r.training().samplesPerSecond());
        out.printf(Locale.ROOT, "  %-44s %14s%n", "model", "valid exp-RMSPE");
        Map<String, TabularPeer.Result> peers = r.peers();
        double oracle = peers.get("oracle").validMetric();
        out.printf(Locale.ROOT, "  %-44s %14.4f%n", "oracle (noise-free expected sales)", oracle);
        out.printf(Locale.ROOT, "  %-44s %14.4f  (%.2fx oracle)%n", "embark TabularModel", r.validMetric(),
                r.validMetric() / oracle);
        if (peers.containsKey("group_median")) {
            out.printf(Locale.ROOT, "  %-44s %14.4f%n", "median of Store x DayOfWeek x Promo",
                    peers.get("group_median").validMetric());
        }
        if (peers.containsKey("spark_gbt")) {
            TabularPeer.Result gbt = peers.get("spark_gbt");
            out.printf(Locale.ROOT, "  %-44s %14.4f  (fit %.0f s)%n", "Spark MLlib GBTRegressor", gbt.validMetric(),
                    gbt.fitSeconds());
        }
        out.println("  outputs: " + r.output() + "/{metrics.json, training-curves.png, predictions/, model/}");
    }

    private static void print(RossmannWorkflow.Predicted p, PrintStream out) {
        out.printf(Locale.ROOT, "Rossmann predict: %,d test rows (Id,Sales; closed stores 0) -> %s/csv%n", p.rows(),
                p.output());
    }
}
