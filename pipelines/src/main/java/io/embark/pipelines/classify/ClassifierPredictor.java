package io.embark.pipelines.classify;

import io.embark.pipelines.data.ExecutorPredictor;
import io.embark.pipelines.text.ClassifierBatches;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Classifies documents with a text classifier on the executors: the network travels as bytes, each partition
 * restores it once, takes its documents in chunks, sorts a chunk by length (little padding, as in training) and
 * appends {@value #PREDICTED} (the most probable class), {@value #PROBABILITY} (its probability) and
 * {@value #PROBABILITIES} (every class's, in class order) to each row. Every input column is kept; the order of
 * rows within a partition is not.
 */
public final class ClassifierPredictor {
    /** The predicted class label. */
    public static final String PREDICTED = "predicted_label";
    /** The predicted class index. */
    public static final String PREDICTED_INDEX = "predicted_index";
    /** The probability of the predicted class. */
    public static final String PROBABILITY = "probability";
    /** Every class's probability, in class order. */
    public static final String PROBABILITIES = "probabilities";
    private static final int CHUNK_BATCHES = 16;

    private ClassifierPredictor() {
    }

    /** {@code docs} with the prediction columns appended; token ids in {@code idsCol} ({@code array<int>}). */
    public static Dataset<Row> predict(ComputationGraph net, Dataset<Row> docs, String idsCol, List<String> classes,
                                       int batchSize) {
        if (TextClassifier.numClasses(net) != classes.size()) {
            throw new IllegalArgumentException("the network has " + TextClassifier.numClasses(net) + " classes but "
                    + classes.size() + " class names were given: " + classes);
        }
        for (String c : new String[] {PREDICTED, PREDICTED_INDEX, PROBABILITY, PROBABILITIES}) {
            if (Arrays.asList(docs.columns()).contains(c)) {
                throw new IllegalArgumentException("column '" + c + "' already exists");
            }
        }
        int idsIndex = docs.schema().fieldIndex(idsCol);
        StructType schema = docs.schema().add(PREDICTED, DataTypes.StringType, false)
                .add(PREDICTED_INDEX, DataTypes.IntegerType, false).add(PROBABILITY, DataTypes.DoubleType, false)
                .add(PROBABILITIES, DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(docs.sparkSession().sparkContext());
        Broadcast<byte[]> model = jsc.broadcast(ExecutorPredictor.serialize(net));
        JavaRDD<Row> scored = docs.javaRDD().mapPartitions(new Classify(model, idsIndex,
                classes.toArray(new String[0]), batchSize));
        return docs.sparkSession().createDataFrame(scored, schema);
    }

    /** Partition function: rows → rows with predictions; holds only plain values and the broadcast bytes. */
    private static final class Classify implements FlatMapFunction<Iterator<Row>, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<byte[]> model;
        private final int idsIndex;
        private final String[] classes;
        private final int batchSize;

        Classify(Broadcast<byte[]> model, int idsIndex, String[] classes, int batchSize) {
            this.model = model;
            this.idsIndex = idsIndex;
            this.classes = classes;
            this.batchSize = batchSize;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            if (!rows.hasNext()) {
                return java.util.Collections.emptyIterator();
            }
            ComputationGraph net = ExecutorPredictor.deserialize(model.value());
            return new Iterator<>() {
                private final List<Row> ready = new ArrayList<>();
                private int next;

                @Override
                public boolean hasNext() {
                    if (next == ready.size()) {
                        ready.clear();
                        next = 0;
                        fill();
                    }
                    return next < ready.size();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    return ready.get(next++);
                }

                private void fill() {
                    List<Row> chunk = new ArrayList<>();
                    while (rows.hasNext() && chunk.size() < batchSize * CHUNK_BATCHES) {
                        chunk.add(rows.next());
                    }
                    chunk.sort(Comparator.comparingInt(r -> -r.getList(idsIndex).size()));
                    for (int s = 0; s < chunk.size(); s += batchSize) {
                        List<Row> batch = chunk.subList(s, Math.min(chunk.size(), s + batchSize));
                        classify(batch);
                    }
                }

                private void classify(List<Row> batch) {
                    List<ClassifierBatches.Doc> docs = new ArrayList<>(batch.size());
                    for (Row r : batch) {
                        List<Integer> ids = r.getList(idsIndex);
                        int[] a = new int[ids.size()];
                        for (int i = 0; i < a.length; i++) {
                            a[i] = ids.get(i);
                        }
                        docs.add(new ClassifierBatches.Doc(a, 0));
                    }
                    DataSet ds = ClassifierBatches.pack(docs, classes.length);
                    INDArray probs = net.output(false, new INDArray[] {ds.getFeatures()},
                            new INDArray[] {ds.getFeaturesMaskArray()}, null)[0];
                    net.clearLayersStates();
                    for (int b = 0; b < batch.size(); b++) {
                        double[] p = probs.getRow(b).toDoubleVector();
                        int best = 0;
                        for (int c = 1; c < p.length; c++) {
                            if (p[c] > p[best]) {
                                best = c;
                            }
                        }
                        Row r = batch.get(b);
                        Object[] values = new Object[r.length() + 4];
                        for (int i = 0; i < r.length(); i++) {
                            values[i] = r.get(i);
                        }
                        values[r.length()] = classes[best];
                        values[r.length() + 1] = best;
                        values[r.length() + 2] = p[best];
                        values[r.length() + 3] = p; // a Java array: Spark rows take arrays or Scala sequences, not java.util.List
                        ready.add(RowFactory.create(values));
                    }
                }
            };
        }
    }
}
