package io.embark.pipelines.text;

import io.embark.pipelines.train.EpochData;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.Iterator;
import java.util.Random;

/**
 * Text-classifier training data on Spark: an {@code array<int>} column of token ids and a class-index column
 * become, every epoch, an RDD of DL4J {@link DataSet}s of documents of similar length, padded at the start with
 * {@code xxpad}, built inside each partition on the executors.
 *
 * <p>Per epoch, documents are shuffled across {@code partitions} partitions and within them by a key hashed from
 * their contents, the seed and the epoch ({@code DocumentShuffle}); then each partition groups them with
 * {@link ClassifierBatches} (fastai's sortish sampling: sort by length within chunks of {@code chunkFactor *
 * batchSize}, minibatch order within a chunk shuffled with a generator seeded by seed, epoch and partition). See
 * {@link ClassifierBatches} for the tensor shapes. Every document is in exactly one minibatch per epoch; the last
 * minibatch of each chunk may be smaller than {@code batchSize}. Labels must be integral numbers in
 * {@code [0, numClasses)} (e.g. a {@code StringIndexer} or {@code Categorify} output).
 *
 * <pre>{@code
 * ClassifierEpochs clas = new ClassifierEpochs(ids.cache(), "ids", "label", 2, 64, 8, 42L);
 * JavaRDD<DataSet> epoch0 = clas.dataSets(0);
 * }</pre>
 */
public final class ClassifierEpochs implements EpochData {
    /** fastai's chunk of 50 minibatches sorted together. */
    public static final int DEFAULT_CHUNK_FACTOR = 50;
    private static final String STAGE = "ClassifierEpochs";

    private final Dataset<Row> docs;
    private final String idsCol;
    private final String labelCol;
    private final int numClasses;
    private final int batchSize;
    private final int partitions;
    private final long seed;
    private int chunkFactor = DEFAULT_CHUNK_FACTOR;
    private long rows = -1;

    /**
     * Epochs over the documents in {@code idsCol} with classes in {@code labelCol}: minibatches of at most
     * {@code batchSize} documents, in {@code partitions} partitions, shuffled with {@code seed}.
     */
    public ClassifierEpochs(Dataset<Row> docs, String idsCol, String labelCol, int numClasses, int batchSize,
                            int partitions, long seed) {
        DocumentShuffle.requireIds(STAGE, docs.schema(), idsCol);
        DocumentShuffle.requireLabel(STAGE, docs.schema(), labelCol);
        DocumentShuffle.requirePositive("numClasses", numClasses);
        DocumentShuffle.requirePositive("batchSize", batchSize);
        DocumentShuffle.requirePositive("partitions", partitions);
        this.docs = docs;
        this.idsCol = idsCol;
        this.labelCol = labelCol;
        this.numClasses = numClasses;
        this.batchSize = batchSize;
        this.partitions = partitions;
        this.seed = seed;
    }

    /** Sorts by length within chunks of {@code factor * batchSize} documents (default 50, as fastai). */
    public ClassifierEpochs setChunkFactor(int factor) {
        DocumentShuffle.requirePositive("chunkFactor", factor);
        this.chunkFactor = factor;
        return this;
    }

    /** The minibatches of 0-based epoch {@code epoch}. */
    public JavaRDD<DataSet> dataSets(int epoch) {
        return DocumentShuffle.forEpoch(docs, new String[] {idsCol, labelCol}, partitions, seed, epoch)
                .javaRDD()
                .mapPartitionsWithIndex(new ToBatches(idsCol, labelCol, numClasses, batchSize, chunkFactor,
                        seed, epoch), false);
    }

    @Override
    public JavaRDD<MultiDataSet> forEpoch(int epoch) {
        return dataSets(epoch).map(DocumentShuffle::toMulti);
    }

    /** Number of documents (counted once, on first call). */
    @Override
    public long rows() {
        if (rows < 0) {
            rows = docs.count();
        }
        return rows;
    }

    /** Partition function: ordered documents → sortish minibatches; holds only plain values. */
    private static final class ToBatches implements Function2<Integer, Iterator<Row>, Iterator<DataSet>> {
        private static final long serialVersionUID = 1L;
        private final String idsCol;
        private final String labelCol;
        private final int numClasses;
        private final int batchSize;
        private final int chunkFactor;
        private final long seed;
        private final int epoch;

        ToBatches(String idsCol, String labelCol, int numClasses, int batchSize, int chunkFactor, long seed,
                  int epoch) {
            this.idsCol = idsCol;
            this.labelCol = labelCol;
            this.numClasses = numClasses;
            this.batchSize = batchSize;
            this.chunkFactor = chunkFactor;
            this.seed = seed;
            this.epoch = epoch;
        }

        @Override
        public Iterator<DataSet> call(Integer partition, Iterator<Row> rows) {
            Iterator<ClassifierBatches.Doc> docs = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public ClassifierBatches.Doc next() {
                    Row r = rows.next();
                    return new ClassifierBatches.Doc(DocumentShuffle.ids(r, 0, idsCol),
                            DocumentShuffle.label(r, 1, labelCol));
                }
            };
            long mixed = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + partition;
            return new ClassifierBatches(docs, numClasses, batchSize, chunkFactor, new Random(mixed));
        }
    }
}
