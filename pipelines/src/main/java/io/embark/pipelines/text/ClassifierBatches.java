package io.embark.pipelines.text;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Text-classifier minibatches for one stream of labelled documents, without Spark, following fastai's
 * {@code SortedDL} / {@code SortishSampler} and {@code pad_input(pad_first=True)}: documents are taken in chunks of
 * {@code chunkFactor * batchSize} (fastai: 50 batches), each chunk is sorted by length (longest first, ties in
 * arrival order) and cut into minibatches of {@code batchSize}, and the minibatches of a chunk are served in an
 * order shuffled by {@code random}. Similar lengths share a minibatch, so little padding is needed. Only one chunk
 * is held in memory. The last minibatch may be smaller.
 *
 * <p>Tensor layout, for DL4J 1.0.0-M2.1's {@code EmbeddingSequenceLayer} → recurrent layers → a last-step or
 * masked global-pooling layer → {@code OutputLayer} with {@code MCXENT} (all arrays float, 'c' order):
 * <ul>
 *   <li>features {@code [n, 1, maxLen]}: token ids, <b>padded at the start</b> with {@code xxpad} (1) to the
 *       longest document of the minibatch, as fastai pads for classification (so the last step of every row is a
 *       real token);</li>
 *   <li>features mask {@code [n, maxLen]}: 0 on padding, 1 on real tokens;</li>
 *   <li>labels {@code [n, numClasses]}: one-hot class; no labels mask.</li>
 * </ul>
 * An empty document is rejected, since a row with no real token has nothing to classify (a tokenized document
 * always holds at least {@code xxbos}); so is a label outside {@code [0, numClasses)}.
 *
 * <pre>{@code
 * Iterator<DataSet> batches = new ClassifierBatches(docs.iterator(), 2, 64, 50, new Random(42));
 * }</pre>
 */
public final class ClassifierBatches implements Iterator<DataSet> {
    /** Feature value of padding ({@code xxpad}). */
    public static final int PAD_ID = 1;

    /** One labelled document: token ids and a class index. */
    public static final class Doc {
        final int[] ids;
        final int label;

        /** A document with ids {@code ids} of class {@code label}. */
        public Doc(int[] ids, int label) {
            this.ids = ids;
            this.label = label;
        }
    }

    private final Iterator<Doc> docs;
    private final int numClasses;
    private final int batchSize;
    private final int chunkSize;
    private final Random random;
    private final List<List<Doc>> pending = new ArrayList<>();

    /**
     * Minibatches of {@code batchSize} from {@code docs}, sorted by length within chunks of
     * {@code chunkFactor * batchSize} documents, minibatch order within a chunk shuffled with {@code random}.
     */
    public ClassifierBatches(Iterator<Doc> docs, int numClasses, int batchSize, int chunkFactor, Random random) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (chunkFactor < 1) {
            throw new IllegalArgumentException("chunkFactor must be at least 1, got " + chunkFactor);
        }
        this.docs = docs;
        this.numClasses = numClasses;
        this.batchSize = batchSize;
        this.chunkSize = (int) Math.min(Integer.MAX_VALUE - 8L, (long) chunkFactor * batchSize);
        this.random = random;
    }

    @Override
    public boolean hasNext() {
        if (pending.isEmpty()) {
            fillChunk();
        }
        return !pending.isEmpty();
    }

    private void fillChunk() {
        List<Doc> chunk = new ArrayList<>();
        while (docs.hasNext() && chunk.size() < chunkSize) {
            Doc d = docs.next();
            if (d.ids.length == 0) {
                throw new IllegalArgumentException("an empty document cannot be classified; every tokenized "
                        + "document starts with xxbos");
            }
            if (d.label < 0 || d.label >= numClasses) {
                throw new IllegalArgumentException("label " + d.label + " is outside [0, " + numClasses + ")");
            }
            chunk.add(d);
        }
        chunk.sort(Comparator.comparingInt((Doc d) -> d.ids.length).reversed()); // stable: ties keep arrival order
        for (int s = 0; s < chunk.size(); s += batchSize) {
            pending.add(chunk.subList(s, Math.min(chunk.size(), s + batchSize)));
        }
        Collections.shuffle(pending, random);
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pack(pending.remove(pending.size() - 1), numClasses);
    }

    /** Packs documents into one start-padded minibatch (the layout of the class comment). */
    public static DataSet pack(List<Doc> batch, int numClasses) {
        int n = batch.size();
        int maxLen = 0;
        for (Doc d : batch) {
            maxLen = Math.max(maxLen, d.ids.length);
        }
        float[] features = new float[n * maxLen];
        float[] mask = new float[n * maxLen];
        float[] labels = new float[n * numClasses];
        for (int r = 0; r < n; r++) {
            int[] ids = batch.get(r).ids;
            int pad = maxLen - ids.length;
            for (int t = 0; t < maxLen; t++) {
                int k = r * maxLen + t;
                if (t < pad) {
                    features[k] = PAD_ID;
                } else {
                    features[k] = ids[t - pad];
                    mask[k] = 1f;
                }
            }
            labels[r * numClasses + batch.get(r).label] = 1f;
        }
        return new DataSet(Nd4j.create(features, new long[] {n, 1, maxLen}, 'c'),
                Nd4j.create(labels, new long[] {n, numClasses}, 'c'),
                Nd4j.create(mask, new long[] {n, maxLen}, 'c'), null);
    }
}
