package io.embark.pipelines.collab;

import io.embark.pipelines.train.OneCycleSchedule;
import io.embark.pipelines.train.ScaledSigmoid;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInitConstant;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;

import java.util.List;

/**
 * fastai's {@code EmbeddingDotBias} as a DL4J {@link ComputationGraph}:
 * {@code rating = sigmoid(dot(u[user], i[item]) + ub[user] + ib[item]) * (hi - lo) + lo}, trained with MSE,
 * Adam under a one-cycle schedule, and decoupled weight decay.
 *
 * <p>Inputs, in {@link #INPUTS} order, are {@code [batch, 1]} category indices (from Categorify, so index 0 is
 * {@code #na#}). The dot product is an element-wise product followed by a frozen all-ones projection, so that
 * only the embeddings and biases are learned.
 */
public final class EmbeddingDotBias {
    /** Graph input holding user indices. */
    public static final String USER_INPUT = "user";
    /** Graph input holding item indices. */
    public static final String ITEM_INPUT = "item";
    /** Input order: the order of the MultiDataSet feature arrays. */
    public static final List<String> INPUTS = List.of(USER_INPUT, ITEM_INPUT);
    /** Layer holding the user factors {@code [users, factors]}. */
    public static final String USER_FACTORS = "user_factors";
    /** Layer holding the item factors {@code [items, factors]}. */
    public static final String ITEM_FACTORS = "item_factors";
    /** Layer holding the user biases {@code [users, 1]}. */
    public static final String USER_BIAS = "user_bias";
    /** Layer holding the item biases {@code [items, 1]}. */
    public static final String ITEM_BIAS = "item_bias";
    /** The output layer (MSE with the y-range activation). */
    public static final String OUTPUT = "rating";

    private EmbeddingDotBias() {
    }

    /**
     * The network configuration for {@code users} x {@code items} (vocabulary sizes including {@code #na#}),
     * with the one-cycle schedule spread over {@code totalIterations} optimiser steps.
     */
    public static ComputationGraphConfiguration configuration(int users, int items, CollabModelSettings s,
                                                              long totalIterations) {
        if (users < 2 || items < 2) {
            throw new IllegalArgumentException("need at least one user and one item besides #na#; got vocabularies of "
                    + users + " users and " + items + " items");
        }
        WeightInitDistribution init = new WeightInitDistribution(new NormalDistribution(0, s.initStd()));
        return new NeuralNetConfiguration.Builder()
                .seed(s.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(new OneCycleSchedule(s.maxLr(), totalIterations)))
                // weight decay is set per embedding: a global setting would also decay the frozen all-ones projection
                .graphBuilder()
                .addInputs(INPUTS)
                .addLayer(USER_FACTORS, embedding(users, s.factors(), init, s.weightDecay()), USER_INPUT)
                .addLayer(ITEM_FACTORS, embedding(items, s.factors(), init, s.weightDecay()), ITEM_INPUT)
                .addLayer(USER_BIAS, embedding(users, 1, init, s.weightDecay()), USER_INPUT)
                .addLayer(ITEM_BIAS, embedding(items, 1, init, s.weightDecay()), ITEM_INPUT)
                .addVertex("product", new ElementWiseVertex(ElementWiseVertex.Op.Product), USER_FACTORS, ITEM_FACTORS)
                .addLayer("dot", new FrozenLayerWithBackprop(new DenseLayer.Builder()
                        .nIn(s.factors()).nOut(1).hasBias(false).activation(Activation.IDENTITY)
                        .weightInit(new WeightInitConstant(1.0)).build()), "product")
                .addVertex("logit", new ElementWiseVertex(ElementWiseVertex.Op.Add), "dot", USER_BIAS, ITEM_BIAS)
                .addLayer(OUTPUT, new LossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(new ScaledSigmoid(s.yLo(), s.yHi())).build(), "logit")
                .setOutputs(OUTPUT)
                .build();
    }

    /** A freshly initialised network. */
    public static ComputationGraph create(int users, int items, CollabModelSettings s, long totalIterations) {
        ComputationGraph net = new ComputationGraph(configuration(users, items, s, totalIterations));
        net.init();
        return net;
    }

    private static EmbeddingLayer embedding(int vocab, int width, WeightInitDistribution init, double weightDecay) {
        // nIn set explicitly: input types would overwrite it with 1
        EmbeddingLayer.Builder b = new EmbeddingLayer.Builder().nIn(vocab).nOut(width).hasBias(false);
        b.activation(Activation.IDENTITY).weightDecay(weightDecay, true);
        return b.weightInit(init).build();
    }

    /** The learned parameters of a trained network, for scoring outside DL4J (recommendations). */
    public static Factors factors(ComputationGraph net) {
        INDArray ones = net.getLayer("dot").getParam("W");
        if (ones.sub(1.0).amaxNumber().doubleValue() > 1e-6) {
            throw new IllegalStateException("the dot-product projection is no longer all ones; this network was not "
                    + "trained as an EmbeddingDotBias");
        }
        ScaledSigmoid range = (ScaledSigmoid) ((LossLayer) net.getLayer(OUTPUT).conf().getLayer()).getActivationFn();
        return new Factors(
                toMatrix(net.getLayer(USER_FACTORS).getParam("W")), column(net.getLayer(USER_BIAS).getParam("W")),
                toMatrix(net.getLayer(ITEM_FACTORS).getParam("W")), column(net.getLayer(ITEM_BIAS).getParam("W")),
                range.lo(), range.hi());
    }

    private static float[][] toMatrix(INDArray a) {
        return a.toFloatMatrix();
    }

    private static float[] column(INDArray a) {
        return a.reshape(a.length()).toFloatVector();
    }

    /**
     * Plain-array copy of the model's parameters and output range; {@link #score} reproduces the network's output.
     * A plain class (not a record) because Spark broadcasts it with Kryo, which cannot build records.
     */
    public static final class Factors implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final float[][] users;
        private final float[] userBias;
        private final float[][] items;
        private final float[] itemBias;
        private final double lo;
        private final double hi;

        /**
         * @param users    user factors, one row per user index
         * @param userBias user bias per user index
         * @param items    item factors, one row per item index
         * @param itemBias item bias per item index
         * @param lo       lower end of the output range
         * @param hi       upper end of the output range
         */
        public Factors(float[][] users, float[] userBias, float[][] items, float[] itemBias, double lo, double hi) {
            this.users = users;
            this.userBias = userBias;
            this.items = items;
            this.itemBias = itemBias;
            this.lo = lo;
            this.hi = hi;
        }

        /** The predicted rating of item {@code item} by user {@code user} (both indices). */
        public double score(int user, int item) {
            float[] u = users[user];
            float[] v = items[item];
            double dot = 0;
            for (int k = 0; k < v.length; k++) {
                dot += u[k] * v[k];
            }
            double logit = dot + userBias[user] + itemBias[item];
            return 1.0 / (1.0 + Math.exp(-logit)) * (hi - lo) + lo;
        }
    }
}
