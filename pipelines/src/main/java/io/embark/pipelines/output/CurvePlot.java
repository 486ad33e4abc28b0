package io.embark.pipelines.output;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A figure of training curves: a title, an x axis (epoch or step) shared by one or more {@link CurvePanel panels}
 * stacked top to bottom, each with its own y axis, curves and dashed baselines, and one legend naming every curve in
 * its own colour. Rendered with JFreeChart into an image in memory, so it needs no display (run the JVM with
 * {@code -Djava.awt.headless=true} on machines that have one and should not use it).
 *
 * <pre>{@code
 * CurvePlot plot = new CurvePlot("AWD-LSTM language model", "epoch");
 * plot.panel("perplexity").logScale().series("valid_perplexity", ppl).reference("unigram", 200.5);
 * plot.panel("accuracy").series("valid_accuracy", acc);
 * plot.writePng(out, 900, 520);
 * }</pre>
 *
 * <p>{@link #series} and {@link #reference} on the plot itself add to its last panel (an unlabelled one is made if
 * there is none), so a single-panel figure needs no {@code panel} call.
 */
public final class CurvePlot {
    private final String title;
    private final String xLabel;
    private final List<CurvePanel> panels = new ArrayList<>();

    /** A figure with a title and an x-axis label, and no panel yet. */
    public CurvePlot(String title, String xLabel) {
        this.title = title == null ? "" : title;
        this.xLabel = xLabel == null ? "" : xLabel;
    }

    /** Adds a panel below the existing ones, with {@code yLabel} on its y axis, and returns it. */
    public CurvePanel panel(String yLabel) {
        CurvePanel panel = new CurvePanel(yLabel);
        panels.add(panel);
        return panel;
    }

    /** Adds a curve (point {@code i} at x = i + 1) to the last panel. */
    public CurvePlot series(String name, double[] values) {
        lastPanel().series(name, values);
        return this;
    }

    /** Adds a dashed horizontal reference line (e.g. a baseline) to the last panel. */
    public CurvePlot reference(String name, double value) {
        lastPanel().reference(name, value);
        return this;
    }

    /** The title drawn above the panels. */
    public String title() {
        return title;
    }

    /** The label of the shared x axis. */
    public String xLabel() {
        return xLabel;
    }

    /** The panels, top to bottom. */
    public List<CurvePanel> panels() {
        return Collections.unmodifiableList(panels);
    }

    /** Renders the figure into an RGB image of {@code width} x {@code height} pixels on a white background. */
    public BufferedImage toImage(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("picture size must be positive, got " + width + " x " + height);
        }
        if (panels.isEmpty()) {
            throw new IllegalStateException("plot '" + title + "' has no panel: add a series or call panel(...)");
        }
        return CurveChart.of(this).createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
    }

    /** Writes the figure as a PNG of {@code width} x {@code height} pixels; {@code out} is left open. */
    public void writePng(OutputStream out, int width, int height) throws IOException {
        if (!ImageIO.write(toImage(width, height), "png", out)) {
            throw new IOException("no PNG writer available in this JVM");
        }
    }

    private CurvePanel lastPanel() {
        return panels.isEmpty() ? panel("") : panels.get(panels.size() - 1);
    }
}
