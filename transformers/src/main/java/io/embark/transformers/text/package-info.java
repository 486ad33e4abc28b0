/**
 * Text preprocessing with fastai v2's semantics. {@link io.embark.transformers.text.Tokenizer} is the Spark ML
 * stage: it turns one or more string columns into fastai's tokens ({@code xxbos}, {@code xxmaj}, {@code xxup},
 * {@code xxrep}, {@code xxwrep}, {@code xxfld} markers, spaCy English word splitting). The work is done by plain
 * Java classes that need no Spark and are tested on their own: {@link io.embark.transformers.text.FastaiRules}
 * (fastai's string rules, applied before splitting), {@link io.embark.transformers.text.WordSplitter} (spaCy's
 * English tokenizer algorithm over spaCy's own rule data, translated once into a resource file) and
 * {@link io.embark.transformers.text.DocumentTokenizer} (both, for one document of one or more fields).
 * {@link io.embark.transformers.text.SpecialTokens} lists the special tokens in fastai's order, which a
 * vocabulary starts with. In Spark the stage's column is a static call of
 * {@link io.embark.transformers.text.TokenizerFunctions} on Spark's internal forms: UTF-8 text in, and the tokens
 * written straight into Spark's binary array layout ({@code Utf8Arrays}) from bytes the splitter keeps per token,
 * so no row goes through {@code String} conversions.
 *
 * <p>{@link io.embark.transformers.text.Numericalize} is the second stage: it learns fastai's vocabulary (specials
 * first, words with at least {@code minFreq} occurrences most frequent first, at most {@code maxVocab} entries,
 * padded with {@code xxfake} to a multiple of 8) from the token column, counting on the executors, and its
 * {@link io.embark.transformers.text.NumericalizeModel} turns tokens into {@code array<int>} ids (unknown = 0,
 * pad = 1). The vocabulary itself is the plain {@link io.embark.transformers.text.TokenVocabulary};
 * {@link io.embark.transformers.text.TextDecoder} turns tokens back into readable text (undoing {@code xxmaj},
 * {@code xxup}, {@code xxrep}, {@code xxwrep}), which the model offers for id arrays and id columns.
 *
 * <p>Fidelity: on 4,000 IMDB reviews and a set of edge cases the tokens equal those of a reference built from
 * fastai's rule functions and spaCy 3.8's English rule tables; the known differences are listed on
 * {@link io.embark.transformers.text.WordSplitter} and {@link io.embark.transformers.text.DocumentTokenizer}.
 */
package io.embark.transformers.text;
