package io.embark.transformers.tabular;

import io.embark.transformers.persist.ParamsOnlyReader;
import io.embark.transformers.persist.ParamsOnlyWriter;
import io.embark.transformers.persist.StageIdentity;
import io.embark.transformers.shared.SchemaChecks;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.dayofyear;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.minute;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.second;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.weekofyear;
import static org.apache.spark.sql.functions.year;

/**
 * fastai's {@code add_datepart}: expands a date, timestamp or string column into {@code Year, Month, Week}
 * (ISO-8601), {@code Day, Dayofweek} (Monday = 0), {@code Dayofyear}, the six {@code Is_*} flags,
 * {@code Hour, Minute, Second} when {@code time} is on, and {@code Elapsed} (seconds since the Unix epoch),
 * in that order, each prefixed by the field name without a trailing {@code Date}/{@code date}
 * ({@code saledate} gives {@code saleYear}, {@code Date} gives {@code Year}).
 *
 * <p>Null or unparseable values give null in every output column; the row is kept. Strings are parsed with
 * {@code format} (Spark datetime pattern). Everything is a column expression (no UDF). Dates are taken as
 * midnight UTC for {@code Elapsed}, as pandas does with naive dates; timestamp fields use the session time zone.
 *
 * <pre>{@code
 * Dataset<Row> withParts = new AddDatePart().setInputCol("Date").setDrop(false).transform(train);
 * }</pre>
 */
public final class AddDatePart extends Transformer implements MLWritable {
    private static final long serialVersionUID = 1L;
    static final int FORMAT_VERSION = 1;

    private final String uid;
    private final Param<String> inputCol;
    private final Param<String> prefix;
    private final Param<String> format;
    private final BooleanParam time;
    private final BooleanParam drop;

    /** Creates a transformer with a random uid. */
    public AddDatePart() {
        this(StageIdentity.randomUid("addDatePart"));
    }

