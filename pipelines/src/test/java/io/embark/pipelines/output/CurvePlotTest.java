package io.embark.pipelines.output;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CurvePlotTest {
    private static final double[] LOSS = {0.75, 0.49, 0.34, 0.28, 0.27};
    private static final double[] RMSE = {0.92, 0.86, 0.85, 0.85, 0.85};
    private static final int LEGEND_ROWS = 70;

    @Test
    void twoPanelsDecodeAsAPngOfTheRequestedSizeWithEachCurveInItsOwnPanel() throws Exception {
        CurvePlot plot = new CurvePlot("MovieLens", "epoch");
        plot.panel("loss").series("train_loss", LOSS);
        plot.panel("validation").series("valid_rmse", RMSE).reference("predict-mean rmse", 1.056);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        plot.writePng(png, 900, 520);

        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.toByteArray()));
        assertNotNull(img, "a PNG ImageIO can read");
        assertEquals(900, img.getWidth());
        assertEquals(520, img.getHeight());
        assertEquals(Color.WHITE.getRGB(), img.getRGB(2, 2), "white background");
        assertEquals(Color.WHITE.getRGB(), img.getRGB(897, 517), "white background");
        int[] loss = rowsOf(img, CurveChart.PALETTE[0]);
        int[] rmse = rowsOf(img, CurveChart.PALETTE[1]);
        assertTrue(loss[1] > 0 && rmse[1] > 0, "both curves are drawn");
        assertTrue(loss[1] < rmse[0], "the first panel's curve lies above the second panel's: rows "
                + loss[0] + "-" + loss[1] + " vs " + rmse[0] + "-" + rmse[1]);
    }

    @Test
    void aReferenceIsADashedLineAcrossItsPanel() {
        CurvePlot plot = new CurvePlot("baseline", "epoch");
        plot.panel("rmse").series("valid_rmse", RMSE).reference("predict-mean rmse", 1.056);
        BufferedImage img = plot.toImage(900, 520);
        Color dash = CurveChart.PALETTE[1];
        int bestRow = -1;
        int bestCount = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            int count = 0;
            for (int x = 0; x < img.getWidth(); x++) {
                count += near(img.getRGB(x, y), dash) ? 1 : 0;
            }
            if (count > bestCount) {
                bestCount = count;
                bestRow = y;
            }
        }
        int runs = 0;
        int first = -1;
        int last = -1;
        for (int x = 0; x < img.getWidth(); x++) {
            boolean on = near(img.getRGB(x, bestRow), dash);
            if (on && (x == 0 || !near(img.getRGB(x - 1, bestRow), dash))) {
                runs++;
            }
            if (on) {
                first = first < 0 ? x : first;
                last = x;
            }
        }
        assertTrue(last - first > 600, "the line spans the panel: columns " + first + "-" + last);
        assertTrue(runs > 30, "dashed, not solid: " + runs + " dashes");
        assertTrue(bestCount < 0.8 * (last - first), "gaps between the dashes: " + bestCount + " of " + (last - first));
    }

    @Test
    void aLogScalePanelRefusesNonPositiveValuesWhicheverComesFirst() {
        CurvePlot plot = new CurvePlot("lm", "epoch");
        CurvePanel log = plot.panel("perplexity").logScale();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> log.series("valid_perplexity", new double[] {120, 0, 90}));
        assertTrue(e.getMessage().contains("panel 'perplexity' has a log-scale y axis"), e.getMessage());
        assertTrue(e.getMessage().contains("'valid_perplexity' = 0.0 at x = 2.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> log.reference("unigram", -1));
        assertTrue(log.series().isEmpty() && log.references().isEmpty(), "a refused curve is not kept");

        CurvePanel linear = plot.panel("loss").series("train_loss", new double[] {1.2, -0.1});
        e = assertThrows(IllegalArgumentException.class, linear::logScale);
        assertTrue(e.getMessage().contains("'train_loss' = -0.1"), e.getMessage());
        assertTrue(!linear.isLogScale(), "a refused logScale() leaves the axis linear");

        CurvePanel gaps = plot.panel("ppl").logScale().series("with_gap", new double[] {200, Double.NaN, 100});
        assertEquals(1, gaps.series().size(), "NaN is a gap, not a non-positive value");
    }

    @Test
    void nonFiniteValuesAndEmptyCurvesAreGapsNotErrors() {
        CurvePlot plot = new CurvePlot("gaps", "step");
        plot.panel("loss")
                .series("nan_epochs", new double[] {1, Double.NaN, 3, 4}, new double[] {0.9, 0.8, 0.7, 0.6})
                .series("nan_values", new double[] {Double.NaN, 0.5, Double.POSITIVE_INFINITY, 0.4})
                .series("all_nan", new double[] {Double.NaN, Double.NaN})
                .series("empty", new double[0])
                .reference("missing baseline", Double.NaN);
        plot.panel("perplexity").logScale().series("ppl", new double[] {Double.NaN, 300, 150, Double.NaN});
        BufferedImage img = assertDoesNotThrow(() -> plot.toImage(900, 520));
        assertEquals(900, img.getWidth());
        assertTrue(rowsOf(img, CurveChart.PALETTE[0])[1] > 0, "the finite points are still drawn");

        CurvePlot nothing = new CurvePlot("nothing finite", "epoch");
        nothing.panel("perplexity").logScale().series("ppl", new double[] {Double.NaN});
        assertEquals(520, assertDoesNotThrow(() -> nothing.toImage(900, 520)).getHeight());
    }

    @Test
    void curvesNeedDistinctNamesMatchingLengthsAndAPanel() {
        CurvePanel panel = new CurvePlot("t", "epoch").panel("loss").series("a", LOSS);
        assertThrows(IllegalArgumentException.class, () -> panel.series("a", RMSE));
        assertThrows(IllegalArgumentException.class, () -> panel.reference("a", 1));
        assertThrows(IllegalArgumentException.class, () -> panel.series(" ", RMSE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> panel.series("b", new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("2 x values but 1 y values"), e.getMessage());
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> new CurvePlot("empty", "epoch").toImage(900, 520));
        assertTrue(none.getMessage().contains("no panel"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CurvePlot("t", "x").series("a", LOSS).toImage(0, 10));
    }

    @Test
    void seriesAndReferenceOnThePlotGoToItsLastPanel() {
        CurvePlot plot = new CurvePlot("one panel", "epoch").series("train_loss", LOSS).reference("baseline", 1);
        assertEquals(1, plot.panels().size());
        plot.panel("second");
        plot.series("valid_rmse", RMSE);
        assertEquals(List.of("valid_rmse"), List.copyOf(plot.panels().get(1).series().keySet()));
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0),
                java.util.Arrays.stream(plot.panels().get(1).series().get("valid_rmse").x()).boxed().toList(),
                "point i at x = i + 1");
    }

    @Test
    void logAxisLabelsRoundValuesAndFallsBackToEvenStepsOnANarrowRange() {
        assertEquals(List.of(50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0),
                LogScaleAxis.majorValues(47, 6577, 8), "1-2-5 when 1..9 does not fit");
        assertEquals(List.of(100.0, 1000.0), LogScaleAxis.majorValues(47, 6577, 2), "powers of ten when little fits");
        assertEquals(List.of(60.0, 70.0, 80.0, 90.0, 100.0, 200.0), LogScaleAxis.majorValues(55, 280, 8));
        assertEquals(List.of(125.0, 150.0, 175.0, 200.0, 225.0, 250.0), LogScaleAxis.majorValues(108, 255, 6),
                "less than two round values in range: evenly spaced");
        assertEquals(List.of(100.0, 120.0, 140.0, 160.0, 180.0, 200.0), LogScaleAxis.majorValues(98, 213, 7),
                "two round values within a decade: evenly spaced");
        assertEquals("0.05", LogScaleAxis.label(0.05));
        assertEquals("2000", LogScaleAxis.label(2000));
        assertEquals("1E6", LogScaleAxis.label(1e6));
    }

    @Test
    void numbersAreFormattedTheSameInEveryLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("1.056", CurveChart.format(1.0561));
            assertEquals("200.5", CurveChart.format(200.51));
            assertEquals("n/a", CurveChart.format(Double.NaN));
            assertEquals("0.5", LogScaleAxis.label(0.5));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void renderingLeavesTheHeadlessSettingAlone() {
        String before = System.getProperty("java.awt.headless");
        new CurvePlot("t", "epoch").series("a", LOSS).toImage(300, 200);
        assertEquals(before, System.getProperty("java.awt.headless"),
                "the JVM's flags decide headless mode, not the plot");
    }

    /**
     * First and last row above the legend (the bottom {@value #LEGEND_ROWS} rows) holding a pixel of colour
     * {@code c}; {-1, -1} when there is none.
     */
    private static int[] rowsOf(BufferedImage img, Color c) {
        int first = -1;
        int last = -1;
        for (int y = 0; y < img.getHeight() - LEGEND_ROWS; y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (img.getRGB(x, y) == (c.getRGB() | 0xFF000000)) {
                    first = first < 0 ? y : first;
                    last = y;
                    break;
                }
            }
        }
        return new int[] {first, last};
    }

    private static boolean near(int rgb, Color c) {
        Color p = new Color(rgb);
        return Math.abs(p.getRed() - c.getRed()) + Math.abs(p.getGreen() - c.getGreen())
                + Math.abs(p.getBlue() - c.getBlue()) < 90;
    }
}
