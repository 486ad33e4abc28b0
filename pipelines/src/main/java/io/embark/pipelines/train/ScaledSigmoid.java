package io.embark.pipelines.train;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * fastai's {@code y_range} output activation: {@code sigmoid(x) * (hi - lo) + lo}, which keeps a regression
 * output inside {@code (lo, hi)}. Serialises with the network configuration (JSON) like DL4J's own activations.
 */
public final class ScaledSigmoid extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;

    private double lo;
    private double hi;

    /** For JSON deserialisation of network configurations. */
    public ScaledSigmoid() {
        this(0, 1);
    }

    /** Output range {@code (lo, hi)}. */
    public ScaledSigmoid(double lo, double hi) {
        if (!(hi > lo)) {
            throw new IllegalArgumentException("y_range needs lo < hi, got [" + lo + ", " + hi + "]");
        }
        this.lo = lo;
        this.hi = hi;
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        Transforms.sigmoid(in, false);
        return in.muli(hi - lo).addi(lo);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray s = Transforms.sigmoid(in, true);
        // d/dx [sigmoid(x) (hi - lo) + lo] = s (1 - s) (hi - lo)
        INDArray grad = s.rsub(1.0).muli(s).muli(hi - lo);
        return new Pair<>(grad.muli(epsilon), null);
    }

    /** Lower bound of the output range. */
    public double lo() {
        return lo;
    }

    /** Upper bound of the output range. */
    public double hi() {
        return hi;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaledSigmoid s && s.lo == lo && s.hi == hi;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(lo) * 31 + Double.hashCode(hi);
    }

    @Override
    public String toString() {
        return "scaledsigmoid(" + lo + ", " + hi + ")";
    }
}
