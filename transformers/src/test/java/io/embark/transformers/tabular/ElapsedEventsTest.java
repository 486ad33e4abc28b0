package io.embark.transformers.tabular;

import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ElapsedEventsTest {
    final SparkSession spark = LocalSpark.get();

    /** date, event, After, Before, _bw, _fw: worked by hand (a gap on 2015-01-05; events on the 3rd and 9th). */
    static final Object[][] STORE_1 = {
        {"2015-01-01", 0, 0, 2, 0, 1}, {"2015-01-02", 0, 0, 1, 0, 2}, {"2015-01-03", 1, 0, 0, 1, 2},
        {"2015-01-04", 0, 1, 5, 1, 1}, {"2015-01-06", 0, 3, 3, 1, 1}, {"2015-01-07", 0, 4, 2, 1, 1},
        {"2015-01-08", 0, 5, 1, 1, 1}, {"2015-01-09", 1, 0, 0, 2, 1}, {"2015-01-10", 0, 1, 0, 2, 0},
    };

    Dataset<Row> table() {
        List<Row> rows = new ArrayList<>();
        for (Object[] r : STORE_1) {
            rows.add(RowFactory.create(1, Date.valueOf((String) r[0]), r[1], ((Integer) r[1]) == 1));
        }
        for (int d = 1; d <= 4; d++) {
            rows.add(RowFactory.create(2, Date.valueOf("2015-01-0" + d), 0, d == 2 ? null : Boolean.FALSE));
        }
        Collections.shuffle(rows, new java.util.Random(7));
        return spark.createDataFrame(rows, new StructType().add("Store", DataTypes.IntegerType)
                .add("Date", DataTypes.DateType).add("Promo", DataTypes.IntegerType)
                .add("Holiday", DataTypes.BooleanType)).repartition(3);
    }

    @Test
    void afterBeforeAndRollingCountsPerGroupAsFastai() {
        Dataset<Row> out = new ElapsedEvents().setEventCols(new String[] {"Promo", "Holiday"}).setDateCol("Date")
                .setGroupCol("Store").transform(table()).orderBy("Store", "Date");
        List<Row> rows = out.collectAsList();
        assertEquals(13, rows.size(), "no row dropped");
        for (int i = 0; i < STORE_1.length; i++) {
            Row r = rows.get(i);
            String at = (String) STORE_1[i][0];
            assertEquals(STORE_1[i][2], r.getAs("AfterPromo"), "AfterPromo " + at);
            assertEquals(STORE_1[i][3], r.getAs("BeforePromo"), "BeforePromo " + at);
            assertEquals(STORE_1[i][4], r.getAs("Promo_bw"), "Promo_bw " + at);
            assertEquals(STORE_1[i][5], r.getAs("Promo_fw"), "Promo_fw " + at);
            assertEquals((Integer) r.getAs("AfterPromo"), r.<Integer>getAs("AfterHoliday"), "boolean column, same events");
        }
        for (int i = STORE_1.length; i < rows.size(); i++) {
            Row r = rows.get(i);
            for (String c : new String[] {"AfterPromo", "BeforePromo", "Promo_bw", "Promo_fw", "AfterHoliday", "Holiday_fw"}) {
                assertEquals(0, (Integer) r.getAs(c), "store 2 never has an event: " + c);
            }
        }
    }

    /**
     * Random groups (1 to 400 rows, random gaps between dates, events with a per-group rate, nulls) against a plain
     * loop over each group's rows in date order: the definition of the four outputs, row by row.
     */
    @Test
    void matchesASequentialScanOnRandomGroups() {
        java.util.Random random = new java.util.Random(11);
        int window = 7;
        List<Row> rows = new ArrayList<>();
        java.util.Map<String, int[]> expected = new java.util.HashMap<>();
        for (int g = 0; g < 40; g++) {
            int n = 1 + random.nextInt(g % 5 == 0 ? 400 : 60);
            double rate = random.nextDouble() * 0.6;
            java.time.LocalDate day = java.time.LocalDate.of(2014, 1, 1).plusDays(random.nextInt(30));
            java.time.LocalDate[] dates = new java.time.LocalDate[n];
            boolean[] event = new boolean[n];
            for (int i = 0; i < n; i++) {
                day = day.plusDays(1 + (random.nextInt(6) == 0 ? random.nextInt(9) : 0));
                dates[i] = day;
                event[i] = random.nextDouble() < rate;
                Integer promo = event[i] ? Integer.valueOf(1 + random.nextInt(3))
                        : (random.nextInt(10) == 0 ? null : Integer.valueOf(0));
                rows.add(RowFactory.create(g, Date.valueOf(day), promo));
            }
            for (int i = 0; i < n; i++) {
                int after = 0;
                for (int j = i; j >= 0; j--) {
                    if (event[j]) {
                        after = (int) (dates[i].toEpochDay() - dates[j].toEpochDay());
                        break;
                    }
                }
                int before = 0;
                for (int j = i; j < n; j++) {
                    if (event[j]) {
                        before = (int) (dates[j].toEpochDay() - dates[i].toEpochDay());
                        break;
                    }
                }
                int bw = 0;
                int fw = 0;
                for (int j = Math.max(0, i - window + 1); j <= i; j++) {
                    bw += event[j] ? 1 : 0;
                }
                for (int j = i; j < Math.min(n, i + window); j++) {
                    fw += event[j] ? 1 : 0;
                }
                expected.put(g + "/" + dates[i], new int[] {after, before, bw, fw});
            }
        }
        Collections.shuffle(rows, random);
        Dataset<Row> table = spark.createDataFrame(rows, new StructType().add("Store", DataTypes.IntegerType)
                .add("Date", DataTypes.DateType).add("Promo", DataTypes.IntegerType)).repartition(4);
        List<Row> out = new ElapsedEvents().setEventCols(new String[] {"Promo"}).setDateCol("Date").setGroupCol("Store")
                .setWindow(window).transform(table).collectAsList();
        assertEquals(expected.size(), out.size(), "one output row per input row");
        int withEvents = 0;
        for (Row r : out) {
            String key = r.getAs("Store") + "/" + r.<Date>getAs("Date").toLocalDate();
            int[] e = expected.get(key);
            int[] got = {r.<Integer>getAs("AfterPromo"), r.<Integer>getAs("BeforePromo"),
                    r.<Integer>getAs("Promo_bw"), r.<Integer>getAs("Promo_fw")};
            assertEquals(java.util.Arrays.toString(e), java.util.Arrays.toString(got), key);
            withEvents += e[2] > 0 ? 1 : 0;
        }
        assertEquals(true, withEvents > out.size() / 4, "the random table has events to measure from");
    }

    @Test
    void persistsAndValidates(@TempDir Path dir) throws Exception {
        ElapsedEvents e = new ElapsedEvents().setEventCols(new String[] {"Promo"}).setDateCol("Date").setGroupCol("Store")
                .setWindow(3);
        e.save(dir.resolve("e").toString());
        ElapsedEvents loaded = ElapsedEvents.load(dir.resolve("e").toString());
        assertEquals(e.transform(table()).orderBy("Store", "Date").collectAsList(),
                loaded.transform(table()).orderBy("Store", "Date").collectAsList());
        CategorifyTest.assertMessage("set eventCols", () -> new ElapsedEvents().transform(table()));
        CategorifyTest.assertMessage("'Store' must be a date or timestamp column but is int", () -> new ElapsedEvents()
                .setEventCols(new String[] {"Promo"}).setDateCol("Store").setGroupCol("Store").transform(table()));
        CategorifyTest.assertMessage("'Date' must be a boolean or integral (0/1) column", () -> new ElapsedEvents()
                .setEventCols(new String[] {"Date"}).setDateCol("Date").setGroupCol("Store").transform(table()));
        CategorifyTest.assertMessage("output column 'AfterPromo' already exists", () -> e.transform(
                table().withColumn("AfterPromo", org.apache.spark.sql.functions.lit(1))));
    }
}
