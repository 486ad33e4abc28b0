package io.embark.bench;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.List;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * A table with the shape of fastai's prepared Rossmann data, for benchmarking the tabular stages at any size:
 * one row per store and day from 2013-01-01 (942 days per store, store ids 1..n/942), the recipe's 18
 * categorical data columns with realistic cardinalities (Store, DayOfWeek, StateHoliday, StoreType, State, Events,
 * the promo/holiday window counts, ...; the other 4, Year/Month/Day/Week, come from {@code Date}), its 16
 * continuous columns with realistic value ranges (integer temperatures and humidities, competition distance in
 * 10 m steps, trend indices), about 2% nulls in CompetitionDistance, CloudCover and the wind speeds, nulls in
 * Events and PromoInterval as in the real data, and one date column.
 *
 * <p>Values are hashes of (store, day, column), so the table is deterministic and generated on the executors;
 * it has the <em>shape</em> of the data (types, cardinalities, null rates), not its statistical process (that is
 * the Rossmann generator's job).
 */
public final class RossmannShapedTable {
    /** Days per store (2013-01-01 .. 2015-07-31, the competition's training period). */
    public static final int DAYS = 942;
    /** The categorical columns present in the table. */
    public static final List<String> CATEGORICAL = List.of("Store", "DayOfWeek", "StateHoliday",
            "CompetitionMonthsOpen", "Promo2Weeks", "StoreType", "Assortment", "PromoInterval",
            "CompetitionOpenSinceYear", "Promo2SinceYear", "State", "Events", "Promo_fw", "Promo_bw",
            "StateHoliday_fw", "StateHoliday_bw", "SchoolHoliday_fw", "SchoolHoliday_bw");
    /**
     * The categorical columns derived from {@code Date}, prefixed because the part {@code Dayofweek} would clash
     * with {@code DayOfWeek} in Spark's case-insensitive names.
     */
    public static final List<String> DATE_PARTS = List.of("Date_Year", "Date_Month", "Date_Day", "Date_Week");
    /** The prefix of the date parts. */
    public static final String DATE_PREFIX = "Date_";
    /** The continuous columns. */
    public static final List<String> CONTINUOUS = List.of("CompetitionDistance", "Max_TemperatureC",
            "Mean_TemperatureC", "Min_TemperatureC", "Max_Humidity", "Mean_Humidity", "Min_Humidity",
            "Max_Wind_SpeedKm_h", "Mean_Wind_SpeedKm_h", "CloudCover", "trend", "trend_DE", "AfterPromo",
            "BeforePromo", "Promo", "SchoolHoliday");

    private static final String[] STATES = {"HE", "TH", "NW", "BE", "SN", "SH", "HB,NI", "BY", "BW", "RP", "ST", "HH"};
    private static final String[] EVENTS = {"Fog", "Fog-Rain", "Fog-Snow", "Fog-Thunderstorm", "Rain", "Rain-Hail",
            "Rain-Snow", "Rain-Thunderstorm", "Snow", "Thunderstorm", "Rain-Snow-Hail", "Fog-Rain-Snow",
            "Rain-Hail-Thunderstorm", "Fog-Rain-Hail", "Fog-Rain-Thunderstorm", "Snow-Hail", "Rain-Snow-Thunderstorm",
            "Fog-Snow-Hail", "Rain-Snow-Hail-Thunderstorm", "Fog-Rain-Hail-Thunderstorm", "Fog-Rain-Snow-Hail",
            "Fog-Hail"};
    private static final String[] INTERVALS = {"Jan,Apr,Jul,Oct", "Feb,May,Aug,Nov", "Mar,Jun,Sept,Dec"};

    private RossmannShapedTable() {
    }

    /** {@code rows} rows, generated on the executors in {@code partitions} partitions. */
    public static Dataset<Row> generate(SparkSession spark, long rows, int partitions) {
        Column id = col("id");
        Column store = id.divide(DAYS).cast("int").plus(1);
        Column day = pmod(id, lit(DAYS)).cast("int");
        Column state = pick(STATES, hash(store, lit(1)));
        return spark.range(0, rows, 1, partitions)
                .select(store.as("Store"), day.as("day"), state.as("State"))
                .withColumn("Date", date_add(to_date(lit("2013-01-01")), col("day")))
                .select(col("Store"),
                        pmod(dayofweek(col("Date")).plus(5), lit(7)).plus(1).as("DayOfWeek"),
                        col("Date"),
                        when(u(col("Store"), col("day"), 2).lt(0.03), pick(new String[] {"a", "b", "c"},
                                hash(col("day"), lit(3)))).otherwise(lit("0")).as("StateHoliday"),
                        n(col("Store"), col("day"), 4, 25).as("CompetitionMonthsOpen"),
                        n(col("Store"), col("day"), 5, 26).as("Promo2Weeks"),
                        pick(new String[] {"a", "b", "c", "d"}, hash(col("Store"), lit(6))).as("StoreType"),
                        pick(new String[] {"a", "b", "c"}, hash(col("Store"), lit(7))).as("Assortment"),
                        when(u(col("Store"), lit(0), 8).lt(0.5), pick(INTERVALS, hash(col("Store"), lit(9))))
                                .as("PromoInterval"),
                        n(col("Store"), lit(0), 10, 23).plus(1993).as("CompetitionOpenSinceYear"),
                        n(col("Store"), lit(0), 11, 8).plus(2008).as("Promo2SinceYear"),
                        col("State"),
                        when(u(col("State"), col("day"), 12).lt(0.75), pick(EVENTS, hash(col("day"), col("State"))))
                                .as("Events"),
                        n(col("Store"), col("day"), 13, 6).as("Promo_fw"),
                        n(col("Store"), col("day"), 14, 6).as("Promo_bw"),
                        n(col("Store"), col("day"), 15, 3).as("StateHoliday_fw"),
                        n(col("Store"), col("day"), 16, 3).as("StateHoliday_bw"),
                        n(col("Store"), col("day"), 17, 8).as("SchoolHoliday_fw"),
                        n(col("Store"), col("day"), 18, 8).as("SchoolHoliday_bw"),
                        withNulls(n(col("Store"), lit(0), 19, 7600).multiply(10).cast("double"),
                                col("Store"), col("day"), 20).as("CompetitionDistance"),
                        n(col("State"), col("day"), 21, 40).minus(5).cast("double").as("Max_TemperatureC"),
                        n(col("State"), col("day"), 22, 35).minus(10).cast("double").as("Mean_TemperatureC"),
                        n(col("State"), col("day"), 23, 30).minus(15).cast("double").as("Min_TemperatureC"),
                        n(col("State"), col("day"), 24, 60).plus(40).cast("double").as("Max_Humidity"),
                        n(col("State"), col("day"), 25, 70).plus(25).cast("double").as("Mean_Humidity"),
                        n(col("State"), col("day"), 26, 80).plus(10).cast("double").as("Min_Humidity"),
                        withNulls(n(col("State"), col("day"), 27, 60).plus(5).cast("double"),
                                col("Store"), col("day"), 28).as("Max_Wind_SpeedKm_h"),
                        withNulls(n(col("State"), col("day"), 29, 40).plus(2).cast("double"),
                                col("Store"), col("day"), 30).as("Mean_Wind_SpeedKm_h"),
                        withNulls(n(col("State"), col("day"), 31, 9).cast("double"),
                                col("Store"), col("day"), 32).as("CloudCover"),
                        n(col("State"), col("day").divide(7).cast("int"), 33, 70).plus(30).cast("double").as("trend"),
                        n(lit(0), col("day").divide(7).cast("int"), 34, 40).plus(50).cast("double").as("trend_DE"),
                        n(col("Store"), col("day"), 35, 60).cast("double").as("AfterPromo"),
                        n(col("Store"), col("day"), 36, 60).cast("double").as("BeforePromo"),
                        n(col("Store"), col("day"), 37, 2).cast("double").as("Promo"),
                        n(col("State"), col("day"), 38, 2).cast("double").as("SchoolHoliday"));
    }

    private static Column hash(Column a, Column b) {
        return xxhash64(a, b);
    }

    /** A uniform integer in [0, m) from (a, b, salt). */
    private static Column n(Column a, Column b, int salt, int m) {
        return pmod(xxhash64(a, b, lit(salt)), lit((long) m)).cast("int");
    }

    /** A uniform double in [0, 1) from (a, b, salt). */
    private static Column u(Column a, Column b, int salt) {
        return pmod(xxhash64(a, b, lit(salt)), lit(1_000_000L)).divide(1e6);
    }

    private static Column withNulls(Column value, Column a, Column b, int salt) {
        return when(u(a, b, salt).geq(0.02), value);
    }

    private static Column pick(String[] values, Column hash) {
        Column[] lits = new Column[values.length];
        for (int i = 0; i < values.length; i++) {
            lits[i] = lit(values[i]);
        }
        return element_at(array(lits), pmod(hash, lit((long) values.length)).cast("int").plus(1));
    }
}
