package io.embark.pipelines.tabular;

import io.embark.pipelines.train.OneCycleSchedule;
import io.embark.pipelines.train.ScaledSigmoid;
import io.embark.transformers.tabular.TabularFeatures;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.TruncatedNormalDistribution;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;

/**
 * fastai's {@code TabularModel} as a DL4J {@link ComputationGraph}:
 * <pre>
 * cat_&lt;c&gt; [batch,1] ─ emb_&lt;c&gt; (vocab_c × emb_sz(vocab_c)) ─┐
 *   ...                                                ├ embeddings ─ emb_drop ─┐
 * conts [batch,nCont] ─ bn_cont ───────────────────────────────────────────────┴ features
 * features ─ dense_1 (ReLU) ─ bn_1 ─ drop_1 ─ ... ─ dense_n (ReLU) ─ bn_n ─ drop_n ─ output (Dense 1, y-range, MSE)
 * </pre>
 * Embedding widths follow fastai's rule ({@link TabularFeatures#embeddingSizeArray()}); inputs are named and
 * ordered by {@link TabularInputs}, which {@link TabularBatches} also uses for the MultiDataSet feature arrays.
 * Every {@code nIn} comes from the input types: a categorical input, fed as a {@code [batch, 1]} array of
 * indices, is declared as {@code feedForward(vocabulary)} (the one-hot vector the index stands for), because
 * DL4J sets an embedding's {@code nIn} from its input type and would otherwise make the vocabulary 1.
 *
 * <p>Dropout: fastai's {@code ps} and {@code emb_drop} are DROP probabilities, DL4J's {@code dropOut(x)} takes
 * the RETAIN probability, so each {@link DropoutLayer} is configured with {@code 1 - p} (and left out where
 * {@code p = 0}, as fastai does). Both are inverted dropout (kept activations scaled by {@code 1 / retain}).
 *
 * <p>Weight decay is decoupled (applied with the learning rate after the Adam step, fastai's {@code true_wd})
 * and set per layer on the weights of the embeddings and Dense layers only: not on biases and not on the
 * batch-norm scale and shift (fastai v2's {@code wd_bn_bias=False}), which a global setting would decay too.
 * Adam uses fastai's betas (0.9, 0.99) and eps 1e-5 under a {@link OneCycleSchedule}. Initialisation follows
 * PyTorch/fastai: embeddings truncated normal (std 0.01), Dense weights {@code U(±1/sqrt(fanIn))}.
 */
public final class TabularModel {
    /** Layer name prefix of a categorical column's embedding. */
    public static final String EMBEDDING_PREFIX = "emb_";
    /** Vertex concatenating the embeddings. */
    public static final String EMBEDDINGS = "embeddings";
    /** Dropout on the concatenated embeddings. */
    public static final String EMBEDDING_DROPOUT = "emb_drop";
    /** Batch normalisation of the continuous input. */
    public static final String CONTINUOUS_BN = "bn_cont";
    /** Vertex concatenating embeddings and normalised continuous columns: the first Dense layer's input. */
    public static final String FEATURES = "features";
    /** Layer name prefix of the hidden Dense layers ({@code dense_1, dense_2, ...}). */
    public static final String DENSE_PREFIX = "dense_";
    /** Layer name prefix of the batch normalisation after each hidden layer. */
    public static final String BN_PREFIX = "bn_";
    /** Layer name prefix of the dropout after each hidden layer. */
    public static final String DROPOUT_PREFIX = "drop_";
    /** The output layer (one unit, y-range activation, MSE). */
    public static final String OUTPUT = "output";

    /** Standard deviation of fastai's (truncated normal) embedding initialisation. */
    static final double EMBEDDING_INIT_STD = 0.01;
    /** fastai's Adam: betas (0.9, 0.99), eps 1e-5. */
    static final double ADAM_BETA1 = 0.9;
    static final double ADAM_BETA2 = 0.99;
    static final double ADAM_EPSILON = 1e-5;

    private TabularModel() {
    }

