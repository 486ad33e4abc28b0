package io.embark.pipelines.rossmann;

import io.embark.transformers.tabular.TabularFeatures;
import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recipe's features on four real stores: 8 (SH, competitor since 2014-10), 14 (NW, competitor 2014-03, Promo2
 * since 2011), 16 (BW, no competition dates, no Promo2), 20 (BY, Promo2 since 2014 week 40). Expected values are
 * computed here from the input tables, not read back from the code under test.
 */
class RossmannFeaturesTest {
    static final int[] STORES = {8, 14, 16, 20};
    static final SparkSession spark = LocalSpark.get();
    static final Path DATA = LocalSpark.repoRoot().resolve("data/rossmann");
    static RossmannTables tables;
    static Dataset<Row> train;
    static Dataset<Row> test;
    static PreparedRossmann prepared;
    static Dataset<Row> trainRows;
    static Dataset<Row> testRows;

    @BeforeAll
    static void build() {
        tables = RossmannTables.read(spark, DATA.toString(), InvalidRows.ERROR).onlyStores(STORES);
        train = RossmannGenerator.generate(spark, tables, GeneratorSettings.defaults(11).withPartitions(2)).cache();
        test = RossmannFeatures.readTest(spark, DATA.toString())
                .where(col("Store").isin(Arrays.stream(STORES).boxed().toArray())).cache();
        prepared = RossmannFeatures.build(tables, train, test);
        trainRows = prepared.trainRows().cache();
        testRows = prepared.testRows().cache();
    }

    static Row row(Dataset<Row> rows, int store, String date) {
        List<Row> found = rows.where(col("Store").equalTo(store).and(col("Date").equalTo(lit(Date.valueOf(date)))))
                .collectAsList();
        assertEquals(1, found.size(), "one row for store " + store + " on " + date);
        return found.get(0);
    }

    static int intOf(Row r, String c) {
        return ((Number) r.getAs(c)).intValue();
    }

