package io.embark.pipelines.lm;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * An {@link EmbeddingSequenceLayer} with AWD-LSTM's embedding dropout (fastai's {@code EmbeddingDropout},
 * {@code embed_p}): while training, each row of the embedding matrix (one vocabulary entry) is dropped with
 * probability {@code p} for the whole minibatch, the kept rows scaled by {@code 1 / (1 - p)}, so a dropped word
 * is absent wherever it occurs in the minibatch. DL4J's {@code EmbeddingSequenceLayer} has no dropout of its own
 * (its dropout path throws). The dropped rows get no gradient, as in fastai. Input {@code [batch, 1, T]} token
 * ids, output {@code [batch, nOut, T]} ({@link RNNFormat#NCW}).
 *
 * <pre>{@code
 * EmbeddingDropout emb = EmbeddingDropout.of(vocabSize, 400, 0.1, new WeightInitNormal());
 * }</pre>
 */
public class EmbeddingDropout extends EmbeddingSequenceLayer {
    private static final long serialVersionUID = 1L;

    private double embedDropout;

    /** For JSON deserialisation of network configurations. */
    public EmbeddingDropout() {
        super();
    }

    /** A {@code vocab x width} embedding without bias whose rows are dropped with probability {@code p}. */
    public static EmbeddingDropout of(int vocab, int width, double p, IWeightInit init) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("embedding dropout must be in [0, 1), got " + p);
        }
        EmbeddingDropout layer = new EmbeddingDropout();
        layer.setNIn(vocab);
        layer.setNOut(width);
        layer.setHasBias(false);
        layer.setInputLength(1);
        layer.setInferInputLength(true);
        layer.setOutputFormat(RNNFormat.NCW);
        layer.setWeightInitFn(init);
        layer.setActivationFn(new ActivationIdentity()); // DL4J's default would be a sigmoid
        layer.setEmbedDropout(p);
        return layer;
    }

    /** The probability of dropping a vocabulary row while training. */
    public double getEmbedDropout() {
        return embedDropout;
    }

    /** Sets the row-drop probability (JSON). */
    public void setEmbedDropout(double embedDropout) {
        this.embedDropout = embedDropout;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        return LayerWiring.wire(new EmbeddingDropoutLayer(conf, networkDataType), this, conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && o instanceof EmbeddingDropout e && e.embedDropout == embedDropout;
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + Double.hashCode(embedDropout);
    }
}
