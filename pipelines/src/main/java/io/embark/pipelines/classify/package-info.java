/**
 * ULMFiT stage 3, text classification on Spark: {@link io.embark.pipelines.classify.LabelledTextReader} reads
 * labelled documents (CSV, Parquet, the aclImdb folders) with rejects; {@link io.embark.pipelines.classify.TextClassifier}
 * builds fastai's classifier (AWD-LSTM encoder, concat pooling, {@code PoolingLinearClassifier} head);
 * {@link io.embark.pipelines.classify.GradualUnfreezing} sets the phases and discriminative rates;
 * {@link io.embark.pipelines.classify.TextClassifierTraining} is the classify step (with the peers of
 * {@link io.embark.pipelines.classify.TextClassifierPeers}), {@link io.embark.pipelines.classify.TextClassifierPrediction}
 * the predict step; {@link io.embark.pipelines.classify.ClassifierPredictor} and
 * {@link io.embark.pipelines.classify.ClassifierEvaluation} score on the executors.
 */
package io.embark.pipelines.classify;
