package io.embark.pipelines.lm;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.dropout.SpatialDropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * fastai's AWD-LSTM language model as a DL4J {@link ComputationGraph}: token ids {@code [batch, 1, T]} →
 * {@link EmbeddingDropout} ({@code embed_p}) → {@code layers} stacked {@link LSTM}s (input dropout
 * {@code input_p} before the first, {@code hidden_p} between the others, both one mask over time like fastai's
 * {@code RNNDropout}; {@link RecurrentWeightDrop} {@code weight_p} on every hidden-to-hidden matrix) →
 * {@code output_p} → {@link RnnOutputLayer} (softmax over the vocabulary, {@code SPARSE_MCXENT}: labels are
 * next-token ids {@code [batch, 1, T]}). Adam with decoupled weight decay under the given schedule; gradients
 * clipped per layer.
 *
 * <p>Where it differs from fastai's AWD-LSTM (DL4J 1.0.0-M2.1):
 * <ul>
 *   <li>Input and output embeddings are <b>not tied</b>: a {@code ComputationGraph} layer cannot share another's
 *       parameters (DL4J issue #7408); the decoder has its own {@code [embeddingSize, vocab]} matrix, so the model
 *       has {@code vocab x embeddingSize} more parameters than fastai's.</li>
 *   <li>Gradient clipping is per layer (DL4J has no global-norm clipping): each layer's gradient norm is limited
 *       to {@code clip x T}, since DL4J's loss sums over the {@code T} steps of a window where fastai averages.</li>
 *   <li>Hidden state is reset at every window (DL4J resets it at each {@code fit}); fastai carries it across
 *       the consecutive windows of a stream.</li>
 *   <li>Adam's first moment is a constant {@code beta1}; fastai's one-cycle also cycles it (0.95 → 0.85 → 0.95).</li>
 *   <li>Weight init: uniform ±0.1 for the embedding (fastai's), Xavier for the LSTMs and the decoder (PyTorch
 *       uses uniform ±1/√hidden); DL4J's LSTM forget-gate bias starts at 1.</li>
 * </ul>
 */
public final class AwdLstm {
    /** The graph input: token ids. */
    public static final String INPUT = "tokens";
    /** The embedding layer. */
    public static final String EMBEDDING = "embedding";
    /** The dropout before the output layer ({@code output_p}); absent when that dropout is 0. */
    public static final String OUTPUT_DROPOUT = "output_dropout";
    /** The output layer (softmax over the vocabulary). */
    public static final String DECODER = "decoder";

    private AwdLstm() {
    }

    /** Name of LSTM layer {@code i} (0-based). */
    public static String lstm(int i) {
        return "lstm_" + i;
    }

    /** The encoder's layers, bottom up: the embedding, then every LSTM. */
    public static List<String> encoderLayers(int layers) {
        List<String> names = new ArrayList<>();
        names.add(EMBEDDING);
        for (int i = 0; i < layers; i++) {
            names.add(lstm(i));
        }
        return names;
    }

    /**
     * The configuration for {@code vocabSize} tokens and {@code seqLen}-step windows, learning rate following
     * {@code schedule}; layers named in {@code frozen} keep their parameters (gradients still flow through them).
     */
    public static ComputationGraphConfiguration configuration(int vocabSize, int seqLen, LanguageModelSettings s,
                                                              ISchedule schedule, Set<String> frozen) {
        if (vocabSize < 2) {
            throw new IllegalArgumentException("a language model needs a vocabulary of at least 2 tokens, got "
                    + vocabSize);
        }
        if (seqLen < 1) {
            throw new IllegalArgumentException("seqLen must be >= 1, got " + seqLen);
        }
        double m = s.dropMult();
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(s.seed())
                .dataType(DataType.FLOAT)
                .updater(Adam.builder().learningRateSchedule(schedule).beta1(s.beta1()).beta2(s.beta2()).epsilon(s.epsilon())
                        .build())
                .gradientNormalization(s.clip() > 0 ? GradientNormalization.ClipL2PerLayer : GradientNormalization.None)
                .gradientNormalizationThreshold(s.clip() > 0 ? s.clip() * seqLen : 1.0)
                .graphBuilder()
                .addInputs(INPUT);
        String previous = addEncoder(g, vocabSize, s, frozen, name -> null);
        RnnOutputLayer.Builder out = new RnnOutputLayer.Builder(LossFunctions.LossFunction.SPARSE_MCXENT)
                .nIn(s.embeddingSize()).nOut(vocabSize).activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW)
                .weightInit(WeightInit.XAVIER);
        if (s.outputP() * m > 0) {
            // the output layer flattens its input to 2-D before its own dropout: one mask over time needs a layer
            g.addLayer(OUTPUT_DROPOUT, new TimeDropout(s.outputP() * m), previous);
            previous = OUTPUT_DROPOUT;
        }
        g.addLayer(DECODER, decay(DECODER, out.build(), s.weightDecay(), frozen, null), previous);
        return g.setOutputs(DECODER).build();
    }

    /**
     * Adds the encoder (embedding with {@code embed_p}, then the LSTM stack with {@code input_p}, {@code hidden_p}
     * and {@code weight_p}, all times {@code dropMult}) to {@code g} after its input {@link #INPUT}, and returns the
     * name of the last LSTM layer. Layers named in {@code frozen} keep their parameters; {@code updaters} gives a
     * layer its own updater (discriminative learning rates) or {@code null} for the graph's. The language model
     * and the text classifier share this, so that an encoder moves between them by layer name.
     */
    public static String addEncoder(ComputationGraphConfiguration.GraphBuilder g, int vocabSize,
                                    LanguageModelSettings s, Set<String> frozen,
                                    Function<String, IUpdater> updaters) {
        double m = s.dropMult();
        EmbeddingDropout embedding = EmbeddingDropout.of(vocabSize, s.embeddingSize(), s.embedP() * m,
                new WeightInitDistribution(new UniformDistribution(-0.1, 0.1)));
        g.addLayer(EMBEDDING, decay(EMBEDDING, embedding, s.weightDecay(), frozen, updaters.apply(EMBEDDING)), INPUT);
        String previous = EMBEDDING;
        for (int i = 0; i < s.layers(); i++) {
            int nIn = i == 0 ? s.embeddingSize() : s.hiddenSize();
            double p = (i == 0 ? s.inputP() : s.hiddenP()) * m;
            LSTM.Builder b = new LSTM.Builder().nIn(nIn).nOut(s.layerOutputSize(i)).activation(Activation.TANH)
                    .gateActivationFunction(Activation.SIGMOID).dataFormat(RNNFormat.NCW).weightInit(WeightInit.XAVIER);
            if (p > 0) {
                b.dropOut(new SpatialDropout(1 - p));
            }
            if (s.weightP() * m > 0) {
                b.weightNoise(new RecurrentWeightDrop(s.weightP() * m));
            }
            g.addLayer(lstm(i), decay(lstm(i), b.build(), s.weightDecay(), frozen, updaters.apply(lstm(i))), previous);
            previous = lstm(i);
        }
        return previous;
    }

    /** A freshly initialised network. */
    public static ComputationGraph create(int vocabSize, int seqLen, LanguageModelSettings s, ISchedule schedule,
                                          Set<String> frozen) {
        ComputationGraph net = new ComputationGraph(configuration(vocabSize, seqLen, s, schedule, frozen));
        net.init();
        return net;
    }

    /**
     * Sets the decoder bias to the training corpus's unigram log-probabilities, so that the untrained model starts
     * at the unigram model's perplexity instead of the uniform one's (its other weights are small). Spares the first
     * hundreds of steps of a pretraining from scratch: on WikiText-2 (vocabulary 4,008) the held-out perplexity of
     * the untrained network is 220 instead of 4,600 (README, "The language-model job").
     */
    public static void startAtUnigram(ComputationGraph net, double[] logProbabilities) {
        INDArray bias = net.getLayer(DECODER).getParam("b");
        if (bias.length() != logProbabilities.length) {
            throw new IllegalArgumentException("the decoder has " + bias.length() + " outputs but "
                    + logProbabilities.length + " unigram log-probabilities were given");
        }
        bias.assign(Nd4j.createFromArray(logProbabilities).castTo(bias.dataType()).reshape(bias.shape()));
    }

    /** Number of LSTM layers of a network built here. */
    public static int lstmLayers(ComputationGraph net) {
        int n = 0;
        while (net.getConfiguration().getVertices().containsKey(lstm(n))) {
            n++;
        }
        return n;
    }

    /** Vocabulary size of a network built here (rows of its embedding). */
    public static int vocabSize(ComputationGraph net) {
        return (int) net.getLayer(EMBEDDING).getParam("W").size(0);
    }

    /**
     * Weight decay {@code weightDecay} (decoupled) set on each trainable layer (a global setting in DL4J would also
     * decay frozen layers), its own updater when {@code updater} is not null, and the frozen ones wrapped so that
     * they keep their parameters.
     */
    public static Layer decay(String name, BaseLayer layer, double weightDecay, Set<String> frozen, IUpdater updater) {
        if (updater != null) {
            layer.setIUpdater(updater);
        }
        layer.setRegularizationBias(new ArrayList<>());
        if (frozen.contains(name)) {
            layer.setRegularization(new ArrayList<>());
            return new FrozenLayerWithBackprop(layer);
        }
        List<Regularization> decay = new ArrayList<>();
        if (weightDecay > 0) {
            decay.add(new WeightDecay(weightDecay, true));
        }
        layer.setRegularization(decay);
        return layer;
    }
}
