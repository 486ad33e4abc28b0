package io.embark.pipelines.text;

import io.embark.pipelines.train.EpochData;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Language-model training data on Spark: an {@code array<int>} column of token ids (one document per row, e.g.
 * from {@code NumericalizeModel}) becomes, every epoch, an RDD of DL4J {@link DataSet}s of {@code seqLen}-token
 * windows with next-token targets, built inside each partition on the executors.
 *
 * <p>Per epoch, documents are shuffled across {@code partitions} partitions and within them by a key hashed from
 * their contents, the seed and the epoch ({@code DocumentShuffle}); then each partition concatenates its documents
 * in that order and serves them as fastai's {@code LMDataLoader} would, through {@link LanguageModelWindows}
 * ({@code batchSize} contiguous streams, window {@code w} of each stream in minibatch {@code w}, masked partial
 * last windows; see there for the tensor shapes and how streams are cut). Within one partition every token but
 * the partition's first is a target exactly once per epoch. A partition's tokens are held in memory as one
 * {@code int} array while its windows are built, so choose {@code partitions} so that a partition's tokens fit.
 *
 * <p>Guarantees: the same data, seed and epoch give the same DataSets in the same order; another epoch gives
 * another order. The source should be cached by the caller (it is read once per epoch).
 *
 * <pre>{@code
 * LanguageModelEpochs lm = new LanguageModelEpochs(ids.cache(), "ids", 64, 72, 8, 42L);
 * JavaRDD<DataSet> epoch0 = lm.dataSets(0);         // for SparkDl4jMultiLayer.fit
 * JavaRDD<MultiDataSet> same = lm.forEpoch(0);      // for ParameterAveragingTrainer (EpochData)
 * }</pre>
 */
public final class LanguageModelEpochs implements EpochData {
    /** fastai v2's default window length. */
    public static final int DEFAULT_SEQ_LEN = 72;
    private static final String STAGE = "LanguageModelEpochs";

    private final Dataset<Row> docs;
    private final String idsCol;
    private final int batchSize;
    private final int seqLen;
    private final int partitions;
    private final long seed;
    private long rows = -1;

    /**
     * Epochs over the documents in {@code idsCol} of {@code docs}: minibatches of {@code batchSize} streams and
     * {@code seqLen} steps, in {@code partitions} partitions, shuffled with {@code seed}.
     */
    public LanguageModelEpochs(Dataset<Row> docs, String idsCol, int batchSize, int seqLen, int partitions,
                               long seed) {
        DocumentShuffle.requireIds(STAGE, docs.schema(), idsCol);
        DocumentShuffle.requirePositive("batchSize", batchSize);
        DocumentShuffle.requirePositive("seqLen", seqLen);
        DocumentShuffle.requirePositive("partitions", partitions);
        this.docs = docs;
        this.idsCol = idsCol;
        this.batchSize = batchSize;
        this.seqLen = seqLen;
        this.partitions = partitions;
        this.seed = seed;
    }

    /** The minibatches of 0-based epoch {@code epoch}, partition by partition, windows in stream order. */
    public JavaRDD<DataSet> dataSets(int epoch) {
        return DocumentShuffle.forEpoch(docs, new String[] {idsCol}, partitions, seed, epoch)
                .javaRDD()
                .mapPartitions(new ToWindows(idsCol, batchSize, seqLen));
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

    /** Partition function: ordered documents → windows; holds only plain values. */
    private static final class ToWindows implements FlatMapFunction<Iterator<Row>, DataSet> {
        private static final long serialVersionUID = 1L;
        private final String idsCol;
        private final int batchSize;
        private final int seqLen;

        ToWindows(String idsCol, int batchSize, int seqLen) {
            this.idsCol = idsCol;
            this.batchSize = batchSize;
            this.seqLen = seqLen;
        }

        @Override
        public Iterator<DataSet> call(Iterator<Row> rows) {
            List<int[]> documents = new ArrayList<>();
            while (rows.hasNext()) {
                documents.add(DocumentShuffle.ids(rows.next(), 0, idsCol));
            }
            return LanguageModelWindows.of(documents, batchSize, seqLen);
        }
    }
}
