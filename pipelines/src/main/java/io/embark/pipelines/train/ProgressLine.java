package io.embark.pipelines.train;

import java.util.Locale;
import java.util.Map;

/** Formats the per-epoch progress line, e.g. {@code epoch 2/5 | train_loss 0.7512 | valid_rmse 0.8861 | ...}. */
public final class ProgressLine {
    private ProgressLine() {
    }

    /** One line for {@code record} of {@code epochs}, with elapsed and remaining time in seconds. */
    public static String format(EpochRecord record, int epochs, double elapsedSeconds, double etaSeconds) {
        return format(record, epochs, elapsedSeconds, etaSeconds, "samples");
    }

    /** The same line with the throughput in {@code unit}s per second (e.g. {@code tokens}). */
    public static String format(EpochRecord record, int epochs, double elapsedSeconds, double etaSeconds, String unit) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "epoch %d/%d | train_loss %.4f", record.epoch(), epochs, record.trainLoss()));
        for (Map.Entry<String, Double> m : record.metrics().entrySet()) {
            b.append(String.format(Locale.ROOT, " | %s %.4f", m.getKey(), m.getValue()));
        }
        b.append(String.format(Locale.ROOT, " | %,.0f %s/s | lr %.2e | elapsed %s | ETA %s",
                record.samplesPerSecond(), unit, record.learningRate(), clock(elapsedSeconds), clock(etaSeconds)));
        return b.toString();
    }

    /** Seconds as {@code m:ss} or {@code h:mm:ss}. */
    public static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
