package io.embark.pipelines.rossmann;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * The external Rossmann tables the generator needs, read with Spark and validated into typed frames:
 * {@code store.csv}, {@code store_states.csv}, {@code googletrend/Rossmann_DE.csv} and, for every state that has
 * a store, {@code weather/<State>.csv} and {@code googletrend/Rossmann_DE_<XX>.csv} ({@link GermanState} names
 * them).
 *
 * <p>A missing file, an empty file or a header without a needed column is an error naming the file. A row that
 * cannot be used is never dropped silently: with {@link InvalidRows#ERROR} reading fails with the count and the
 * first reasons; with {@link InvalidRows#SKIP} the row is left out and kept in {@link #rejects()} with its file,
 * line and reason. Unusable rows are: malformed CSV lines; fields that are not what the column holds (store ids,
 * store types and assortments, distances, months, years, weeks, PromoInterval month names, dates, temperatures,
 * precipitation, trend weeks and values); a store listed twice in {@code store.csv} or {@code store_states.csv}
 * (all its rows are rejected, since which one is right is unknown); a store without a state, or with a state code
 * that is not a German state; a state row for a store {@code store.csv} lacks; a date listed twice in one weather
 * file or a week listed twice in one trend file (all its rows). Missing weather values ({@code NA}) are kept as
 * nulls; the process treats them as neutral. Whether the weather and trends cover the dates to generate is
 * checked by the generator, which knows the dates.
 */
public final class RossmannTables {
    /** Store id (int). */
    public static final String STORE = "Store";
    /** State code as in {@code store_states.csv} (string), also on weather and trend rows. */
    public static final String STATE = "State";
    /** Store type a..d (string). */
    public static final String STORE_TYPE = "StoreType";
    /** Assortment a..c (string). */
    public static final String ASSORTMENT = "Assortment";
    /** Distance to the nearest competitor in metres (double, null when unknown). */
    public static final String COMPETITION_DISTANCE = "CompetitionDistance";
    /** First day of the month the competitor opened (date, null when unknown: treated as open all along). */
    public static final String COMPETITION_OPEN = "CompetitionOpenSince";
    /** Year the competitor opened as listed (int, null when unknown). */
    public static final String COMPETITION_OPEN_YEAR = "CompetitionOpenSinceYear";
    /** Month the competitor opened as listed (int, null when unknown). */
    public static final String COMPETITION_OPEN_MONTH = "CompetitionOpenSinceMonth";
    /** Whether the store takes part in Promo2 (int 0/1). */
    public static final String PROMO2 = "Promo2";
    /** First day of Promo2: Monday of ISO week Promo2SinceWeek of Promo2SinceYear (date, null without Promo2). */
    public static final String PROMO2_SINCE = "Promo2Since";
    /** Promo2SinceYear as listed (int, null without Promo2). */
    public static final String PROMO2_SINCE_YEAR = "Promo2SinceYear";
    /** Promo2SinceWeek as listed, an ISO week (int, null without Promo2). */
    public static final String PROMO2_SINCE_WEEK = "Promo2SinceWeek";
    /** PromoInterval as listed, such as {@code Jan,Apr,Jul,Oct} (string, null without Promo2). */
    public static final String PROMO_INTERVAL = "PromoInterval";
    /** Months of Promo2 as a bit mask, bit m-1 for month m (int, 0 without Promo2). */
    public static final String PROMO2_MONTHS = "Promo2Months";
    /** Weather or trend date (date). */
    public static final String DATE = "Date";
    /** Maximum temperature in °C (double, null when NA). */
    public static final String MAX_TEMPERATURE = "Max_TemperatureC";
    /** Mean temperature in °C (double, null when NA). */
    public static final String MEAN_TEMPERATURE = "Mean_TemperatureC";
    /** Precipitation in mm (double, null when NA). */
    public static final String PRECIPITATION = "Precipitationmm";
    /** Minimum temperature in °C (double, null when NA). */
    public static final String MIN_TEMPERATURE = "Min_TemperatureC";
    /** Maximum relative humidity in % (double, null when NA). */
    public static final String MAX_HUMIDITY = "Max_Humidity";
    /** Mean relative humidity in % (double, null when NA). */
    public static final String MEAN_HUMIDITY = "Mean_Humidity";
    /** Minimum relative humidity in % (double, null when NA). */
    public static final String MIN_HUMIDITY = "Min_Humidity";
    /** Maximum wind speed in km/h (double, null when NA). */
    public static final String MAX_WIND = "Max_Wind_SpeedKm_h";
    /** Mean wind speed in km/h (double, null when NA). */
    public static final String MEAN_WIND = "Mean_Wind_SpeedKm_h";
    /** Cloud cover in eighths (double, null when NA). */
    public static final String CLOUD_COVER = "CloudCover";
    /** The numeric weather columns besides temperature maximum, mean and precipitation, as the recipe uses them. */
    static final List<String> MORE_WEATHER = List.of(MIN_TEMPERATURE, MAX_HUMIDITY, MEAN_HUMIDITY, MIN_HUMIDITY,
            MAX_WIND, MEAN_WIND, CLOUD_COVER);
    /** Weather events such as {@code Rain-Snow} (string, null when none). */
    public static final String EVENTS = "Events";
    /** First day (a Sunday) of a trend week (date). */
    public static final String WEEK_START = "WeekStart";
    /** Google-trend index 0..100 (int). */
    public static final String TREND = "Trend";
    /** The State value of the national trend rows. */
    public static final String NATIONAL = "DE";
    /** Reject column: the file, relative to the tables' directory. */
    public static final String SOURCE = CsvInput.SOURCE;
    /** Reject column: the line. */
    public static final String LINE = CsvInput.LINE;
    /** Reject column: the reason. */
    public static final String REASON = CsvInput.REASON;

    static final String STORE_FILE = "store.csv";
    static final String STATES_FILE = "store_states.csv";
    static final String NATIONAL_TREND_FILE = "googletrend/Rossmann_DE.csv";
    private static final String LISTED_ID = "ListedStore";
    private static final String TREND_WEEK = "Week";
    private static final String TREND_INDEX = "Index";
    /** Replicas of a store get ids {@code id + j * stride}; at least the real data's largest id. */
    static final int MIN_STORE_ID_STRIDE = 1115;

    private static final String INTEGER = "^-?[0-9]{1,9}$";
    /** A decimal of at most 15 digits each side of the point: finite as a double (400 nines would be infinity). */
    private static final String NUMBER = "^-?[0-9]{1,15}(\\.[0-9]{1,15})?$";
    private static final String MONTH_ARRAY = PromoCalendar.MONTHS.stream()
            .map(m -> "'" + m + "'").collect(Collectors.joining(",", "array(", ")"));

    private final Dataset<Row> stores;
    private final Dataset<Row> weather;
    private final Dataset<Row> trends;
    private final Dataset<Row> rejects;
    private final int storeIdStride;
    private final String directory;

    private RossmannTables(Dataset<Row> stores, Dataset<Row> weather, Dataset<Row> trends, Dataset<Row> rejects,
                           int storeIdStride, String directory) {
        this.stores = stores;
        this.weather = weather;
        this.trends = trends;
        this.rejects = rejects;
        this.storeIdStride = storeIdStride;
        this.directory = directory;
    }

    /**
     * Reads and validates the tables under {@code directory} (the layout of {@code data/rossmann/}).
     *
     * @throws IllegalArgumentException for a missing or malformed file, or, with {@link InvalidRows#ERROR}, any
     *                                  unusable row (the message names the file, the line and the reason)
     */
    public static RossmannTables read(SparkSession spark, String directory, InvalidRows invalidRows) {
        FileSystem fs;
        Path dir;
        try {
            dir = new Path(directory);
            fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
            dir = fs.makeQualified(dir);
            if (!fs.getFileStatus(dir).isDirectory()) {
                throw new IllegalArgumentException("Rossmann tables directory " + directory + " is not a directory");
            }
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalArgumentException("Rossmann tables directory " + directory + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Dataset<Row> storeRows = parseStores(CsvInput.read(spark, fs, dir, List.of(STORE_FILE), "store table", ",", "",
                List.of(STORE, STORE_TYPE, ASSORTMENT, COMPETITION_DISTANCE, "CompetitionOpenSinceMonth",
                        "CompetitionOpenSinceYear", PROMO2, "Promo2SinceWeek", "Promo2SinceYear", "PromoInterval"),
                null));
        Dataset<Row> stateRows = parseStates(CsvInput.read(spark, fs, dir, List.of(STATES_FILE), "store-state table",
                ",", "", List.of(STORE, STATE), null));
        Dataset<Row> storeParts = joinStates(storeRows, stateRows).persist(StorageLevel.MEMORY_AND_DISK());

        List<GermanState> states = storeParts.where(col(REASON).isNull()).select(STATE).distinct().collectAsList()
                .stream().map(r -> GermanState.ofCode(r.getString(0)).orElseThrow()).sorted()
                .collect(Collectors.toList());
        if (states.isEmpty()) {
            throw new IllegalArgumentException("no usable store in " + directory + " (see the reasons with "
                    + "InvalidRows.SKIP): no state to read weather and trends for");
        }
        Map<String, String> weatherFiles = new LinkedHashMap<>();
        Map<String, String> trendFiles = new LinkedHashMap<>();
        trendFiles.put(NATIONAL_TREND_FILE, NATIONAL);
        for (GermanState state : states) {
            weatherFiles.put(state.weatherFile(), state.code());
            trendFiles.put(state.trendFile(), state.code());
        }
        Dataset<Row> weatherAll = rejectDuplicates(parseWeather(CsvInput.read(spark, fs, dir,
                        new ArrayList<>(weatherFiles.keySet()), "weather", ";", "NA",
                        weatherColumns(), null), weatherFiles),
                List.of(STATE, DATE), "date listed more than once in this weather file: ")
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> trendAll = rejectDuplicates(parseTrend(CsvInput.read(spark, fs, dir,
                        new ArrayList<>(trendFiles.keySet()), "Google trend", ",", "", List.of(),
                        List.of(TREND_WEEK, TREND_INDEX)), trendFiles),
                List.of(STATE, WEEK_START), "week listed more than once in this trend file: ")
                .persist(StorageLevel.MEMORY_AND_DISK());

        Dataset<Row> stores = storeParts.where(col(REASON).isNull()).select(STORE, STATE, STORE_TYPE, ASSORTMENT,
                COMPETITION_DISTANCE, COMPETITION_OPEN, PROMO2, PROMO2_SINCE, PROMO2_MONTHS, COMPETITION_OPEN_YEAR,
                COMPETITION_OPEN_MONTH, PROMO2_SINCE_YEAR, PROMO2_SINCE_WEEK, PROMO_INTERVAL);
        List<String> weatherOut = new ArrayList<>(List.of(STATE, DATE));
        weatherOut.addAll(weatherColumns().subList(1, weatherColumns().size()));
        Dataset<Row> weather = weatherAll.where(col(REASON).isNull()).select(weatherOut.stream().map(c -> col(c))
                .toArray(Column[]::new));
        Dataset<Row> trends = trendAll.where(col(REASON).isNull()).select(STATE, WEEK_START, TREND);
        Dataset<Row> rejects = storeParts.where(col(REASON).isNotNull()).select(SOURCE, LINE, REASON)
                .unionByName(weatherAll.where(col(REASON).isNotNull()).select(SOURCE, LINE, REASON))
                .unionByName(trendAll.where(col(REASON).isNotNull()).select(SOURCE, LINE, REASON));

        long rejected = rejects.count();
        if (rejected > 0 && invalidRows == InvalidRows.ERROR) {
            String first = rejects.orderBy(SOURCE, LINE).limit(5).collectAsList().stream()
                    .map(r -> r.getString(0) + ": " + r.getString(2) + " [" + r.getString(1) + "]")
                    .collect(Collectors.joining("; "));
            throw new IllegalArgumentException(rejected + " unusable row(s) in the Rossmann tables under " + directory
                    + ", e.g. " + first + ". Fix the input, or read with InvalidRows.SKIP to generate without them"
                    + " (they are then counted in rejects())");
        }
        Row maxStore = storeParts.agg(expr("max(" + STORE + ")")).first();
        int maxId = maxStore.isNullAt(0) ? 0 : maxStore.getInt(0);
        return new RossmannTables(stores, weather, trends, rejects, Math.max(MIN_STORE_ID_STRIDE, maxId), directory);
    }

    /**
     * The usable stores: {@value #STORE}, {@value #STATE}, {@value #STORE_TYPE}, {@value #ASSORTMENT},
     * {@value #COMPETITION_DISTANCE}, {@value #COMPETITION_OPEN}, {@value #PROMO2}, {@value #PROMO2_SINCE},
     * {@value #PROMO2_MONTHS}, and the listed values {@value #COMPETITION_OPEN_YEAR},
     * {@value #COMPETITION_OPEN_MONTH}, {@value #PROMO2_SINCE_YEAR}, {@value #PROMO2_SINCE_WEEK},
     * {@value #PROMO_INTERVAL} (the last three null without Promo2).
     */
    public Dataset<Row> stores() {
        return stores;
    }

    /**
     * Daily weather of the stores' states: {@value #STATE}, {@value #DATE}, {@value #MAX_TEMPERATURE},
     * {@value #MEAN_TEMPERATURE}, {@value #PRECIPITATION}, {@value #EVENTS}, {@value #MIN_TEMPERATURE},
     * {@value #MAX_HUMIDITY}, {@value #MEAN_HUMIDITY}, {@value #MIN_HUMIDITY}, {@value #MAX_WIND},
     * {@value #MEAN_WIND}, {@value #CLOUD_COVER} (numbers as doubles, null for NA).
     */
    public Dataset<Row> weather() {
        return weather;
    }

    /** Weekly trend index: {@value #STATE} ({@value #NATIONAL} for Germany), {@value #WEEK_START}, {@value #TREND}. */
    public Dataset<Row> trends() {
        return trends;
    }

    /** Rows left out, with {@value #SOURCE}, {@value #LINE} and {@value #REASON} (empty unless read with SKIP). */
    public Dataset<Row> rejects() {
        return rejects;
    }

    /** Rows left out, counted in one Spark job. */
    public long rejectCount() {
        return rejects.count();
    }

    /** The stride between a store's replicas' ids: the largest store id read, at least 1,115. */
    public int storeIdStride() {
        return storeIdStride;
    }

    /** The directory the tables were read from. */
    public String directory() {
        return directory;
    }

    /**
     * The same tables restricted to the given stores (for small runs and tests); replica ids keep the full
     * table's stride.
     *
     * @throws IllegalArgumentException when a requested store is not among the usable stores
     */
    public RossmannTables onlyStores(int... ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("onlyStores needs at least one store id");
        }
        Object[] boxed = Arrays.stream(ids).boxed().toArray();
        Dataset<Row> kept = stores.where(col(STORE).isin(boxed));
        List<Integer> found = kept.select(STORE).collectAsList().stream().map(r -> r.getInt(0))
                .collect(Collectors.toList());
        List<Integer> unknown = Arrays.stream(ids).boxed().filter(i -> !found.contains(i)).collect(Collectors.toList());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no usable store with id(s) " + unknown + " in " + directory);
        }
        return new RossmannTables(kept, weather, trends, rejects, storeIdStride, directory);
    }

    /**
     * The same tables with {@code k} copies of every store: store {@code id} also appears as
     * {@code id + j * storeIdStride()} for {@code 0 < j < k}, with the same type, assortment, competition, Promo2 and
     * state (so the same weather and trend). This is how {@link RossmannGenerator} scales a table to 10M and 100M
     * rows; the prepare step reads such a table with the same {@code k}.
     *
     * @throws IllegalArgumentException when {@code k < 1}
     */
    public RossmannTables withStoreReplicas(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("store replicas must be >= 1, got " + k);
        }
        if (k == 1) {
            return this;
        }
        Dataset<Row> replicas = stores.withColumn("rt_replica", explode(sequence(lit(0), lit(k - 1))))
                .withColumn(STORE, col(STORE).plus(col("rt_replica").multiply(storeIdStride)))
                .drop("rt_replica");
        return new RossmannTables(replicas, weather, trends, rejects, storeIdStride, directory);
    }

    private static Dataset<Row> parseStores(CsvInput in) {
        Column store = trim(col(STORE));
        Column type = trim(col(STORE_TYPE));
        Column assortment = trim(col(ASSORTMENT));
        Column distance = trim(col(COMPETITION_DISTANCE));
        Column compMonth = trim(col("CompetitionOpenSinceMonth"));
        Column compYear = trim(col("CompetitionOpenSinceYear"));
        Column promo2 = trim(col(PROMO2));
        Column week = trim(col("Promo2SinceWeek"));
        Column year = trim(col("Promo2SinceYear"));
        Column interval = trim(coalesce(col("PromoInterval"), lit("")));
        Column unknownMonth = expr("exists(split(trim(coalesce(PromoInterval, '')), ','), m -> array_position("
                + MONTH_ARRAY + ", trim(m)) = 0)");
        Column promo2On = promo2.equalTo("1");
        Column reason = coalesce(CsvInput.malformedReason(),
                when(not(isInt(store)).or(store.cast("int").leq(0)),
                        concat(lit("Store is not a positive integer: "), coalesce(store, lit("(empty)")))),
                when(not(coalesce(type, lit("")).isin("a", "b", "c", "d")),
                        concat(lit("StoreType is not a..d: "), coalesce(type, lit("(empty)")))),
                when(not(coalesce(assortment, lit("")).isin("a", "b", "c")),
                        concat(lit("Assortment is not a..c: "), coalesce(assortment, lit("(empty)")))),
                when(isPresent(distance).and(not(distance.rlike(NUMBER))),
                        concat(lit("CompetitionDistance is not a number: "), distance)),
                when(isPresent(compMonth).and(not(isInt(compMonth)).or(not(compMonth.cast("int").between(1, 12)))),
                        concat(lit("CompetitionOpenSinceMonth is not 1..12: "), compMonth)),
                when(isPresent(compYear).and(not(isInt(compYear)).or(not(compYear.cast("int").between(1900, 2100)))),
                        concat(lit("CompetitionOpenSinceYear is not a year: "), compYear)),
                when(not(coalesce(promo2, lit("")).isin("0", "1")),
                        concat(lit("Promo2 is not 0 or 1: "), coalesce(promo2, lit("(empty)")))),
                when(promo2On.and(not(isInt(week)).or(not(week.cast("int").between(1, 53)))),
                        concat(lit("Promo2SinceWeek is not 1..53 for a Promo2 store: "), coalesce(week, lit("(empty)")))),
                when(promo2On.and(not(isInt(year)).or(not(year.cast("int").between(1900, 2100)))),
                        concat(lit("Promo2SinceYear is not a year for a Promo2 store: "), coalesce(year, lit("(empty)")))),
                when(promo2On.and(interval.equalTo("").or(unknownMonth)),
                        concat(lit("PromoInterval is not a list of month names (Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,"
                                + "Sept,Oct,Nov,Dec) for a Promo2 store: "), interval)));
        Column compOpen = when(isPresent(compMonth).and(isPresent(compYear)),
                make_date(compYear.cast("int"), compMonth.cast("int"), lit(1)))
                .when(isPresent(compYear), make_date(compYear.cast("int"), lit(1), lit(1)));
        Column jan4 = make_date(year.cast("int"), lit(1), lit(4));
        Column since = date_add(date_add(jan4, call_function("weekday", jan4).multiply(-1)),
                week.cast("int").minus(1).multiply(7));
        Column mask = expr("aggregate(split(trim(coalesce(PromoInterval, '')), ','), 0, (acc, m) -> acc | "
                + "shiftleft(1, greatest(array_position(" + MONTH_ARRAY + ", trim(m)), 1) - 1))");
        Column ok = reason.isNull();
        return in.rows().select(col(SOURCE), col(LINE), reason.as(REASON),
                when(ok, store.cast("int")).as(STORE),
                when(isInt(store), store.cast("int")).as(LISTED_ID),
                when(ok, type).as(STORE_TYPE),
                when(ok, assortment).as(ASSORTMENT),
                when(ok.and(isPresent(distance)), distance.cast("double")).as(COMPETITION_DISTANCE),
                when(ok, compOpen).as(COMPETITION_OPEN),
                when(ok, promo2.cast("int")).as(PROMO2),
                when(ok.and(isPresent(compYear)), compYear.cast("int")).as(COMPETITION_OPEN_YEAR),
                when(ok.and(isPresent(compMonth)), compMonth.cast("int")).as(COMPETITION_OPEN_MONTH),
                when(ok.and(promo2On), year.cast("int")).as(PROMO2_SINCE_YEAR),
                when(ok.and(promo2On), week.cast("int")).as(PROMO2_SINCE_WEEK),
                when(ok.and(promo2On), interval).as(PROMO_INTERVAL),
                when(ok.and(promo2On), since).as(PROMO2_SINCE),
                when(ok.and(promo2On), mask).otherwise(lit(0)).as(PROMO2_MONTHS));
    }

    private static Dataset<Row> parseStates(CsvInput in) {
        Column store = trim(col(STORE));
        Column state = trim(col(STATE));
        Column known = coalesce(state, lit("")).isin(Arrays.stream(GermanState.values()).map(GermanState::code).toArray());
        Column reason = coalesce(CsvInput.malformedReason(),
                when(not(isInt(store)).or(store.cast("int").leq(0)),
                        concat(lit("Store is not a positive integer: "), coalesce(store, lit("(empty)")))),
                when(not(known), concat(lit("State is not a German state code: "), coalesce(state, lit("(empty)")))));
        return in.rows().select(col(SOURCE), col(LINE), reason.as(REASON),
                when(reason.isNull(), store.cast("int")).as(STORE), when(reason.isNull(), state).as(STATE));
    }

    /**
     * Stores with their states: store rows (valid or rejected) and the rejected state rows in one frame. A store
     * listed twice in {@code store.csv}, without a state, or with more than one state row is rejected; a state row
     * that is malformed or names a store {@code store.csv} lacks is rejected.
     */
    private static Dataset<Row> joinStates(Dataset<Row> storeRows, Dataset<Row> stateRows) {
        Dataset<Row> s = storeRows.withColumn("n", when(col(STORE).isNotNull(),
                count(lit(1)).over(Window.partitionBy(col(STORE)))).otherwise(lit(1L)));
        Dataset<Row> states = stateRows.where(col(REASON).isNull()).groupBy(col(STORE).as("st_store"))
                .agg(min(col(STATE)).as(STATE), count(lit(1)).as("st_n"));
        Dataset<Row> joined = s.join(states, s.col(STORE).equalTo(states.col("st_store")), "left");
        Column reason = coalesce(col(REASON),
                when(col("n").gt(1), concat(lit("Store "), col(STORE).cast("string"),
                        lit(" is listed more than once in " + STORE_FILE))),
                when(col("st_store").isNull(), concat(lit("Store "), col(STORE).cast("string"),
                        lit(" has no state in " + STATES_FILE))),
                when(col("st_n").gt(1), concat(lit("Store "), col(STORE).cast("string"),
                        lit(" has more than one state row in " + STATES_FILE))));
        Dataset<Row> storesOut = joined.select(col(SOURCE), col(LINE), reason.as(REASON), col(STORE),
                col(STATE), col(STORE_TYPE), col(ASSORTMENT), col(COMPETITION_DISTANCE), col(COMPETITION_OPEN),
                col(PROMO2), col(PROMO2_SINCE), col(PROMO2_MONTHS), col(COMPETITION_OPEN_YEAR),
                col(COMPETITION_OPEN_MONTH), col(PROMO2_SINCE_YEAR), col(PROMO2_SINCE_WEEK), col(PROMO_INTERVAL));
        // a state row is fine if store.csv lists its store at all (a store rejected there is reported there)
        Dataset<Row> storeIds = storeRows.where(col(LISTED_ID).isNotNull()).select(col(LISTED_ID).as("s_store"))
                .distinct();
        Dataset<Row> statesJoined = stateRows.join(storeIds, stateRows.col(STORE).equalTo(storeIds.col("s_store")),
                "left");
        Column stateReason = coalesce(col(REASON), when(col(STORE).isNotNull().and(col("s_store").isNull()),
                concat(lit("Store "), col(STORE).cast("string"), lit(" is not in " + STORE_FILE))));
        Dataset<Row> stateRejects = statesJoined.select(col(SOURCE), col(LINE), stateReason.as(REASON))
                .where(col(REASON).isNotNull());
        return storesOut.unionByName(stateRejects, true);
    }

    private static Dataset<Row> parseWeather(CsvInput in, Map<String, String> stateOfFile) {
        Column dateText = trim(col(DATE));
        Column date = to_date(dateText, "yyyy-MM-dd");
        List<Column> reasons = new ArrayList<>();
        reasons.add(CsvInput.malformedReason());
        reasons.add(when(date.isNull().or(not(dateText.rlike("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))),
                concat(lit("Date is not yyyy-MM-dd: "), coalesce(dateText, lit("(empty)")))));
        List<String> numbers = new ArrayList<>(List.of(MAX_TEMPERATURE, MEAN_TEMPERATURE, PRECIPITATION));
        numbers.addAll(MORE_WEATHER);
        for (String c : numbers) {
            Column v = trim(col(c));
            reasons.add(when(isPresent(v).and(not(v.rlike(NUMBER))), concat(lit(c + " is not a number or NA: "), v)));
        }
        Column reason = coalesce(reasons.toArray(new Column[0]));
        Column ok = reason.isNull();
        Column events = trim(col(EVENTS));
        return in.rows().select(col(SOURCE), col(LINE), reason.as(REASON), stateOf(stateOfFile).as(STATE),
                when(ok, date).as(DATE),
                when(ok, trim(col(MAX_TEMPERATURE)).cast("double")).as(MAX_TEMPERATURE),
                when(ok, trim(col(MEAN_TEMPERATURE)).cast("double")).as(MEAN_TEMPERATURE),
                when(ok, trim(col(PRECIPITATION)).cast("double")).as(PRECIPITATION),
                when(ok.and(isPresent(events)), events).as(EVENTS),
                when(ok, trim(col(MIN_TEMPERATURE)).cast("double")).as(MIN_TEMPERATURE),
                when(ok, trim(col(MAX_HUMIDITY)).cast("double")).as(MAX_HUMIDITY),
                when(ok, trim(col(MEAN_HUMIDITY)).cast("double")).as(MEAN_HUMIDITY),
                when(ok, trim(col(MIN_HUMIDITY)).cast("double")).as(MIN_HUMIDITY),
                when(ok, trim(col(MAX_WIND)).cast("double")).as(MAX_WIND),
                when(ok, trim(col(MEAN_WIND)).cast("double")).as(MEAN_WIND),
                when(ok, trim(col(CLOUD_COVER)).cast("double")).as(CLOUD_COVER));
    }

    /** The weather columns read, in the order {@link #weather()} gives them after State. */
    private static List<String> weatherColumns() {
        List<String> cols = new ArrayList<>(List.of(DATE, MAX_TEMPERATURE, MEAN_TEMPERATURE, PRECIPITATION, EVENTS));
        cols.addAll(MORE_WEATHER);
        return cols;
    }

    private static Dataset<Row> parseTrend(CsvInput in, Map<String, String> stateOfFile) {
        Column week = trim(col(TREND_WEEK));
        Column value = trim(col(TREND_INDEX));
        Column startText = regexp_extract(week, "^([0-9]{4}-[0-9]{2}-[0-9]{2}) - [0-9]{4}-[0-9]{2}-[0-9]{2}$", 1);
        Column endText = regexp_extract(week, "^[0-9]{4}-[0-9]{2}-[0-9]{2} - ([0-9]{4}-[0-9]{2}-[0-9]{2})$", 1);
        Column start = to_date(startText, "yyyy-MM-dd");
        Column end = to_date(endText, "yyyy-MM-dd");
        Column reason = coalesce(CsvInput.malformedReason(),
                when(start.isNull().or(end.isNull()).or(not(date_add(start, 6).equalTo(end))),
                        concat(lit("week is not 'yyyy-MM-dd - yyyy-MM-dd' spanning 7 days: "),
                                coalesce(week, lit("(empty)")))),
                when(not(isInt(value)).or(not(value.cast("int").between(0, 100))),
                        concat(lit("trend index is not an integer 0..100: "), coalesce(value, lit("(empty)")))));
        return in.rows().select(col(SOURCE), col(LINE), reason.as(REASON), stateOf(stateOfFile).as(STATE),
                when(reason.isNull(), start).as(WEEK_START), when(reason.isNull(), value.cast("int")).as(TREND));
    }

    private static Column stateOf(Map<String, String> stateOfFile) {
        List<Column> kv = new ArrayList<>();
        stateOfFile.forEach((file, code) -> {
            kv.add(lit(file));
            kv.add(lit(code));
        });
        return element_at(map(kv.toArray(new Column[0])), col(SOURCE));
    }

    private static Dataset<Row> rejectDuplicates(Dataset<Row> rows, List<String> key, String message) {
        Column[] keys = key.stream().map(k -> col(k)).toArray(Column[]::new);
        Column n = count(lit(1)).over(Window.partitionBy(keys));
        Column dup = col(REASON).isNull().and(n.gt(1));
        return rows.withColumn(REASON, when(dup, concat(lit(message), col(key.get(key.size() - 1)).cast("string")))
                .otherwise(col(REASON)));
    }

    private static Column isInt(Column c) {
        return coalesce(c.rlike(INTEGER), lit(false));
    }

    private static Column isPresent(Column c) {
        return c.isNotNull().and(c.notEqual(""));
    }
}