    /** Creates a transformer with the given uid (used by persistence). */
    public AddDatePart(String uid) {
        this.uid = uid;
        this.inputCol = new Param<>(this, "inputCol", "date, timestamp or string column to expand");
        this.prefix = new Param<>(this, "prefix",
                "prefix of the output columns (default: the input name without a trailing Date/date)");
        this.format = new Param<>(this, "format", "datetime pattern for string input");
        this.time = new BooleanParam(this, "time", "also output Hour, Minute and Second");
        this.drop = new BooleanParam(this, "drop", "remove the input column");
        setDefault(format, "yyyy-MM-dd");
        setDefault(time, false);
        setDefault(drop, true);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The column to expand. */
    public Param<String> inputCol() {
        return inputCol;
    }

    /** Output prefix. */
    public Param<String> prefix() {
        return prefix;
    }

    /** Datetime pattern for string input (default {@code yyyy-MM-dd}). */
    public Param<String> format() {
        return format;
    }

    /** Whether to output Hour, Minute, Second (default false). */
    public BooleanParam time() {
        return time;
    }

    /** Whether to remove the input column (default true, as fastai). */
    public BooleanParam drop() {
        return drop;
    }

    /** Sets the column to expand. */
    public AddDatePart setInputCol(String value) {
        set(inputCol, value);
        return this;
    }

    /** Sets the output prefix. */
    public AddDatePart setPrefix(String value) {
        set(prefix, value);
        return this;
    }

    /** Sets the datetime pattern for string input. */
    public AddDatePart setFormat(String value) {
        set(format, value);
        return this;
    }

    /** Turns the time fields on or off. */
    public AddDatePart setTime(boolean value) {
        set(time, value);
        return this;
    }

    /** Keeps or removes the input column. */
    public AddDatePart setDrop(boolean value) {
        set(drop, value);
        return this;
    }

    /** The prefix in effect. */
    public String getPrefix() {
        return isSet(prefix) ? getOrDefault(prefix) : getOrDefault(inputCol).replaceFirst("[Dd]ate$", "");
    }

    private boolean withTime() {
        return (Boolean) getOrDefault(time);
    }

    /** Output column names and types, in fastai's order. */
    private Map<String, DataType> outputs() {
        String p = getPrefix();
        Map<String, DataType> out = new LinkedHashMap<>();
        for (String n : new String[] {"Year", "Month", "Week", "Day", "Dayofweek", "Dayofyear"}) {
            out.put(p + n, DataTypes.IntegerType);
        }
        for (String n : new String[] {"Is_month_end", "Is_month_start", "Is_quarter_end", "Is_quarter_start",
            "Is_year_end", "Is_year_start"}) {
            out.put(p + n, DataTypes.BooleanType);
        }
        if (withTime()) {
            for (String n : new String[] {"Hour", "Minute", "Second"}) {
                out.put(p + n, DataTypes.IntegerType);
            }
        }
        out.put(p + "Elapsed", DataTypes.LongType);
        return out;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String stage = "AddDatePart";
        if (!isDefined(inputCol) || getOrDefault(inputCol).isBlank()) {
            throw new IllegalArgumentException(stage + ": set inputCol to the date column to expand");
        }
        StructField field = SchemaChecks.requireColumn(stage, schema, getOrDefault(inputCol));
        SchemaChecks.requireType(stage, field, t -> t instanceof DateType || t instanceof TimestampType
                || t instanceof StringType, "a date, timestamp or string column");
        List<StructField> added = new ArrayList<>();
        for (Map.Entry<String, DataType> o : outputs().entrySet()) {
            if (!((Boolean) getOrDefault(drop) && o.getKey().equals(field.name()))) {
                SchemaChecks.requireAbsent(stage, schema, o.getKey());
            }
            added.add(DataTypes.createStructField(o.getKey(), o.getValue(), true));
        }
        StructType out = SchemaChecks.append(schema, added);
        if ((Boolean) getOrDefault(drop)) {
            out = new StructType(Arrays.stream(out.fields()).filter(f -> !f.name().equals(field.name()))
                    .toArray(StructField[]::new));
        }
        return out;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String name = getOrDefault(inputCol);
        DataType type = dataset.schema().apply(name).dataType();
        Column raw = col(name);
        Column ts = type instanceof StringType ? try_to_timestamp(raw, lit(getOrDefault(format)))
                : raw.cast("timestamp");
        Column d = to_date(ts);
        Column dom = dayofmonth(d);
        Column mon = month(d);
        Column monthEnd = d.equalTo(last_day(d));
        Column quarterMonthEnd = mon.isin(3, 6, 9, 12);
        List<Column> parts = new ArrayList<>(List.of(
                year(d), mon, weekofyear(d), dom, dayofweek(d).plus(5).mod(7), dayofyear(d),
                monthEnd, dom.equalTo(1), monthEnd.and(quarterMonthEnd), dom.equalTo(1).and(mon.isin(1, 4, 7, 10)),
                mon.equalTo(12).and(dom.equalTo(31)), mon.equalTo(1).and(dom.equalTo(1))));
        if (withTime()) {
            parts.add(hour(ts));
            parts.add(minute(ts));
            parts.add(second(ts));
        }
        Column elapsed = type instanceof TimestampType ? unix_timestamp(ts)
                : datediff(d, lit("1970-01-01").cast("date")).cast("long").multiply(86400L);
        parts.add(elapsed);
        List<Column> cols = new ArrayList<>();
        boolean dropInput = (Boolean) getOrDefault(drop);
        for (String c : dataset.columns()) {
            if (!(dropInput && c.equals(name))) {
                cols.add(col(c));
            }
        }
        int k = 0;
        for (Map.Entry<String, DataType> o : outputs().entrySet()) {
            cols.add(parts.get(k++).cast(o.getValue()).as(o.getKey()));
        }
        return dataset.select(cols.toArray(new Column[0]));
    }

    @Override
    public AddDatePart copy(ParamMap extra) {
        return (AddDatePart) defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return new ParamsOnlyWriter(this, FORMAT_VERSION);
    }

    /** Reader for saved transformers. */
    public static MLReader<AddDatePart> read() {
        return new ParamsOnlyReader<>(AddDatePart.class, FORMAT_VERSION);
    }

    /** Loads a transformer saved with {@link #save}. */
    public static AddDatePart load(String path) {
        return read().load(path);
    }
}
