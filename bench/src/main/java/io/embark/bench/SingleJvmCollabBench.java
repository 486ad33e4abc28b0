package io.embark.bench;

import io.embark.pipelines.collab.CollabModelSettings;
import io.embark.pipelines.collab.CollabTraining;
import io.embark.pipelines.collab.EmbeddingDotBias;
import io.embark.pipelines.collab.ParsedRatings;
import io.embark.pipelines.collab.RatingsFormat;
import io.embark.pipelines.collab.RatingsReader;
import io.embark.pipelines.data.MultiDataSetBatcher;
import io.embark.transformers.tabular.CategorifyModel;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.rand;

/**
 * The single-JVM reference for training throughput: the same EmbeddingDotBias, batch size and data as the
 * distributed job, fitted by plain {@code ComputationGraph.fit} in this JVM (run it with
 * {@code OMP_NUM_THREADS=1} for "one core"). As a benchmark of the single-machine baseline it brings the
 * encoded training batches into this JVM, which the distributed pipeline never does.
 *
 * <p>Usage: {@code SingleJvmCollabBench RATINGS [epochs] [batchSize]}; prints {@code samples_per_second=...}.
 */
@Command(name = "SingleJvmCollabBench", mixinStandardHelpOptions = true,
        description = "Single-JVM EmbeddingDotBias training throughput; prints samples_per_second=...")
public final class SingleJvmCollabBench implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RATINGS", description = "The ratings file (MovieLens CSV).")
    private String ratings;

    @Parameters(index = "1", arity = "0..1", paramLabel = "EPOCHS", defaultValue = "2",
            description = "Epochs to time (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Parameters(index = "2", arity = "0..1", paramLabel = "BATCH", defaultValue = "64",
            description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    private int batch;

    SingleJvmCollabBench() {
    }

    /** Runs the benchmark; see {@link BenchCommandLine} for the exit statuses. */
    public static void main(String[] args) {
        BenchCommandLine.run(new SingleJvmCollabBench(), args);
    }

    /** The epochs timed. */
    int epochs() {
        return epochs;
    }

    /** The minibatch size. */
    int batch() {
        return batch;
    }

    /** Measures and prints the throughput. */
    @Override
    public Integer call() {
        SparkSession spark = SparkSession.builder().master("local[1]").appName("single-jvm-bench")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            ParsedRatings parsed = new RatingsReader(0.5, 5.0).read(spark, ratings, RatingsFormat.AUTO);
            Dataset<Row>[] split = parsed.ratings().randomSplit(new double[] {0.9, 0.1}, 42);
            PipelineModel prep = CollabTraining.preprocessing().fit(split[0]);
            List<MultiDataSet> batches = new ArrayList<>();
            Iterator<MultiDataSet> it = MultiDataSetBatcher.batches(prep.transform(split[0]).orderBy(rand(42)),
                    CollabTraining.LAYOUT, batch).toLocalIterator();
            it.forEachRemaining(batches::add);
            long samples = batches.stream().mapToLong(b -> b.getFeatures(0).size(0)).sum();
            int[] cardinalities = ((CategorifyModel) prep.stages()[0]).cardinalities();
            int users = cardinalities[0];
            int items = cardinalities[1];
            ComputationGraph net = EmbeddingDotBias.create(users, items, CollabModelSettings.fastaiDefaults(),
                    (long) epochs * batches.size());
            for (int k = 0; k < Math.min(200, batches.size()); k++) {
                net.fit(batches.get(k)); // warm-up
            }
            long t0 = System.nanoTime();
            for (int e = 0; e < epochs; e++) {
                for (MultiDataSet b : batches) {
                    net.fit(b);
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "single-JVM fit: %d samples x %d epochs in %.1f s, batch %d%n",
                    samples, epochs, seconds, batch);
            System.out.printf(Locale.ROOT, "samples_per_second=%.0f%n", samples * epochs / seconds);
        } finally {
            spark.stop();
        }
        return 0;
    }
}
