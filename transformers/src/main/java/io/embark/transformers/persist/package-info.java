/**
 * Spark ML persistence for embark's stages: the standard {@code metadata/} JSON that Spark's own readers
 * understand (so a fitted {@code Pipeline} holding embark stages saves and loads like any other), an embark
 * format version written from day one, and model data as Parquet under {@code data/}.
 */
package io.embark.transformers.persist;
