package io.embark.pipelines.lm;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.DropoutLayer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The layer that {@link TimeDropout} configures: DL4J's dropout layer that never applies a sequence mask itself. */
final class TimeDropoutLayer extends DropoutLayer {
    private static final long serialVersionUID = 1L;

    TimeDropoutLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public void setMaskArray(INDArray maskArray) {
        super.setMaskArray(null);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        super.feedForwardMaskArray(null, currentMaskState, minibatchSize);
        return new Pair<>(maskArray, currentMaskState);
    }
}
