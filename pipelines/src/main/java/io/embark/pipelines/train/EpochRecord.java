package io.embark.pipelines.train;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.util.Map;

/**
 * What one epoch produced. In {@code metrics.json} an epoch is one flat object: {@code epoch, train_loss}, every
 * validation metric by its name, then {@code samples, train_seconds, samples_per_second, learning_rate}.
 *
 * @param epoch          1-based epoch number
 * @param trainLoss      the training loss measured at the end of the epoch
 * @param metrics        validation metrics by name (e.g. {@code valid_rmse})
 * @param samples        training samples seen in the epoch
 * @param trainSeconds   wall time of the epoch's training (evaluation excluded)
 * @param learningRate   the learning rate at the end of the epoch
 */
@JsonSerialize(using = EpochRecord.Json.class)
public record EpochRecord(int epoch, double trainLoss, Map<String, Double> metrics, long samples,
                          double trainSeconds, double learningRate) {
    /** Training throughput of the epoch. */
    public double samplesPerSecond() {
        return trainSeconds > 0 ? samples / trainSeconds : 0;
    }

    /** Writes an epoch as the flat JSON object described on {@link EpochRecord}. */
    static final class Json extends StdSerializer<EpochRecord> {
        private static final long serialVersionUID = 1L;

        Json() {
            super(EpochRecord.class);
        }

        @Override
        public void serialize(EpochRecord e, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeStartObject();
            json.writeNumberField("epoch", e.epoch());
            json.writeNumberField("train_loss", e.trainLoss());
            for (Map.Entry<String, Double> m : e.metrics().entrySet()) {
                json.writeNumberField(m.getKey(), m.getValue());
            }
            json.writeNumberField("samples", e.samples());
            json.writeNumberField("train_seconds", e.trainSeconds());
            json.writeNumberField("samples_per_second", e.samplesPerSecond());
            json.writeNumberField("learning_rate", e.learningRate());
            json.writeEndObject();
        }
    }
}
