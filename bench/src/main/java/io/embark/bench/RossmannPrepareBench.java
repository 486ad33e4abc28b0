package io.embark.bench;

import com.typesafe.config.Config;
import io.embark.jobs.JobConfig;
import io.embark.jobs.RossmannJob;
import io.embark.pipelines.rossmann.RossmannGenerator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Benchmark of the Rossmann job's {@code prepare} step (the recipe's joins, competition and Promo2 features, date
 * parts, elapsed events per store over train and test, then FillMissing + Categorify + Normalize fitted on the
 * training weeks, and train/valid/test written as Parquet) at several generated table sizes, against the I/O floor
 * of the same table: a bare Parquet read and write of the generated rows in this JVM.
 *
 * <p>Usage: {@code RossmannPrepareBench WORK_DIR DATA_DIR MULTIPLIER[,MULTIPLIER...]}; multiplier 1 is the 1,115 real
 * stores (1.05M rows), 10 gives 10.5M rows. The generated tables are kept under {@code WORK_DIR/xM/generated} and
 * reused; prepare always overwrites its output. Prints a table (rows/s, seconds, ratio to the floor).
 */
@Command(name = "RossmannPrepareBench", mixinStandardHelpOptions = true,
        description = "Times the Rossmann prepare step against a bare Parquet read + write of the generated rows.")
public final class RossmannPrepareBench implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORK_DIR", description = "Where the generated tables are kept and reused.")
    private Path work;

    @Parameters(index = "1", paramLabel = "DATA_DIR", description = "The Rossmann data directory (data/rossmann).")
    private String data;

    @Parameters(index = "2", arity = "1", paramLabel = "MULTIPLIER", split = "\\s*,\\s*", splitSynopsisLabel = ",",
            description = "Store multipliers, comma-separated (1 = the 1,115 stores, 1.05M rows).")
    private List<Integer> multipliers;

    RossmannPrepareBench() {
    }

    /** Runs the benchmark; see {@link BenchCommandLine} for the exit statuses. */
    public static void main(String[] args) {
        BenchCommandLine.run(new RossmannPrepareBench(), args);
    }

    /** The work directory. */
    Path work() {
        return work;
    }

    /** The store multipliers, in order. */
    List<Integer> multipliers() {
        return multipliers;
    }

    /** Measures and prints the table. */
    @Override
    public Integer call() throws Exception {
        for (int m : multipliers) {
            if (m < 1) {
                throw new ParameterException(spec.commandLine(), "store multiplier must be at least 1, not " + m);
            }
        }
        List<String> table = new ArrayList<>();
        for (int m : multipliers) {
            Path dir = work.resolve(m + "x");
            if (!Files.isDirectory(dir.resolve("generated"))) {
                long t0 = System.nanoTime();
                RossmannJob.run(config(dir, data, "generate", m), System.out);
                System.out.printf(Locale.ROOT, "generated %dx in %.1f s -> %s%n", m, seconds(t0), dir);
            }
            long rows = 0;
            double floor;
            SparkSession spark = SparkSession.builder().master(System.getProperty("spark.master", "local[*]"))
                    .appName("embark-rossmann-prepare-bench").config("spark.ui.enabled", "false").getOrCreate();
            try {
                Dataset<Row> generated = spark.read().parquet(RossmannGenerator.dataPath(dir.resolve("generated")
                        .toString()));
                rows = generated.count();
                long t0 = System.nanoTime();
                spark.read().parquet(RossmannGenerator.dataPath(dir.resolve("generated").toString()))
                        .write().mode(SaveMode.Overwrite).parquet(dir.resolve("io-floor").toString());
                floor = seconds(t0);
            } finally {
                spark.stop();
            }
            long t0 = System.nanoTime();
            RossmannJob.run(config(dir, data, "prepare", m), System.out);
            double prepare = seconds(t0);
            table.add(String.format(Locale.ROOT, "| %,d | %d | Parquet read + write (I/O floor) | %.1f | %,.0f | 1.00x |",
                    rows, m, floor, rows / floor));
            table.add(String.format(Locale.ROOT, "| %,d | %d | embark prepare (features + preparation fit + 3 writes) "
                    + "| %.1f | %,.0f | %.2fx |", rows, m, prepare, rows / prepare, floor / prepare));
        }
        System.out.printf(Locale.ROOT, "%nspark local, %d cores, driver max heap %d MB%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("| generated rows | store multiplier | step | s | rows/s | vs I/O floor |");
        System.out.println("|---:|---:|---|---:|---:|---:|");
        table.forEach(System.out::println);
        return 0;
    }

    private static Config config(Path dir, String data, String step, int multiplier) {
        return JobConfig.parse("rossmann", List.of("work=" + dir, "data=" + data, "steps=[" + step + "]",
                "overwrite=" + step.equals("prepare"), "generate.store-multiplier=" + multiplier)).config();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
