package io.embark.pipelines.rossmann;

import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the external tables: typed frames from good input, clear errors or counted rejects from bad input. */
class RossmannTablesTest {
    static final SparkSession spark = LocalSpark.get();
    static final Path DATA = LocalSpark.repoRoot().resolve("data/rossmann");
    static final String STORE_HEADER = "\"Store\",\"StoreType\",\"Assortment\",\"CompetitionDistance\","
            + "\"CompetitionOpenSinceMonth\",\"CompetitionOpenSinceYear\",\"Promo2\",\"Promo2SinceWeek\","
            + "\"Promo2SinceYear\",\"PromoInterval\"";

    /** A small copy: stores 1 (HE), 2 (TH, Promo2), 3 (NW) with their weather and trends. */
    static Path smallCopy(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("weather"));
        Files.createDirectories(dir.resolve("googletrend"));
        Files.writeString(dir.resolve("store.csv"), STORE_HEADER + "\n"
                + "1,\"c\",\"a\",1270,9,2008,0,,,\"\"\n"
                + "2,\"a\",\"a\",570,11,2007,1,13,2010,\"Jan,Apr,Jul,Oct\"\n"
                + "3,\"a\",\"a\",14130,12,2006,1,14,2011,\"Jan,Apr,Jul,Oct\"\n");
        Files.writeString(dir.resolve("store_states.csv"), "Store,State\n1,HE\n2,TH\n3,NW\n");
        for (String f : List.of("weather/Hessen.csv", "weather/Thueringen.csv", "weather/NordrheinWestfalen.csv",
                "googletrend/Rossmann_DE.csv", "googletrend/Rossmann_DE_HE.csv", "googletrend/Rossmann_DE_TH.csv",
                "googletrend/Rossmann_DE_NW.csv")) {
            Files.copy(DATA.resolve(f), dir.resolve(f));
        }
        return dir;
    }

    static Map<String, String> reasons(RossmannTables t) {
        return t.rejects().collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0) + " | " + r.getString(1), r -> r.getString(2)));
    }

    @Test
    void readsTheBundledTablesIntoTypedFrames() {
        RossmannTables t = RossmannTables.read(spark, DATA.toString(), InvalidRows.ERROR);
        assertEquals(0L, t.rejectCount());
        assertEquals(1115L, t.stores().count());
        assertEquals(1115, t.storeIdStride());
        assertEquals(12L * 990, t.weather().count(), "12 states with stores, 990 days each");
        assertEquals(13L * 148, t.trends().count(), "Germany and 12 states, 148 weeks each");
        Row s2 = t.stores().where("Store = 2").first();
        assertEquals("TH", s2.getAs(RossmannTables.STATE));
        assertEquals(java.sql.Date.valueOf("2007-11-01"), s2.getAs(RossmannTables.COMPETITION_OPEN));
        assertEquals(java.sql.Date.valueOf("2010-03-29"), s2.getAs(RossmannTables.PROMO2_SINCE));
        assertEquals(PromoCalendar.monthMask("Jan,Apr,Jul,Oct"), (int) s2.getAs(RossmannTables.PROMO2_MONTHS));
        Row s10 = t.stores().where("Store = 10").first();
        assertEquals("HB,NI", s10.getAs(RossmannTables.STATE));
        assertEquals(0, (int) s10.getAs(RossmannTables.PROMO2_MONTHS));
        assertTrue(s10.isNullAt(s10.fieldIndex(RossmannTables.PROMO2_SINCE)));
    }

    @Test
    void storeReplicasShareTheirStoresAttributesAndAScaledTableCanBePrepared(@TempDir Path dir) throws IOException {
        RossmannTables small = RossmannTables.read(spark, smallCopy(dir).toString(), InvalidRows.ERROR);
        assertEquals(1115, small.storeIdStride(), "at least the real data's largest id");
        RossmannTables scaled = small.withStoreReplicas(3);
        List<Row> stores = scaled.stores().orderBy("Store").collectAsList();
        assertEquals(List.of(1, 2, 3, 1116, 1117, 1118, 2231, 2232, 2233),
                stores.stream().map(r -> r.<Integer>getAs("Store")).collect(Collectors.toList()));
        for (Row replica : stores.subList(3, 9)) {
            Row original = stores.get((replica.<Integer>getAs("Store") - 1) % 1115);
            for (String column : replica.schema().fieldNames()) {
                if (!column.equals("Store")) {
                    assertEquals((Object) original.getAs(column), replica.getAs(column),
                            column + " of store " + replica.getAs("Store"));
                }
            }
        }
        assertTrue(small.withStoreReplicas(1) == small, "one copy is the table itself");
        assertThrows(IllegalArgumentException.class, () -> small.withStoreReplicas(0));

        // the generator's replicas are exactly the stores the prepare step finds with the same multiplier
        org.apache.spark.sql.Dataset<Row> generated = RossmannGenerator.generate(spark, small,
                GeneratorSettings.defaults(5).withStoreMultiplier(2).withPartitions(2));
        org.apache.spark.sql.Dataset<Row> test = RossmannFeatures.readTest(spark, DATA.toString())
                .where("Store IN (1, 2, 3)");
        try (PreparedRossmann prepared = RossmannFeatures.build(small.withStoreReplicas(2), generated, test)) {
            long rows = generated.count();
            assertEquals(rows, prepared.report().trainRows());
            assertTrue(prepared.report().unmatchedTrain().values().stream().allMatch(n -> n == 0),
                    "every replica row joins: " + prepared.report().unmatchedTrain());
            assertEquals(6L, prepared.trainRows().select("Store").distinct().count());
        }
        IllegalArgumentException unscaled = assertThrows(IllegalArgumentException.class,
                () -> RossmannFeatures.build(small, generated, test));
        assertTrue(unscaled.getMessage().contains("store not among the usable stores"), unscaled.getMessage());
    }

    @Test
    void missingFilesAreErrorsNamingThem(@TempDir Path dir) throws IOException {
        smallCopy(dir);
        Files.delete(dir.resolve("weather/Thueringen.csv"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RossmannTables.read(spark, dir.toString(), InvalidRows.SKIP));
        assertTrue(e.getMessage().contains("weather/Thueringen.csv"), e.getMessage());
        Files.delete(dir.resolve("store_states.csv"));
        e = assertThrows(IllegalArgumentException.class, () -> RossmannTables.read(spark, dir.toString(), InvalidRows.SKIP));
        assertTrue(e.getMessage().contains("store_states.csv"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RossmannTables.read(spark, dir.resolve("nowhere").toString(), InvalidRows.SKIP));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aHeaderWithoutANeededColumnIsAnError(@TempDir Path dir) throws IOException {
        smallCopy(dir);
        Files.writeString(dir.resolve("store_states.csv"), "Store,Land\n1,HE\n2,TH\n3,NW\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RossmannTables.read(spark, dir.toString(), InvalidRows.SKIP));
        assertTrue(e.getMessage().contains("store_states.csv") && e.getMessage().contains("[State]"), e.getMessage());
    }

    @Test
    void aStoreWithoutAStateFailsOrIsACountedReject(@TempDir Path dir) throws IOException {
        smallCopy(dir);
        Files.writeString(dir.resolve("store_states.csv"), "Store,State\n2,TH\n3,NW\n4,BE\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RossmannTables.read(spark, dir.toString(), InvalidRows.ERROR));
        assertTrue(e.getMessage().contains("2 unusable row(s)")
                && e.getMessage().contains("Store 1 has no state in store_states.csv")
                && e.getMessage().contains("InvalidRows.SKIP"), e.getMessage());
        RossmannTables t = RossmannTables.read(spark, dir.toString(), InvalidRows.SKIP);
        assertEquals(2L, t.rejectCount());
        assertEquals(Map.of(
                "store.csv | 1,c,a,1270,9,2008,0,,,", "Store 1 has no state in store_states.csv",
                "store_states.csv | 4,BE", "Store 4 is not in store.csv"), reasons(t));
        assertEquals(List.of(2, 3), t.stores().orderBy("Store").collectAsList().stream().map(r -> r.getInt(0))
                .collect(Collectors.toList()));
    }

    @Test
    void malformedAndDuplicatedRowsAreCountedWithReasons(@TempDir Path dir) throws IOException {
        smallCopy(dir);
        Files.writeString(dir.resolve("store.csv"), STORE_HEADER + "\n"
                + "1,\"c\",\"a\",1270,9,2008,0,,,\"\"\n"
                + "2,\"a\",\"a\",570,11,2007,1,13,2010,\"Jan,Apr,Jul,Oct\"\n"
                + "3,\"a\",\"a\",14130,12,2006,1,14,2011,\"Jan,Apr,Jul,Oct\"\n"
                + "3,\"a\",\"a\",14130,12,2006,1,14,2011,\"Jan,Apr,Jul,Oct\"\n"
                + "5,\"x\",\"a\",10,1,2010,0,,,\"\"\n"
                + "6,\"a\",\"a\",10,1,2010,1,14,2011,\"Jan,Sep\"\n"
                + "7,\"a\",\"a\",far,1,2010,0,,,\"\"\n"
                + "8,\"a\",\"a\"\n");
        Files.writeString(dir.resolve("store_states.csv"), "Store,State\n1,HE\n2,TH\n3,NW\n5,HE\n6,HE\n7,XX\n8,HE\n");
        Path hessen = dir.resolve("weather/Hessen.csv");
        List<String> lines = Files.readAllLines(hessen);
        lines.set(3, lines.get(3).replaceFirst(";[-0-9]+;", ";warm;"));
        lines.add(lines.get(10));
        Files.write(hessen, lines);
        RossmannTables t = RossmannTables.read(spark, dir.toString(), InvalidRows.SKIP);
        List<String> sorted = t.rejects().collectAsList().stream().map(x -> x.getString(2)).sorted()
                .collect(Collectors.toList());
        assertEquals(List.of(
                "CompetitionDistance is not a number: far",
                "Max_TemperatureC is not a number or NA: warm",
                "PromoInterval is not a list of month names (Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sept,Oct,Nov,Dec)"
                        + " for a Promo2 store: Jan,Sep",
                "State is not a German state code: XX",
                "Store 3 is listed more than once in store.csv",
                "Store 3 is listed more than once in store.csv",
                "StoreType is not a..d: x",
                "date listed more than once in this weather file: 2013-01-10",
                "date listed more than once in this weather file: 2013-01-10",
                "malformed CSV line (wrong number of fields or unbalanced quotes)"), sorted);
        assertEquals(10L, t.rejectCount(), "one reason per row; the state row of a store rejected in store.csv is"
                + " not reported again");
        assertEquals(List.of(1, 2), t.stores().orderBy("Store").collectAsList().stream().map(x -> x.getInt(0))
                .collect(Collectors.toList()));
        assertEquals(990L - 2, t.weather().where("State = 'HE'").count(), "neither the bad day nor the doubled day");
    }
}
