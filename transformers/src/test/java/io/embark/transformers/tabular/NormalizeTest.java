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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormalizeTest {
    final SparkSession spark = LocalSpark.get();
    static final StructType SCHEMA = new StructType().add("x", DataTypes.DoubleType).add("k", DataTypes.IntegerType)
            .add("s", DataTypes.StringType);

    Dataset<Row> train() {
        return spark.createDataFrame(List.of(
                RowFactory.create(1.0, 7, "a"), RowFactory.create(2.0, 7, "b"), RowFactory.create(3.0, 7, "a"),
                RowFactory.create(4.0, 7, "c"), RowFactory.create(null, 7, "a"), RowFactory.create(Double.NaN, 7, "b")),
                SCHEMA);
    }

    @Test
    void learnsMeanAndPopulationStdIgnoringMissingAndAppliesFastaiFormula() {
        NormalizeModel m = new Normalize().setInputCols(new String[] {"x", "k"}).fit(train());
        assertArrayEquals(new double[] {2.5, 7.0}, m.means(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(1.25), 0.0}, m.stds(), 1e-12, "ddof = 0");
        List<Row> out = m.transform(train()).select("x_norm", "k_norm").collectAsList();
        assertEquals((1.0 - 2.5) / (Math.sqrt(1.25) + 1e-7), out.get(0).getDouble(0), 1e-12);
        assertEquals((4.0 - 2.5) / (Math.sqrt(1.25) + 1e-7), out.get(3).getDouble(0), 1e-12);
        assertTrue(out.get(4).isNullAt(0), "null stays null");
        assertTrue(Double.isNaN(out.get(5).getDouble(0)), "NaN stays NaN");
        assertEquals(0.0, out.get(0).getDouble(1), 0.0, "a constant column becomes 0 thanks to the 1e-7");

        Dataset<Row> valid = spark.createDataFrame(List.of(RowFactory.create(10.0, 9, "z")), SCHEMA);
        Row v = m.transform(valid).select("x_norm", "k_norm").first();
        assertEquals((10.0 - 2.5) / (Math.sqrt(1.25) + 1e-7), v.getDouble(0), 1e-12, "train statistics on another split");
        assertEquals(2.0 / 1e-7, v.getDouble(1), 1e-3);
    }

    @Test
    void randomTablesComeOutWithMeanZeroAndStdOneOnTrain() {
        Random r = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            rows.add(RowFactory.create(r.nextInt(20) == 0 ? null : r.nextGaussian() * 50 + 1000, r.nextInt(100), "s"));
        }
        Dataset<Row> df = spark.createDataFrame(rows, SCHEMA).repartition(5);
        NormalizeModel m = new Normalize().setInputCols(new String[] {"x", "k"}).fit(df);
        Row stats = m.transform(df).selectExpr("avg(x_norm)", "stddev_pop(x_norm)", "avg(k_norm)", "stddev_pop(k_norm)",
                "count(*)").first();
        assertEquals(0, stats.getDouble(0), 1e-9);
        assertEquals(1, stats.getDouble(1), 1e-6);
        assertEquals(0, stats.getDouble(2), 1e-9);
        assertEquals(1, stats.getDouble(3), 1e-6);
        assertEquals(3000, stats.getLong(4), "no row dropped");
        NormalizeModel again = new Normalize().setInputCols(new String[] {"x", "k"}).fit(df.repartition(2));
        assertArrayEquals(m.means(), again.means(), 1e-9);
        assertArrayEquals(m.stds(), again.stds(), 1e-9);
    }

    @Test
    void pipelineWithCategorifyAndNormalizeRoundTrips(@TempDir Path dir) throws Exception {
        PipelineModel p = new Pipeline().setStages(new PipelineStage[] {
            new Categorify().setInputCols(new String[] {"s"}), new Normalize().setInputCols(new String[] {"x"})
        }).fit(train());
        p.save(dir.resolve("p").toString());
        PipelineModel loaded = PipelineModel.load(dir.resolve("p").toString());
        assertEquals(p.transform(train()).collectAsList().toString(), loaded.transform(train()).collectAsList().toString());
        NormalizeModel n = (NormalizeModel) loaded.stages()[1];
        assertEquals(p.stages()[1].uid(), n.uid());
        new Normalize().setInputCols(new String[] {"x"}).save(dir.resolve("est").toString());
        assertArrayEquals(new String[] {"x"}, Normalize.load(dir.resolve("est").toString()).getInputCols());
    }

    @Test
    void badInputFailsWithClearMessages() {
        CategorifyTest.assertMessage("set inputCols", () -> new Normalize().fit(train()));
        CategorifyTest.assertMessage("'s' must be numeric but is string",
                () -> new Normalize().setInputCols(new String[] {"s"}).fit(train()));
        CategorifyTest.assertMessage("'x' has 1 infinite training values", () -> new Normalize()
                .setInputCols(new String[] {"x"}).fit(train().union(spark.createDataFrame(
                        List.of(RowFactory.create(Double.POSITIVE_INFINITY, 1, "a")), SCHEMA))));
        CategorifyTest.assertMessage("no finite training value",
                () -> new Normalize().setInputCols(new String[] {"x"}).fit(train().limit(0)));
        CategorifyTest.assertMessage("'k' already exists",
                () -> new Normalize().setInputCols(new String[] {"x"}).setOutputCols(new String[] {"k"}).fit(train()));
    }
}
