package io.embark.pipelines.lm;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.weightnoise.IWeightNoise;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.DropOutInverted;
import org.nd4j.linalg.factory.Nd4j;

/**
 * AWD-LSTM's weight drop (fastai's {@code WeightDropout}, {@code weight_p}): while training, each element of an
 * LSTM's hidden-to-hidden weight matrix ({@code RW}) is zeroed with probability {@code p} and the kept ones are
 * scaled by {@code 1 / (1 - p)}; the input weights and biases are left alone. DL4J's own {@code DropConnect}
 * drops the input weights too. The dropped matrix is drawn once per minibatch: DL4J's layers keep the noisy
 * parameter of a training forward pass for its backward pass. Inference uses the weights unchanged.
 */
public final class RecurrentWeightDrop implements IWeightNoise {
    private static final long serialVersionUID = 1L;

    private double p;

    /** For JSON deserialisation of network configurations. */
    public RecurrentWeightDrop() {
        this(0.5);
    }

    /** Drops each recurrent weight with probability {@code p} in [0, 1). */
    public RecurrentWeightDrop(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("weight-drop probability must be in [0, 1), got " + p);
        }
        this.p = p;
    }

    /** The drop probability. */
    public double getP() {
        return p;
    }

    /** Sets the drop probability (JSON). */
    public void setP(double p) {
        this.p = p;
    }

    @Override
    public INDArray getParameter(Layer layer, String paramKey, int iteration, int epoch, boolean train,
                                 LayerWorkspaceMgr workspaceMgr) {
        INDArray param = layer.getParam(paramKey);
        if (!train || p == 0 || !LSTMParamInitializer.RECURRENT_WEIGHT_KEY.equals(paramKey)) {
            return param;
        }
        INDArray out = Nd4j.createUninitialized(param.dataType(), param.shape(), param.ordering());
        Nd4j.getExecutioner().exec(new DropOutInverted(param, out, 1 - p));
        return out;
    }

    @Override
    public RecurrentWeightDrop clone() {
        return new RecurrentWeightDrop(p);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecurrentWeightDrop w && w.p == p;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(p);
    }

    @Override
    public String toString() {
        return "RecurrentWeightDrop(p=" + p + ")";
    }
}
