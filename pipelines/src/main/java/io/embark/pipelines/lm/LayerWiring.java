package io.embark.pipelines.lm;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * The wiring DL4J's {@code Layer.instantiate} does for every layer (listeners, index, parameter view and table,
 * configuration), for this package's configuration layers that instantiate a layer class of their own.
 */
final class LayerWiring {
    private LayerWiring() {
    }

    /** Wires {@code layer}, built for {@code confLayer}, into its network and returns it. */
    static <L extends BaseLayer<?>> L wire(L layer, Layer confLayer, NeuralNetConfiguration conf,
                                           Collection<TrainingListener> listeners, int index, INDArray paramsView,
                                           boolean initializeParams) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(confLayer.initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
