package io.embark.pipelines.lm;

import java.util.List;

/**
 * The continuations a run writes of fixed prompts.
 *
 * @param prompts     prompts (plain text; tokenized with fastai's rules)
 * @param tokens      tokens generated after each prompt
 * @param temperature sampling temperature (0 = most likely token)
 * @param seed        seed of the sampling
 */
public record GenerationSettings(List<String> prompts, int tokens, double temperature, long seed) {
    /** Validates the settings. */
    public GenerationSettings {
        prompts = List.copyOf(prompts);
        if (tokens < 0 || !(temperature >= 0)) {
            throw new IllegalArgumentException("generate.tokens and generate.temperature must be >= 0");
        }
    }
}
