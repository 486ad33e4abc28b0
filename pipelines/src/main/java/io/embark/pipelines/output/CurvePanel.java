package io.embark.pipelines.output;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One panel of a {@link CurvePlot}: a y axis with its label, the curves drawn against it and dashed horizontal
 * reference lines (baselines). Every panel of a plot shares the plot's x axis.
 *
 * <p>A point whose x or y is NaN or infinite is a gap in its curve: nothing is drawn there and the line does not
 * bridge it. A non-finite reference is named in the legend but not drawn. On a panel with a {@link #logScale()
 * log-scale} y axis every finite value must be positive; a series or reference that breaks this is refused with an
 * {@link IllegalArgumentException} naming the panel, the curve and the value, whichever of {@code logScale()} and
 * {@code series}/{@code reference} comes first.
 *
 * <pre>{@code
 * plot.panel("perplexity").logScale().series("valid_perplexity", ppl).reference("unigram", 200.5);
 * }</pre>
 */
public final class CurvePanel {
    private final String yLabel;
    private final Map<String, Curve> series = new LinkedHashMap<>();
    private final Map<String, Double> references = new LinkedHashMap<>();
    private boolean logScale;

    CurvePanel(String yLabel) {
        this.yLabel = yLabel == null ? "" : yLabel;
    }

    /** Adds a curve whose point {@code i} lies at x = i + 1 (epoch numbers). */
    public CurvePanel series(String name, double[] values) {
        double[] x = new double[values.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        return series(name, x, values);
    }

    /** Adds a curve through the points ({@code x[i]}, {@code y[i]}), drawn in the given order. */
    public CurvePanel series(String name, double[] x, double[] y) {
        requireNewName(name);
        if (x.length != y.length) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "series '%s' of panel '%s' has %d x values but %d y values", name, yLabel, x.length, y.length));
        }
        Curve curve = new Curve(x, y);
        if (logScale) {
            requirePositive(name, curve);
        }
        series.put(name, curve);
        return this;
    }

    /** Adds a dashed horizontal line at {@code value}, named with its value in the legend. */
    public CurvePanel reference(String name, double value) {
        requireNewName(name);
        if (logScale) {
            requirePositive(name, value, Double.NaN);
        }
        references.put(name, value);
        return this;
    }

    /**
     * Draws this panel's y axis on a logarithmic scale (e.g. perplexity), with ticks at round values.
     *
     * @throws IllegalArgumentException if a curve or reference already added has a value that is not positive
     */
    public CurvePanel logScale() {
        series.forEach(this::requirePositive);
        references.forEach((name, value) -> requirePositive(name, value, Double.NaN));
        logScale = true;
        return this;
    }

    /** The y axis label; empty when none was given. */
    public String yLabel() {
        return yLabel;
    }

    /** Whether the y axis is logarithmic. */
    public boolean isLogScale() {
        return logScale;
    }

    /** The curves by name, in the order they were added. */
    public Map<String, Curve> series() {
        return Collections.unmodifiableMap(series);
    }

    /** The reference values by name, in the order they were added. */
    public Map<String, Double> references() {
        return Collections.unmodifiableMap(references);
    }

    private void requireNewName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a curve of panel '" + yLabel + "' needs a name");
        }
        if (series.containsKey(name) || references.containsKey(name)) {
            throw new IllegalArgumentException("panel '" + yLabel + "' already has a curve named '" + name + "'");
        }
    }

    private void requirePositive(String name, Curve curve) {
        for (int i = 0; i < curve.y.length; i++) {
            requirePositive(name, curve.y[i], curve.x[i]);
        }
    }

    private void requirePositive(String name, double value, double x) {
        if (Double.isFinite(value) && value <= 0) {
            String where = Double.isNaN(x) ? "" : String.format(Locale.ROOT, " at x = %s", x);
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "panel '%s' has a log-scale y axis, which cannot show '%s' = %s%s: only positive values "
                            + "can be drawn there (plot it on a linear panel instead)", yLabel, name, value, where));
        }
    }

    /**
     * The points of one curve (copies, indices aligned).
     *
     * @param x the x value of each point
     * @param y the y value of each point; NaN or infinite for a gap
     */
    public record Curve(double[] x, double[] y) {
        /** Copies the arrays so the curve cannot change after it was added. */
        public Curve {
            x = x.clone();
            y = y.clone();
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public double[] y() {
            return y.clone();
        }
    }
}
