package io.embark.pipelines.classify;

import java.io.Serializable;

/**
 * Hyper-parameters of the text classifier that {@link TextClassifier} builds, with fastai's names in brackets.
 * fastai's {@code awd_lstm_clas_config} dropouts are {@code embed_p 0.05, input_p 0.4, hidden_p 0.3, weight_p 0.5,
 * output_p 0.4}, each multiplied by {@code drop_mult} (the course classifies with 0.5); its head
 * ({@code PoolingLinearClassifier}) has one hidden layer of 50 with dropout 0.1 before the last linear layer (not
 * multiplied). The encoder's sizes come from the language model it is built on.
 *
 * @param embedP      probability of dropping a vocabulary row of the embedding ({@code embed_p})
 * @param inputP      dropout on the embedding output, one mask over time ({@code input_p})
 * @param hiddenP     dropout between LSTM layers, one mask over time ({@code hidden_p})
 * @param weightP     drop probability of the hidden-to-hidden weights ({@code weight_p})
 * @param outputP     dropout on the pooled encoder output, before the head's first linear layer ({@code output_p})
 * @param dropMult    multiplier of the five dropouts above ({@code drop_mult})
 * @param headSize    units of the head's hidden layer ({@code lin_ftrs})
 * @param headP       dropout before the head's last linear layer ({@code ps})
 * @param clip        per-layer gradient-norm limit (0 = off)
 * @param weightDecay decoupled (AdamW) weight decay ({@code wd})
 * @param beta1       Adam's first-moment decay
 * @param beta2       Adam's second-moment decay ({@code sqr_mom})
 * @param epsilon     Adam's epsilon ({@code eps})
 * @param seed        seed of the weight initialisation and the dropout masks
 */
public record TextClassifierSettings(double embedP, double inputP, double hiddenP, double weightP, double outputP,
                                     double dropMult, int headSize, double headP, double clip, double weightDecay,
                                     double beta1, double beta2, double epsilon, long seed) implements Serializable {
    /** Validates every setting. */
    public TextClassifierSettings {
        for (double p : new double[] {embedP, inputP, hiddenP, weightP, outputP, headP}) {
            require(p >= 0 && p < 1, "dropout probabilities must be in [0, 1), got " + p);
        }
        double max = Math.max(Math.max(embedP, inputP), Math.max(Math.max(hiddenP, weightP), outputP));
        require(dropMult >= 0 && dropMult * max < 1, "drop-mult must be >= 0 and keep every dropout below 1, got "
                + dropMult);
        require(headSize >= 1, "head-size must be >= 1, got " + headSize);
        require(clip >= 0, "clip must be >= 0 (0 = off), got " + clip);
        require(weightDecay >= 0, "weight-decay must be >= 0, got " + weightDecay);
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "Adam betas must be in [0, 1)");
        require(epsilon > 0, "epsilon must be > 0, got " + epsilon);
    }

    /** fastai's classifier dropouts and head at {@code dropMult}, fastai's optimiser, no clipping. */
    public static TextClassifierSettings fastai(double dropMult, long seed) {
        return new TextClassifierSettings(0.05, 0.4, 0.3, 0.5, 0.4, dropMult, 50, 0.1, 0, 0.01, 0.9, 0.99, 1e-5, seed);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
