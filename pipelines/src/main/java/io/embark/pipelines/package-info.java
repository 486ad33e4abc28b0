/**
 * End-to-end workloads built on the transformers: feature engineering, conversion of DataFrames into DL4J
 * data sets on the executors, the models, parameter-averaged training, evaluation and predictions.
 */
package io.embark.pipelines;
