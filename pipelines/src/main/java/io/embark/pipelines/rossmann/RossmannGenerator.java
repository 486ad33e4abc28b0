package io.embark.pipelines.rossmann;

import io.embark.pipelines.output.RunDirectory;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Generates the Rossmann training table ({@code train.csv}'s columns plus the noise-free {@code ExpectedSales})
 * for the real stores from the process {@link RossmannProcess} documents.
 *
 * <p>The work is split as the process is: a per-store table (level, basket, growth, competition, Promo2,
 * Sunday opening, refurbishment; {@code storeMultiplier} replicas per store) and a per-(state, date) table of
 * the calendar ({@link RossmannCalendar}, {@link PromoCalendar}), weather and trend factors, built on the driver
 * (a few thousand rows) and broadcast. The rows themselves (stores × days, up to hundreds of millions) are made
 * on the executors by joining the two, each partition producing all the days of a range of stores. Every
 * random draw is a hash of (seed, store[, date]), so the table is identical for any partitioning.
 *
 * <p>Every store × day appears exactly once; the weather and trends must cover every date of every store's
 * state, else generation fails naming the file and the first uncovered date.
 *
 * <pre>{@code
 * RossmannTables tables = RossmannTables.read(spark, "data/rossmann", InvalidRows.ERROR);
 * Dataset<Row> train = RossmannGenerator.generate(spark, tables, GeneratorSettings.defaults(42));
 * RossmannGenerator.write(train, "out/rossmann-train", false);
 * }</pre>
 */
public final class RossmannGenerator {
    /** Output column: store id (int). */
    public static final String STORE = "Store";
    /** Output column: 1 = Monday .. 7 = Sunday (int). */
    public static final String DAY_OF_WEEK = "DayOfWeek";
    /** Output column: the day (date). */
    public static final String DATE = "Date";
    /** Output column: turnover, 0 when closed (int). */
    public static final String SALES = "Sales";
    /** Output column: customers, 0 when closed (int). */
    public static final String CUSTOMERS = "Customers";
    /** Output column: 1 when open (int). */
    public static final String OPEN = "Open";
    /** Output column: 1 on chain-wide promotion days (int). */
    public static final String PROMO = "Promo";
    /** Output column: "0", "a", "b" or "c" (string). */
    public static final String STATE_HOLIDAY = "StateHoliday";
    /** Output column: 1 on school holidays (int). */
    public static final String SCHOOL_HOLIDAY = "SchoolHoliday";
    /** Output column: the noise-free sales, 0 when closed (double). */
    public static final String EXPECTED_SALES = "ExpectedSales";
    /** The output columns in order. */
    public static final List<String> COLUMNS = List.of(STORE, DAY_OF_WEEK, DATE, SALES, CUSTOMERS, OPEN, PROMO,
            STATE_HOLIDAY, SCHOOL_HOLIDAY, EXPECTED_SALES);

    private static final String BEFORE_HOLIDAY = "BeforeHoliday";
    private static final String DAY_FACTOR = "DayFactor";

    private RossmannGenerator() {
    }

    /**
     * The training table, lazily: nothing but the small per-(state, date) table is computed before an action.
     *
     * @throws IllegalArgumentException when the weather or trends do not cover the dates, or the dates leave the
     *                                  holiday calendar's years
     */
    public static Dataset<Row> generate(SparkSession spark, RossmannTables tables, GeneratorSettings settings) {
        if (settings.start().getYear() < RossmannCalendar.FIRST_YEAR || settings.end().getYear() > RossmannCalendar.LAST_YEAR) {
            throw new IllegalArgumentException("dates " + settings.start() + " .. " + settings.end()
                    + " leave the holiday calendar's years " + RossmannCalendar.FIRST_YEAR + ".." + RossmannCalendar.LAST_YEAR);
        }
        long seed = settings.seed();
        Dataset<Row> stores = storeTable(tables, settings);
        Dataset<Row> days = broadcast(stateDays(spark, tables, settings));
        Dataset<Row> rows = stores.join(days, RossmannTables.STATE);

        Column date = col(DATE);
        Column store = col(STORE);
        Column holiday = col(STATE_HOLIDAY);
        Column sunday = col("SundayStore");
        Column refurbishing = col("RefurbishStart").isNotNull()
                .and(date.between(col("RefurbishStart"), col("RefurbishEnd")));
        Column open = not(refurbishing)
                .and(not(col(DAY_OF_WEEK).equalTo(7).and(not(sunday))))
                .and(not(holiday.notEqual(RossmannCalendar.NONE)
                        .and(not(sunday.and(holiday.equalTo(RossmannCalendar.PUBLIC))))));
        Column competition = when(col(RossmannTables.COMPETITION_OPEN).isNull()
                .or(date.geq(col(RossmannTables.COMPETITION_OPEN))), col("CompetitionFactor")).otherwise(1.0);
        Column promo2 = PromoCalendar.promo2Active(date, col(RossmannTables.PROMO2_SINCE),
                col(RossmannTables.PROMO2_MONTHS));
        Column expected = col("Level")
                .multiply(exp(col("Growth").multiply(RossmannProcess.years(date))))
                .multiply(competition)
                .multiply(col(DAY_FACTOR))
                .multiply(when(col(PROMO).equalTo(1), RossmannProcess.PROMO_UPLIFT).otherwise(1.0))
                .multiply(when(promo2, RossmannProcess.PROMO2_UPLIFT).otherwise(1.0));
        Column noise = exp(RossmannProcess.gaussian(seed, RossmannProcess.STREAM_SALES, store, date)
                .multiply(settings.noiseSigma()));
        Column sales = round(col(EXPECTED_SALES).multiply(noise)).cast("int");
        Column basketToday = col("Basket")
                .multiply(when(col(PROMO).equalTo(1), RossmannProcess.PROMO_BASKET).otherwise(1.0))
                .multiply(exp(RossmannProcess.gaussian(seed, RossmannProcess.STREAM_CUSTOMERS, store, date)
                        .multiply(RossmannProcess.CUSTOMER_SIGMA)));
        Column customers = round(col(SALES).divide(basketToday)).cast("int");

        return rows
                .withColumn(OPEN, when(open, 1).otherwise(0))
                .withColumn(EXPECTED_SALES, when(col(OPEN).equalTo(1), expected).otherwise(0.0))
                .withColumn(SALES, when(col(OPEN).equalTo(1), sales).otherwise(0))
                .withColumn(CUSTOMERS, when(col(OPEN).equalTo(1), customers).otherwise(0))
                .select(COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
    }

    /**
     * Writes {@code train} as Parquet to {@code path}, atomically ({@link RunDirectory}): one file per partition,
     * each holding all the days of a range of stores. No Hive-style partition column is added, so reading
     * the directory back gives exactly the generated columns.
     *
     * @throws RunDirectory.OutputExistsException when {@code path} exists and {@code overwrite} is false
     */
    public static void write(Dataset<Row> train, String path, boolean overwrite) {
        RunDirectory.run(path, overwrite, train.sparkSession().sparkContext().hadoopConfiguration(), out -> {
            train.write().mode(SaveMode.ErrorIfExists).parquet(out.path("data"));
            return out.target();
        });
    }

    /** The Parquet directory inside an output written by {@link #write}. */
    public static String dataPath(String path) {
        return path + "/data";
    }

    /** Per store replica: its state, level, basket, growth, competition, Promo2, Sunday opening, refurbishment. */
    static Dataset<Row> storeTable(RossmannTables tables, GeneratorSettings settings) {
        long seed = settings.seed();
        Dataset<Row> replicas = tables.withStoreReplicas(settings.storeMultiplier()).stores();
        Column store = col(STORE);
        Column type = col(RossmannTables.STORE_TYPE);
        Column assortment = col(RossmannTables.ASSORTMENT);
        return replicas.select(store, col(RossmannTables.STATE),
                        RossmannProcess.level(type, assortment, store, seed).as("Level"),
                        RossmannProcess.growth(store, seed).as("Growth"),
                        RossmannProcess.basket(type, assortment, store, seed).as("Basket"),
                        RossmannProcess.competitionLoss(col(RossmannTables.COMPETITION_DISTANCE)).as("CompetitionFactor"),
                        col(RossmannTables.COMPETITION_OPEN),
                        col(RossmannTables.PROMO2_SINCE), col(RossmannTables.PROMO2_MONTHS),
                        RossmannProcess.sundayStore(type, store, seed).as("SundayStore"),
                        RossmannProcess.refurbishStart(store, seed).as("RefurbishStart"))
                .withColumn("RefurbishEnd", RossmannProcess.refurbishEnd(col("RefurbishStart"), store, seed))
                .repartitionByRange(settings.partitions(), store)
                .sortWithinPartitions(store);
    }

    /**
     * Per (state, date): DayOfWeek, Promo, StateHoliday, SchoolHoliday and the shared day factor, collected to the
     * driver (states × days rows) after checking that weather and trends cover every date.
     */
    static Dataset<Row> stateDays(SparkSession spark, RossmannTables tables, GeneratorSettings settings) {
        List<String> states = tables.stores().select(RossmannTables.STATE).distinct().collectAsList().stream()
                .map(r -> r.getString(0)).sorted().collect(Collectors.toList());
        if (states.isEmpty()) {
            throw new IllegalArgumentException("no usable store in " + tables.directory() + ": nothing to generate");
        }
        StructType schema = new StructType()
                .add(RossmannTables.STATE, DataTypes.StringType, false)
                .add(DATE, DataTypes.DateType, false)
                .add(DAY_OF_WEEK, DataTypes.IntegerType, false)
                .add(PROMO, DataTypes.IntegerType, false)
                .add(STATE_HOLIDAY, DataTypes.StringType, false)
                .add(SCHOOL_HOLIDAY, DataTypes.IntegerType, false)
                .add(BEFORE_HOLIDAY, DataTypes.BooleanType, false);
        List<Row> calendar = new ArrayList<>();
        for (String code : states) {
            GermanState state = GermanState.ofCode(code).orElseThrow();
            for (LocalDate d = settings.start(); !d.isAfter(settings.end()); d = d.plusDays(1)) {
                LocalDate next = d.plusDays(1);
                boolean beforeHoliday = next.getYear() <= RossmannCalendar.LAST_YEAR
                        && !RossmannCalendar.stateHoliday(state, next).equals(RossmannCalendar.NONE);
                calendar.add(RowFactory.create(code, Date.valueOf(d), d.getDayOfWeek().getValue(),
                        PromoCalendar.promo(d) ? 1 : 0, RossmannCalendar.stateHoliday(state, d),
                        RossmannCalendar.schoolHoliday(state, d) ? 1 : 0, beforeHoliday));
            }
        }
        Dataset<Row> cal = spark.createDataFrame(calendar, schema);
        Dataset<Row> weather = tables.weather().withColumn("HasWeather", lit(true));
        Dataset<Row> trends = tables.trends();
        Dataset<Row> meanTrend = trends.groupBy(RossmannTables.STATE).agg(avg(RossmannTables.TREND).as("MeanTrend"));
        Dataset<Row> stateTrend = trends.join(meanTrend, RossmannTables.STATE)
                .select(col(RossmannTables.STATE), col(RossmannTables.WEEK_START),
                        col(RossmannTables.TREND).divide(col("MeanTrend")).as("RelativeTrend"), lit(true).as("HasTrend"));
        Dataset<Row> joined = cal
                .withColumn(RossmannTables.WEEK_START, date_sub(col(DATE), dayofweek(col(DATE)).minus(1)))
                .join(weather, new String[] {RossmannTables.STATE, DATE}, "left")
                .join(stateTrend, new String[] {RossmannTables.STATE, RossmannTables.WEEK_START}, "left")
                .select(col(RossmannTables.STATE), col(DATE), col(DAY_OF_WEEK), col(PROMO), col(STATE_HOLIDAY),
                        col(SCHOOL_HOLIDAY), col("HasWeather"), col("HasTrend"),
                        RossmannProcess.dayFactor(col(DATE), col(DAY_OF_WEEK), col(SCHOOL_HOLIDAY), col(BEFORE_HOLIDAY),
                                col(RossmannTables.PRECIPITATION), col(RossmannTables.MAX_TEMPERATURE),
                                col(RossmannTables.EVENTS), col("RelativeTrend")).as(DAY_FACTOR))
                .orderBy(RossmannTables.STATE, DATE);
        List<Row> collected = joined.collectAsList();
        checkCoverage(tables, states, collected, settings);
        List<Row> days = collected.stream()
                .map(r -> RowFactory.create(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(8)))
                .collect(Collectors.toList());
        StructType daySchema = new StructType()
                .add(RossmannTables.STATE, DataTypes.StringType, false)
                .add(DATE, DataTypes.DateType, false)
                .add(DAY_OF_WEEK, DataTypes.IntegerType, false)
                .add(PROMO, DataTypes.IntegerType, false)
                .add(STATE_HOLIDAY, DataTypes.StringType, false)
                .add(SCHOOL_HOLIDAY, DataTypes.IntegerType, false)
                .add(DAY_FACTOR, DataTypes.DoubleType, false);
        return spark.createDataFrame(days, daySchema);
    }

    private static void checkCoverage(RossmannTables tables, List<String> states, List<Row> days,
                                      GeneratorSettings settings) {
        for (String code : states) {
            GermanState state = GermanState.ofCode(code).orElseThrow();
            List<Row> ofState = days.stream().filter(r -> r.getString(0).equals(code)).collect(Collectors.toList());
            List<Row> noWeather = ofState.stream().filter(r -> r.isNullAt(6)).collect(Collectors.toList());
            if (!noWeather.isEmpty()) {
                throw new IllegalArgumentException(tables.directory() + "/" + state.weatherFile() + " has no usable row"
                        + " for " + noWeather.size() + " of the dates " + settings.start() + " .. " + settings.end()
                        + " (first: " + noWeather.get(0).getDate(1) + ", last: "
                        + noWeather.get(noWeather.size() - 1).getDate(1) + "); generate dates the weather covers"
                        + coveredRange(tables, code));
            }
            List<Row> noTrend = ofState.stream().filter(r -> r.isNullAt(7)).collect(Collectors.toList());
            if (!noTrend.isEmpty()) {
                throw new IllegalArgumentException(tables.directory() + "/" + state.trendFile() + " has no usable week"
                        + " for " + noTrend.size() + " of the dates " + settings.start() + " .. " + settings.end()
                        + " (first: " + noTrend.get(0).getDate(1) + "); generate dates the trend covers");
            }
        }
    }

    private static String coveredRange(RossmannTables tables, String code) {
        Row r = tables.weather().where(col(RossmannTables.STATE).equalTo(code))
                .agg(min(col(DATE)), org.apache.spark.sql.functions.max(col(DATE)), sum(lit(1))).first();
        return r.isNullAt(0) ? " (it has no usable row at all)" : " (" + r.getDate(0) + " .. " + r.getDate(1) + ", "
                + r.getLong(2) + " rows)";
    }
}
