package io.embark.pipelines.tabular;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.embark.pipelines.output.RowCounts;
import io.embark.pipelines.output.TrainingSummary;
import io.embark.pipelines.train.EpochRecord;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a tabular training run produced; {@link TabularTraining#run} writes it as the run's {@code metrics.json}
 * (each peer as a top-level section under its {@link TabularPeer#name()}).
 *
 * @param output       the committed output directory
 * @param workload     the run's short name (e.g. {@code rossmann})
 * @param target       the label column
 * @param metric       the headline validation metric (e.g. {@code valid_exp_rmspe})
 * @param rows         training and validation rows
 * @param features     the model's inputs
 * @param baseline     predicting the training mean of the target: the mean and its validation metrics
 * @param finalMetrics the last epoch's validation metrics
 * @param epochs       every epoch, in order
 * @param training     throughput and trainer settings
 * @param settings     the model's hyper-parameters
 * @param peers        other models or references scored on the same split, by name, in run order
 */
@JsonPropertyOrder({"workload", "model", "target", "metric", "rows", "features", "baseline_predict_mean", "final",
    "epochs", "training", "settings"})
public record TabularResult(@JsonIgnore String output, @JsonProperty("workload") String workload,
                            @JsonProperty("target") String target, @JsonProperty("metric") String metric,
                            @JsonProperty("rows") RowCounts rows, @JsonProperty("features") Features features,
                            @JsonProperty("baseline_predict_mean") Map<String, Double> baseline,
                            @JsonProperty("final") Map<String, Double> finalMetrics,
                            @JsonProperty("epochs") List<EpochRecord> epochs,
                            @JsonProperty("training") TrainingSummary training,
                            @JsonProperty("settings") TabularModelSettings settings,
                            @JsonIgnore Map<String, TabularPeer.Result> peers) {
    /** Copies the collections, keeping their order. */
    public TabularResult {
        baseline = Collections.unmodifiableMap(new LinkedHashMap<>(baseline));
        finalMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(finalMetrics));
        epochs = List.copyOf(epochs);
        peers = Collections.unmodifiableMap(new LinkedHashMap<>(peers));
    }

    /** Always {@code TabularModel}. */
    @JsonProperty("model")
    public String model() {
        return "TabularModel";
    }

    /** The headline metric after the last epoch. */
    @JsonIgnore
    public double validMetric() {
        return finalMetrics.get(metric);
    }

    @JsonAnyGetter
    private Map<String, TabularPeer.Result> peerSections() {
        return peers;
    }

    /**
     * The model's inputs.
     *
     * @param cardinalities  categorical column → codes, {@code #na#} included
     * @param embeddingSizes categorical column → embedding width
     * @param continuous     continuous columns
     */
    public record Features(@JsonProperty("cardinalities") Map<String, Integer> cardinalities,
                           @JsonProperty("embedding_sizes") Map<String, Integer> embeddingSizes,
                           @JsonProperty("continuous") List<String> continuous) {
    }
}
