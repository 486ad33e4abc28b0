package io.embark.pipelines.lm;

import io.embark.pipelines.train.CheckpointSettings;
import io.embark.pipelines.train.TrainerSettings;

/**
 * Everything stage 1 (pretraining a language model on a general corpus) needs.
 *
 * @param corpus     the corpus and its held-out part
 * @param text       tokenization, vocabulary and windows
 * @param model      the AWD-LSTM's sizes, dropouts and optimiser
 * @param trainer    parameter averaging (workers = partitions of the windows), epochs, seed
 * @param generation continuations written after training
 * @param output     output directory (committed atomically)
 * @param overwrite  replace an existing output directory
 * @param trainLossSampleFraction fraction of training documents scored after each epoch for the training loss
 * @param checkpoints per-epoch (and every-rounds) checkpoints and resuming ({@link CheckpointSettings#off()} for none)
 */
public record PretrainSettings(CorpusSettings corpus, TextSettings text, LanguageModelSettings model,
                               TrainerSettings trainer, GenerationSettings generation, String output, boolean overwrite,
                               double trainLossSampleFraction, CheckpointSettings checkpoints) {
    /** Settings without checkpoints. */
    public PretrainSettings(CorpusSettings corpus, TextSettings text, LanguageModelSettings model,
                            TrainerSettings trainer, GenerationSettings generation, String output, boolean overwrite,
                            double trainLossSampleFraction) {
        this(corpus, text, model, trainer, generation, output, overwrite, trainLossSampleFraction,
                CheckpointSettings.off());
    }

    /** Validates the settings the nested records do not. */
    public PretrainSettings {
        if (checkpoints == null) {
            throw new IllegalArgumentException("checkpoint settings are required (CheckpointSettings.off() for none)");
        }
        if (output == null || output.isBlank()) {
            throw new IllegalArgumentException("output directory is required");
        }
        if (!(trainLossSampleFraction > 0 && trainLossSampleFraction <= 1)) {
            throw new IllegalArgumentException("train-loss-sample must be in (0, 1], got " + trainLossSampleFraction);
        }
    }
}
