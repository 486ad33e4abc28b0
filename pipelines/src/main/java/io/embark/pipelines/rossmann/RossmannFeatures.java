package io.embark.pipelines.rossmann;

import io.embark.transformers.shared.SchemaChecks;
import io.embark.transformers.tabular.AddDatePart;
import io.embark.transformers.tabular.ElapsedEvents;
import io.embark.transformers.tabular.TabularPreparation;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.next_day;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * fastai's Rossmann feature engineering (course notebook {@code rossman_data_clean}, used by lesson 6) as Spark
 * DataFrame code: the training and test rows joined with the store, state, Google-trend and weather tables,
 * the competition and Promo2 features, the date parts and the elapsed-event features, then the recipe's
 * variables, validation split and target.
 *
 * <p>Steps, in the notebook's order (every join is a left join on a unique key of a small, broadcast table):
 * <ol>
 * <li>{@code StateHoliday} becomes the boolean {@code StateHoliday != "0"} (the letter is kept as
 *     {@code StateHolidayCode}); a test row's missing {@code Open} becomes 1 (the competition's convention; the
 *     notebook does not use Open).</li>
 * <li>Join the store table (with its state) on {@code Store}.</li>
 * <li>Date parts: {@link AddDatePart} with prefix {@code Date_}, then {@code Date_Year, Date_Month, Date_Week,
 *     Date_Day} renamed to the recipe's {@code Year, Month, Week} (ISO-8601) and {@code Day}; the other parts keep
 *     the prefix ({@code Date_Dayofweek} would otherwise clash with {@code DayOfWeek}, Spark's names being
 *     case-insensitive).</li>
 * <li>Join the state's Google trend as {@code trend} and Germany's as {@code trend_DE}. The notebook joins on
 *     (State, Year, Week) with Year and ISO Week taken from each trend week's first day, a Sunday: a date gets the
 *     trend week that starts on the Sunday ending its ISO week, i.e. the Sunday on or after the date. We join on
 *     that Sunday directly; this differs from the notebook only on 2013-12-30/31 and 2014-12-29..31, where its
 *     calendar Year disagrees with the ISO week and it picks the trend of a week a year earlier.</li>
 * <li>Join the weather on (State, Date); {@code Events} stays null on days without events (Categorify maps it to
 *     {@code #na#}, as fastai does with NaN).</li>
 * <li>Competition: {@code CompetitionOpenSinceYear}/{@code Month} filled with 1900/1,
 *     {@code CompetitionOpenSince} = the 15th of that month, {@code CompetitionDaysOpen} = days since then,
 *     clipped at 0 and 0 when the year is before 1990, {@code CompetitionMonthsOpen} = days / 30 capped at 24.</li>
 * <li>Promo2: {@code Promo2SinceYear}/{@code Week} filled with 1900/1, {@code Promo2Since} = the Monday of that
 *     ISO week, {@code Promo2Days} = days since then, clipped at 0 and 0 before 1990, {@code Promo2Weeks} =
 *     days / 7 within 0..25.</li>
 * <li>{@link ElapsedEvents} on SchoolHoliday, StateHoliday and Promo per Store over train and test together:
 *     {@code After<f>}, {@code Before<f>} (days, positive: the notebook's Before is the same magnitude with a
 *     negative sign), {@code <f>_bw}, {@code <f>_fw} (events in the 7 rows ending / starting at the row).</li>
 * <li>Training rows with {@code Sales = 0} are left out (counted), the target {@value #LOG_SALES} =
 *     {@code ln(Sales)} is added, the validation split is the last {@value #VALIDATION_WEEKS} weeks and the target
 *     range {@code [0, ln(max Sales × 1.2)]}.</li>
 * </ol>
 *
 * <p>Bad input is never lost silently: a (Store, Date) given twice (in train, in test, or in both) fails the
 * build with the count; a row whose store is not among the usable stores (missing from {@code store.csv}, without
 * a state, or rejected when reading the tables), whose date the weather or trends do not cover, whose
 * StateHoliday is not 0/a/b/c, or a training row whose Sales is missing or negative fails the build with counts,
 * stores and dates; with {@link InvalidRows#SKIP} such training rows are left out and counted instead (test rows
 * are never left out: every Id needs a prediction). The build also checks that the joins kept every row (row
 * counts before and after). It runs two Spark jobs (input counts, and the report over the joined frame) and
 * collects only counts, dates and a few example store ids.
 *
 * <pre>{@code
 * RossmannTables tables = RossmannTables.read(spark, "data/rossmann", InvalidRows.ERROR);
 * Dataset<Row> train = RossmannGenerator.generate(spark, tables, GeneratorSettings.defaults(42));
 * Dataset<Row> test = RossmannFeatures.readTest(spark, "data/rossmann");
 * PreparedRossmann data = RossmannFeatures.build(tables, train, test);
 * PipelineModel prep = RossmannFeatures.preparation().fit(data.training());
 * }</pre>
 */
public final class RossmannFeatures {
    /** fastai's 22 categorical variables. */
    public static final List<String> CATEGORICAL = List.of("Store", "DayOfWeek", "Year", "Month", "Day",
            "StateHoliday", "CompetitionMonthsOpen", "Promo2Weeks", "StoreType", "Assortment", "PromoInterval",
            "CompetitionOpenSinceYear", "Promo2SinceYear", "State", "Week", "Events", "Promo_fw", "Promo_bw",
            "StateHoliday_fw", "StateHoliday_bw", "SchoolHoliday_fw", "SchoolHoliday_bw");
    /**
     * fastai's 16 continuous variables, as the course notebooks list them (with {@code AfterStateHoliday} and
     * {@code BeforeStateHoliday}; {@code AfterPromo}, {@code BeforePromo} and the school-holiday ones are computed
     * too but not in the list).
     */
    public static final List<String> CONTINUOUS = List.of("CompetitionDistance", "Max_TemperatureC",
            "Mean_TemperatureC", "Min_TemperatureC", "Max_Humidity", "Mean_Humidity", "Min_Humidity",
            "Max_Wind_SpeedKm_h", "Mean_Wind_SpeedKm_h", "CloudCover", "trend", "trend_DE", "AfterStateHoliday",
            "BeforeStateHoliday", "Promo", "SchoolHoliday");
    /** The target column: {@code ln(Sales)} (double). */
    public static final String LOG_SALES = "LogSales";
    /** The test rows' id (int). */
    public static final String ID = "Id";
    /** The date column. */
    public static final String DATE = "Date";
    /** Weeks in the validation split. */
    public static final int VALIDATION_WEEKS = 6;
    /** The factor on the largest Sales for the top of the target range. */
    public static final double Y_RANGE_HEADROOM = 1.2;
    /** Report key: the store table (with states). */
    public static final String JOIN_STORE = "store";
    /** Report key: the weather on (State, Date). */
    public static final String JOIN_WEATHER = "weather";
    /** Report key: the state's Google trend. */
    public static final String JOIN_TREND = "trend";
    /** Report key: Germany's Google trend. */
    public static final String JOIN_TREND_DE = "trend_DE";
    /** The letter of the state holiday ({@code "0"}, a, b, c), kept beside the boolean StateHoliday. */
    public static final String STATE_HOLIDAY_CODE = "StateHolidayCode";
    /** Prefix of the date parts other than Year, Month, Week, Day. */
    public static final String DATE_PART_PREFIX = "Date_";

    private static final String STORE = "Store";
    private static final String DAY_OF_WEEK = "DayOfWeek";
    private static final String SALES = "Sales";
    private static final String CUSTOMERS = "Customers";
    private static final String OPEN = "Open";
    private static final String PROMO = "Promo";
    private static final String STATE_HOLIDAY = "StateHoliday";
    private static final String SCHOOL_HOLIDAY = "SchoolHoliday";
    private static final String EXPECTED_SALES = "ExpectedSales";
    private static final String STATE = RossmannTables.STATE;
    private static final List<String> EVENTS = List.of(SCHOOL_HOLIDAY, STATE_HOLIDAY, PROMO);
    private static final int NO_YEAR = 1900;
    private static final int FIRST_TRUSTED_YEAR = 1990;
    private static final int MAX_COMPETITION_MONTHS = 24;
    private static final int MAX_PROMO2_WEEKS = 25;

    private static final String PART = "rf_part";
    private static final String IS_TEST = "rf_test";
    private static final String HAS_STORE = "rf_has_store";
    private static final String HAS_WEATHER = "rf_has_weather";
    private static final String HAS_TREND = "rf_has_trend";
    private static final String HAS_TREND_DE = "rf_has_trend_de";
    private static final String TREND_WEEK = "rf_trend_week";
    private static final String OPEN_FILLED = "rf_open_filled";
    private static final String DUPLICATE = "rf_duplicate";
    private static final String REASON = "rf_reason";
    private static final String TRAIN_PART = "train";
    private static final String TEST_PART = "test";

    private RossmannFeatures() {
    }

    /** {@link #build(RossmannTables, Dataset, Dataset, InvalidRows)} failing on any unmatched or invalid row. */
    public static PreparedRossmann build(RossmannTables tables, Dataset<Row> train, Dataset<Row> test) {
        return build(tables, train, test, InvalidRows.ERROR);
    }

    /**
     * The recipe's features for {@code train} (the competition's {@code train.csv} columns, e.g. from
     * {@link RossmannGenerator}) and {@code test} (its {@code test.csv} columns, e.g. from {@link #readTest}).
     *
     * @param invalidTrainRows what to do with training rows that a join does not match or whose values are invalid:
     *                         fail (default) or leave them out and count them in the report
     * @throws IllegalArgumentException for a missing column or a column of the wrong type; a (Store, Date) given
     *                                  more than once; an unmatched or invalid test row; with
     *                                  {@link InvalidRows#ERROR}, an unmatched or invalid training row; no training
     *                                  row left with Sales &gt; 0. Messages give counts, stores and dates.
     * @throws IllegalStateException    when a join changed the number of rows (a right-hand key is not unique)
     */
    public static PreparedRossmann build(RossmannTables tables, Dataset<Row> train, Dataset<Row> test,
                                         InvalidRows invalidTrainRows) {
        Dataset<Row> all = union(train, test);
        Map<String, Long> before = partCounts(all);

        // the per-store window (the one shuffle) runs on the narrow input columns, once: the counts below, the
        // training rows and the test rows all read it; the broadcast joins widen the rows afterwards, map-side
        Dataset<Row> events = elapsed(all).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> featured = competitionAndPromo2(joinTables(tables, events));
        Column reason = reason(col(IS_TEST));
        featured = featured.withColumn(REASON, reason);

        Column isTrain = not(col(IS_TEST));
        Column ok = col(REASON).isNull();
        Column kept = isTrain.and(ok).and(col(SALES).gt(0));
        List<Column> aggs = new ArrayList<>(List.of(
                count(lit(1)),
                sumIf(col(DUPLICATE)),
                sumIf(not(col(HAS_STORE))),
                sumIf(not(col(HAS_WEATHER))),
                sumIf(not(col(HAS_TREND))),
                sumIf(not(col(HAS_TREND_DE))),
                sumIf(invalid(col(IS_TEST))),
                sumIf(col(REASON).isNotNull()),
                sumIf(isTrain.and(ok).and(col(SALES).equalTo(0))),
                sumIf(kept),
                sumIf(col(OPEN_FILLED)),
                max(when(kept, col(SALES))),
                max(when(kept, col(DATE)))));
        Map<String, Row> stats = new LinkedHashMap<>();
        for (Row r : featured.groupBy(PART).agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]))
                .collectAsList()) {
            stats.put(r.getString(0), r);
        }
        Row trainStats = stats.get(TRAIN_PART);
        Row testStats = stats.get(TEST_PART);
        for (String part : List.of(TRAIN_PART, TEST_PART)) {
            long in = before.getOrDefault(part, 0L);
            long out = stats.containsKey(part) ? stats.get(part).getLong(1) : 0L;
            if (in != out) {
                throw new IllegalStateException("Rossmann feature joins changed the number of " + part + " rows from "
                        + in + " to " + out + ": a store, weather or trend key is not unique in " + tables.directory());
            }
        }
        long duplicates = longAt(trainStats, 2) + longAt(testStats, 2);
        long trainProblems = longAt(trainStats, 8);
        long testProblems = longAt(testStats, 8);
        if (duplicates > 0 || testProblems > 0 || (trainProblems > 0 && invalidTrainRows == InvalidRows.ERROR)) {
            String message = problemMessage(featured, tables, duplicates, invalidTrainRows);
            events.unpersist();
            throw new IllegalArgumentException(message);
        }
        if (trainStats == null || longAt(trainStats, 10) == 0) {
            events.unpersist();
            throw new IllegalArgumentException("no training row left with Sales > 0 (" + before.getOrDefault(
                    TRAIN_PART, 0L) + " given, " + longAt(trainStats, 9) + " with Sales = 0, " + trainProblems
                    + " left out as unmatched or invalid): nothing to learn from");
        }
        RossmannJoinReport report = new RossmannJoinReport(before.getOrDefault(TRAIN_PART, 0L),
                before.getOrDefault(TEST_PART, 0L), unmatched(trainStats), unmatched(testStats), longAt(trainStats, 7),
                trainProblems, longAt(trainStats, 9), longAt(trainStats, 10), longAt(testStats, 11));
        double maxSales = ((Number) trainStats.get(12)).doubleValue();
        LocalDate lastDate = trainStats.getDate(13).toLocalDate();
        LocalDate validationStart = lastDate.minusDays(7L * VALIDATION_WEEKS - 1);

        List<String> internal = List.of(PART, IS_TEST, HAS_STORE, HAS_WEATHER, HAS_TREND, HAS_TREND_DE, TREND_WEEK,
                OPEN_FILLED, DUPLICATE, REASON);
        Dataset<Row> trainRows = featured.where(kept).withColumn(LOG_SALES, log(col(SALES).cast("double")))
                .drop(internal.toArray(new String[0])).drop(ID);
        Dataset<Row> testRows = featured.where(col(IS_TEST)).drop(internal.toArray(new String[0]))
                .drop(SALES, CUSTOMERS, EXPECTED_SALES);
        return new PreparedRossmann(trainRows, testRows, validationStart, maxSales, report, events);
    }

    /**
     * fastai's {@code procs=[FillMissing, Categorify, Normalize]} over {@link #CATEGORICAL} and {@link #CONTINUOUS}
     * ({@link TabularPreparation}); fit it on {@link PreparedRossmann#training()}.
     */
    public static Pipeline preparation() {
        return TabularPreparation.builder()
                .categorical(CATEGORICAL.toArray(new String[0]))
                .continuous(CONTINUOUS.toArray(new String[0]))
                .build();
    }

    /**
     * The competition's test calendar {@code test.csv} under {@code directory}, typed: {@code Id, Store,
     * DayOfWeek, Open, Promo, SchoolHoliday} (int; Open null where the file leaves it empty), {@code Date} (date),
     * {@code StateHoliday} (string).
     *
     * @throws IllegalArgumentException when the file is missing, lacks a column, or has unusable rows (count and
     *                                  the first lines in the message)
     */
    public static Dataset<Row> readTest(SparkSession spark, String directory) {
        FileSystem fs;
        Path dir;
        try {
            dir = new Path(directory);
            fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
            dir = fs.makeQualified(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> columns = List.of(ID, STORE, DAY_OF_WEEK, DATE, OPEN, PROMO, STATE_HOLIDAY, SCHOOL_HOLIDAY);
        CsvInput in = CsvInput.read(spark, fs, dir, List.of("test.csv"), "test calendar", ",", "", columns, null);
        Column id = trim(col(ID));
        Column store = trim(col(STORE));
        Column dow = trim(col(DAY_OF_WEEK));
        Column dateText = trim(col(DATE));
        Column date = to_date(dateText, "yyyy-MM-dd");
        Column open = trim(col(OPEN));
        Column promo = trim(col(PROMO));
        Column holiday = trim(col(STATE_HOLIDAY));
        Column school = trim(col(SCHOOL_HOLIDAY));
        Column reason = coalesce(CsvInput.malformedReason(),
                when(not(coalesce(id.rlike("^[0-9]{1,9}$"), lit(false))), concat(lit("Id is not a positive integer: "),
                        coalesce(id, lit("(empty)")))),
                when(not(coalesce(store.rlike("^[0-9]{1,9}$"), lit(false))), concat(lit(
                        "Store is not a positive integer: "), coalesce(store, lit("(empty)")))),
                when(not(coalesce(dow, lit("")).isin("1", "2", "3", "4", "5", "6", "7")),
                        concat(lit("DayOfWeek is not 1..7: "), coalesce(dow, lit("(empty)")))),
                when(date.isNull().or(not(dateText.rlike("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))),
                        concat(lit("Date is not yyyy-MM-dd: "), coalesce(dateText, lit("(empty)")))),
                when(not(coalesce(open, lit("")).isin("", "0", "1")), concat(lit("Open is not 0, 1 or empty: "), open)),
                when(not(coalesce(promo, lit("")).isin("0", "1")),
                        concat(lit("Promo is not 0 or 1: "), coalesce(promo, lit("(empty)")))),
                when(not(coalesce(holiday, lit("")).isin("0", "a", "b", "c")),
                        concat(lit("StateHoliday is not 0, a, b or c: "), coalesce(holiday, lit("(empty)")))),
                when(not(coalesce(school, lit("")).isin("0", "1")),
                        concat(lit("SchoolHoliday is not 0 or 1: "), coalesce(school, lit("(empty)")))));
        Dataset<Row> rows = in.rows().withColumn(CsvInput.REASON, reason);
        List<Row> bad = rows.where(col(CsvInput.REASON).isNotNull()).select(CsvInput.LINE, CsvInput.REASON).limit(5)
                .collectAsList();
        if (!bad.isEmpty()) {
            long n = rows.where(col(CsvInput.REASON).isNotNull()).count();
            throw new IllegalArgumentException(n + " unusable row(s) in " + new Path(dir, "test.csv") + ", e.g. "
                    + bad.stream().map(r -> r.getString(1) + " [" + r.getString(0) + "]")
                    .collect(Collectors.joining("; ")));
        }
        return rows.select(id.cast("int").as(ID), store.cast("int").as(STORE), dow.cast("int").as(DAY_OF_WEEK),
                date.as(DATE), when(open.notEqual(""), open.cast("int")).as(OPEN), promo.cast("int").as(PROMO),
                holiday.as(STATE_HOLIDAY), school.cast("int").as(SCHOOL_HOLIDAY));
    }

    /** Train and test in one frame with a part marker; types checked and normalised; test's missing Open = 1. */
    private static Dataset<Row> union(Dataset<Row> train, Dataset<Row> test) {
        StructType ts = train.schema();
        StructType ss = test.schema();
        List<Column> trainCols = new ArrayList<>();
        for (String c : List.of(STORE, DAY_OF_WEEK, SALES, OPEN, PROMO, SCHOOL_HOLIDAY)) {
            trainCols.add(integral("train", ts, c));
        }
        trainCols.add(dateColumn("train", ts));
        trainCols.add(string("train", ts, STATE_HOLIDAY));
        if (Arrays.asList(ts.fieldNames()).contains(CUSTOMERS)) {
            trainCols.add(integral("train", ts, CUSTOMERS));
        }
        if (Arrays.asList(ts.fieldNames()).contains(EXPECTED_SALES)) {
            require("train", ts, EXPECTED_SALES, t -> t instanceof NumericType, "numeric");
            trainCols.add(col(EXPECTED_SALES).cast("double").as(EXPECTED_SALES));
        }
        trainCols.add(lit(TRAIN_PART).as(PART));
        trainCols.add(lit(false).as(OPEN_FILLED));
        List<Column> testCols = new ArrayList<>();
        for (String c : List.of(ID, STORE, DAY_OF_WEEK, PROMO, SCHOOL_HOLIDAY)) {
            testCols.add(integral("test", ss, c));
        }
        integral("test", ss, OPEN);
        testCols.add(coalesce(col(OPEN).cast("int"), lit(1)).as(OPEN));
        testCols.add(dateColumn("test", ss));
        testCols.add(string("test", ss, STATE_HOLIDAY));
        testCols.add(lit(TEST_PART).as(PART));
        testCols.add(col(OPEN).isNull().as(OPEN_FILLED));
        Dataset<Row> all = train.select(trainCols.toArray(new Column[0]))
                .unionByName(test.select(testCols.toArray(new Column[0])), true);
        return all.withColumn(IS_TEST, col(PART).equalTo(TEST_PART))
                .withColumn(STATE_HOLIDAY_CODE, col(STATE_HOLIDAY))
                .withColumn(STATE_HOLIDAY, col(STATE_HOLIDAY).notEqual("0"));
    }

    /** Store (with state), date parts, state and national trend, weather: left joins on small broadcast tables. */
    private static Dataset<Row> joinTables(RossmannTables tables, Dataset<Row> all) {
        Dataset<Row> stores = tables.stores().select(col(STORE), col(STATE), col(RossmannTables.STORE_TYPE),
                col(RossmannTables.ASSORTMENT), col(RossmannTables.COMPETITION_DISTANCE),
                col(RossmannTables.COMPETITION_OPEN_YEAR), col(RossmannTables.COMPETITION_OPEN_MONTH),
                col(RossmannTables.PROMO2), col(RossmannTables.PROMO2_SINCE_YEAR),
                col(RossmannTables.PROMO2_SINCE_WEEK), col(RossmannTables.PROMO_INTERVAL), lit(true).as(HAS_STORE));
        Dataset<Row> withStore = all.join(broadcast(stores), new String[] {STORE}, "left")
                .withColumn(HAS_STORE, coalesce(col(HAS_STORE), lit(false)));

        Dataset<Row> dated = new AddDatePart().setInputCol(DATE).setPrefix(DATE_PART_PREFIX).setDrop(false)
                .transform(withStore);
        for (String part : List.of("Year", "Month", "Week", "Day")) {
            dated = dated.withColumnRenamed(DATE_PART_PREFIX + part, part);
        }

        // the notebook's (Year, ISO Week of the trend week's first day) pairing: the Sunday on or after the date
        dated = dated.withColumn(TREND_WEEK, next_day(date_sub(col(DATE), 1), "Sun"));
        Dataset<Row> stateTrend = tables.trends().where(col(STATE).notEqual(RossmannTables.NATIONAL))
                .select(col(STATE), col(RossmannTables.WEEK_START).as(TREND_WEEK),
                        col(RossmannTables.TREND).as(JOIN_TREND), lit(true).as(HAS_TREND));
        Dataset<Row> nationalTrend = tables.trends().where(col(STATE).equalTo(RossmannTables.NATIONAL))
                .select(col(RossmannTables.WEEK_START).as(TREND_WEEK), col(RossmannTables.TREND).as(JOIN_TREND_DE),
                        lit(true).as(HAS_TREND_DE));
        List<Column> weatherCols = new ArrayList<>();
        for (String c : tables.weather().columns()) {
            weatherCols.add(col(c));
        }
        weatherCols.add(lit(true).as(HAS_WEATHER));
        Dataset<Row> weather = tables.weather().select(weatherCols.toArray(new Column[0]));
        return dated
                .join(broadcast(stateTrend), new String[] {STATE, TREND_WEEK}, "left")
                .join(broadcast(nationalTrend), new String[] {TREND_WEEK}, "left")
                .join(broadcast(weather), new String[] {STATE, DATE}, "left")
                .withColumn(HAS_TREND, coalesce(col(HAS_TREND), lit(false)))
                .withColumn(HAS_TREND_DE, coalesce(col(HAS_TREND_DE), lit(false)))
                .withColumn(HAS_WEATHER, coalesce(col(HAS_WEATHER), lit(false)));
    }

    /** The notebook's competition and Promo2 features (see the class comment). */
    private static Dataset<Row> competitionAndPromo2(Dataset<Row> rows) {
        Column date = col(DATE);
        Column compYear = coalesce(col(RossmannTables.COMPETITION_OPEN_YEAR), lit(NO_YEAR));
        Column compMonth = coalesce(col(RossmannTables.COMPETITION_OPEN_MONTH), lit(1));
        Column compSince = make_date(col(RossmannTables.COMPETITION_OPEN_YEAR),
                col(RossmannTables.COMPETITION_OPEN_MONTH), lit(15));
        Column compDays = when(col(RossmannTables.COMPETITION_OPEN_YEAR).lt(FIRST_TRUSTED_YEAR), lit(0))
                .otherwise(greatest(datediff(date, col("CompetitionOpenSince")), lit(0)));
        Column p2Year = coalesce(col(RossmannTables.PROMO2_SINCE_YEAR), lit(NO_YEAR));
        Column p2Week = coalesce(col(RossmannTables.PROMO2_SINCE_WEEK), lit(1));
        Column jan4 = make_date(col(RossmannTables.PROMO2_SINCE_YEAR), lit(1), lit(4));
        Column p2Since = date_add(date_add(jan4, call_function("weekday", jan4).multiply(-1)),
                col(RossmannTables.PROMO2_SINCE_WEEK).minus(1).multiply(7));
        Column p2Days = when(col(RossmannTables.PROMO2_SINCE_YEAR).lt(FIRST_TRUSTED_YEAR), lit(0))
                .otherwise(greatest(datediff(date, col("Promo2Since")), lit(0)));
        return rows
                .withColumn(RossmannTables.COMPETITION_OPEN_YEAR, compYear)
                .withColumn(RossmannTables.COMPETITION_OPEN_MONTH, compMonth)
                .withColumn("CompetitionOpenSince", compSince)
                .withColumn("CompetitionDaysOpen", compDays)
                .withColumn("CompetitionMonthsOpen",
                        least(col("CompetitionDaysOpen").divide(30).cast("int"), lit(MAX_COMPETITION_MONTHS)))
                .withColumn(RossmannTables.PROMO2_SINCE_YEAR, p2Year)
                .withColumn(RossmannTables.PROMO2_SINCE_WEEK, p2Week)
                .withColumn("Promo2Since", p2Since)
                .withColumn("Promo2Days", p2Days)
                .withColumn("Promo2Weeks", least(col("Promo2Days").divide(7).cast("int"), lit(MAX_PROMO2_WEEKS)));
    }

    /** Elapsed-event features per Store over train and test together, and the duplicate flag on the same window. */
    private static Dataset<Row> elapsed(Dataset<Row> rows) {
        Dataset<Row> out = new ElapsedEvents().setEventCols(EVENTS.toArray(new String[0])).setDateCol(DATE)
                .setGroupCol(STORE).transform(rows);
        WindowSpec byDate = Window.partitionBy(col(STORE)).orderBy(col(DATE));
        Column sameAsPrevious = coalesce(lag(col(DATE), 1).over(byDate).equalTo(col(DATE)), lit(false));
        Column sameAsNext = coalesce(lead(col(DATE), 1).over(byDate).equalTo(col(DATE)), lit(false));
        return out.withColumn(DUPLICATE, sameAsPrevious.or(sameAsNext));
    }

    /** Why a row cannot be used (null when it can), first problem first. */
    private static Column reason(Column isTest) {
        return coalesce(
                when(col(DUPLICATE), lit("(Store, Date) given more than once")),
                when(not(col(HAS_STORE)), lit("store not among the usable stores")),
                when(col(STATE_HOLIDAY_CODE).isNull().or(not(col(STATE_HOLIDAY_CODE).isin("0", "a", "b", "c"))),
                        lit("StateHoliday is not 0, a, b or c")),
                when(not(isTest).and(col(SALES).isNull().or(col(SALES).lt(0))), lit("Sales is missing or negative")),
                when(not(col(HAS_WEATHER)), lit("no weather for the state and date")),
                when(not(col(HAS_TREND)), lit("no Google trend for the state and week")),
                when(not(col(HAS_TREND_DE)), lit("no Germany-wide Google trend for the week")));
    }

    private static Column invalid(Column isTest) {
        return col(STATE_HOLIDAY_CODE).isNull().or(not(col(STATE_HOLIDAY_CODE).isin("0", "a", "b", "c")))
                .or(not(isTest).and(col(SALES).isNull().or(col(SALES).lt(0))));
    }

    /** The message for unusable rows: per part and reason, the count, the stores (first 10) and the dates. */
    private static String problemMessage(Dataset<Row> featured, RossmannTables tables, long duplicates,
                                         InvalidRows policy) {
        List<Row> groups = featured.where(col(REASON).isNotNull())
                .groupBy(col(PART), col(REASON))
                .agg(count(lit(1)), slice(sort_array(collect_set(col(STORE))), 1, 10), min(col(DATE)), max(col(DATE)))
                .orderBy(col(PART).desc(), col(REASON)).collectAsList();
        StringBuilder b = new StringBuilder("Rossmann features: unusable rows");
        if (duplicates > 0) {
            b.append(" (").append(duplicates).append(" row(s) share their (Store, Date) with another row)");
        }
        b.append(": ");
        b.append(groups.stream().map(r -> r.getString(0) + ": " + r.getLong(2) + " row(s) - " + r.getString(1)
                + " - store(s) " + r.getList(3) + ", dates " + r.getDate(4) + " .. " + r.getDate(5))
                .collect(Collectors.joining("; ")));
        b.append(". Stores must be usable stores of ").append(tables.directory())
                .append(" (listed in store.csv with a state in store_states.csv; see RossmannTables.rejects()),")
                .append(" dates within the weather and trend files, (Store, Date) unique over train and test.");
        if (policy == InvalidRows.ERROR) {
            b.append(" To leave out unusable training rows (counted in the report), build with InvalidRows.SKIP;")
                    .append(" duplicates and test rows are never left out.");
        }
        return b.toString();
    }

    private static Map<String, Long> partCounts(Dataset<Row> all) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Row r : all.groupBy(PART).count().collectAsList()) {
            counts.put(r.getString(0), r.getLong(1));
        }
        return counts;
    }

    private static Map<String, Long> unmatched(Row stats) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put(JOIN_STORE, longAt(stats, 3));
        m.put(JOIN_WEATHER, longAt(stats, 4));
        m.put(JOIN_TREND, longAt(stats, 5));
        m.put(JOIN_TREND_DE, longAt(stats, 6));
        return m;
    }

    private static long longAt(Row r, int i) {
        return r == null || r.isNullAt(i) ? 0L : r.getLong(i);
    }

    private static Column sumIf(Column condition) {
        return sum(when(condition, 1L).otherwise(0L));
    }

    private static Column integral(String what, StructType schema, String c) {
        require(what, schema, c, t -> t instanceof ByteType || t instanceof ShortType
                || t instanceof IntegerType || t instanceof LongType, "an integral column");
        return col(c).cast("int").as(c);
    }

    private static Column string(String what, StructType schema, String c) {
        require(what, schema, c, t -> t instanceof StringType, "a string column (\"0\", \"a\", \"b\", \"c\")");
        return col(c);
    }

    private static Column dateColumn(String what, StructType schema) {
        require(what, schema, DATE, t -> t instanceof DateType, "a date column");
        return col(DATE);
    }

    private static void require(String what, StructType schema, String c, Predicate<DataType> accepted,
                                String expected) {
        SchemaChecks.requireType("RossmannFeatures (" + what + ")", SchemaChecks.requireColumn(
                "RossmannFeatures (" + what + ")", schema, c), accepted, expected);
    }
}
