package io.embark.pipelines.lm;

import io.embark.pipelines.data.ExecutorPredictor;
import io.embark.pipelines.text.LanguageModelEpochs;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

/**
 * Cross-entropy, perplexity and next-token accuracy of a language model on the windows of a
 * {@link LanguageModelEpochs}, computed on the executors: the network travels as serialised bytes, each partition
 * restores it once, and only three numbers per partition come back. Every unmasked position counts once; hidden
 * state starts at zero in every window, as in training.
 */
public final class LanguageModelScorer {
    private LanguageModelScorer() {
    }

    /** The network's scores on epoch 0's windows of {@code data}. */
    public static Score score(JavaSparkContext jsc, ComputationGraph net, LanguageModelEpochs data) {
        Broadcast<byte[]> model = jsc.broadcast(ExecutorPredictor.serialize(net));
        try {
            // plain arrays travel between JVMs: Kryo cannot build records
            double[] sums = data.dataSets(0).mapPartitions(new ScorePartition(model))
                    .fold(new double[3], (a, b) -> new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
            return new Score(sums[0], (long) sums[1], (long) sums[2]);
        } finally {
            model.destroy();
        }
    }

    /** Scores one minibatch with {@code net}; the sums of {@link Score}. */
    static Score scoreBatch(ComputationGraph net, DataSet ds) {
        INDArray features = ds.getFeatures();
        INDArray mask = ds.getLabelsMaskArray();
        INDArray probs = net.output(false, new INDArray[] {features}, new INDArray[] {ds.getFeaturesMaskArray()},
                new INDArray[] {mask})[0]; // [batch, vocab, T]
        net.clearLayersStates();
        long batch = probs.size(0);
        long steps = probs.size(2);
        float[] labels = ds.getLabels().reshape(batch * steps).toFloatVector();
        float[] m = mask == null ? null : mask.reshape(batch * steps).toFloatVector();
        int[] argMax = Nd4j.argMax(probs, 1).reshape(batch * steps).toIntVector();
        double loss = 0;
        long tokens = 0;
        long correct = 0;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                int k = (int) (b * steps + t);
                if (m != null && m[k] == 0f) {
                    continue;
                }
                int label = (int) labels[k];
                double p = probs.getDouble(b, label, t);
                loss -= Math.log(Math.max(p, 1e-30));
                tokens++;
                if (argMax[k] == label) {
                    correct++;
                }
            }
        }
        return new Score(loss, tokens, correct);
    }

    private static final class ScorePartition implements FlatMapFunction<Iterator<DataSet>, double[]> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<byte[]> model;

        ScorePartition(Broadcast<byte[]> model) {
            this.model = model;
        }

        @Override
        public Iterator<double[]> call(Iterator<DataSet> batches) {
            if (!batches.hasNext()) {
                return List.of(new double[3]).iterator();
            }
            ComputationGraph net = ExecutorPredictor.deserialize(model.value());
            Score total = Score.ZERO;
            while (batches.hasNext()) {
                total = total.plus(scoreBatch(net, batches.next()));
            }
            return List.of(new double[] {total.lossSum(), total.tokens(), total.correct()}).iterator();
        }
    }

    /**
     * Sums over scored positions.
     *
     * @param lossSum  sum of {@code -ln p(target)}
     * @param tokens   positions scored
     * @param correct  positions where the most likely token was the target
     */
    public record Score(double lossSum, long tokens, long correct) implements Serializable {
        /** Nothing scored. */
        public static final Score ZERO = new Score(0, 0, 0);

        /** Both sums. */
        public Score plus(Score o) {
            return new Score(lossSum + o.lossSum, tokens + o.tokens, correct + o.correct);
        }

        /** Mean cross-entropy per token (nats). */
        public double loss() {
            return tokens == 0 ? Double.NaN : lossSum / tokens;
        }

        /** {@code exp(loss)}. */
        public double perplexity() {
            return Math.exp(loss());
        }

        /** Fraction of positions whose most likely token was the target. */
        public double accuracy() {
            return tokens == 0 ? Double.NaN : correct / (double) tokens;
        }
    }
}
