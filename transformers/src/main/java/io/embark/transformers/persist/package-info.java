/**
 * Spark ML persistence for embark's stages: the standard {@code metadata/} JSON that Spark's own readers
 * understand (so a fitted {@code Pipeline} holding embark stages saves and loads like any other), an embark
 * format version written from day one, and model data as Parquet under {@code data/}.
 *
 * <p>A stage with no fitted data writes with {@link io.embark.transformers.persist.ParamsOnlyWriter} and reads
 * with {@link io.embark.transformers.persist.ParamsOnlyReader}; a model with
 * {@link io.embark.transformers.persist.ModelDataWriter} and {@link io.embark.transformers.persist.ModelDataReader};
 * both go through {@link io.embark.transformers.persist.StageMetadata}, which reaches Spark's {@code private[ml]}
 * metadata code only through {@code io.embark.transformers.spark.MlMetadata}.
 * {@link io.embark.transformers.persist.StageIdentity} holds the uid and copy code every stage shares. A stage
 * then writes only {@code write()} and its static {@code read()}/{@code load(path)}: {@code save(path)} is
 * {@code MLWritable}'s default method.
 */
package io.embark.transformers.persist;
