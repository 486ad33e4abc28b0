package io.embark.pipelines.lm;

import io.embark.pipelines.train.CheckpointSettings;
import io.embark.pipelines.train.TrainerSettings;

/**
 * Everything stage 2 (fine-tuning a pretrained language model on the target corpus) needs. The model's sizes and
 * optimiser come from the pretrained run; the vocabulary is the target corpus's, transferred as fastai does
 * ({@link VocabularyTransfer}). Training runs in two phases, each with its own one-cycle schedule: first
 * {@code frozenEpochs} with the LSTM layers frozen (only the embedding and the decoder learn, fastai's
 * {@code freeze()} of a language model), then {@code trainer.epochs()} with everything trainable.
 *
 * @param pretrained   a directory written by the pretrain step
 * @param corpus       the target corpus and its held-out part
 * @param text         tokenization and vocabulary of the target corpus (seqLen may differ from pretraining)
 * @param dropMult     multiplier of the pretrained model's dropouts (fastai's course: 0.3)
 * @param frozenEpochs epochs of the frozen phase (0 = none)
 * @param frozenMaxLr  peak learning rate of the frozen phase
 * @param maxLr        peak learning rate of the unfrozen phase
 * @param trainer      parameter averaging; {@code epochs} is the unfrozen phase's
 * @param generation   continuations written after training
 * @param output       output directory (committed atomically)
 * @param overwrite    replace an existing output directory
 * @param trainLossSampleFraction fraction of training documents scored after each epoch for the training loss
 * @param checkpoints  per-epoch (and every-rounds) checkpoints and resuming across both phases
 *                     ({@link CheckpointSettings#off()} for none)
 */
public record FinetuneSettings(String pretrained, CorpusSettings corpus, TextSettings text, double dropMult,
                               int frozenEpochs, double frozenMaxLr, double maxLr, TrainerSettings trainer,
                               GenerationSettings generation, String output, boolean overwrite,
                               double trainLossSampleFraction, CheckpointSettings checkpoints) {
    /** Settings without checkpoints. */
    public FinetuneSettings(String pretrained, CorpusSettings corpus, TextSettings text, double dropMult,
                            int frozenEpochs, double frozenMaxLr, double maxLr, TrainerSettings trainer,
                            GenerationSettings generation, String output, boolean overwrite,
                            double trainLossSampleFraction) {
        this(pretrained, corpus, text, dropMult, frozenEpochs, frozenMaxLr, maxLr, trainer, generation, output,
                overwrite, trainLossSampleFraction, CheckpointSettings.off());
    }

    /** Validates the settings the nested records do not. */
    public FinetuneSettings {
        if (checkpoints == null) {
            throw new IllegalArgumentException("checkpoint settings are required (CheckpointSettings.off() for none)");
        }
        if (pretrained == null || pretrained.isBlank()) {
            throw new IllegalArgumentException("finetune.pretrained (a pretrain run directory) is required");
        }
        if (output == null || output.isBlank()) {
            throw new IllegalArgumentException("output directory is required");
        }
        if (frozenEpochs < 0) {
            throw new IllegalArgumentException("frozen-epochs must be >= 0, got " + frozenEpochs);
        }
        if (!(frozenMaxLr > 0) || !(maxLr > 0)) {
            throw new IllegalArgumentException("learning rates must be > 0");
        }
        if (!(dropMult >= 0)) {
            throw new IllegalArgumentException("drop-mult must be >= 0, got " + dropMult);
        }
        if (!(trainLossSampleFraction > 0 && trainLossSampleFraction <= 1)) {
            throw new IllegalArgumentException("train-loss-sample must be in (0, 1], got " + trainLossSampleFraction);
        }
    }
}
