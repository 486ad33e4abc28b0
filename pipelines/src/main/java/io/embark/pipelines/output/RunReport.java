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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes a run's {@code metrics.json} and its {@code training-curves.png} (losses on one panel, the other validation
 * metrics per epoch on a second, with optional baselines as dashed lines) into a {@link RunDirectory}.
 */
public final class RunReport {
    /** File name of the metrics. */
    public static final String METRICS_FILE = "metrics.json";
    /** File name of the curves picture. */
    public static final String CURVES_FILE = "training-curves.png";
    /** Width of the curves picture in pixels. */
    public static final int CURVES_WIDTH = 900;
    /** Height of the curves picture in pixels. */
    public static final int CURVES_HEIGHT = 520;

    private static final String LOSS_SUFFIX = "_loss";

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

    /**
     * Draws the history (and {@code baselines}) to {@value #CURVES_FILE}, as {@link #curves} lays it out.
     */
    public static void writeCurves(RunDirectory dir, String title, TrainingHistory history, Map<String, Double> baselines) {
        writeCurves(dir, curves(title, history, baselines));
    }

    /** Writes {@code plot} to {@value #CURVES_FILE} at {@value #CURVES_WIDTH} x {@value #CURVES_HEIGHT} pixels. */
    public static void writeCurves(RunDirectory dir, CurvePlot plot) {
        try (FSDataOutputStream out = dir.fileSystem().create(new Path(dir.path(CURVES_FILE)), true)) {
            plot.writePng(out, CURVES_WIDTH, CURVES_HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The curves of a training history over epochs: a {@code loss} panel with {@code train_loss} and every
     * validation metric whose name ends in {@code _loss}, and below it a panel with the other validation metrics and
     * the {@code baselines} as dashed lines (the baselines join the loss panel when there is no other metric). A
     * metric missing from an epoch is a gap in its curve.
     */
    public static CurvePlot curves(String title, TrainingHistory history, Map<String, Double> baselines) {
        List<EpochRecord> epochs = history.epochs();
        double[] x = epochs.stream().mapToDouble(EpochRecord::epoch).toArray();
        Set<String> names = new LinkedHashSet<>();
        epochs.forEach(e -> names.addAll(e.metrics().keySet()));
        List<String> losses = names.stream().filter(n -> n.endsWith(LOSS_SUFFIX)).collect(Collectors.toList());
        List<String> others = names.stream().filter(n -> !n.endsWith(LOSS_SUFFIX)).collect(Collectors.toList());

        CurvePlot plot = new CurvePlot(title, "epoch");
        CurvePanel loss = plot.panel("loss");
        loss.series("train_loss", x, epochs.stream().mapToDouble(EpochRecord::trainLoss).toArray());
        losses.forEach(m -> loss.series(m, x, values(epochs, m)));
        CurvePanel metrics = others.isEmpty() ? loss : plot.panel(others.size() == 1 ? others.get(0) : "validation");
        others.forEach(m -> metrics.series(m, x, values(epochs, m)));
        baselines.forEach(metrics::reference);
        return plot;
    }

    private static double[] values(List<EpochRecord> epochs, String metric) {
        return epochs.stream().mapToDouble(e -> e.metrics().getOrDefault(metric, Double.NaN)).toArray();
    }
}
