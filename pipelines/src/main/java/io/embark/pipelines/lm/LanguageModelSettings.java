package io.embark.pipelines.lm;

import java.io.Serializable;

/**
 * Hyper-parameters of the AWD-LSTM language model that {@link AwdLstm} builds, with fastai's names in brackets.
 * fastai's {@code awd_lstm_lm_config} is {@code 400 / 1152 / 3} with dropouts {@code output_p 0.1, hidden_p 0.15,
 * input_p 0.25, embed_p 0.02, weight_p 0.2}, every dropout multiplied by {@code drop_mult} (the course fine-tunes
 * with 0.3), Adam with {@code betas (0.9, 0.99)}, {@code eps 1e-5}, decoupled weight decay 0.01 and gradient
 * clipping at 0.1.
 *
 * @param embeddingSize size of the token embeddings, and of the last LSTM layer's output ({@code emb_sz})
 * @param hiddenSize    size of the other LSTM layers ({@code n_hid})
 * @param layers        number of stacked LSTM layers ({@code n_layers})
 * @param embedP        probability of dropping a vocabulary row of the embedding ({@code embed_p})
 * @param inputP        dropout on the embedding output, one mask over time ({@code input_p})
 * @param hiddenP       dropout between LSTM layers, one mask over time ({@code hidden_p})
 * @param weightP       drop probability of the hidden-to-hidden weights ({@code weight_p})
 * @param outputP       dropout on the last LSTM output, one mask over time ({@code output_p})
 * @param dropMult      multiplier of all five dropouts ({@code drop_mult})
 * @param clip          gradient-norm limit in fastai's units (the norm of the per-token mean gradient)
 * @param maxLr         peak learning rate of the one-cycle schedule
 * @param weightDecay   decoupled (AdamW) weight decay ({@code wd})
 * @param beta1         Adam's first-moment decay ({@code mom})
 * @param beta2         Adam's second-moment decay ({@code sqr_mom})
 * @param epsilon       Adam's epsilon ({@code eps})
 * @param seed          seed of the weight initialisation
 */
public record LanguageModelSettings(int embeddingSize, int hiddenSize, int layers, double embedP, double inputP,
                                    double hiddenP, double weightP, double outputP, double dropMult, double clip,
                                    double maxLr, double weightDecay, double beta1, double beta2, double epsilon,
                                    long seed) implements Serializable {
    /** Validates every setting. */
    public LanguageModelSettings {
        require(embeddingSize >= 1 && hiddenSize >= 1, "embedding and hidden sizes must be >= 1, got "
                + embeddingSize + " and " + hiddenSize);
        require(layers >= 1, "layers must be >= 1, got " + layers);
        for (double p : new double[] {embedP, inputP, hiddenP, weightP, outputP}) {
            require(p >= 0 && p < 1, "dropout probabilities must be in [0, 1), got " + p);
        }
        require(dropMult >= 0 && dropMult * Math.max(Math.max(embedP, inputP), Math.max(Math.max(hiddenP, weightP),
                outputP)) < 1, "drop-mult must be >= 0 and keep every dropout below 1, got " + dropMult);
        require(clip >= 0, "clip must be >= 0 (0 = off), got " + clip);
        require(maxLr > 0, "max-lr must be > 0, got " + maxLr);
        require(weightDecay >= 0, "weight-decay must be >= 0, got " + weightDecay);
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "Adam betas must be in [0, 1)");
        require(epsilon > 0, "epsilon must be > 0, got " + epsilon);
    }

    /** fastai's AWD-LSTM language model (400 / 1152 / 3, fastai's dropouts and optimiser) at {@code maxLr}. */
    public static LanguageModelSettings awdLstm(double maxLr, long seed) {
        return new LanguageModelSettings(400, 1152, 3, 0.02, 0.25, 0.15, 0.2, 0.1, 1.0, 0.1, maxLr, 0.01, 0.9, 0.99,
                1e-5, seed);
    }

    /** The same model with other sizes. */
    public LanguageModelSettings withSizes(int embedding, int hidden, int nLayers) {
        return new LanguageModelSettings(embedding, hidden, nLayers, embedP, inputP, hiddenP, weightP, outputP,
                dropMult, clip, maxLr, weightDecay, beta1, beta2, epsilon, seed);
    }

    /** The same model with another dropout multiplier. */
    public LanguageModelSettings withDropMult(double mult) {
        return new LanguageModelSettings(embeddingSize, hiddenSize, layers, embedP, inputP, hiddenP, weightP, outputP,
                mult, clip, maxLr, weightDecay, beta1, beta2, epsilon, seed);
    }

    /** The same model with another peak learning rate. */
    public LanguageModelSettings withMaxLr(double lr) {
        return new LanguageModelSettings(embeddingSize, hiddenSize, layers, embedP, inputP, hiddenP, weightP, outputP,
                dropMult, clip, lr, weightDecay, beta1, beta2, epsilon, seed);
    }

    /** Output size of LSTM layer {@code i} (0-based): the last one matches the embedding, as in AWD-LSTM. */
    public int layerOutputSize(int i) {
        return i == layers - 1 ? embeddingSize : hiddenSize;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
