package io.embark.pipelines.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code rows} section of a run's {@code metrics.json}: what was read, used and rejected, and how the used rows
 * were split. Always {@code used = train + valid}; {@code in = used + rejected} where the run read raw input
 * ({@code in}, {@code used} and {@code rejected} are absent when it was handed prepared frames).
 *
 * @param in       rows read, or null when the run did not read raw input
 * @param used     rows used for training or validation, or null as {@code in}
 * @param rejected malformed rows routed to {@code rejects/}, or null as {@code in}
 * @param train    training rows
 * @param valid    validation rows
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RowCounts(@JsonProperty("in") Long in, @JsonProperty("used") Long used,
                        @JsonProperty("rejected") Long rejected, @JsonProperty("train") long train,
                        @JsonProperty("valid") long valid) {
    /** Counts of a run that read {@code in} rows, rejected {@code rejected} and split the rest. */
    public static RowCounts read(long in, long rejected, long train, long valid) {
        if (in != rejected + train + valid) {
            throw new IllegalStateException("rows do not add up: " + in + " in != " + rejected + " rejected + "
                    + train + " train + " + valid + " valid");
        }
        return new RowCounts(in, train + valid, rejected, train, valid);
    }

    /** Counts of a run handed prepared training and validation frames. */
    public static RowCounts prepared(long train, long valid) {
        return new RowCounts(null, null, null, train, valid);
    }
}
