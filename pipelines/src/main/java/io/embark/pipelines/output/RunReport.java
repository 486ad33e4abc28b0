package io.embark.pipelines.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.embark.pipelines.train.EpochRecord;
import io.embark.pipelines.train.TrainerSettings;
import io.embark.pipelines.train.TrainingHistory;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
     * The {@code training} section of {@code metrics.json}: throughput, the trainer's settings, the network's
     * parameter count, the executors that ran training tasks and the Spark master.
     */
    public static Map<String, Object> training(TrainingHistory history, TrainerSettings trainer, long parameters,
                                               String master) {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("samples_per_second", history.samplesPerSecond());
        training.put("train_seconds", history.totalTrainSeconds());
        training.put("workers", trainer.workers());
        training.put("batch_size_per_worker", trainer.batchSizePerWorker());
        training.put("averaging_frequency", trainer.averagingFrequency());
        training.put("epochs", trainer.epochs());
        training.put("parameters", parameters);
        training.put("executors_used", history.executors());
        training.put("master", master);
        return training;
    }

    /** Per-epoch records as JSON-ready maps. */
    public static List<Map<String, Object>> epochs(TrainingHistory history) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (EpochRecord e : history.epochs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", e.epoch());
            m.put("train_loss", e.trainLoss());
            m.putAll(e.metrics());
            m.put("samples", e.samples());
            m.put("train_seconds", e.trainSeconds());
            m.put("samples_per_second", e.samplesPerSecond());
            m.put("learning_rate", e.learningRate());
            out.add(m);
        }
        return out;
    }

    /** Writes {@code metrics} as pretty JSON to {@value #METRICS_FILE}. */
    public static void writeMetrics(RunDirectory dir, Map<String, Object> metrics) {
        try (FSDataOutputStream out = dir.fileSystem().create(new Path(dir.path(METRICS_FILE)), true)) {
            JSON.writeValue((java.io.OutputStream) out, metrics);
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
