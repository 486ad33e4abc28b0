package io.embark.pipelines.output;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.embark.pipelines.train.TrainerSettings;
import io.embark.pipelines.train.TrainingHistory;

import java.util.Set;

/**
 * The {@code training} section of a run's {@code metrics.json}: throughput, the trainer's settings, the network's
 * parameter count, the executors that ran training tasks and the Spark master.
 *
 * @param samplesPerSecond    training throughput over all epochs (evaluation excluded)
 * @param trainSeconds        training wall time over all epochs
 * @param workers             parallel workers per averaging round
 * @param batchSizePerWorker  minibatch size of each worker
 * @param averagingFrequency  minibatches each worker fits between two parameter averagings
 * @param epochs              epochs configured
 * @param parameters          parameters of the network
 * @param executorsUsed       ids of the executors that ran training tasks ({@code driver} in local mode)
 * @param master              the Spark master URL
 */
public record TrainingSummary(@JsonProperty("samples_per_second") double samplesPerSecond,
                              @JsonProperty("train_seconds") double trainSeconds,
                              @JsonProperty("workers") int workers,
                              @JsonProperty("batch_size_per_worker") int batchSizePerWorker,
                              @JsonProperty("averaging_frequency") int averagingFrequency,
                              @JsonProperty("epochs") int epochs,
                              @JsonProperty("parameters") long parameters,
                              @JsonProperty("executors_used") Set<String> executorsUsed,
                              @JsonProperty("master") String master) {
    /** The summary of {@code history}, trained with {@code trainer} on a network of {@code parameters}. */
    public static TrainingSummary of(TrainingHistory history, TrainerSettings trainer, long parameters, String master) {
        return new TrainingSummary(history.samplesPerSecond(), history.totalTrainSeconds(), trainer.workers(),
                trainer.batchSizePerWorker(), trainer.averagingFrequency(), trainer.epochs(), parameters,
                history.executors(), master);
    }
}
