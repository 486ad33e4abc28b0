package io.embark.pipelines.rossmann;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The Rossmann tables after {@link RossmannFeatures#build}: lazy frames (nothing is collected) with the recipe's
 * features, the validation cut and the target range. The per-store event features (the one shuffle) are cached
 * by {@link RossmannFeatures#build} on the narrow input columns (memory, spilling to disk) and shared by both
 * frames; the joins and derived columns are recomputed, map-side, each time a frame is used, so persist a frame
 * that is read more than once. {@link #close()} releases the cache.
 */
public final class PreparedRossmann implements AutoCloseable {
    private final Dataset<Row> trainRows;
    private final Dataset<Row> testRows;
    private final LocalDate validationStart;
    private final double maxSales;
    private final RossmannJoinReport report;
    private final Dataset<Row> cached;

    PreparedRossmann(Dataset<Row> trainRows, Dataset<Row> testRows, LocalDate validationStart, double maxSales,
                     RossmannJoinReport report, Dataset<Row> cached) {
        this.cached = cached;
        this.trainRows = trainRows;
        this.testRows = testRows;
        this.validationStart = validationStart;
        this.maxSales = maxSales;
        this.report = report;
    }

    /**
     * The training rows with {@code Sales > 0}: the input columns (Store, DayOfWeek, Date, Sales, Open, Promo,
     * SchoolHoliday, and Customers and ExpectedSales when given), {@code StateHoliday} as a boolean
     * ({@code StateHolidayCode} keeps the letter), every feature of {@link RossmannFeatures#CATEGORICAL} and
     * {@link RossmannFeatures#CONTINUOUS} and the other recipe columns, and the target
     * {@value RossmannFeatures#LOG_SALES} = {@code ln(Sales)}.
     */
    public Dataset<Row> trainRows() {
        return trainRows;
    }

    /** The training rows before {@link #validationStart()}: the split to fit on. */
    public Dataset<Row> training() {
        return trainRows.where(col(RossmannFeatures.DATE).lt(lit(java.sql.Date.valueOf(validationStart))));
    }

    /** The training rows of the last {@value RossmannFeatures#VALIDATION_WEEKS} weeks: the validation split. */
    public Dataset<Row> validation() {
        return trainRows.where(col(RossmannFeatures.DATE).geq(lit(java.sql.Date.valueOf(validationStart))));
    }

    /**
     * Every test row, with {@value RossmannFeatures#ID}, {@code Open} (missing values filled with 1) and the same
     * features as {@link #trainRows()}; no Sales, Customers or target.
     */
    public Dataset<Row> testRows() {
        return testRows;
    }

    /**
     * The first day of the validation split: the last {@value RossmannFeatures#VALIDATION_WEEKS} weeks of the
     * kept training rows' dates (the last date minus 41 days).
     */
    public LocalDate validationStart() {
        return validationStart;
    }

    /** The largest Sales among the kept training rows. */
    public double maxSales() {
        return maxSales;
    }

    /** The recipe's target range {@code [0, ln(max Sales × 1.2)]} for the model's sigmoid output. */
    public double[] yRange() {
        return new double[] {0.0, Math.log(maxSales * RossmannFeatures.Y_RANGE_HEADROOM)};
    }

    /** What the joins and filters did, counted. */
    public RossmannJoinReport report() {
        return report;
    }

    /** Releases the cached event features; the frames stay usable (they are then recomputed from the inputs). */
    @Override
    public void close() {
        cached.unpersist();
    }
}
