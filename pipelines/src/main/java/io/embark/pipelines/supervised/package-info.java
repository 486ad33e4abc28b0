/**
 * The training skeleton that embark's regression workloads share. A workload (MovieLens's
 * {@link io.embark.pipelines.collab.CollabTraining}, the tabular model's
 * {@link io.embark.pipelines.tabular.TabularTraining}) reads and prepares its data, then hands
 * {@link io.embark.pipelines.supervised.RegressionTraining} the encoded training and validation rows, its batch layout,
 * its metric and a network factory; the skeleton measures the predict-the-training-mean baseline, builds the network
 * for the run's length, trains it with parameter averaging while scoring every epoch on the executors, and gives
 * back the network and its history. What the workload writes into its run directory (predictions, the fitted
 * preparation, the network, its typed result as {@code metrics.json}) stays with the workload.
 */
package io.embark.pipelines.supervised;
