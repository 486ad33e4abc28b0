package io.embark.transformers.tabular;

import io.embark.transformers.shared.ColumnLists;
import io.embark.transformers.shared.SchemaChecks;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * fastai's tabular preparation in one call: builds an ordinary Spark ML {@link Pipeline} of
 * {@link AddDatePart} (when a date column is given), {@link FillMissing} on the continuous columns,
 * {@link Categorify} on the categorical columns plus the {@code _na} indicators FillMissing adds, and
 * {@link Normalize} on the filled continuous columns — fastai's {@code procs=[FillMissing, Categorify,
 * Normalize]} order. Fit it on the training split only; the fitted {@code PipelineModel} applies identically to
 * validation, test and scoring data, saves and loads like any Spark pipeline, and {@link TabularFeatures#of}
 * reads its cardinalities and embedding sizes.
 *
 * <p>Output columns: {@code <cat>_idx} (int codes, {@code #na#} = 0) for every categorical column and every
 * indicator {@code <cont>_na_idx} of a column that had missing values in training; {@code <cont>_norm} (double)
 * for every continuous column. Input columns are kept. Date parts are named as {@link AddDatePart} names them
 * ({@code Date} gives {@code Year, Month, Week, ...}) and can be listed among the categorical or continuous
 * columns. The stages are ordinary and public, so the same pipeline can be composed by hand.
 *
 * <pre>{@code
 * Pipeline preparation = TabularPreparation.builder()
 *     .date("Date")
 *     .categorical("Store", "DayOfWeek", "Year", "Month", "Day", "StateHoliday")
 *     .continuous("CompetitionDistance", "Max_TemperatureC")
 *     .build();
 * PipelineModel fitted = preparation.fit(train);
 * TabularFeatures features = TabularFeatures.of(fitted);   // Store_idx=1116 -> 81 wide, ...
 * Dataset<Row> ready = fitted.transform(valid);
 * }</pre>
 */
public final class TabularPreparation {
    private TabularPreparation() {
    }

    /** A builder with no columns, median filling, uncapped vocabularies. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the columns and options; {@link #build} validates them and returns the pipeline. */
    public static final class Builder {
        private final List<String> categorical = new ArrayList<>();
        private final List<String> continuous = new ArrayList<>();
        private String dateCol;
        private String dateFormat;
        private String datePrefix;
        private String fillStrategy = "median";
        private double fillValue;
        private double medianRelativeError;
        private String unexpectedMissing = "error";
        private int maxCategories;
        private long minCount = 1;

        private Builder() {
        }

        /** Adds categorical columns (string, boolean, numeric, date or timestamp), in model order. */
        public Builder categorical(String... cols) {
            categorical.addAll(Arrays.asList(cols));
            return this;
        }

        /** Adds continuous columns (numeric), in model order. */
        public Builder continuous(String... cols) {
            continuous.addAll(Arrays.asList(cols));
            return this;
        }

        /** Expands this date, timestamp or string column with {@link AddDatePart} (the input is kept). */
        public Builder date(String col) {
            this.dateCol = col;
            return this;
        }

        /**
         * The prefix of the date part columns (default: the date column's name without a trailing
         * {@code Date}, so {@code Date} gives {@code Year, Month, ...}). Needed when a part would clash with an
         * existing column, such as Rossmann's {@code DayOfWeek} and the part {@code Dayofweek}.
         */
        public Builder datePrefix(String prefix) {
            this.datePrefix = prefix;
            return this;
        }

        /** The Spark datetime pattern of a string date column (default: ISO dates). */
        public Builder dateFormat(String pattern) {
            this.dateFormat = pattern;
            return this;
        }

        /** How FillMissing fills: {@code median} (default), {@code mode}, or {@code constant} with {@code value}. */
        public Builder fill(String strategy, double value) {
            this.fillStrategy = strategy.toLowerCase(Locale.ROOT);
            this.fillValue = value;
            return this;
        }

        /** Approximate the median with this relative error (0 = exact, the default; 0.001 suits huge tables). */
        public Builder medianRelativeError(double relativeError) {
            this.medianRelativeError = relativeError;
            return this;
        }

        /** What to do with missing values in a column that had none in training: {@code error} or {@code fill}. */
        public Builder unexpectedMissing(String policy) {
            this.unexpectedMissing = policy.toLowerCase(Locale.ROOT);
            return this;
        }

        /** Keep at most this many categories per column, most frequent first (0 = no cap, fastai's default). */
        public Builder maxCategories(int max) {
            this.maxCategories = max;
            return this;
        }

        /** Categories seen fewer times in training map to {@code #na#} (1 = keep all, fastai's default). */
        public Builder minCount(long min) {
            this.minCount = min;
            return this;
        }

        /**
         * Validates the configuration and returns the pipeline. Column existence and types are checked when the
         * pipeline is fitted, against the data.
         *
         * @throws IllegalArgumentException when no column is given, a column is listed twice or as both kinds, or
         *                                  an option is out of range
         */
        public Pipeline build() {
            String[] cats = categorical.toArray(new String[0]);
            String[] conts = continuous.toArray(new String[0]);
            if (cats.length == 0 && conts.length == 0) {
                throw new IllegalArgumentException("TabularPreparation: give at least one categorical or continuous column");
            }
            SchemaChecks.requireDistinct("TabularPreparation", "categorical and continuous columns",
                    ColumnLists.concat(cats, conts));
            List<PipelineStage> stages = new ArrayList<>();
            if (dateCol != null) {
                AddDatePart dates = new AddDatePart().setInputCol(dateCol).setDrop(false);
                if (dateFormat != null) {
                    dates.setFormat(dateFormat);
                }
                if (datePrefix != null) {
                    dates.setPrefix(datePrefix);
                }
                stages.add(dates);
            }
            String[] indicators = ColumnLists.withSuffix(conts, FillMissingParams.INDICATOR_SUFFIX);
            if (conts.length > 0) {
                stages.add(new FillMissing().setInputCols(conts).setStrategy(fillStrategy).setFillValue(fillValue)
                        .setRelativeError(medianRelativeError).setUnexpectedMissing(unexpectedMissing));
            }
            stages.add(new Categorify().setInputCols(cats).setOptionalInputCols(indicators)
                    .setMaxCategories(maxCategories).setMinCount(minCount));
            if (conts.length > 0) {
                stages.add(new Normalize().setInputCols(ColumnLists.withSuffix(conts, FillMissingParams.DEFAULT_SUFFIX))
                        .setOutputCols(ColumnLists.withSuffix(conts, NormalizeParams.DEFAULT_SUFFIX)));
            }
            return new Pipeline().setStages(stages.toArray(new PipelineStage[0]));
        }
    }
}
