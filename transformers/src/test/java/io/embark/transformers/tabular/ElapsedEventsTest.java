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
