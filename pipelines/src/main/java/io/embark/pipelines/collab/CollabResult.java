package io.embark.pipelines.collab;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.embark.pipelines.output.RowCounts;
import io.embark.pipelines.output.TrainingSummary;
import io.embark.pipelines.train.EpochRecord;

import java.util.List;
import java.util.Map;

/**
 * What a MovieLens training run produced; {@link CollabTraining#run} writes it as the run's {@code metrics.json}
 * (each peer as a top-level section under its {@link CollabPeer#name()}, e.g. {@code spark_als}).
 *
 * @param output       the committed output directory
 * @param rows         ratings read, used and rejected, and the split
 * @param vocabulary   users and items known to the model, {@code #na#} included
 * @param baseline     predicting the training mean on the validation ratings
 * @param finalMetrics the last epoch's validation metrics ({@code valid_rmse}, {@code valid_mse})
 * @param epochs       every epoch, in order
 * @param training     throughput and trainer settings
 * @param settings     the model's hyper-parameters
 * @param peers        other models trained on the same split, by name
 */
@JsonPropertyOrder({"workload", "model", "rows", "vocabulary", "baseline_predict_mean", "final", "epochs", "training",
    "settings"})
public record CollabResult(@JsonIgnore String output, @JsonProperty("rows") RowCounts rows,
                           @JsonProperty("vocabulary") Vocabulary vocabulary,
                           @JsonProperty("baseline_predict_mean") Baseline baseline,
                           @JsonProperty("final") Map<String, Double> finalMetrics,
                           @JsonProperty("epochs") List<EpochRecord> epochs,
                           @JsonProperty("training") TrainingSummary training,
                           @JsonProperty("settings") CollabModelSettings settings,
                           @JsonIgnore Map<String, CollabPeer.Result> peers) {
    /** Copies the collections. */
    public CollabResult {
        finalMetrics = Map.copyOf(finalMetrics);
        epochs = List.copyOf(epochs);
        peers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(peers));
    }

    /** Always {@code movielens}. */
    @JsonProperty("workload")
    public String workload() {
        return "movielens";
    }

    /** Always {@code EmbeddingDotBias}. */
    @JsonProperty("model")
    public String model() {
        return "EmbeddingDotBias";
    }

    /** The validation RMSE after the last epoch. */
    @JsonIgnore
    public double validRmse() {
        return finalMetrics.get("valid_rmse");
    }

    @JsonAnyGetter
    private Map<String, CollabPeer.Result> peerSections() {
        return peers;
    }

    /**
     * Users and items the model embeds.
     *
     * @param users distinct training users + {@code #na#}
     * @param items distinct training items + {@code #na#}
     */
    public record Vocabulary(@JsonProperty("users") int users, @JsonProperty("items") int items) {
    }

    /**
     * The predict-the-training-mean baseline.
     *
     * @param mean      the training mean rating
     * @param validRmse its validation RMSE
     * @param validMse  its validation MSE
     */
    public record Baseline(@JsonProperty("mean") double mean, @JsonProperty("valid_rmse") double validRmse,
                           @JsonProperty("valid_mse") double validMse) {
    }
}
