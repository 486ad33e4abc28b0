/**
 * Distributed training shared by every workload: {@link io.embark.pipelines.train.ParameterAveragingTrainer}
 * wraps DL4J's Spark parameter averaging behind one small class, logs progress per epoch (loss, validation
 * metrics, samples/s, ETA) and records a {@link io.embark.pipelines.train.TrainingHistory}; fastai's one-cycle
 * schedule and {@code y_range} activation live here too.
 */
package io.embark.pipelines.train;
