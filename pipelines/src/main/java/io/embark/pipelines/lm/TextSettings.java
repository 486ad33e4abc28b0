package io.embark.pipelines.lm;

/**
 * Tokenization, vocabulary and windows of a language-model run.
 *
 * @param minFreq  tokens seen fewer times in the training documents map to {@code xxunk} (fastai: 3)
 * @param maxVocab at most this many tokens (fastai: 60,000; the softmax over it dominates a CPU step)
 * @param seqLen   window length in tokens ({@code bptt}; fastai v2: 72)
 */
public record TextSettings(int minFreq, int maxVocab, int seqLen) {
    /** Validates the settings. */
    public TextSettings {
        if (minFreq < 1) {
            throw new IllegalArgumentException("min-freq must be >= 1, got " + minFreq);
        }
        if (maxVocab < 9) {
            throw new IllegalArgumentException("max-vocab must be at least 9 (fastai's special tokens), got " + maxVocab);
        }
        if (seqLen < 2) {
            throw new IllegalArgumentException("seq-len must be >= 2, got " + seqLen);
        }
    }
}
