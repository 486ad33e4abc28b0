package io.embark.transformers.tabular;

import io.embark.transformers.persist.ParamsOnlyReader;
import io.embark.transformers.persist.ParamsOnlyWriter;
import io.embark.transformers.persist.StageIdentity;
import io.embark.transformers.shared.SchemaChecks;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

/**
 * The Rossmann recipe's elapsed-event features, per group (e.g. Store) in date order, for each event column
 * {@code f} (boolean, or integral with non-zero = event; null = no event):
 * <ul>
 * <li>{@code After<f>}: days since the last event day at or before the row (0 on the day itself),</li>
 * <li>{@code Before<f>}: days until the next event day at or after the row (0 on the day itself; fastai's
 *     notebook computes the same magnitude with a negative sign),</li>
 * <li>{@code <f>_bw}: event days in the {@code window} rows ending at the row (dates ascending),</li>
 * <li>{@code <f>_fw}: event days in the {@code window} rows starting at the row,</li>
 * </ul>
 * and 0 where there is no such event (fastai fills NaN with 0). Day counts follow the calendar (gaps in a
 * group's dates count), windows follow rows, as fastai's do. Compute it over train and test <b>together</b>
 * (union them first), as the recipe does. All features share one window specification, so Spark evaluates them
 * in one shuffle and sort; nothing is collected. Rows with the same group and date are ordered arbitrarily.
 */
public final class ElapsedEvents extends Transformer implements MLWritable {
    private static final long serialVersionUID = 1L;
    static final int FORMAT_VERSION = 1;

    private final String uid;
    private final StringArrayParam eventCols;
    private final Param<String> dateCol;
    private final Param<String> groupCol;
    private final IntParam window;

    /** Creates a transformer with a random uid. */
    public ElapsedEvents() {
        this(StageIdentity.randomUid("elapsedEvents"));
    }

    /** Creates a transformer with the given uid (used by persistence). */
    public ElapsedEvents(String uid) {
        this.uid = uid;
        this.eventCols = new StringArrayParam(this, "eventCols", "boolean or 0/1 event columns");
        this.dateCol = new Param<>(this, "dateCol", "date (or timestamp) column that orders the rows");
        this.groupCol = new Param<>(this, "groupCol", "column whose values form independent series (e.g. Store)");
        this.window = new IntParam(this, "window", "rows in the backward and forward rolling counts",
                ParamValidators.gtEq(1));
        setDefault(window, 7);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The event columns. */
    public StringArrayParam eventCols() {
        return eventCols;
    }

    /** The date column. */
    public Param<String> dateCol() {
        return dateCol;
    }

    /** The group column. */
    public Param<String> groupCol() {
        return groupCol;
    }

    /** Rows in the rolling counts (default 7). */
    public IntParam window() {
        return window;
    }

    /** Sets the event columns. */
    public ElapsedEvents setEventCols(String[] value) {
        set(eventCols, value);
        return this;
    }

    /** Sets the date column. */
    public ElapsedEvents setDateCol(String value) {
        set(dateCol, value);
        return this;
    }

    /** Sets the group column. */
    public ElapsedEvents setGroupCol(String value) {
        set(groupCol, value);
        return this;
    }

    /** Sets the rolling window in rows. */
    public ElapsedEvents setWindow(int value) {
        set(window, value);
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String stage = "ElapsedEvents";
        for (Param<?> p : new Param<?>[] {eventCols, dateCol, groupCol}) {
            if (!isDefined(p)) {
                throw new IllegalArgumentException(stage + ": set " + p.name());
            }
        }
        String[] events = getOrDefault(eventCols);
        SchemaChecks.requireNonEmpty(stage, "eventCols", events);
        SchemaChecks.requireDistinct(stage, "eventCols", events);
        SchemaChecks.requireType(stage, SchemaChecks.requireColumn(stage, schema, getOrDefault(dateCol)),
                t -> t instanceof DateType || t instanceof TimestampType, "a date or timestamp column");
        SchemaChecks.requireColumn(stage, schema, getOrDefault(groupCol));
        List<StructField> added = new ArrayList<>();
        for (String f : events) {
            SchemaChecks.requireType(stage, SchemaChecks.requireColumn(stage, schema, f),
                    t -> t instanceof BooleanType || t instanceof ByteType || t instanceof ShortType
                            || t instanceof IntegerType || t instanceof LongType, "a boolean or integral (0/1) column");
            for (String out : outputs(f)) {
                SchemaChecks.requireAbsent(stage, schema, out);
                added.add(DataTypes.createStructField(out, DataTypes.IntegerType, false));
            }
        }
        return SchemaChecks.append(schema, added);
    }

    private static String[] outputs(String f) {
        return new String[] {"After" + f, "Before" + f, f + "_bw", f + "_fw"};
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Column date = to_date(col(getOrDefault(dateCol)));
        WindowSpec byDate = Window.partitionBy(col(getOrDefault(groupCol))).orderBy(date);
        WindowSpec upToRow = byDate.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
        // "the next event on or after this row" as a running frame over the reversed order: Spark evaluates a
        // frame that reaches to the end of the partition again for every row (quadratic in the group's size)
        WindowSpec fromRowReversed = Window.partitionBy(col(getOrDefault(groupCol))).orderBy(date.desc())
                .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
        int w = (Integer) getOrDefault(window);
        List<Column> cols = new ArrayList<>();
        cols.add(col("*"));
        for (String f : getOrDefault(eventCols)) {
            boolean bool = dataset.schema().apply(f).dataType() instanceof BooleanType;
            Column happened = coalesce(bool ? col(f) : col(f).notEqual(0), lit(false));
            Column eventDate = when(happened, date);
            Column asInt = when(happened, lit(1)).otherwise(lit(0));
            String[] out = outputs(f);
            cols.add(coalesce(datediff(date, last(eventDate, true).over(upToRow)), lit(0)).as(out[0]));
            cols.add(coalesce(datediff(last(eventDate, true).over(fromRowReversed), date), lit(0)).as(out[1]));
            cols.add(coalesce(sum(asInt).over(byDate.rowsBetween(-(w - 1), Window.currentRow())).cast("int"), lit(0))
                    .as(out[2]));
            cols.add(coalesce(sum(asInt).over(byDate.rowsBetween(Window.currentRow(), w - 1)).cast("int"), lit(0))
                    .as(out[3]));
        }
        return dataset.select(cols.toArray(new Column[0]));
    }

    @Override
    public ElapsedEvents copy(ParamMap extra) {
        return (ElapsedEvents) defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return new ParamsOnlyWriter(this, FORMAT_VERSION);
    }

    /** Reader for saved transformers. */
    public static MLReader<ElapsedEvents> read() {
        return new ParamsOnlyReader<>(ElapsedEvents.class, FORMAT_VERSION);
    }

    /** Loads a transformer saved with {@link #save}. */
    public static ElapsedEvents load(String path) {
        return read().load(path);
    }
}
