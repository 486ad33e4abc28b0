/**
 * Tabular preprocessing with fastai's semantics: {@link io.embark.transformers.tabular.Categorify} turns
 * categorical columns into embedding indices with {@code #na#} at 0 and the observed values in their natural
 * order; {@link io.embark.transformers.tabular.FillMissing} fills continuous columns with learned values and adds
 * {@code _na} indicators; {@link io.embark.transformers.tabular.Normalize} standardises continuous columns with the
 * training mean and population standard deviation; {@link io.embark.transformers.tabular.AddDatePart} expands
 * dates into fastai's calendar features; {@link io.embark.transformers.tabular.ElapsedEvents} adds the Rossmann
 * recipe's days-since/until-event and rolling event counts per group.
 *
 * <p>{@link io.embark.transformers.tabular.TabularPreparation} assembles them into one ordinary Spark ML
 * {@code Pipeline} in fastai's order, and {@link io.embark.transformers.tabular.TabularFeatures} reads the fitted
 * pipeline's cardinalities and embedding sizes ({@link io.embark.transformers.tabular.EmbeddingSizes}) for the
 * model built on top. Estimators learn their statistics in one distributed pass with the plain-Java accumulators
 * of {@link io.embark.transformers.stats}; the fitted state ({@link io.embark.transformers.tabular.Vocabulary},
 * means, fill values) is small, plain and persisted with Spark ML's writers.
 */
package io.embark.transformers.tabular;
