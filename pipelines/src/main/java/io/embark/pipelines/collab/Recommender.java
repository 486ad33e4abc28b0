package io.embark.pipelines.collab;

import io.embark.pipelines.output.SavedPipeline;
import io.embark.pipelines.output.ModelFile;
import io.embark.transformers.tabular.CategorifyModel;
import io.embark.transformers.tabular.Vocabulary;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;

/**
 * Top-N recommendations from a trained MovieLens run: for every user known to the model, the {@code topN}
 * items with the highest predicted rating among those the user has not rated. The item factors and biases are
 * broadcast as plain arrays (as Spark's ALS does for {@code recommendForAllUsers}); users are scored in
 * parallel on the executors with a bounded heap per user. Output columns: {@code userId, rank, movieId,
 * predicted_rating} (+ {@code title} when a movies table is given).
 */
public final class Recommender {
    /** Output: rank of the recommendation, 1 = best. */
    public static final String RANK = "rank";
    /** Output: the predicted rating. */
    public static final String PREDICTED = "predicted_rating";

    private final PipelineModel preprocessing;
    private final EmbeddingDotBias.Factors factors;

    private Recommender(PipelineModel preprocessing, EmbeddingDotBias.Factors factors) {
        this.preprocessing = preprocessing;
        this.factors = factors;
    }

    /** Loads the preprocessing and network written by a {@link CollabTraining} run under {@code runDir}. */
    public static Recommender load(SparkSession spark, String runDir) {
        Path model = new Path(runDir, CollabTraining.MODEL_FILE);
        try {
            FileSystem fs = model.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(model)) {
                throw new IllegalArgumentException("no trained model at " + model + "; run the train mode first");
            }
            ComputationGraph net = ModelFile.read(fs, model, false);
            PipelineModel prep = SavedPipeline.load(spark, new Path(runDir, CollabTraining.PREPROCESSING_DIR).toString(),
                    "the preprocessing");
            return new Recommender(prep, EmbeddingDotBias.factors(net));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The predicted rating of {@code movieId} by {@code userId} (raw ids), as the network computes it. */
    public double predict(long userId, long movieId) {
        CategorifyModel c = categorify();
        int u = c.vocabulary(RatingsReader.USER).index().getOrDefault(Long.toString(userId), 0);
        int i = c.vocabulary(RatingsReader.ITEM).index().getOrDefault(Long.toString(movieId), 0);
        return factors.score(u, i);
    }

    /**
     * Recommendations for the users in {@code ratings} ({@code userId, movieId, rating}); items each user
     * rated there are excluded. {@code movies} ({@code movieId, title}) may be null.
     */
    public Dataset<Row> recommend(Dataset<Row> ratings, int topN, Dataset<Row> movies) {
        if (topN < 1) {
            throw new IllegalArgumentException("top-n must be >= 1, got " + topN);
        }
        SparkSession spark = ratings.sparkSession();
        CategorifyModel categorify = categorify();
        Vocabulary items = categorify.vocabulary(RatingsReader.ITEM);
        long[] itemIds = new long[items.size()];
        for (int i = 1; i < items.size(); i++) {
            itemIds[i] = Long.parseLong(items.label(i));
        }
        Dataset<Row> seen = preprocessing.transform(ratings.select(RatingsReader.USER, RatingsReader.ITEM))
                .where(col(CollabTraining.USER_INDEX).gt(0))
                .groupBy(RatingsReader.USER, CollabTraining.USER_INDEX)
                .agg(collect_set(col(CollabTraining.ITEM_INDEX)).as("seen"));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<EmbeddingDotBias.Factors> model = jsc.broadcast(factors);
        Broadcast<long[]> ids = jsc.broadcast(itemIds);
        StructType schema = new StructType()
                .add(RatingsReader.USER, DataTypes.LongType, false)
                .add(RANK, DataTypes.IntegerType, false)
                .add(RatingsReader.ITEM, DataTypes.LongType, false)
                .add(PREDICTED, DataTypes.DoubleType, false);
        Dataset<Row> recs = spark.createDataFrame(seen.javaRDD().mapPartitions(new TopN(model, ids, topN)), schema);
        if (movies != null) {
            recs = recs.join(movies.select(col(RatingsReader.ITEM).cast("long").as(RatingsReader.ITEM), col("title")),
                    RatingsReader.ITEM, "left").select(RatingsReader.USER, RANK, RatingsReader.ITEM, PREDICTED, "title");
        }
        return recs;
    }

    private CategorifyModel categorify() {
        return Arrays.stream(preprocessing.stages()).filter(CategorifyModel.class::isInstance)
                .map(CategorifyModel.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("the preprocessing has no Categorify stage"));
    }

    /** Scores every unseen item for each user of the partition and keeps the best {@code n}. */
    private static final class TopN implements FlatMapFunction<Iterator<Row>, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<EmbeddingDotBias.Factors> model;
        private final Broadcast<long[]> ids;
        private final int n;

        TopN(Broadcast<EmbeddingDotBias.Factors> model, Broadcast<long[]> ids, int n) {
            this.model = model;
            this.ids = ids;
            this.n = n;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> users) {
            EmbeddingDotBias.Factors f = model.value();
            long[] itemIds = ids.value();
            List<Row> out = new ArrayList<>();
            while (users.hasNext()) {
                Row r = users.next();
                long userId = r.getLong(0);
                int user = r.getInt(1);
                Set<Integer> seen = new HashSet<>(r.getList(2));
                PriorityQueue<double[]> best = new PriorityQueue<>(n + 1, (a, b) -> Double.compare(a[1], b[1]));
                for (int item = 1; item < itemIds.length; item++) {
                    if (seen.contains(item)) {
                        continue;
                    }
                    best.add(new double[] {item, f.score(user, item)});
                    if (best.size() > n) {
                        best.poll();
                    }
                }
                List<double[]> ranked = new ArrayList<>(best);
                ranked.sort((a, b) -> a[1] != b[1] ? Double.compare(b[1], a[1]) : Double.compare(a[0], b[0]));
                for (int k = 0; k < ranked.size(); k++) {
                    out.add(RowFactory.create(userId, k + 1, itemIds[(int) ranked.get(k)[0]], ranked.get(k)[1]));
                }
            }
            return out.iterator();
        }
    }
}
