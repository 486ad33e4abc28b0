package io.embark.pipelines.rossmann;

import io.embark.pipelines.output.RunDirectory;
import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generator on a handful of real stores: 1 (c, HE), 2 (a, TH, Promo2), 3 (a, NW), 4 (c, BE), 85 (b, BY). */
class RossmannGeneratorTest {
    static final int[] STORES = {1, 2, 3, 4, 85};
    static final SparkSession spark = LocalSpark.get();
    static RossmannTables tables;
    static Dataset<Row> train;

    @BeforeAll
    static void generate() {
        tables = RossmannTables.read(spark, LocalSpark.repoRoot().resolve("data/rossmann").toString(), InvalidRows.ERROR)
                .onlyStores(STORES);
        train = RossmannGenerator.generate(spark, tables, GeneratorSettings.defaults(7).withPartitions(2)).cache();
    }

    @Test
    void competitionColumnsOneRowPerStoreAndDay() {
        assertEquals(RossmannGenerator.COLUMNS, List.of(train.columns()));
        assertEquals("int,int,date,int,int,int,int,string,int,double", java.util.Arrays.stream(train.schema().fields())
                .map(f -> f.dataType().simpleString()).collect(Collectors.joining(",")));
        Row r = train.agg(count(lit(1)), countDistinct(col("Store"), col("Date")),
                org.apache.spark.sql.functions.min("Date"), org.apache.spark.sql.functions.max("Date")).first();
        assertEquals(STORES.length * 942L, r.getLong(0));
        assertEquals(r.getLong(0), r.getLong(1), "no duplicated (Store, Date)");
        assertEquals(Date.valueOf("2013-01-01"), r.getDate(2));
        assertEquals(Date.valueOf("2015-07-31"), r.getDate(3));
        assertEquals(0L, train.where("Open = 0 AND (Sales <> 0 OR Customers <> 0 OR ExpectedSales <> 0)").count());
        assertEquals(0L, train.where("Open = 1 AND (Sales <= 0 OR Customers <= 0)").count());
        assertEquals(0L, train.where("DayOfWeek <> ((dayofweek(Date) + 5) % 7) + 1").count(), "1 = Monday");
    }

    @Test
    void sameSeedSameRowsWhateverThePartitioning() {
        GeneratorSettings s = GeneratorSettings.defaults(7);
        List<Row> one = sorted(RossmannGenerator.generate(spark, tables, s.withPartitions(1)));
        List<Row> three = sorted(RossmannGenerator.generate(spark, tables, s.withPartitions(3)));
        assertEquals(one, three);
        assertEquals(one, sorted(train));
        assertEquals(3, RossmannGenerator.generate(spark, tables, s.withPartitions(3)).rdd().getNumPartitions());
        List<Row> other = sorted(RossmannGenerator.generate(spark, tables, GeneratorSettings.defaults(8)));
        assertNotEquals(one, other, "another seed, other rows");
    }

    @Test
    void documentedMarginalEffects() {
        Dataset<Row> open = train.where("Open = 1");
        // promo days sell more than non-promo days, store by store
        for (Row r : open.groupBy("Store").agg(avg(when(col("Promo").equalTo(1), col("Sales"))).as("p"),
                avg(when(col("Promo").equalTo(0), col("Sales"))).as("np")).collectAsList()) {
            double uplift = r.getDouble(1) / r.getDouble(2);
            assertTrue(uplift > 1.15 && uplift < 1.6, "promo uplift of store " + r.get(0) + ": " + uplift);
        }
        // Sundays: closed for the typical stores, open for the type-b store 85
        Map<Integer, Long> sundaysOpen = train.where("DayOfWeek = 7").groupBy("Store").agg(sum("Open"))
                .collectAsList().stream().collect(Collectors.toMap(r -> r.getInt(0), r -> r.getLong(1)));
        assertEquals(0L, sundaysOpen.get(1));
        assertEquals(0L, sundaysOpen.get(3));
        assertTrue(sundaysOpen.get(85) > 130, "type b opens on Sundays: " + sundaysOpen.get(85));
        // December sells more than the other months
        Row m = open.agg(avg(when(month(col("Date")).equalTo(12), col("Sales"))),
                avg(when(month(col("Date")).notEqual(12), col("Sales")))).first();
        assertTrue(m.getDouble(0) > 1.1 * m.getDouble(1), "December " + m.getDouble(0) + " vs " + m.getDouble(1));
        // holiday codes, and closed on them
        Row xmas = train.where("Store = 1 AND Date = DATE'2013-12-25'").first();
        assertEquals("c", xmas.getAs("StateHoliday"));
        assertEquals(0, (int) xmas.getAs("Open"));
        Row easterMonday = train.where("Store = 3 AND Date = DATE'2014-04-21'").first();
        assertEquals("b", easterMonday.getAs("StateHoliday"));
        assertEquals(0, (int) easterMonday.getAs("Open"));
        assertEquals("a", train.where("Store = 3 AND Date = DATE'2014-06-19'").first().getAs("StateHoliday"),
                "Corpus Christi in NW");
        assertEquals("0", train.where("Store = 4 AND Date = DATE'2014-06-19'").first().getAs("StateHoliday"),
                "not in BE");
        // Customers ~ Sales / basket
        Row c = open.agg(avg(col("Sales").divide(col("Customers")))).first();
        assertTrue(c.getDouble(0) > 4 && c.getDouble(0) < 15, "sales per customer " + c.getDouble(0));
    }

