package io.embark.pipelines.classify;

import io.embark.pipelines.lm.AwdLstm;
import io.embark.pipelines.lm.LanguageModelSettings;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * fastai's text classifier ({@code get_text_classifier}) as a DL4J {@link ComputationGraph}: token ids
 * {@code [batch, 1, T]} with a features mask {@code [batch, T]} (0 on the padding at the start) → the AWD-LSTM
 * encoder ({@link AwdLstm#addEncoder}, the same layer names as the language model, so a fine-tuned encoder moves
 * over by name) → <b>concat pooling</b> of the last step ({@value #LAST_STEP}), the masked max over time
 * ({@value #MAX_POOL}) and the masked mean over time ({@value #MEAN_POOL}), in fastai's order → fastai's
 * {@code PoolingLinearClassifier} head: batch norm, dropout {@code output_p}, linear to {@code headSize}, ReLU,
 * batch norm, dropout {@code headP}, linear to the classes with softmax (cross-entropy loss).
 *
 * <p>Every layer gets its own Adam under its own learning-rate schedule ({@link GradualUnfreezing}'s
 * discriminative rates); layers named in {@code frozen} keep their parameters. Weight decay is decoupled and not
 * applied to the batch norms. Differences from fastai: the encoder reads at most the last {@code max-len} tokens
 * of a document in one pass (fastai reads the whole document in {@code bptt} chunks and back-propagates through
 * the last {@code max_len}); AR/TAR activation regularisation is not applied.
 */
public final class TextClassifier {
    /** The last-step vertex of concat pooling. */
    public static final String LAST_STEP = "last_step";
    /** The masked max pooling layer. */
    public static final String MAX_POOL = "max_pool";
    /** The masked mean pooling layer. */
    public static final String MEAN_POOL = "mean_pool";
    /** The concatenation [last, max, mean]. */
    public static final String CONCAT_POOL = "concat_pool";
    /** The head's first batch norm. */
    public static final String HEAD_BN = "head_bn";
    /** The head's hidden linear layer (ReLU). */
    public static final String HEAD_LINEAR = "head_linear";
    /** The head's second batch norm. */
    public static final String HEAD_BN2 = "head_bn2";
    /** The output layer (softmax over the classes). */
    public static final String CLASSES = "classes";
    /** The head's layers, in order. */
    public static final List<String> HEAD = List.of(HEAD_BN, HEAD_LINEAR, HEAD_BN2, CLASSES);

    private TextClassifier() {
    }

    /**
     * The layer groups of fastai's {@code awd_lstm_clas_split}, bottom up: the embedding, each LSTM layer, the
     * head. Gradual unfreezing and discriminative learning rates work on these groups.
     */
    public static List<List<String>> layerGroups(int lstmLayers) {
        List<List<String>> groups = new ArrayList<>();
        groups.add(List.of(AwdLstm.EMBEDDING));
        for (int i = 0; i < lstmLayers; i++) {
            groups.add(List.of(AwdLstm.lstm(i)));
        }
        groups.add(HEAD);
        return groups;
    }

    /** The encoder's settings: the language model's sizes with the classifier's dropouts. */
    public static LanguageModelSettings encoderSettings(LanguageModelSettings sizes, TextClassifierSettings s) {
        return new LanguageModelSettings(sizes.embeddingSize(), sizes.hiddenSize(), sizes.layers(), s.embedP(),
                s.inputP(), s.hiddenP(), s.weightP(), 0, s.dropMult(), s.clip(), 1e-3, s.weightDecay(), s.beta1(),
                s.beta2(), s.epsilon(), s.seed());
    }

    /**
     * The configuration for {@code vocabSize} tokens and {@code numClasses} classes on an encoder of the sizes of
     * {@code sizes}; {@code schedules} holds each layer's learning-rate schedule (every layer of
     * {@link #layerGroups} must have one), {@code frozen} the layers that keep their parameters.
     */
    public static ComputationGraphConfiguration configuration(int vocabSize, int numClasses, LanguageModelSettings sizes,
                                                              TextClassifierSettings s, Map<String, ISchedule> schedules,
                                                              Set<String> frozen) {
        if (vocabSize < 2) {
            throw new IllegalArgumentException("a classifier needs a vocabulary of at least 2 tokens, got " + vocabSize);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + numClasses);
        }
        for (List<String> group : layerGroups(sizes.layers())) {
            for (String layer : group) {
                if (!schedules.containsKey(layer)) {
                    throw new IllegalArgumentException("no learning-rate schedule for layer " + layer);
                }
            }
        }
        LanguageModelSettings enc = encoderSettings(sizes, s);
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(s.seed())
                .dataType(DataType.FLOAT)
                .updater(adam(schedules.get(CLASSES), s))
                .gradientNormalization(s.clip() > 0 ? GradientNormalization.ClipL2PerLayer : GradientNormalization.None)
                .gradientNormalizationThreshold(s.clip() > 0 ? s.clip() : 1.0)
                .graphBuilder()
                .addInputs(AwdLstm.INPUT);
        String encoded = AwdLstm.addEncoder(g, vocabSize, enc, frozen, layer -> adam(schedules.get(layer), s));
        int e = sizes.embeddingSize();
        g.addVertex(LAST_STEP, new LastTimeStepVertex(AwdLstm.INPUT), encoded);
        g.addLayer(MAX_POOL, new GlobalPoolingLayer.Builder(PoolingType.MAX).collapseDimensions(true).build(), encoded);
        g.addLayer(MEAN_POOL, new GlobalPoolingLayer.Builder(PoolingType.AVG).collapseDimensions(true).build(), encoded);
        g.addVertex(CONCAT_POOL, new MergeVertex(), LAST_STEP, MAX_POOL, MEAN_POOL);
        g.addLayer(HEAD_BN, AwdLstm.decay(HEAD_BN, new BatchNormalization.Builder().nIn(3 * e).nOut(3 * e).build(), 0,
                frozen, adam(schedules.get(HEAD_BN), s)), CONCAT_POOL);
        DenseLayer.Builder linear = new DenseLayer.Builder().nIn(3 * e).nOut(s.headSize()).activation(Activation.RELU)
                .weightInit(WeightInit.RELU);
        double outputP = s.outputP() * s.dropMult();
        if (outputP > 0) {
            linear.dropOut(1 - outputP); // DL4J's dropOut takes the probability of keeping a unit
        }
        g.addLayer(HEAD_LINEAR, AwdLstm.decay(HEAD_LINEAR, linear.build(), s.weightDecay(), frozen,
                adam(schedules.get(HEAD_LINEAR), s)), HEAD_BN);
        g.addLayer(HEAD_BN2, AwdLstm.decay(HEAD_BN2, new BatchNormalization.Builder().nIn(s.headSize())
                .nOut(s.headSize()).build(), 0, frozen, adam(schedules.get(HEAD_BN2), s)), HEAD_LINEAR);
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(s.headSize())
                .nOut(numClasses).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER);
        if (s.headP() > 0) {
            out.dropOut(1 - s.headP());
        }
        g.addLayer(CLASSES, AwdLstm.decay(CLASSES, out.build(), s.weightDecay(), frozen,
                adam(schedules.get(CLASSES), s)), HEAD_BN2);
        return g.setOutputs(CLASSES).build();
    }

    /** A freshly initialised network. */
    public static ComputationGraph create(int vocabSize, int numClasses, LanguageModelSettings sizes,
                                          TextClassifierSettings s, Map<String, ISchedule> schedules,
                                          Set<String> frozen) {
        ComputationGraph net = new ComputationGraph(configuration(vocabSize, numClasses, sizes, s, schedules, frozen));
        net.init();
        return net;
    }

    /** Number of classes of a network built here. */
    public static int numClasses(ComputationGraph net) {
        return (int) net.getLayer(CLASSES).getParam("b").length();
    }

    private static IUpdater adam(ISchedule schedule, TextClassifierSettings s) {
        return Adam.builder().learningRateSchedule(schedule).beta1(s.beta1()).beta2(s.beta2()).epsilon(s.epsilon())
                .build();
    }
}
