/**
 * Collaborative filtering on MovieLens with fastai's {@code EmbeddingDotBias}: reading both MovieLens layouts
 * with malformed lines routed to rejects ({@link io.embark.pipelines.collab.RatingsReader}), the network
 * ({@link io.embark.pipelines.collab.EmbeddingDotBias}), the end-to-end training run
 * ({@link io.embark.pipelines.collab.CollabTraining}), top-N recommendations
 * ({@link io.embark.pipelines.collab.Recommender}) and a same-run comparison with Spark MLlib's ALS
 * ({@link io.embark.pipelines.collab.AlsComparison}).
 */
package io.embark.pipelines.collab;
