package io.embark.pipelines.classify;

import io.embark.pipelines.lm.LanguageModelSettings;
import io.embark.pipelines.lm.TextSettings;
import io.embark.pipelines.train.CheckpointSettings;
import io.embark.pipelines.train.TrainerSettings;

import java.util.List;

/**
 * What the classify step ({@link TextClassifierTraining#classify}) needs.
 *
 * @param input           the labelled documents, with their train/validation split
 * @param test            labelled documents scored once at the end (accuracy reported apart), or {@code null}
 * @param classes         the class labels in class-index order; empty = the sorted distinct labels of the input
 * @param encoder         a fine-tuned language-model run directory whose encoder and text pipeline the
 *                        classifier starts from, or empty to train from scratch
 * @param text            vocabulary settings when training from scratch (the encoder's pipeline is used otherwise)
 * @param scratchSizes    encoder sizes when training from scratch (the encoder's otherwise)
 * @param model           the classifier's dropouts, head and optimiser
 * @param maxLen          documents longer than this many tokens keep their last {@code maxLen} tokens
 * @param phaseEpochs     epochs of each gradual-unfreezing phase (head only, +1 LSTM layer, ..., all)
 * @param phaseMaxLrs     peak learning rate of the top layer group in each phase
 * @param lrRatio         ratio between neighbouring layer groups' rates (ULMFiT: 2.6)
 * @param trainer         parameter-averaging settings ({@code epochs} unused: the phases set them)
 * @param compare         also train the peers on the same split and tokens
 * @param peers           the peers' settings
 * @param trainLossSample fraction of training documents scored after each epoch for the training loss
 * @param output          the run directory
 * @param overwrite       replace an existing run directory
 * @param checkpoints     per-epoch (and every-rounds) checkpoints of the classifier's training across its
 *                        unfreezing phases and resuming ({@link CheckpointSettings#off()} for none; the peers are
 *                        not checkpointed)
 */
public record ClassifySettings(LabelledTextSettings input, LabelledTextSettings test, List<String> classes,
                               String encoder, TextSettings text, LanguageModelSettings scratchSizes,
                               TextClassifierSettings model, int maxLen, List<Integer> phaseEpochs,
                               List<Double> phaseMaxLrs, double lrRatio, TrainerSettings trainer, boolean compare,
                               PeerSettings peers, double trainLossSample, String output, boolean overwrite,
                               CheckpointSettings checkpoints) {
    /** Settings without checkpoints. */
    public ClassifySettings(LabelledTextSettings input, LabelledTextSettings test, List<String> classes,
                            String encoder, TextSettings text, LanguageModelSettings scratchSizes,
                            TextClassifierSettings model, int maxLen, List<Integer> phaseEpochs,
                            List<Double> phaseMaxLrs, double lrRatio, TrainerSettings trainer, boolean compare,
                            PeerSettings peers, double trainLossSample, String output, boolean overwrite) {
        this(input, test, classes, encoder, text, scratchSizes, model, maxLen, phaseEpochs, phaseMaxLrs, lrRatio,
                trainer, compare, peers, trainLossSample, output, overwrite, CheckpointSettings.off());
    }

    /** Validates the settings. */
    public ClassifySettings {
        if (checkpoints == null) {
            throw new IllegalArgumentException("checkpoint settings are required (CheckpointSettings.off() for none)");
        }
        classes = List.copyOf(classes);
        encoder = encoder == null ? "" : encoder.trim();
        if (maxLen < 1) {
            throw new IllegalArgumentException("max-len must be >= 1, got " + maxLen);
        }
        if (phaseEpochs.isEmpty() || phaseEpochs.size() != phaseMaxLrs.size()) {
            throw new IllegalArgumentException("give one max-lr per unfreezing phase: " + phaseEpochs + " epochs, "
                    + phaseMaxLrs + " max-lrs");
        }
        if (phaseEpochs.stream().mapToInt(Integer::intValue).sum() < 1) {
            throw new IllegalArgumentException("the unfreezing phases must train at least one epoch, got " + phaseEpochs);
        }
        if (!(trainLossSample > 0 && trainLossSample <= 1)) {
            throw new IllegalArgumentException("train-loss-sample must be in (0, 1], got " + trainLossSample);
        }
        if (classes.stream().distinct().count() != classes.size()) {
            throw new IllegalArgumentException("classes must be distinct, got " + classes);
        }
        phaseEpochs = List.copyOf(phaseEpochs);
        phaseMaxLrs = List.copyOf(phaseMaxLrs);
    }

    /** Whether the classifier starts from a pretrained encoder. */
    public boolean pretrained() {
        return !encoder.isEmpty();
    }

    /**
     * Settings of the peers trained beside the classifier.
     *
     * @param scratchMaxLr   peak rate of the LSTM classifier trained without pretraining (all layers, one cycle
     *                       over the same number of epochs)
     * @param ngramFeatures  uni- and bigram vocabulary cap of TF-IDF and NB-SVM
     * @param minDocFreq     n-grams in fewer training documents are dropped
     * @param regParam       L2 strength of the logistic regression and the linear SVM
     * @param lstm           whether the LSTM-from-scratch peer runs (the slowest)
     */
    public record PeerSettings(double scratchMaxLr, int ngramFeatures, int minDocFreq, double regParam, boolean lstm) {
        /** Validates the settings. */
        public PeerSettings {
            if (!(scratchMaxLr > 0) || ngramFeatures < 1 || minDocFreq < 1 || !(regParam >= 0)) {
                throw new IllegalArgumentException("peer settings need scratch-max-lr > 0, ngram-features >= 1, "
                        + "min-doc-freq >= 1 and reg-param >= 0");
            }
        }
    }
}
