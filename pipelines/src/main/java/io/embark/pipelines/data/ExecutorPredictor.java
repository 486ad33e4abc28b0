package io.embark.pipelines.data;

import io.embark.pipelines.output.ModelFile;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static org.apache.spark.sql.functions.col;

/**
 * Scores a DataFrame with a fitted {@link ComputationGraph} on the executors: the network is broadcast as a
 * serialised byte array (never as live ND4J arrays, which Spark would close when it cleans the broadcast), each
 * partition restores it once and appends the first output's first column as a double column.
 * Row order and every input column are preserved.
 */
public final class ExecutorPredictor {
    private ExecutorPredictor() {
    }

    /** Returns {@code data} with {@code predictionCol} appended, computed in batches of {@code batchSize}. */
    public static Dataset<Row> predict(ComputationGraph net, Dataset<Row> data, BatchLayout layout,
                                       String predictionCol, int batchSize) {
        if (Arrays.asList(data.columns()).contains(predictionCol)) {
            throw new IllegalArgumentException("prediction column '" + predictionCol + "' already exists");
        }
        BatchLayout inputs = layout.withoutLabels();
        String[] featureCols = inputs.allColumns();
        List<Column> cols = new ArrayList<>();
        for (String c : featureCols) {
            cols.add(col(c).cast("float"));
        }
        for (String c : data.columns()) {
            cols.add(col(c));
        }
        int nFeatures = featureCols.length;
        StructType outSchema = data.schema().add(predictionCol, DataTypes.DoubleType, false);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        Broadcast<byte[]> model = jsc.broadcast(serialize(net));
        JavaRDD<Row> scored = data.select(cols.toArray(new Column[0])).javaRDD()
                .mapPartitions(new Score(model, inputs.widths(), featureCols, nFeatures, batchSize));
        return data.sparkSession().createDataFrame(scored, outSchema);
    }

    /** The network as bytes (parameters and configuration, no updater state). */
    public static byte[] serialize(ComputationGraph net) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ModelSerializer.writeModel(net, out, false);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restores a network written by {@link #serialize}. */
    public static ComputationGraph deserialize(byte[] bytes) {
        return ModelFile.fromBytes(bytes, "the network shipped to the executors", false);
    }

    private static final class Score implements FlatMapFunction<Iterator<Row>, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<byte[]> model;
        private final int[] widths;
        private final String[] names;
        private final int nFeatures;
        private final int batchSize;

        Score(Broadcast<byte[]> model, int[] widths, String[] names, int nFeatures, int batchSize) {
            this.model = model;
            this.widths = widths;
            this.names = names;
            this.nFeatures = nFeatures;
            this.batchSize = batchSize;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            if (!rows.hasNext()) {
                return java.util.Collections.emptyIterator();
            }
            ComputationGraph net = deserialize(model.value());
            return new Iterator<>() {
                private Iterator<Row> current = java.util.Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    return current.hasNext() || rows.hasNext();
                }

                @Override
                public Row next() {
                    if (!current.hasNext()) {
                        current = scoreBlock(net);
                    }
                    if (!current.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return current.next();
                }

                private Iterator<Row> scoreBlock(ComputationGraph net) {
                    List<Row> block = new ArrayList<>(batchSize);
                    while (rows.hasNext() && block.size() < batchSize) {
                        block.add(rows.next());
                    }
                    INDArray[] arrays = RowBlock.pack(block, widths, names);
                    INDArray out = net.output(false, Arrays.copyOf(arrays, widths.length - 1))[0];
                    List<Row> scored = new ArrayList<>(block.size());
                    for (int r = 0; r < block.size(); r++) {
                        Row row = block.get(r);
                        Object[] values = new Object[row.length() - nFeatures + 1];
                        for (int c = nFeatures; c < row.length(); c++) {
                            values[c - nFeatures] = row.get(c);
                        }
                        values[values.length - 1] = out.getDouble(r, 0);
                        scored.add(RowFactory.create(values));
                    }
                    return scored.iterator();
                }
            };
        }
    }
}