    @Test
    void oracleRmspeIsTheNoiseFloor() {
        double expected = RossmannProcess.oracleRmspe(RossmannProcess.NOISE_SIGMA);
        assertEquals(0.1009, expected, 1e-4);
        assertEquals(expected, RossmannMetrics.oracleRmspe(train), 0.006);
        assertEquals(expected, RossmannMetrics.oracleRmspe(RossmannMetrics.lastWeeks(train, 6)), 0.02);
        Dataset<Row> noiseless = RossmannGenerator.generate(spark, tables, GeneratorSettings.defaults(7).withNoiseSigma(0));
        assertTrue(RossmannMetrics.oracleRmspe(noiseless) < 0.001, "only rounding is left without noise");
        Dataset<Row> last = RossmannMetrics.lastWeeks(train, 6);
        assertEquals(42L * STORES.length, last.count());
    }

    @Test
    void storeMultiplierAddsReplicasWithTheirOwnDraws() {
        Dataset<Row> scaled = RossmannGenerator.generate(spark, tables,
                GeneratorSettings.defaults(7).withStoreMultiplier(3).withPartitions(3));
        Row r = scaled.agg(count(lit(1)), countDistinct(col("Store"))).first();
        assertEquals(3L * STORES.length * 942, r.getLong(0));
        assertEquals(3L * STORES.length, r.getLong(1));
        List<Integer> ids = scaled.select("Store").distinct().orderBy("Store").collectAsList().stream()
                .map(x -> x.getInt(0)).collect(Collectors.toList());
        assertEquals(List.of(1, 2, 3, 4, 85, 1116, 1117, 1118, 1119, 1200, 2231, 2232, 2233, 2234, 2315), ids);
        // the base stores are unchanged by scaling; a replica shares the calendar but not the draws
        assertEquals(sorted(train), sorted(scaled.where("Store < 1116")));
        Row a = scaled.where("Store = 1 AND Date = DATE'2014-03-04'").first();
        Row b = scaled.where("Store = 1116 AND Date = DATE'2014-03-04'").first();
        assertEquals((Object) a.getAs("Promo"), b.getAs("Promo"));
        assertEquals((Object) a.getAs("SchoolHoliday"), b.getAs("SchoolHoliday"));
        assertNotEquals((Object) a.getAs("Sales"), b.getAs("Sales"));
    }

    @Test
    void datesOutsideTheWeatherOrTheCalendarAreErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RossmannGenerator.generate(
                spark, tables, GeneratorSettings.defaults(7).withDates(LocalDate.of(2015, 9, 1), LocalDate.of(2015, 9, 30))));
        assertTrue(e.getMessage().contains("weather/") && e.getMessage().contains("has no usable row for 13 of the dates")
                && e.getMessage().contains("first: 2015-09-18") && e.getMessage().contains("2013-01-01 .. 2015-09-17"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RossmannGenerator.generate(
                spark, tables, GeneratorSettings.defaults(7).withDates(LocalDate.of(2015, 12, 1), LocalDate.of(2016, 1, 31))));
        assertTrue(e.getMessage().contains("2013..2015"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GeneratorSettings.defaults(1).withStoreMultiplier(0));
        assertThrows(IllegalArgumentException.class, () -> GeneratorSettings.defaults(1).withPartitions(0));
        assertThrows(IllegalArgumentException.class, () -> GeneratorSettings.defaults(1).withNoiseSigma(-0.1));
    }

    @Test
    void writesParquetAtomicallyAndRefusesToOverwrite(@TempDir Path dir) {
        String out = dir.resolve("train").toString();
        Dataset<Row> small = RossmannGenerator.generate(spark, tables.onlyStores(1, 2),
                GeneratorSettings.defaults(7).withPartitions(2));
        RossmannGenerator.write(small, out, false);
        Dataset<Row> back = spark.read().parquet(RossmannGenerator.dataPath(out));
        assertEquals(List.of(small.schema().fieldNames()), List.of(back.schema().fieldNames()));
        assertEquals(sorted(small), sorted(back));
        assertThrows(RunDirectory.OutputExistsException.class, () -> RossmannGenerator.write(small, out, false));
        RossmannGenerator.write(small, out, true);
        assertEquals(2L * 942, spark.read().parquet(RossmannGenerator.dataPath(out)).count());
    }

    static List<Row> sorted(Dataset<Row> ds) {
        return ds.orderBy("Store", "Date").collectAsList();
    }
}
