package io.embark.pipelines.output;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.embark.pipelines.train.EpochRecord;
import io.embark.pipelines.train.TrainerSettings;
import io.embark.pipelines.train.TrainingHistory;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a run's {@code metrics.json} and its {@code training-curves.png} (training loss and every validation
 * metric per epoch, with optional baselines as dashed lines) into a {@link RunDirectory}.
 */
public final class RunReport {
    /** File name of the metrics. */
    public static final String METRICS_FILE = "metrics.json";
    /** File name of the curves picture. */
    public static final String CURVES_FILE = "training-curves.png";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunReport() {
    }

    /**
     * The {@code training} section of {@code metrics.json} as a map, for a workload that adds its own keys
     * (e.g. {@code tokens_per_second}); see {@link TrainingSummary}.
     */
    public static Map<String, Object> training(TrainingHistory history, TrainerSettings trainer, long parameters,
                                               String master) {
        return JSON.convertValue(TrainingSummary.of(history, trainer, parameters, master),
                new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /** Per-epoch records, in order; each serialises to one flat JSON object (see {@link EpochRecord}). */
    public static List<EpochRecord> epochs(TrainingHistory history) {
        return history.epochs();
    }

    /**
     * Writes {@code metrics} as pretty JSON to {@value #METRICS_FILE}: a workload's typed result record (its
     * components named in JSON by their {@code @JsonProperty}) or a map.
     */
    public static void writeMetrics(RunDirectory dir, Object metrics) {
        try (FSDataOutputStream out = dir.fileSystem().create(new Path(dir.path(METRICS_FILE)), true)) {
            JSON.writeValue((java.io.OutputStream) out, metrics);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code net} (with its updater state) to {@code file} inside the run directory. */
    public static void writeNetwork(RunDirectory dir, String file, ComputationGraph net) {
        try (FSDataOutputStream out = dir.fileSystem().create(new Path(dir.path(file)), true)) {
            ModelSerializer.writeModel(net, out, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves a fitted Spark ML pipeline to {@code name} inside the run directory. */
    public static void writePipeline(RunDirectory dir, String name, PipelineModel pipeline) {
        try {
            pipeline.write().save(dir.path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Draws the history (and {@code baselines}) to {@value #CURVES_FILE}. */
    public static void writeCurves(RunDirectory dir, String title, TrainingHistory history, Map<String, Double> baselines) {
        List<EpochRecord> epochs = history.epochs();
        CurvePlot plot = new CurvePlot(title, "epoch");
        plot.series("train_loss", epochs.stream().mapToDouble(EpochRecord::trainLoss).toArray());
        for (String metric : epochs.get(0).metrics().keySet()) {
            plot.series(metric, epochs.stream().mapToDouble(e -> e.metrics().get(metric)).toArray());
        }
        baselines.forEach(plot::reference);
        try (FSDataOutputStream out = dir.fileSystem().create(new Path(dir.path(CURVES_FILE)), true)) {
            plot.writePng(out, 900, 520);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
