package io.embark.transformers.tabular;

import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.embark.transformers.tabular.CategorifyTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link TabularPreparation} and {@link TabularFeatures} on a hand-worked table. */
class TabularPreparationTest {
    final SparkSession spark = LocalSpark.get();
    static final StructType SCHEMA = new StructType().add("Store", DataTypes.StringType)
            .add("Date", DataTypes.StringType).add("CompetitionDistance", DataTypes.DoubleType)
            .add("Temp", DataTypes.DoubleType);
    static final double SQRT2 = Math.sqrt(2);

    Dataset<Row> train() {
        return spark.createDataFrame(List.of(
                RowFactory.create("a", "2015-01-01", 100.0, 1.0),
                RowFactory.create("b", "2015-01-02", null, 2.0),
                RowFactory.create("a", "2015-02-28", 300.0, 3.0),
                RowFactory.create("c", "2016-02-29", Double.NaN, 4.0)), SCHEMA);
    }

    Dataset<Row> valid() {
        return spark.createDataFrame(List.of(
                RowFactory.create("d", "2016-03-01", null, 2.5),
                RowFactory.create("b", "not a date", 250.0, 6.0)), SCHEMA);
    }

    static TabularPreparation.Builder recipe() {
        return TabularPreparation.builder().date("Date").categorical("Store", "Year", "Month")
                .continuous("CompetitionDistance", "Temp");
    }

    @Test
    void buildsFastaiOrderOfStages() {
        Pipeline p = recipe().build();
        assertEquals(List.of(AddDatePart.class, FillMissing.class, Categorify.class, Normalize.class),
                java.util.Arrays.stream(p.getStages()).map(Object::getClass).toList());
    }

    @Test
    void handWorkedTableFitOnTrainAppliedToValid() {
        PipelineModel fitted = recipe().build().fit(train());
        TabularFeatures features = TabularFeatures.of(fitted);
        // Store: #na#, a, b, c; Year: #na#, 2015, 2016; Month: #na#, 1, 2; the indicator: #na#, false, true
        assertEquals(Map.of("Store_idx", 4, "Year_idx", 3, "Month_idx", 3, "CompetitionDistance_na_idx", 3),
                features.cardinalities());
        assertEquals(List.of("Store_idx", "Year_idx", "Month_idx", "CompetitionDistance_na_idx"),
                features.categoricalCols());
        assertArrayEquals(new int[] {3, 3, 3, 3}, features.embeddingSizeArray(), "round(1.6 * 4^0.56) = 3");
        assertEquals(List.of("CompetitionDistance_norm", "Temp_norm"), features.continuousCols());

        // CompetitionDistance: median of [100, 300] = 200 fills null and NaN; filled mean 200, pop std sqrt(5000)
        List<Row> rows = fitted.transform(train()).select("Store_idx", "Year_idx", "Month_idx",
                "CompetitionDistance_na_idx", "CompetitionDistance_norm", "Temp_norm").collectAsList();
        double tempStd = Math.sqrt(1.25) + 1e-7;
        double compStd = Math.sqrt(5000) + 1e-7;
        assertRow(rows.get(0), 1, 1, 1, 1, -100 / compStd, -1.5 / tempStd);
        assertRow(rows.get(1), 2, 1, 1, 2, 0, -0.5 / tempStd);
        assertRow(rows.get(2), 1, 1, 2, 1, 100 / compStd, 0.5 / tempStd);
        assertRow(rows.get(3), 3, 2, 2, 2, 0, 1.5 / tempStd);

        // unseen store and unparseable date -> #na# (0); null distance -> median and indicator true
        List<Row> valid = fitted.transform(valid()).select("Store_idx", "Year_idx", "Month_idx",
                "CompetitionDistance_na_idx", "CompetitionDistance_norm", "Temp_norm").collectAsList();
        assertRow(valid.get(0), 0, 2, 0, 2, 0, 0);
        assertRow(valid.get(1), 2, 0, 0, 1, 50 / compStd, 3.5 / tempStd);
    }

    @Test
    void missingValuesInAColumnCompleteInTrainingFollowThePolicy() {
        Dataset<Row> scoring = spark.createDataFrame(List.of(RowFactory.create("a", "2015-01-01", 1.0, null)), SCHEMA);
        PipelineModel strict = recipe().build().fit(train());
        assertMessage("Temp", () -> strict.transform(scoring).count());
        PipelineModel lenient = recipe().unexpectedMissing("fill").build().fit(train());
        Row r = lenient.transform(scoring).select("Temp_norm").first();
        assertEquals(0.0, r.getDouble(0), 1e-12, "filled with the training median 2.5 = the mean");
    }

    @Test
    void savedPipelineGivesIdenticalOutputsAndFittingTwiceGivesTheSameModel(@TempDir Path dir) throws Exception {
        PipelineModel fitted = recipe().build().fit(train());
        fitted.save(dir.resolve("prep").toString());
        PipelineModel loaded = PipelineModel.load(dir.resolve("prep").toString());
        assertEquals(fitted.transform(valid()).collectAsList(), loaded.transform(valid()).collectAsList());
        assertEquals(TabularFeatures.of(fitted).toString(), TabularFeatures.of(loaded).toString());
        PipelineModel again = recipe().build().fit(train());
        assertEquals(fitted.transform(train()).collectAsList(), again.transform(train()).collectAsList());
    }

    @Test
    void onlyContinuousColumnsStillCategorifyTheIndicators() {
        PipelineModel fitted = TabularPreparation.builder().continuous("CompetitionDistance").build().fit(train());
        assertEquals(Map.of("CompetitionDistance_na_idx", 3), TabularFeatures.of(fitted).cardinalities());
        PipelineModel complete = TabularPreparation.builder().continuous("Temp").build().fit(train());
        assertEquals(Map.of(), TabularFeatures.of(complete).cardinalities());
        assertEquals(4, complete.transform(train()).count());
    }

    @Test
    void badConfigurationFailsWhenBuiltAndBadDataWhenFitted() {
        assertMessage("at least one", () -> TabularPreparation.builder().build());
        assertMessage("Store", () -> TabularPreparation.builder().categorical("Store").continuous("Store").build());
        assertThrows(IllegalArgumentException.class,
                () -> TabularPreparation.builder().continuous("Temp").fill("average", 0).build());
        Pipeline missingColumn = TabularPreparation.builder().categorical("Shop").build();
        assertMessage("Shop", () -> missingColumn.fit(train()));
        Pipeline stringAsContinuous = TabularPreparation.builder().continuous("Store").build();
        assertMessage("Store", () -> stringAsContinuous.fit(train()));
    }

    @Test
    void fastaiEmbeddingSizeRule() {
        assertEquals(81, EmbeddingSizes.fastai(1116), "Rossmann Store");
        assertEquals(5, EmbeddingSizes.fastai(8), "DayOfWeek");
        assertEquals(2, EmbeddingSizes.fastai(1));
        assertEquals(600, EmbeddingSizes.fastai(10_000_000));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingSizes.fastai(0));
    }

    private static void assertRow(Row r, int store, int year, int month, int na, double comp, double temp) {
        assertEquals(store, r.getInt(0), "Store_idx of " + r);
        assertEquals(year, r.getInt(1), "Year_idx of " + r);
        assertEquals(month, r.getInt(2), "Month_idx of " + r);
        assertEquals(na, r.getInt(3), "CompetitionDistance_na_idx of " + r);
        assertEquals(comp, r.getDouble(4), 1e-9, "CompetitionDistance_norm of " + r);
        assertEquals(temp, r.getDouble(5), 1e-9, "Temp_norm of " + r);
    }
}