    /** The rows of a CSV file under data/rossmann as maps, for hand checks. */
    static List<Map<String, String>> csv(String file, String sep) throws IOException {
        List<String> lines = Files.readAllLines(DATA.resolve(file));
        List<String> header = Arrays.stream(lines.get(0).split(sep, -1)).map(s -> s.replace("\"", ""))
                .collect(Collectors.toList());
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(sep, -1);
            Map<String, String> m = new TreeMap<>();
            for (int i = 0; i < header.size(); i++) {
                m.put(header.get(i), f[i].replace("\"", ""));
            }
            rows.add(m);
        }
        return rows;
    }

    @Test
    void everyJoinKeepsEveryRowAndMatchesIt() {
        RossmannJoinReport report = prepared.report();
        long given = train.count();
        long zero = train.where("Sales = 0").count();
        assertEquals(given, report.trainRows());
        assertEquals(STORES.length * 48L, report.testRows());
        assertEquals(Map.of("store", 0L, "weather", 0L, "trend", 0L, "trend_DE", 0L), report.unmatchedTrain());
        assertEquals(Map.of("store", 0L, "weather", 0L, "trend", 0L, "trend_DE", 0L), report.unmatchedTest());
        assertEquals(0L, report.rejectedTrainRows());
        assertEquals(given - zero, report.keptTrainRows());
        assertEquals(given - zero, trainRows.count());
        for (Dataset<Row> rows : List.of(trainRows, testRows)) {
            assertEquals(0L, rows.where(col("State").isNull().or(col("StoreType").isNull())
                    .or(col("trend").isNull()).or(col("trend_DE").isNull()).or(col("Mean_TemperatureC").isNull())
                    .or(col("Max_Humidity").isNull())).count(), "every row matched by every join");
            List<String> columns = Arrays.asList(rows.columns());
            for (String c : RossmannFeatures.CATEGORICAL) {
                assertTrue(columns.contains(c), c);
            }
            for (String c : RossmannFeatures.CONTINUOUS) {
                assertTrue(columns.contains(c), c);
            }
        }
        assertEquals(22, RossmannFeatures.CATEGORICAL.size());
        assertEquals(16, RossmannFeatures.CONTINUOUS.size());
        assertFalse(Arrays.asList(trainRows.columns()).contains("Id"));
        assertFalse(Arrays.asList(testRows.columns()).contains("Sales"));
    }

    @Test
    void competitionAndPromo2ByHand() {
        LocalDate d = LocalDate.of(2015, 1, 10);
        Row s8 = row(trainRows, 8, d.toString());
        long days8 = ChronoUnit.DAYS.between(LocalDate.of(2014, 10, 15), d); // store.csv: 2014, month 10, day 15
        assertEquals(days8, intOf(s8, "CompetitionDaysOpen"));
        assertEquals((int) Math.min(24, days8 / 30), intOf(s8, "CompetitionMonthsOpen"));
        assertEquals(2, intOf(s8, "CompetitionMonthsOpen"));
        assertEquals(2014, intOf(s8, "CompetitionOpenSinceYear"));
        assertEquals(1900, intOf(s8, "Promo2SinceYear"), "no Promo2: filled with 1900");
        assertEquals(0, intOf(s8, "Promo2Weeks"));
        assertNull(s8.getAs("PromoInterval"));
        Row s8Before = row(trainRows, 8, "2014-09-30");
        assertEquals(0, intOf(s8Before, "CompetitionDaysOpen"), "before the opening: clipped at 0");

        LocalDate promo2Since = LocalDate.of(2014, 9, 29); // Monday of ISO week 40 of 2014
        assertEquals(40, promo2Since.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        Row s20 = row(trainRows, 20, d.toString());
        assertEquals(Date.valueOf(promo2Since), s20.getAs("Promo2Since"));
        assertEquals(ChronoUnit.DAYS.between(promo2Since, d) / 7, intOf(s20, "Promo2Weeks"));
        assertEquals(14, intOf(s20, "Promo2Weeks"));
        assertEquals(25, intOf(row(trainRows, 20, "2015-07-31"), "Promo2Weeks"), "capped at 25");
        assertEquals(0, intOf(row(trainRows, 20, "2014-06-30"), "Promo2Weeks"), "before Promo2: 0");
        assertEquals("Jan,Apr,Jul,Oct", s20.getAs("PromoInterval"));
        assertEquals(2014, intOf(s20, "Promo2SinceYear"));
        assertEquals(24, intOf(s20, "CompetitionMonthsOpen"), "competitor since 2009: capped at 24");

        Row s16 = row(trainRows, 16, d.toString());
        assertEquals(1900, intOf(s16, "CompetitionOpenSinceYear"), "no competition dates: filled with 1900");
        assertEquals(0, intOf(s16, "CompetitionMonthsOpen"), "before 1990: 0");
        assertEquals(0, intOf(s16, "Promo2Weeks"));
        assertEquals("BW", s16.getAs("State"));
        assertEquals(2015, intOf(s16, "Year"));
        assertEquals(1, intOf(s16, "Month"));
        assertEquals(2, intOf(s16, "Week"), "ISO week");
        assertEquals(10, intOf(s16, "Day"));
        assertEquals(6, intOf(s16, "DayOfWeek"), "the input's 1 = Monday kept");
    }

    @Test
    void trendAndWeatherByHand() throws IOException {
        // 2015-01-10 is a Saturday: the notebook's (Year, ISO week) join gives the trend week starting Sunday 01-11
        Map<String, String> de = csv("googletrend/Rossmann_DE.csv", ",").stream()
                .filter(m -> m.get("Woche").startsWith("2015-01-11")).findFirst().orElseThrow();
        Map<String, String> sh = csv("googletrend/Rossmann_DE_SH.csv", ",").stream()
                .filter(m -> m.get("Woche").startsWith("2015-01-11")).findFirst().orElseThrow();
        Map<String, String> weather = csv("weather/SchleswigHolstein.csv", ";").stream()
                .filter(m -> m.get("Date").equals("2015-01-10")).findFirst().orElseThrow();
        String deValue = de.entrySet().stream().filter(e -> !e.getKey().equals("Woche")).findFirst().orElseThrow()
                .getValue();
        String shValue = sh.entrySet().stream().filter(e -> !e.getKey().equals("Woche")).findFirst().orElseThrow()
                .getValue();
        Row s8 = row(trainRows, 8, "2015-01-10");
        assertEquals(Integer.parseInt(deValue), intOf(s8, "trend_DE"));
        assertEquals(Integer.parseInt(shValue), intOf(s8, "trend"));
        assertEquals(Double.parseDouble(weather.get("Mean_TemperatureC")), (double) s8.getAs("Mean_TemperatureC"));
        assertEquals(Double.parseDouble(weather.get("CloudCover")), (double) s8.getAs("CloudCover"));
        assertEquals(weather.get("Events").isEmpty() || weather.get("Events").equals("NA") ? null
                : weather.get("Events"), s8.getAs("Events"));
        // a Sunday gets the week that starts on it (a test row: the store is closed on Sundays)
        Map<String, String> deAug = csv("googletrend/Rossmann_DE.csv", ",").stream()
                .filter(m -> m.get("Woche").startsWith("2015-08-02")).findFirst().orElseThrow();
        String deAugValue = deAug.entrySet().stream().filter(x -> !x.getKey().equals("Woche")).findFirst()
                .orElseThrow().getValue();
        assertEquals(Integer.parseInt(deAugValue), intOf(row(testRows, 8, "2015-08-02"), "trend_DE"));
    }

    /**
     * After/Before and the 7-row counts for store 8, recomputed in plain Java from the input rows of train and test
     * together, around Christmas 2014 and around the promotions at the train/test boundary.
     */
    @Test
    void elapsedEventsByHandOverTrainAndTest() {
        TreeMap<LocalDate, int[]> events = new TreeMap<>(); // school, state, promo
        for (Row r : train.where("Store = 8").select("Date", "SchoolHoliday", "StateHoliday", "Promo")
                .collectAsList()) {
            events.put(r.getDate(0).toLocalDate(), new int[] {r.getInt(1), r.getString(2).equals("0") ? 0 : 1,
                r.getInt(3)});
        }
        for (Row r : test.where("Store = 8").select("Date", "SchoolHoliday", "StateHoliday", "Promo").collectAsList()) {
            events.put(r.getDate(0).toLocalDate(), new int[] {r.getInt(1), r.getString(2).equals("0") ? 0 : 1,
                r.getInt(3)});
        }
        List<LocalDate> dates = new ArrayList<>(events.keySet());
        Map<LocalDate, Row> featured = new TreeMap<>();
        for (Dataset<Row> rows : List.of(trainRows, testRows)) {
            for (Row r : rows.where("Store = 8").collectAsList()) {
                featured.put(r.<Date>getAs("Date").toLocalDate(), r);
            }
        }
        String[] names = {"SchoolHoliday", "StateHoliday", "Promo"};
        List<String> checked = new ArrayList<>();
        for (String from : List.of("2014-12-20", "2015-07-25")) {
            for (int k = 0; k < 14; k++) {
                LocalDate d = LocalDate.parse(from).plusDays(k);
                int i = dates.indexOf(d);
                Row r = featured.get(d);
                if (r == null) {
                    continue; // closed day: not among the training rows, but counted in its neighbours' features
                }
                for (int e = 0; e < 3; e++) {
                    int after = 0;
                    for (int j = i; j >= 0; j--) {
                        if (events.get(dates.get(j))[e] == 1) {
                            after = (int) ChronoUnit.DAYS.between(dates.get(j), d);
                            break;
                        }
                    }
                    int before = 0;
                    for (int j = i; j < dates.size(); j++) {
                        if (events.get(dates.get(j))[e] == 1) {
                            before = (int) ChronoUnit.DAYS.between(d, dates.get(j));
                            break;
                        }
                    }
                    int bw = 0;
                    int fw = 0;
                    for (int j = Math.max(0, i - 6); j <= i; j++) {
                        bw += events.get(dates.get(j))[e];
                    }
                    for (int j = i; j <= Math.min(dates.size() - 1, i + 6); j++) {
                        fw += events.get(dates.get(j))[e];
                    }
                    String at = names[e] + " on " + d;
                    assertEquals(after, intOf(r, "After" + names[e]), "After" + at);
                    assertEquals(before, intOf(r, "Before" + names[e]), "Before" + at);
                    assertEquals(bw, intOf(r, names[e] + "_bw"), at + " _bw");
                    assertEquals(fw, intOf(r, names[e] + "_fw"), at + " _fw");
                }
                checked.add(d.toString());
            }
        }
        assertTrue(checked.size() > 15, "checked " + checked);
        // Christmas (25th, 26th; the store is closed on them) seen from the open days around it
        assertFalse(featured.containsKey(LocalDate.of(2014, 12, 25)), "closed on Christmas Day");
        assertEquals(2, intOf(featured.get(LocalDate.of(2014, 12, 27)), "StateHoliday_bw"));
        assertEquals(1, intOf(featured.get(LocalDate.of(2014, 12, 27)), "AfterStateHoliday"));
        assertEquals(1, intOf(featured.get(LocalDate.of(2014, 12, 24)), "BeforeStateHoliday"));
        assertEquals(Boolean.FALSE, featured.get(LocalDate.of(2014, 12, 24)).getAs("StateHoliday"));
        // the first test day looks back into train for the last promotion day
        LocalDate lastPromo = events.headMap(LocalDate.of(2015, 8, 1)).entrySet().stream()
                .filter(x -> x.getValue()[2] == 1).map(Map.Entry::getKey).max(LocalDate::compareTo).orElseThrow();
        assertEquals(ChronoUnit.DAYS.between(lastPromo, LocalDate.of(2015, 8, 1)),
                intOf(featured.get(LocalDate.of(2015, 8, 1)), "AfterPromo"));
    }

    @Test
    void closedDaysAreDroppedAndCountedAndTheTargetIsLogSales() {
        long zero = train.where("Sales = 0").count();
        assertTrue(zero > 0);
        assertEquals(zero, prepared.report().zeroSalesRows());
        assertEquals(0L, trainRows.where("Sales <= 0").count());
        Row r = trainRows.where("Store = 14").orderBy("Date").first();
        assertEquals(Math.log(((Number) r.getAs("Sales")).doubleValue()), (double) r.getAs(RossmannFeatures.LOG_SALES),
                1e-12);
        assertTrue(Arrays.asList(trainRows.columns()).contains("ExpectedSales"));
        double max = trainRows.agg(org.apache.spark.sql.functions.max("Sales")).first().getInt(0);
        assertEquals(max, prepared.maxSales());
        assertEquals(0.0, prepared.yRange()[0]);
        assertEquals(Math.log(max * 1.2), prepared.yRange()[1], 1e-12);
    }

    @Test
    void validationIsTheLastSixWeeks() {
        assertEquals(LocalDate.of(2015, 6, 20), prepared.validationStart(), "2015-07-31 minus 41 days");
        Row v = prepared.validation().agg(org.apache.spark.sql.functions.min("Date"),
                org.apache.spark.sql.functions.max("Date"), org.apache.spark.sql.functions.countDistinct(col("Date")))
                .first();
        assertTrue(!v.getDate(0).toLocalDate().isBefore(LocalDate.of(2015, 6, 20)));
        assertEquals(Date.valueOf("2015-07-31"), v.getDate(1));
        assertTrue(v.getLong(2) >= 36 && v.getLong(2) <= 42, "six weeks of open days: " + v.getLong(2));
        assertTrue(prepared.training().agg(org.apache.spark.sql.functions.max("Date")).first().getDate(0).toLocalDate()
                .isBefore(LocalDate.of(2015, 6, 20)));
        assertEquals(trainRows.count(), prepared.training().count() + prepared.validation().count());
        assertEquals(RossmannMetrics.lastWeeks(trainRows, 6).count(), prepared.validation().count());
    }

    @Test
    void testRowsKeepEveryDayOfEveryStoreWithItsId() {
        assertEquals(STORES.length * 48L, testRows.count());
        assertEquals(test.select("Id").orderBy("Id").collectAsList(),
                testRows.select("Id").orderBy("Id").collectAsList());
        Row r = testRows.agg(org.apache.spark.sql.functions.min("Date"), org.apache.spark.sql.functions.max("Date"))
                .first();
        assertEquals(Date.valueOf("2015-08-01"), r.getDate(0));
        assertEquals(Date.valueOf("2015-09-17"), r.getDate(1));
        assertEquals(0L, testRows.where(col("Open").isNull()).count());
    }

    @Test
    void missingTestOpenIsFilledWithOneAndCounted() {
        int id = test.where("Store = 16").orderBy("Id").first().getInt(0);
        Dataset<Row> holed = test.withColumn("Open", when(col("Id").equalTo(id), lit(null)).otherwise(col("Open")));
        PreparedRossmann p = RossmannFeatures.build(tables, train, holed);
        assertEquals(1L, p.report().filledTestOpen());
        assertEquals(1, p.testRows().where(col("Id").equalTo(id)).first().<Integer>getAs("Open"));
    }

    @Test
    void aTrainRowForAnUnknownStoreIsAnErrorNamingIt() {
        Dataset<Row> bad = train.union(train.where("Store = 8").orderBy("Date").limit(1)
                .withColumn("Store", lit(9999)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RossmannFeatures.build(tables, bad, test));
        assertTrue(e.getMessage().contains("train: 1 row(s) - store not among the usable stores - store(s) [9999]"),
                e.getMessage());
    }

    @Test
    void duplicatedStoreDatesAreAnErrorWithTheCount() {
        Dataset<Row> bad = train.union(train.where("Store = 14 AND Date >= DATE'2014-03-01'")
                .orderBy("Date").limit(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RossmannFeatures.build(tables, bad, test));
        assertTrue(e.getMessage().contains("(6 row(s) share their (Store, Date) with another row)"), e.getMessage());
        // train and test overlapping is the same error
        Dataset<Row> overlap = test.union(test.where("Store = 20").orderBy("Id").limit(1)
                .withColumn("Date", lit(Date.valueOf("2015-07-31"))).withColumn("Id", lit(999999)));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> RossmannFeatures.build(tables, train, overlap, InvalidRows.SKIP));
        assertTrue(e2.getMessage().contains("(2 row(s) share their (Store, Date)"), e2.getMessage());
    }

    @Test
    void datesOutsideTheWeatherAreAnErrorOrCountedRejects() {
        Dataset<Row> early = train.union(train.where("Store = 16").orderBy("Date").limit(1)
                .withColumn("Date", lit(Date.valueOf("2012-12-31"))).withColumn("DayOfWeek", lit(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RossmannFeatures.build(tables, early, test));
        assertTrue(e.getMessage().contains("train: 1 row(s) - no weather for the state and date - store(s) [16], "
                + "dates 2012-12-31 .. 2012-12-31"), e.getMessage());
        assertTrue(e.getMessage().contains("InvalidRows.SKIP"), e.getMessage());
        PreparedRossmann skipped = RossmannFeatures.build(tables, early, test, InvalidRows.SKIP);
        assertEquals(1L, skipped.report().rejectedTrainRows());
        assertEquals(1L, (long) skipped.report().unmatchedTrain().get("weather"));
        assertEquals(prepared.report().keptTrainRows(), skipped.report().keptTrainRows());
    }

    @Test
    void theRecipesVariablesFitFastaisPreparation() {
        PipelineModel fitted = RossmannFeatures.preparation().fit(prepared.training());
        TabularFeatures features = TabularFeatures.of(fitted);
        Map<String, Integer> cardinalities = features.cardinalities();
        assertEquals(STORES.length + 1, cardinalities.get("Store_idx"), "four stores and #na#");
        assertEquals(4, cardinalities.get("Year_idx"), "#na#, 2013, 2014, 2015");
        assertEquals(RossmannFeatures.CATEGORICAL.size(), RossmannFeatures.CATEGORICAL.stream()
                .filter(c -> cardinalities.containsKey(c + "_idx")).count());
        assertEquals(RossmannFeatures.CONTINUOUS.size(), features.continuousCols().size());
        Row v = fitted.transform(prepared.validation()).agg(org.apache.spark.sql.functions.count(lit(1)),
                org.apache.spark.sql.functions.sum(when(col("Store_idx").equalTo(0), 1).otherwise(0))).first();
        assertEquals(prepared.validation().count(), v.getLong(0));
        assertEquals(0L, v.getLong(1), "validation stores are known");
    }

    @Test
    void readTestTypesTheCalendarAndRejectsBadRows(@TempDir Path dir) throws IOException {
        Dataset<Row> all = RossmannFeatures.readTest(spark, DATA.toString());
        assertEquals(41088L, all.count());
        assertEquals("int,int,int,date,int,int,string,int", Arrays.stream(all.schema().fields())
                .map(f -> f.dataType().simpleString()).collect(Collectors.joining(",")));
        assertEquals(11L, all.where(col("Open").isNull()).count(), "store 622's missing Open values");
        Files.writeString(dir.resolve("test.csv"), "\"Id\",\"Store\",\"DayOfWeek\",\"Date\",\"Open\",\"Promo\","
                + "\"StateHoliday\",\"SchoolHoliday\"\n1,1,4,2015-09-17,1,1,\"0\",\"0\"\n"
                + "2,1,3,2015-09-16,1,1,\"x\",\"0\"\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RossmannFeatures.readTest(spark, dir.toString()));
        assertTrue(e.getMessage().startsWith("1 unusable row(s)") && e.getMessage().contains("StateHoliday is not"),
                e.getMessage());
    }
}
