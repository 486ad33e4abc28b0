package io.embark.pipelines.text;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * fastai's language-model loader ({@code LMDataLoader}) for one ordered list of documents, without Spark: the
 * documents are concatenated into one token stream, the stream is cut into {@code batchSize} contiguous streams,
 * and minibatch {@code w} holds window {@code w} ({@code seqLen} tokens) of every stream, with the next token of
 * the stream as target. Row {@code i} of minibatch {@code w + 1} continues row {@code i} of minibatch {@code w},
 * so a stateful RNN can carry its state across minibatches.
 *
 * <p>Tensor layout, for DL4J 1.0.0-M2.1's {@code EmbeddingSequenceLayer} → recurrent layers →
 * {@code RnnOutputLayer} with {@code LossFunction.SPARSE_MCXENT} (all arrays float, 'c' order):
 * <ul>
 *   <li>features {@code [batchSize, 1, seqLen]}: token ids (the embedding's indices);</li>
 *   <li>labels {@code [batchSize, 1, seqLen]}: the id of the next token (sparse targets; one-hot labels
 *       {@code [batchSize, vocabSize, seqLen]} would take 1.1 GB per minibatch at fastai's defaults);</li>
 *   <li>features mask and labels mask {@code [batchSize, seqLen]}: 1 on real positions, 0 after the end of a
 *       stream, where features hold {@code xxpad} (1) and labels 0.</li>
 * </ul>
 *
 * <p>Streams, and how this differs from fastai: with {@code N} tokens there are {@code N - 1} targets (every
 * token but the first). fastai rounds {@code N - 1} down to a multiple of {@code batchSize}, drops the rest, and
 * gives every stream the same length; here the {@code (N - 1) mod batchSize} remaining targets go one each to the
 * first streams, so <b>every token but the first is a target exactly once</b> and nothing is dropped. Streams
 * overlap by one token as in fastai (the last target of stream {@code i} is the first input of stream
 * {@code i + 1}). When {@code N - 1} is a multiple of {@code batchSize} the windows are exactly fastai's. Every
 * minibatch has {@code seqLen} steps; the last window of a stream is partial and masked (fastai instead shortens
 * the last minibatch, which is the same thing for equal streams).
 *
 * <pre>{@code
 * List<int[]> docs = List.of(new int[] {2, 8, 9, 10}, new int[] {2, 11, 12});
 * Iterator<DataSet> batches = LanguageModelWindows.of(docs, 2, 72);
 * }</pre>
 */
public final class LanguageModelWindows implements Iterator<DataSet> {
    /** Feature value of masked positions ({@code xxpad}). */
    public static final int PAD_ID = 1;

    private final int[] stream;
    private final int batchSize;
    private final int seqLen;
    private final int[] starts;
    private final int[] lengths;
    private final int windows;
    private int next;

    private LanguageModelWindows(int[] stream, int batchSize, int seqLen) {
        this.stream = stream;
        this.batchSize = batchSize;
        this.seqLen = seqLen;
        long targets = Math.max(0, stream.length - 1);
        this.starts = new int[batchSize];
        this.lengths = new int[batchSize];
        int at = 0;
        for (int i = 0; i < batchSize; i++) {
            lengths[i] = (int) (targets / batchSize + (i < targets % batchSize ? 1 : 0));
            starts[i] = at;
            at += lengths[i];
        }
        this.windows = targets == 0 ? 0 : (lengths[0] + seqLen - 1) / seqLen;
    }

    /** Windows over {@code documents} concatenated in the given order. */
    public static LanguageModelWindows of(List<int[]> documents, int batchSize, int seqLen) {
        check(batchSize, seqLen);
        long total = 0;
        for (int[] d : documents) {
            total += d.length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a partition holds " + total + " tokens, more than one array can; "
                    + "use more partitions");
        }
        int[] stream = new int[(int) total];
        int at = 0;
        for (int[] d : documents) {
            System.arraycopy(d, 0, stream, at, d.length);
            at += d.length;
        }
        return new LanguageModelWindows(stream, batchSize, seqLen);
    }

    static void check(int batchSize, int seqLen) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (seqLen < 1) {
            throw new IllegalArgumentException("seqLen must be at least 1, got " + seqLen);
        }
    }

    /** Number of minibatches: the windows of the longest stream. */
    public int size() {
        return windows;
    }

    @Override
    public boolean hasNext() {
        return next < windows;
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int w = next++;
        float[] features = new float[batchSize * seqLen];
        float[] labels = new float[batchSize * seqLen];
        float[] mask = new float[batchSize * seqLen];
        for (int i = 0; i < batchSize; i++) {
            for (int t = 0; t < seqLen; t++) {
                int p = w * seqLen + t;
                int k = i * seqLen + t;
                if (p < lengths[i]) {
                    features[k] = stream[starts[i] + p];
                    labels[k] = stream[starts[i] + p + 1];
                    mask[k] = 1f;
                } else {
                    features[k] = PAD_ID;
                }
            }
        }
        long[] shape3 = {batchSize, 1, seqLen};
        long[] shape2 = {batchSize, seqLen};
        return new DataSet(Nd4j.create(features, shape3, 'c'), Nd4j.create(labels, shape3, 'c'),
                Nd4j.create(mask, shape2, 'c'), Nd4j.create(mask.clone(), shape2, 'c'));
    }

    /** All minibatches at once (for tests and small data). */
    public List<DataSet> toList() {
        List<DataSet> all = new ArrayList<>(windows);
        forEachRemaining(all::add);
        return all;
    }
}
