/**
 * Mergeable statistics in plain Java, the fitted state behind the tabular stages: each class absorbs values one
 * at a time, merges with a partial result computed elsewhere (another partition, another executor) in any order,
 * and answers the statistic a stage needs. They do not depend on Spark and are tested on their own; the Spark
 * adapters ({@link io.embark.transformers.stats.MomentsAggregator}) only run them inside one distributed
 * aggregation.
 */
package io.embark.transformers.stats;
