/**
 * Spark ML stages with fastai's preprocessing semantics: each stage is fitted on the training split only,
 * persists with Spark ML's save/load, and applies identically to every later split.
 */
package io.embark.transformers;
