package io.embark.pipelines.output;

import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A logarithmic y axis labelled at round values (1 to 9, 1-2-5 or 1-3 times a power of ten, the densest that fits)
 * in plain decimals, with unlabelled grid lines at the other 1 to 9 multiples; a range within a decade that holds
 * fewer than three round values gets evenly spaced labels instead. JFreeChart's own {@link LogAxis} labels powers of
 * the base, which leaves a range such as perplexity 80 to 400 with one label or with labels at 10^1.9.
 */
final class LogScaleAxis extends LogAxis {
    private static final long serialVersionUID = 1L;
    private static final int[][] MANTISSAS = {{1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 5}, {1, 3}, {1}};
    private static final double[] LINEAR_STEPS = {1, 2, 2.5, 5};

    LogScaleAxis(String label) {
        super(label);
    }

    @Override
    protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        g2.setFont(getTickLabelFont());
        int fit = Math.max(2, (int) (dataArea.getHeight() / (1.3 * estimateMaximumTickLabelHeight(g2))));
        TextAnchor anchor = edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT;
        List<NumberTick> ticks = new ArrayList<>();
        for (double v : majorValues(getLowerBound(), getUpperBound(), fit)) {
            ticks.add(new NumberTick(TickType.MAJOR, v, label(v), anchor, anchor, 0));
        }
        for (double v : decade(getLowerBound(), getUpperBound(), MANTISSAS[0], 1)) {
            if (ticks.stream().noneMatch(t -> near(t.getValue(), v))) {
                ticks.add(new NumberTick(TickType.MINOR, v, "", anchor, anchor, 0));
            }
        }
        return ticks;
    }

    /**
     * The labelled values in [lo, hi]: the densest round set with at most {@code fit} values, if it has at least
     * three, or two on a range of a decade or more; otherwise evenly spaced values.
     */
    static List<Double> majorValues(double lo, double hi, int fit) {
        for (int[] mantissas : MANTISSAS) {
            List<Double> values = decade(lo, hi, mantissas, 1);
            if (values.size() <= fit) {
                boolean enough = values.size() >= 3 || (values.size() == 2 && hi / lo >= 10);
                return enough ? values : linear(lo, hi, fit);
            }
        }
        int[] powers = MANTISSAS[MANTISSAS.length - 1];
        int count = decade(lo, hi, powers, 1).size();
        return decade(lo, hi, powers, (count + fit - 1) / fit);
    }

    private static List<Double> decade(double lo, double hi, int[] mantissas, int everyNth) {
        List<Double> out = new ArrayList<>();
        int first = (int) Math.floor(Math.log10(lo));
        int last = (int) Math.ceil(Math.log10(hi));
        for (int e = first; e <= last; e++) {
            if (Math.floorMod(e, everyNth) != 0) {
                continue;
            }
            for (int m : mantissas) {
                double v = m * Math.pow(10, e);
                if (v >= lo && v <= hi) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    private static List<Double> linear(double lo, double hi, int fit) {
        double magnitude = Math.pow(10, Math.floor(Math.log10((hi - lo) / fit)));
        for (int scale = 0; ; scale++) {
            for (double s : LINEAR_STEPS) {
                double step = s * magnitude * Math.pow(10, scale);
                List<Double> out = new ArrayList<>();
                for (double v = Math.ceil(lo / step) * step; v <= hi; v += step) {
                    out.add(v);
                }
                if (out.size() <= fit) {
                    return out;
                }
            }
        }
    }

    private static boolean near(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
    }

    static String label(double v) {
        String pattern = v >= 1e5 || v < 1e-3 ? "0.##E0" : "0.####";
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    }
}
