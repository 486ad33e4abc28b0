/**
 * Text preprocessing with fastai v2's semantics. {@link io.embark.transformers.text.Tokenizer} is the Spark ML
 * stage: it turns one or more string columns into fastai's tokens ({@code xxbos}, {@code xxmaj}, {@code xxup},
 * {@code xxrep}, {@code xxwrep}, {@code xxfld} markers, spaCy English word splitting). The work is done by plain
 * Java classes that need no Spark and are tested on their own: {@link io.embark.transformers.text.FastaiRules}
 * (fastai's string rules, applied before splitting), {@link io.embark.transformers.text.WordSplitter} (spaCy's
 * English tokenizer algorithm over spaCy's own rule data, translated once into a resource file) and
 * {@link io.embark.transformers.text.DocumentTokenizer} (both, for one document of one or more fields).
 * {@link io.embark.transformers.text.SpecialTokens} lists the special tokens in fastai's order, which a
 * vocabulary (Numericalize) starts with.
 *
 * <p>Fidelity: on 4,000 IMDB reviews and a set of edge cases the tokens equal those of a reference built from
 * fastai's rule functions and spaCy 3.8's English rule tables; the known differences are listed on
 * {@link io.embark.transformers.text.WordSplitter} and {@link io.embark.transformers.text.DocumentTokenizer}.
 */
package io.embark.transformers.text;
