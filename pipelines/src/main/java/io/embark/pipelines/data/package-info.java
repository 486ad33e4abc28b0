/**
 * DataFrame to DL4J conversion on the executors: rows are grouped into {@code MultiDataSet} minibatches inside
 * each partition ({@link io.embark.pipelines.data.MultiDataSetBatcher}), and fitted networks score DataFrames
 * partition by partition ({@link io.embark.pipelines.data.ExecutorPredictor}). Nothing is collected to the driver.
 */
package io.embark.pipelines.data;
