package io.embark.pipelines.output;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnitSource;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@link CurvePlot} into a JFreeChart chart: the panels stacked on one shared x axis, every curve and
 * reference in its own colour (in the order added, panel by panel), dashed references, one legend below, white
 * backgrounds, light grid lines, locale-independent number formats. Axis ranges are computed here from the finite
 * values (references included, 8% margin), so a reference far from the curves is still in view.
 */
final class CurveChart {
    /** Ten distinguishable colours (the "tableau 10" hues), repeated after the tenth curve. */
    static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207),
    };
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Color GRID = new Color(225, 225, 225);
    private static final Stroke LINE = new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final Stroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
            new float[] {6, 5}, 0);
    private static final Shape DOT = new Ellipse2D.Double(-4, -4, 8, 8);
    private static final Shape LEGEND_LINE = new Line2D.Double(-12, 0, 12, 0);
    /** Curves with more points than this are drawn as lines only: markers would hide the line. */
    private static final int MAX_MARKED_POINTS = 40;
    private static final double Y_MARGIN = 0.08;
    private static final double X_MARGIN = 0.04;

    private CurveChart() {
    }

    static JFreeChart of(CurvePlot figure) {
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(xAxis(figure));
        combined.setGap(14);
        LegendItemCollection legend = new LegendItemCollection();
        int colour = 0;
        for (CurvePanel panel : figure.panels()) {
            XYSeriesCollection data = new XYSeriesCollection();
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
            XYPlot plot = new XYPlot(data, null, yAxis(panel), renderer);
            style(plot, panel.isLogScale());
            int index = 0;
            for (Map.Entry<String, CurvePanel.Curve> s : panel.series().entrySet()) {
                Color c = PALETTE[colour++ % PALETTE.length];
                double[] x = s.getValue().x();
                double[] y = s.getValue().y();
                XYSeries series = new XYSeries(s.getKey(), false, true);
                for (int i = 0; i < x.length; i++) {
                    series.add(finiteOrNaN(x[i]), finiteOrNaN(y[i]));
                }
                data.addSeries(series);
                boolean marked = x.length <= MAX_MARKED_POINTS;
                renderer.setSeriesPaint(index, c);
                renderer.setSeriesStroke(index, LINE);
                renderer.setSeriesShape(index, DOT);
                renderer.setSeriesShapesVisible(index, marked);
                legend.add(legendItem(s.getKey(), c, LINE, marked));
                index++;
            }
            for (Map.Entry<String, Double> r : panel.references().entrySet()) {
                Color c = PALETTE[colour++ % PALETTE.length];
                if (Double.isFinite(r.getValue())) {
                    plot.addRangeMarker(new ValueMarker(r.getValue(), c, DASHED), Layer.BACKGROUND);
                }
                legend.add(legendItem(r.getKey() + " (" + format(r.getValue()) + ")", c, DASHED, false));
            }
            combined.add(plot, 1);
        }
        JFreeChart chart = new JFreeChart(figure.title(), TITLE_FONT, combined, false);
        chart.getTitle().setHorizontalAlignment(HorizontalAlignment.LEFT);
        chart.getTitle().setMargin(2, 8, 8, 0);
        chart.addLegend(legendTitle(legend));
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(10, 8, 8, 12));
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        return chart;
    }

    /** A reference value as the legend shows it: one decimal from 100 up, three below. */
    static String format(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.3f", v);
    }

    private static NumberAxis xAxis(CurvePlot figure) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        boolean whole = true;
        for (CurvePanel panel : figure.panels()) {
            for (CurvePanel.Curve c : panel.series().values()) {
                for (double v : c.x()) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                        whole &= v == Math.rint(v);
                    }
                }
            }
        }
        NumberAxis axis = new NumberAxis(figure.xLabel());
        axis.setStandardTickUnits(tickUnits(whole));
        axis.setRange(padded(lo, hi, X_MARGIN));
        styleAxis(axis);
        return axis;
    }

    private static ValueAxis yAxis(CurvePanel panel) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (CurvePanel.Curve c : panel.series().values()) {
            for (double v : c.y()) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        for (double v : panel.references().values()) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        ValueAxis axis;
        if (panel.isLogScale()) {
            axis = new LogScaleAxis(panel.yLabel());
            Range log = padded(Math.log10(lo), Math.log10(hi), Y_MARGIN);
            axis.setRange(Math.pow(10, log.getLowerBound()), Math.pow(10, log.getUpperBound()));
        } else {
            NumberAxis linear = new NumberAxis(panel.yLabel());
            linear.setStandardTickUnits(tickUnits(false));
            linear.setRange(padded(lo, hi, Y_MARGIN));
            axis = linear;
        }
        styleAxis(axis);
        return axis;
    }

    /**
     * [lo, hi] widened by {@code margin} of its length each side; a single value v gets ±10% of |v| (±0.5 for 0), so
     * an accuracy of 0.19 is not drawn on an axis reaching below zero; no value gets [0, 1].
     */
    private static Range padded(double lo, double hi, double margin) {
        if (!(lo <= hi)) {
            return new Range(0, 1);
        }
        if (lo == hi) {
            double pad = lo == 0 ? 0.5 : Math.abs(lo) * 0.1;
            return new Range(lo - pad, hi + pad);
        }
        double pad = (hi - lo) * margin;
        return new Range(lo - pad, hi + pad);
    }

    /**
     * Tick sizes 1, 2, 2.5 and 5 times a power of ten, each labelled with as many decimals as its size needs (so
     * every label of an axis has the same number of decimals: 0.70, 0.75); only whole sizes when {@code whole}.
     */
    private static TickUnitSource tickUnits(boolean whole) {
        TickUnits units = new TickUnits();
        for (int exponent = whole ? 0 : -8; exponent <= 12; exponent++) {
            for (double mantissa : new double[] {1, 2, 2.5, 5}) {
                if (whole && exponent == 0 && mantissa == 2.5) {
                    continue;
                }
                int decimals = Math.max(0, -exponent + (mantissa == 2.5 ? 1 : 0));
                DecimalFormat format = new DecimalFormat(decimals == 0 ? "0" : "0." + "0".repeat(decimals),
                        DecimalFormatSymbols.getInstance(Locale.ROOT));
                units.add(new NumberTickUnit(mantissa * Math.pow(10, exponent), format));
            }
        }
        return units;
    }

    private static void style(XYPlot plot, boolean minorGrid) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setRangeMinorGridlinesVisible(minorGrid);
        plot.setRangeMinorGridlinePaint(new Color(242, 242, 242));
        plot.setRangeMinorGridlineStroke(new BasicStroke(1f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    }

    private static void styleAxis(ValueAxis axis) {
        axis.setLabelFont(LABEL_FONT);
        axis.setTickLabelFont(TICK_FONT);
        axis.setLabelPaint(Color.BLACK);
        axis.setTickLabelPaint(Color.BLACK);
    }

    private static LegendItem legendItem(String label, Color c, Stroke stroke, boolean dot) {
        return new LegendItem(label, null, null, null, dot, DOT, true, c, false, c, LINE, true, LEGEND_LINE, stroke, c);
    }

    private static LegendTitle legendTitle(LegendItemCollection items) {
        LegendTitle legend = new LegendTitle(() -> items);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setItemFont(TICK_FONT);
        legend.setBackgroundPaint(Color.WHITE);
        legend.setFrame(new BlockBorder(Color.LIGHT_GRAY));
        legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 4));
        legend.setMargin(new RectangleInsets(8, 0, 0, 0));
        legend.setPadding(new RectangleInsets(4, 6, 4, 6));
        return legend;
    }

    private static double finiteOrNaN(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }
}
