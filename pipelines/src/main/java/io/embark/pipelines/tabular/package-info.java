/**
 * fastai's tabular model on Spark: the network ({@link io.embark.pipelines.tabular.TabularModel}, embeddings
 * sized by fastai's rule for every categorical column, batch-normalised continuous columns, Linear → ReLU →
 * BatchNorm → Dropout blocks and a y-range output), its inputs in one shared order
 * ({@link io.embark.pipelines.tabular.TabularInputs}) and minibatches
 * ({@link io.embark.pipelines.tabular.TabularBatches}), and a generic parameter-averaged training run with
 * per-epoch evaluation on the executors ({@link io.embark.pipelines.tabular.TabularTraining}), scored by RMSE or
 * fastai's exp-RMSPE on log targets ({@link io.embark.pipelines.tabular.TabularMetric}).
 */
package io.embark.pipelines.tabular;
