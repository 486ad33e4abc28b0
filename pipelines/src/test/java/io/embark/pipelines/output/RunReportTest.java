package io.embark.pipelines.output;

import io.embark.pipelines.train.EpochRecord;
import io.embark.pipelines.train.TrainingHistory;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunReportTest {

    private static EpochRecord epoch(int n, double trainLoss, Map<String, Double> metrics) {
        return new EpochRecord(n, trainLoss, metrics, 100, 1.0, 1e-3);
    }

    private static Map<String, Double> metrics(Object... nameValue) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], (Double) nameValue[i + 1]);
        }
        return m;
    }

    @Test
    void lossesGoOnTheFirstPanelAndTheOtherMetricsWithTheBaselinesOnTheSecond() {
        TrainingHistory h = new TrainingHistory();
        h.add(epoch(1, 0.68, metrics("valid_loss", 0.73, "valid_accuracy", 0.45)));
        h.add(epoch(2, 0.62, metrics("valid_loss", 0.69, "valid_accuracy", 0.54)));
        CurvePlot plot = RunReport.curves("classifier", h, Map.of("majority-class accuracy", 0.535));

        assertEquals("classifier", plot.title());
        assertEquals("epoch", plot.xLabel());
        assertEquals(2, plot.panels().size());
        CurvePanel loss = plot.panels().get(0);
        CurvePanel metric = plot.panels().get(1);
        assertEquals("loss", loss.yLabel());
        assertEquals(List.of("train_loss", "valid_loss"), List.copyOf(loss.series().keySet()));
        assertEquals("valid_accuracy", metric.yLabel(), "a single metric names its panel");
        assertEquals(List.of("valid_accuracy"), List.copyOf(metric.series().keySet()));
        assertEquals(Map.of("majority-class accuracy", 0.535), metric.references());
        assertEquals(0.54, metric.series().get("valid_accuracy").y()[1]);
        assertEquals(2.0, metric.series().get("valid_accuracy").x()[1], "x is the epoch number");
    }

    @Test
    void severalMetricsShareAValidationPanelAndAMissingValueIsAGap() {
        TrainingHistory h = new TrainingHistory();
        h.add(epoch(1, 0.75, metrics("valid_rmse", 0.92, "valid_mse", 0.84)));
        h.add(epoch(2, 0.49, metrics("valid_rmse", 0.86)));
        CurvePlot plot = RunReport.curves("MovieLens", h, Map.of());
        CurvePanel validation = plot.panels().get(1);
        assertEquals("validation", validation.yLabel());
        assertEquals(List.of("valid_rmse", "valid_mse"), List.copyOf(validation.series().keySet()));
        assertTrue(Double.isNaN(validation.series().get("valid_mse").y()[1]));
    }

    @Test
    void withOnlyLossesTheBaselinesJoinTheLossPanel() {
        TrainingHistory h = new TrainingHistory();
        h.add(epoch(1, 0.5, metrics("valid_loss", 0.6)));
        CurvePlot plot = RunReport.curves("losses only", h, Map.of("baseline", 0.7));
        assertEquals(1, plot.panels().size());
        assertEquals(Map.of("baseline", 0.7), plot.panels().get(0).references());
    }

    @Test
    void writeCurvesWritesTheNamedPictureAtItsDocumentedSize(@TempDir Path dir) throws Exception {
        TrainingHistory h = new TrainingHistory();
        h.add(epoch(1, 0.75, metrics("valid_rmse", 0.92)));
        h.add(epoch(2, 0.49, metrics("valid_rmse", 0.86)));
        RunDirectory out = RunDirectory.open(dir.resolve("run").toString(), false, new Configuration());
        RunReport.writeCurves(out, "MovieLens", h, Map.of("predict-mean rmse", 1.056));
        out.commit();
        BufferedImage png = ImageIO.read(dir.resolve("run").resolve(RunReport.CURVES_FILE).toFile());
        assertNotNull(png);
        assertEquals(RunReport.CURVES_WIDTH, png.getWidth());
        assertEquals(RunReport.CURVES_HEIGHT, png.getHeight());
    }
}
