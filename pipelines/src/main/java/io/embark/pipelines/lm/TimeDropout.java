package io.embark.pipelines.lm;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.SpatialDropout;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * A dropout layer for masked sequences {@code [batch, size, T]} with one mask over time (fastai's
 * {@code RNNDropout}, here {@code output_p} before the decoder): {@link SpatialDropout} with retain probability
 * {@code 1 - p}. DL4J's own {@link DropoutLayer} multiplies 3-D activations by a {@code [batch, T]} sequence mask
 * as if they were 2-D and fails; this one passes the mask on unchanged (the loss applies it) and leaves its input
 * unmasked.
 */
public class TimeDropout extends DropoutLayer {
    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation of network configurations. */
    public TimeDropout() {
        this(0.5);
    }

    /** Drops each unit with probability {@code p} in [0, 1), the same units at every time step. */
    public TimeDropout(double p) {
        super(new SpatialDropout(1 - requireProbability(p)));
    }

    private static double requireProbability(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + p);
        }
        return p;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        return LayerWiring.wire(new TimeDropoutLayer(conf, networkDataType), this, conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }

    @Override
    public TimeDropout clone() {
        return (TimeDropout) super.clone();
    }
}
