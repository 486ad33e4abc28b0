package io.embark.pipelines.output;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws training curves (one line per named series over epochs) into a PNG with axes, ticks, a title and a
 * legend. Pure Java2D in headless mode: no display and no plotting library needed on a cluster.
 */
public final class CurvePlot {
    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189),
    };

    private final String title;
    private final String xLabel;
    private final Map<String, double[]> series = new LinkedHashMap<>();
    private final Map<String, Double> references = new LinkedHashMap<>();

    /** A plot with a title and an x-axis label. */
    public CurvePlot(String title, String xLabel) {
        this.title = title;
        this.xLabel = xLabel;
    }

    /** Adds a series; point {@code i} is drawn at x = i + 1. */
    public CurvePlot series(String name, double[] values) {
        series.put(name, values.clone());
        return this;
    }

    /** Adds a dashed horizontal reference line (e.g. a baseline). */
    public CurvePlot reference(String name, double value) {
        references.put(name, value);
        return this;
    }

    /** Writes the picture as PNG. */
    public void writePng(OutputStream out, int width, int height) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int left = 70;
        int right = 20;
        int top = 45;
        int bottom = 55;
        int pw = width - left - right;
        int ph = height - top - bottom;

        int n = 1;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        List<Double> all = new ArrayList<>(references.values());
        for (double[] s : series.values()) {
            n = Math.max(n, s.length);
            for (double v : s) {
                all.add(v);
            }
        }
        for (double v : all) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(hi > lo)) {
            lo = Double.isFinite(lo) ? lo - 0.5 : 0;
            hi = lo + 1;
        }
        double pad = (hi - lo) * 0.08;
        lo -= pad;
        hi += pad;

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, left, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawRect(left, top, pw, ph);
        for (int t = 0; t <= 5; t++) {
            double v = lo + (hi - lo) * t / 5;
            int y = top + ph - (int) Math.round(ph * (v - lo) / (hi - lo));
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left + 1, y, left + pw - 1, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.3f", v), 8, y + 4);
        }
        for (int i = 1; i <= n; i++) {
            int x = xPos(i, n, left, pw);
            g.drawLine(x, top + ph, x, top + ph + 4);
            g.drawString(Integer.toString(i), x - 4, top + ph + 18);
        }
        g.drawString(xLabel, left + pw / 2 - 20, height - 12);

        List<String> labels = new ArrayList<>(series.keySet());
        references.forEach((k, v) -> labels.add(String.format(Locale.ROOT, "%s (%.3f)", k, v)));
        int textWidth = labels.stream().mapToInt(l -> g.getFontMetrics().stringWidth(l)).max().orElse(0);
        int legendX = left + pw - textWidth - 40;
        List<Color> legendColors = new ArrayList<>();
        int c = 0;
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            g.setColor(PALETTE[c++ % PALETTE.length]);
            g.setStroke(new BasicStroke(2.2f));
            double[] v = s.getValue();
            for (int i = 0; i < v.length; i++) {
                int x = xPos(i + 1, n, left, pw);
                int y = top + ph - (int) Math.round(ph * (v[i] - lo) / (hi - lo));
                g.fillOval(x - 4, y - 4, 8, 8);
                if (i > 0) {
                    int px = xPos(i, n, left, pw);
                    int py = top + ph - (int) Math.round(ph * (v[i - 1] - lo) / (hi - lo));
                    g.drawLine(px, py, x, y);
                }
            }
            legendColors.add(g.getColor());
        }
        for (Map.Entry<String, Double> r : references.entrySet()) {
            g.setColor(PALETTE[c++ % PALETTE.length]);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 5}, 0));
            int y = top + ph - (int) Math.round(ph * (r.getValue() - lo) / (hi - lo));
            g.drawLine(left, y, left + pw, y);
            legendColors.add(g.getColor());
        }
        g.setStroke(new BasicStroke(2.2f));
        g.setColor(Color.WHITE);
        g.fillRect(legendX - 6, top + 4, textWidth + 38, labels.size() * 18 + 8);
        g.setColor(Color.GRAY);
        g.drawRect(legendX - 6, top + 4, textWidth + 38, labels.size() * 18 + 8);
        for (int k = 0; k < labels.size(); k++) {
            g.setColor(legendColors.get(k));
            legend(g, labels.get(k), legendX, top + 18 + 18 * k);
        }
        g.dispose();
        ImageIO.write(img, "png", out);
    }

    private static void legend(Graphics2D g, String text, int x, int y) {
        g.drawLine(x, y - 4, x + 18, y - 4);
        g.setColor(Color.BLACK);
        g.drawString(text, x + 24, y);
    }

    private static int xPos(int i, int n, int left, int pw) {
        return n == 1 ? left + pw / 2 : left + 20 + (int) Math.round((pw - 40) * (i - 1) / (double) (n - 1));
    }
}
