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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FillMissingTest {
    final SparkSession spark = LocalSpark.get();
    static final StructType SCHEMA = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.IntegerType);

    Dataset<Row> train() {
        return spark.createDataFrame(List.of(
                RowFactory.create(1.0, 5), RowFactory.create(Double.NaN, 5), RowFactory.create(3.0, 7),
                RowFactory.create(null, 1), RowFactory.create(10.0, 5), RowFactory.create(2.0, 7)), SCHEMA);
    }

    Dataset<Row> validWithMissingB() {
        return spark.createDataFrame(List.of(RowFactory.create(null, null), RowFactory.create(4.0, 2),
                RowFactory.create(Double.NaN, null)), SCHEMA);
    }

    FillMissing fill() {
        return new FillMissing().setInputCols(new String[] {"a", "b"});
    }

    @Test
    void exactMedianLikePandasAndIndicatorOnlyForColumnsMissingInTrain() {
        FillMissingModel m = fill().fit(train());
        assertArrayEquals(new double[] {2.5, 5.0}, m.fillValues(), 0.0, "median of [1,3,10,2] = 2.5; of [1,5,5,5,7,7] = 5");
        assertEquals(List.of("a_na"), m.indicatorCols());
        Dataset<Row> out = m.transform(train());
        assertEquals(List.of("a", "b", "a_filled", "b_filled", "a_na"), Arrays.asList(out.columns()));
        List<Row> rows = out.select("a_filled", "b_filled", "a_na").collectAsList();
        assertEquals(RowFactory.create(1.0, 5.0, false), rows.get(0));
        assertEquals(RowFactory.create(2.5, 5.0, true), rows.get(1), "NaN is missing");
        assertEquals(RowFactory.create(2.5, 1.0, true), rows.get(3), "null is missing");
        assertEquals(6, out.count(), "no row dropped");
    }

    @Test
    void modeTiesGoToTheSmallestAndConstantUsesTheGivenValue() {
        assertArrayEquals(new double[] {1.0, 5.0}, fill().setStrategy("mode").fit(train()).fillValues(), 0.0);
        assertArrayEquals(new double[] {-1.0, -1.0},
                fill().setStrategy("constant").setFillValue(-1).fit(train()).fillValues(), 0.0);
        assertEquals(2.5, fill().setRelativeError(0.01).fit(train()).fillValues()[0], 0.0,
                "few distinct values: the histogram answers exactly even when an approximation is allowed");
    }

    @Test
    void columnsWithMoreDistinctValuesThanTheHistogramHoldGetASecondPass() {
        int n = FillMissing.HISTOGRAM_CAPACITY + 10_001;   // values 0 .. n-1, plus 7 three more times, plus a null
        Dataset<Row> wide = spark.range(0, n).selectExpr("CAST(id AS DOUBLE) AS w", "CAST(id % 3 AS DOUBLE) AS k")
                .union(spark.range(0, 3).selectExpr("7.0 AS w", "0.0 AS k"))
                .union(spark.sql("SELECT CAST(NULL AS DOUBLE) AS w, 1.0 AS k"));
        FillMissingModel median = new FillMissing().setInputCols(new String[] {"w", "k"}).fit(wide);
        // sorted: 0..6, 7 x4, 8..n-1 -> n+3 present values, the middle ones at ranks (n+2)/2 -> value (n-1)/2 + ...
        double[] sorted = java.util.stream.DoubleStream.concat(java.util.stream.LongStream.range(0, n).asDoubleStream(),
                java.util.stream.DoubleStream.of(7, 7, 7)).sorted().toArray();
        double expected = (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2;
        assertArrayEquals(new double[] {expected, 1.0}, median.fillValues(), 0.0, "exact, Spark's percentile");
        assertEquals(List.of("w_na"), median.indicatorCols());
        double approx = new FillMissing().setInputCols(new String[] {"w"}).setRelativeError(0.001).fit(wide)
                .fillValues()[0];
        assertEquals(expected, approx, 0.002 * n, "approximate within the relative error");
        assertEquals(7.0, new FillMissing().setInputCols(new String[] {"w"}).setStrategy("mode").fit(wide)
                .fillValues()[0], 0.0, "mode by a grouped count");
    }

    @Test
    void missingInAColumnCompleteInTrainIsAnErrorWithTheCountOrFilledOnRequest() {
        FillMissingModel m = fill().fit(train());
        CategorifyTest.assertMessage("column 'b' had no missing values in training but has 2 here",
                () -> m.transform(validWithMissingB()));
        List<Row> filled = m.setUnexpectedMissing("fill").transform(validWithMissingB())
                .select("a_filled", "b_filled", "a_na").collectAsList();
        assertEquals(RowFactory.create(2.5, 5.0, true), filled.get(0));
        assertEquals(RowFactory.create(4.0, 2.0, false), filled.get(1));
        assertFalse(Arrays.asList(m.transform(validWithMissingB()).columns()).contains("b_na"),
                "no indicator for a column complete in training");
    }

    @Test
    void schemasAndPersistenceInAPipelineWithNormalize(@TempDir Path dir) throws Exception {
        assertFalse(Arrays.asList(fill().transformSchema(SCHEMA).fieldNames()).contains("a_na"),
                "the estimator cannot know which indicators the data calls for");
        PipelineModel p = new Pipeline().setStages(new PipelineStage[] {fill(),
            new Normalize().setInputCols(new String[] {"a_filled", "b_filled"})}).fit(train());
        p.save(dir.resolve("p").toString());
        PipelineModel loaded = PipelineModel.load(dir.resolve("p").toString());
        assertEquals(p.transform(train()).collectAsList(), loaded.transform(train()).collectAsList());
        FillMissingModel m = (FillMissingModel) loaded.stages()[0];
        assertEquals(List.of("a_na"), m.indicatorCols());
        assertArrayEquals(new double[] {2.5, 5.0}, m.fillValues(), 0.0);
    }

    @Test
    void badInputFailsClearly() {
        CategorifyTest.assertMessage("set inputCols", () -> new FillMissing().fit(train()));
        CategorifyTest.assertMessage("training data is empty", () -> fill().fit(train().limit(0)));
        Dataset<Row> allNull = spark.createDataFrame(List.of(RowFactory.create(null, 1), RowFactory.create(Double.NaN, 2)), SCHEMA);
        CategorifyTest.assertMessage("column 'a' has no value in training (all 2 rows are null or NaN)",
                () -> fill().fit(allNull));
        assertEquals(0.0, fill().setStrategy("constant").fit(allNull).fillValues()[0], 0.0, "constant still works");
        CategorifyTest.assertMessage("output column 'a_na' already exists",
                () -> fill().fit(train()).transform(train().withColumn("a_na", org.apache.spark.sql.functions.lit(1))));
        CategorifyTest.assertMessage("'s' must be numeric",
                () -> new FillMissing().setInputCols(new String[] {"s"}).fit(train().selectExpr("'x' as s")));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> fill().setStrategy("mean"));
    }
}