    /**
     * The network configuration for {@code features}, with the one-cycle schedule spread over
     * {@code totalIterations} optimiser steps.
     */
    public static ComputationGraphConfiguration configuration(TabularFeatures features, TabularModelSettings s,
                                                              long totalIterations) {
        TabularInputs inputs = TabularInputs.of(features);
        int[] cardinalities = features.cardinalityArray();
        int[] widths = features.embeddingSizeArray();
        List<String> categorical = features.categoricalCols();
        int nCont = features.continuousCols().size();

        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(s.seed())
                .dataType(DataType.FLOAT)
                .updater(Adam.builder().learningRateSchedule(new OneCycleSchedule(s.maxLr(), totalIterations))
                        .beta1(ADAM_BETA1).beta2(ADAM_BETA2).epsilon(ADAM_EPSILON).build())
                // no global weight decay: it would also decay biases and the batch-norm scale and shift
                .graphBuilder()
                .addInputs(inputs.names());
        List<InputType> types = new ArrayList<>();
        List<String> featureSources = new ArrayList<>();
        if (!categorical.isEmpty()) {
            WeightInitDistribution embInit =
                    new WeightInitDistribution(new TruncatedNormalDistribution(0, EMBEDDING_INIT_STD));
            List<String> embeddings = new ArrayList<>();
            for (int c = 0; c < categorical.size(); c++) {
                String name = embeddingLayer(categorical.get(c));
                if (cardinalities[c] < 1) {
                    throw new IllegalArgumentException("categorical column '" + categorical.get(c)
                            + "' has cardinality " + cardinalities[c] + "; it must include #na#");
                }
                g.addLayer(name, new EmbeddingLayer.Builder().nIn(cardinalities[c]).nOut(widths[c]).hasBias(false)
                        .activation(Activation.IDENTITY).weightInit(embInit)
                        .weightDecay(s.weightDecay(), true).build(), TabularInputs.categoricalInput(categorical.get(c)));
                embeddings.add(name);
                // The input is declared as the one-hot vector the index stands for (an EmbeddingLayer is a Dense
                // layer on one-hot input): DL4J derives the embedding's nIn from the input type even when nIn is
                // set by hand, so feedForward(1), the [batch, 1] array's width, would make the vocabulary 1.
                types.add(InputType.feedForward(cardinalities[c]));
            }
            String embOut = merge(g, EMBEDDINGS, embeddings);
            if (s.embDrop() > 0) {
                g.addLayer(EMBEDDING_DROPOUT, new DropoutLayer.Builder(1 - s.embDrop()).build(), embOut);
                embOut = EMBEDDING_DROPOUT;
            }
            featureSources.add(embOut);
        }
        if (nCont > 0) {
            g.addLayer(CONTINUOUS_BN, new BatchNormalization.Builder().build(), TabularInputs.CONTINUOUS);
            featureSources.add(CONTINUOUS_BN);
            types.add(InputType.feedForward(nCont));
        }
        String previous = merge(g, FEATURES, featureSources);
        for (int i = 0; i < s.layers().size(); i++) {
            int k = i + 1;
            g.addLayer(DENSE_PREFIX + k, new DenseLayer.Builder().nOut(s.layers().get(i))
                    .activation(Activation.RELU).weightInit(WeightInit.UNIFORM)
                    .weightDecay(s.weightDecay(), true).build(), previous);
            g.addLayer(BN_PREFIX + k, new BatchNormalization.Builder().build(), DENSE_PREFIX + k);
            previous = BN_PREFIX + k;
            double p = s.ps().get(i);
            if (p > 0) {
                g.addLayer(DROPOUT_PREFIX + k, new DropoutLayer.Builder(1 - p).build(), previous);
                previous = DROPOUT_PREFIX + k;
            }
        }
        double[] range = s.yRange();
        g.addLayer(OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                .activation(range == null ? Activation.IDENTITY.getActivationFunction() : new ScaledSigmoid(range[0], range[1]))
                .weightInit(WeightInit.UNIFORM).weightDecay(s.weightDecay(), true).build(), previous);
        return g.setOutputs(OUTPUT)
                .setInputTypes(types.toArray(new InputType[0]))
                .build();
    }

    /** A freshly initialised network. */
    public static ComputationGraph create(TabularFeatures features, TabularModelSettings s, long totalIterations) {
        ComputationGraph net = new ComputationGraph(configuration(features, s, totalIterations));
        net.init();
        return net;
    }

    /** Layer name of categorical column {@code column}'s embedding. */
    public static String embeddingLayer(String column) {
        return EMBEDDING_PREFIX + column;
    }

    /** Concatenates {@code sources} into vertex {@code name}; a single source is used as it is. */
    private static String merge(ComputationGraphConfiguration.GraphBuilder g, String name, List<String> sources) {
        if (sources.size() == 1) {
            return sources.get(0);
        }
        g.addVertex(name, new MergeVertex(), sources.toArray(new String[0]));
        return name;
    }
}
