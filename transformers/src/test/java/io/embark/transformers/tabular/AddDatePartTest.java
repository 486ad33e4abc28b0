package io.embark.transformers.tabular;

import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddDatePartTest {
    final SparkSession spark = LocalSpark.get();

    /** Expected values computed with Python's datetime for the same dates (what pandas gives fastai). */
    static final Object[][] EXPECTED = {
        // date, Year, Month, Week, Day, Dayofweek, Dayofyear, month_end, month_start, quarter_end, quarter_start, year_end, year_start, Elapsed
        {"2015-07-31", 2015, 7, 31, 31, 4, 212, true, false, false, false, false, false, 1438300800L},
        {"2012-02-29", 2012, 2, 9, 29, 2, 60, true, false, false, false, false, false, 1330473600L},
        {"2015-12-31", 2015, 12, 53, 31, 3, 365, true, false, true, false, true, false, 1451520000L},
        {"2016-01-01", 2016, 1, 53, 1, 4, 1, false, true, false, true, false, true, 1451606400L},
        {"2013-03-31", 2013, 3, 13, 31, 6, 90, true, false, true, false, false, false, 1364688000L},
        {"2014-10-01", 2014, 10, 40, 1, 2, 274, false, true, false, true, false, false, 1412121600L},
    };

    Dataset<Row> strings() {
        List<Row> rows = new java.util.ArrayList<>();
        for (Object[] e : EXPECTED) {
            rows.add(RowFactory.create(e[0], 1));
        }
        rows.add(RowFactory.create(null, 2));
        rows.add(RowFactory.create("not a date", 3));
        return spark.createDataFrame(rows, new StructType().add("saledate", DataTypes.StringType).add("id", DataTypes.IntegerType));
    }

    @Test
    void expandsStringDatesExactlyAsFastaiWithNullsForMissingOrUnparseable() {
        Dataset<Row> out = new AddDatePart().setInputCol("saledate").transform(strings());
        assertEquals(List.of("id", "saleYear", "saleMonth", "saleWeek", "saleDay", "saleDayofweek", "saleDayofyear",
                "saleIs_month_end", "saleIs_month_start", "saleIs_quarter_end", "saleIs_quarter_start",
                "saleIs_year_end", "saleIs_year_start", "saleElapsed"), Arrays.asList(out.columns()),
                "fastai's order; the source column is dropped by default");
        List<Row> rows = out.collectAsList();
        assertEquals(EXPECTED.length + 2, rows.size(), "no row dropped");
        for (int r = 0; r < EXPECTED.length; r++) {
            for (int c = 1; c < EXPECTED[r].length; c++) {
                assertEquals(EXPECTED[r][c], rows.get(r).get(c), EXPECTED[r][0] + " column " + out.columns()[c]);
            }
        }
        for (int r = EXPECTED.length; r < rows.size(); r++) {
            for (int c = 1; c < out.columns().length; c++) {
                assertTrue(rows.get(r).isNullAt(c), "null/unparseable input gives null in " + out.columns()[c]);
            }
        }
    }

    @Test
    void dateAndTimestampInputsWithTimeFieldsAndKeptSource() {
        Dataset<Row> ts = spark.sql("select timestamp'2015-12-31 13:45:07' as Date union all select null");
        Dataset<Row> out = new AddDatePart().setInputCol("Date").setTime(true).setDrop(false).transform(ts);
        assertTrue(Arrays.asList(out.columns()).contains("Date"));
        assertEquals(List.of("Date", "Year", "Month", "Week", "Day", "Dayofweek", "Dayofyear", "Is_month_end",
                "Is_month_start", "Is_quarter_end", "Is_quarter_start", "Is_year_end", "Is_year_start", "Hour", "Minute",
                "Second", "Elapsed"), Arrays.asList(out.columns()), "prefix: 'Date' minus 'Date' is empty");
        Row r = out.first();
        assertEquals(53, r.getInt(3));
        assertEquals(13, r.getInt(13));
        assertEquals(45, r.getInt(14));
        assertEquals(7, r.getInt(15));
        assertEquals(1451569507L, r.getLong(16), "epoch seconds of the instant (session time zone UTC)");

        Dataset<Row> dates = spark.sql("select date'2016-01-01' as day");
        Row d = new AddDatePart().setInputCol("day").setPrefix("d_").transform(dates).first();
        assertEquals(2016, d.getInt(0));
        assertEquals(1451606400L, d.getLong(12));
    }

    @Test
    void customFormatPersistenceAndErrors(@TempDir Path dir) throws Exception {
        Dataset<Row> eu = spark.createDataFrame(List.of(RowFactory.create("31.12.2015")),
                new StructType().add("when", DataTypes.StringType));
        AddDatePart stage = new AddDatePart().setInputCol("when").setFormat("dd.MM.yyyy");
        assertEquals(53, stage.transform(eu).first().getInt(2));
        PipelineModel p = new Pipeline().setStages(new PipelineStage[] {stage}).fit(eu);
        p.save(dir.resolve("p").toString());
        assertEquals(p.transform(eu).collectAsList(), PipelineModel.load(dir.resolve("p").toString()).transform(eu).collectAsList());

        CategorifyTest.assertMessage("set inputCol", () -> new AddDatePart().transform(eu));
        CategorifyTest.assertMessage("'when' must be a date, timestamp or string column but is int",
                () -> new AddDatePart().setInputCol("when").transform(eu.selectExpr("1 as when")));
        CategorifyTest.assertMessage("output column 'whenYear' already exists",
                () -> new AddDatePart().setInputCol("when").transform(eu.selectExpr("when", "1 as whenYear")));
        CategorifyTest.assertMessage("'Dayofweek' would clash with the existing column 'DayOfWeek'",
                () -> new AddDatePart().setInputCol("Date").transform(eu.selectExpr("when as Date", "1 as DayOfWeek")));
        assertFalse(stage.transformSchema(eu.schema()).getFieldIndex("when").isDefined(), "dropped by default");
    }
}
