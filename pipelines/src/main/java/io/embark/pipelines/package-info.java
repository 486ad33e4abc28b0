/**
 * End-to-end workloads built on the transformers: feature engineering, conversion of DataFrames into DL4J
 * data sets on the executors, the models, parameter-averaged training, evaluation and predictions.
 *
 * <p>Every workload has one shape: its steps are public methods in its own package that take a typed settings
 * record and return a typed result record, written as the run's {@code metrics.json}
 * ({@link io.embark.pipelines.output.RunReport}) inside an output committed atomically
 * ({@link io.embark.pipelines.output.RunDirectory#run}): MovieLens in {@code collab}
 * ({@link io.embark.pipelines.collab.CollabTraining}), Rossmann in {@code rossmann}
 * ({@link io.embark.pipelines.rossmann.RossmannWorkflow}, on the generic tabular model of {@code tabular}), the
 * language models in {@code lm} ({@link io.embark.pipelines.lm.LanguageModelTraining}) and the text classifier in
 * {@code classify} ({@link io.embark.pipelines.classify.TextClassifierTraining}). The jobs only turn configuration
 * into settings, call these methods and print the results.
 */
package io.embark.pipelines;
