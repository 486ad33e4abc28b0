/**
 * Tabular preprocessing with fastai's semantics: {@link io.embark.transformers.tabular.Categorify} turns
 * categorical columns into embedding indices with {@code #na#} at 0 and the observed values in their natural
 * order; {@link io.embark.transformers.tabular.FillMissing} fills continuous columns with learned values and adds
 * {@code _na} indicators; {@link io.embark.transformers.tabular.Normalize} standardises continuous columns with the training mean
 * and population standard deviation; {@link io.embark.transformers.tabular.AddDatePart} expands dates into
 * fastai's calendar features; {@link io.embark.transformers.tabular.ElapsedEvents} adds the Rossmann recipe's
 * days-since/until-event and rolling event counts per group. Statistics are learned in one distributed pass over all columns and live in plain, Spark-free classes
 * ({@link io.embark.transformers.tabular.Vocabulary}, {@link io.embark.transformers.tabular.CategoryKind}).
 */
package io.embark.transformers.tabular;
