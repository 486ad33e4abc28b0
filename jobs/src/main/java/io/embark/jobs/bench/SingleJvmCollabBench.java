package io.embark.jobs.bench;

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

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.rand;

/**
 * The single-JVM reference for training throughput: the same EmbeddingDotBias, batch size and data as the
 * distributed job, fitted by plain {@code ComputationGraph.fit} in this JVM (run it with
 * {@code OMP_NUM_THREADS=1} for "one core"). As a benchmark of the single-machine baseline it brings the
 * encoded training batches into this JVM, which the distributed pipeline never does.
 *
 * <p>Usage: {@code SingleJvmCollabBench RATINGS [epochs] [batchSize]}; prints {@code samples_per_second=...}.
 */
public final class SingleJvmCollabBench {
    private SingleJvmCollabBench() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) {
        String ratings = args[0];
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 64;
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
    }
}
