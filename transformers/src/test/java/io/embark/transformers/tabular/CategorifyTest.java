package io.embark.transformers.tabular;

import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CategorifyTest {
    static SparkSession spark;

    static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("i", DataTypes.IntegerType, true),
        DataTypes.createStructField("d", DataTypes.DoubleType, true),
        DataTypes.createStructField("s", DataTypes.StringType, true),
        DataTypes.createStructField("b", DataTypes.BooleanType, true),
    });

    /** Training split: the semantics table. */
    static Dataset<Row> train() {
        return spark.createDataFrame(List.of(
                RowFactory.create(10, 2.5, "b", true),
                RowFactory.create(9, Double.NaN, "a", false),
                RowFactory.create(null, -1.0, null, null),
                RowFactory.create(100, 2.5, "B", true),
                RowFactory.create(9, null, "é", false),
                RowFactory.create(-3, 10.0, "10", true),
                RowFactory.create(10, 2.5, "9", true)), SCHEMA);
    }

    @BeforeAll
    static void start() {
        spark = LocalSpark.get();
    }

    static Categorify categorify() {
        return new Categorify().setInputCols(new String[] {"i", "d", "s", "b"});
    }

    @Test
    void learnsFastaiVocabulariesInNaturalOrder() {
        CategorifyModel m = categorify().fit(train());
        assertEquals(List.of("#na#", "-3", "9", "10", "100"), m.vocabulary("i").labels());
        assertEquals(List.of("#na#", "-1.0", "2.5", "10.0"), m.vocabulary("d").labels());
        assertEquals(List.of("#na#", "10", "9", "B", "a", "b", "é"), m.vocabulary("s").labels());
        assertEquals(List.of("#na#", "false", "true"), m.vocabulary("b").labels());
        assertArrayEquals(new int[] {5, 4, 7, 3}, m.cardinalities());
        assertArrayEquals(new long[] {1, 1, 2, 2, 1}, m.vocabulary("i").counts());
        assertEquals(2, m.vocabulary("d").counts()[0], "NaN and null both count as missing");
    }

    @Test
    void encodesTrainAndMapsNullNanAndUnseenToZero() {
        CategorifyModel m = categorify().fit(train());
        List<Row> encoded = m.transform(train()).select("i_idx", "d_idx", "s_idx", "b_idx").collectAsList();
        int[][] expected = {{3, 2, 5, 2}, {2, 0, 4, 1}, {0, 1, 0, 0}, {4, 2, 3, 2}, {2, 0, 6, 1}, {1, 3, 1, 2}, {3, 2, 2, 2}};
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(expected[r][c], encoded.get(r).getInt(c), "row " + r + " col " + c);
            }
        }
        Dataset<Row> valid = spark.createDataFrame(List.of(
                RowFactory.create(7, 3.0, "zzz", null),
                RowFactory.create(null, Double.NaN, "a", true)), SCHEMA);
        List<Row> v = m.transform(valid).select("i_idx", "d_idx", "s_idx", "b_idx").collectAsList();
        assertEquals(RowFactory.create(0, 0, 0, 0), v.get(0), "unseen values and null map to #na#");
        assertEquals(RowFactory.create(0, 0, 4, 2), v.get(1));
        assertEquals(2, m.transform(valid).count(), "no row is dropped");
    }

    @Test
    void outputSchemaAppendsNonNullIntColumns() {
        StructType out = categorify().setOutputCols(new String[] {"I2", "D2", "S2", "B2"}).transformSchema(SCHEMA);
        assertEquals(8, out.size());
        assertEquals(DataTypes.IntegerType, out.apply("S2").dataType());
        assertTrue(!out.apply("S2").nullable());
    }

    @Test
    void countsAllColumnsInOneScanOfTheData() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LongAccumulator reads = spark.sparkContext().longAccumulator("rows read");
        JavaRDD<Row> rows = jsc.parallelize(train().collectAsList(), 3).map(r -> {
            reads.add(1);
            return r;
        });
        Dataset<Row> counted = spark.createDataFrame(rows, SCHEMA);
        categorify().fit(counted);
        assertEquals(7, reads.value(), "each row is read once for all four columns");
    }

    @Test
    void fittingTwiceOrOnOtherPartitioningGivesIdenticalModels() {
        Dataset<Row> big = randomTable(2_000, 42);
        CategorifyModel a = categorify().fit(big);
        CategorifyModel b = categorify().fit(big.repartition(7));
        assertEquals(a.vocabularies(), b.vocabularies());
        List<Row> ea = a.transform(big).select("i_idx", "d_idx", "s_idx", "b_idx").collectAsList();
        List<Row> eb = b.transform(big).select("i_idx", "d_idx", "s_idx", "b_idx").collectAsList();
        assertEquals(ea, eb);
        for (Row r : ea) {
            int[] card = a.cardinalities();
            for (int c = 0; c < 4; c++) {
                assertTrue(r.getInt(c) >= 0 && r.getInt(c) < card[c]);
            }
        }
    }

    @Test
    void capsKeepTheMostFrequentCategories() {
        CategorifyModel m = new Categorify().setInputCols(new String[] {"i"}).setMaxCategories(2).fit(train());
        assertEquals(List.of("#na#", "9", "10"), m.vocabulary("i").labels());
        CategorifyModel rare = new Categorify().setInputCols(new String[] {"s"}).setMinCount(2).fit(train());
        assertEquals(List.of("#na#"), rare.vocabulary("s").labels(), "every string appears once");
    }

    @Test
    void estimatorModelAndPipelineRoundTrip(@TempDir Path dir) throws IOException {
        Categorify est = categorify().setOutputCols(new String[] {"I2", "D2", "S2", "B2"}).setMinCount(1);
        est.save(dir.resolve("est").toString());
        Categorify estLoaded = Categorify.load(dir.resolve("est").toString());
        assertEquals(est.uid(), estLoaded.uid());
        assertArrayEquals(est.getOutputCols(), estLoaded.getOutputCols());
        assertThrows(IOException.class, () -> est.save(dir.resolve("est").toString()), "saving twice without overwrite fails");
        est.write().overwrite().save(dir.resolve("est").toString());

        CategorifyModel model = est.fit(train());
        model.save(dir.resolve("model").toString());
        CategorifyModel modelLoaded = CategorifyModel.load(dir.resolve("model").toString());
        assertEquals(model.uid(), modelLoaded.uid());
        assertEquals(model.vocabularies(), modelLoaded.vocabularies());
        assertEquals(model.transform(train()).collectAsList(), modelLoaded.transform(train()).collectAsList());

        PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {categorify()}).fit(train());
        pipeline.save(dir.resolve("pipeline").toString());
        PipelineModel pipelineLoaded = PipelineModel.load(dir.resolve("pipeline").toString());
        assertTrue(pipelineLoaded.stages()[0] instanceof CategorifyModel);
        assertEquals(pipeline.transform(train()).collectAsList(), pipelineLoaded.transform(train()).collectAsList());
    }

    @Test
    void copyKeepsUidDataAndParams() {
        CategorifyModel m = categorify().fit(train());
        CategorifyModel c = m.copy(new org.apache.spark.ml.param.ParamMap());
        assertEquals(m.uid(), c.uid());
        assertEquals(m.vocabularies(), c.vocabularies());
        assertArrayEquals(m.getInputCols(), c.getInputCols());
        assertTrue(c.hasParent());
    }

    @Test
    void badParamsAndSchemasFailWithMessagesNamingTheColumn() {
        assertMessage("set inputCols", () -> new Categorify().fit(train()));
        assertMessage("at least one column", () -> new Categorify().setInputCols(new String[0]).fit(train()));
        assertMessage("'i' appears more than once", () -> new Categorify().setInputCols(new String[] {"i", "i"}).fit(train()));
        assertMessage("'nope' does not exist", () -> new Categorify().setInputCols(new String[] {"nope"}).fit(train()));
        assertMessage("'s' already exists", () -> new Categorify().setInputCols(new String[] {"i"})
                .setOutputCols(new String[] {"s"}).fit(train()));
        assertMessage("one output per input", () -> new Categorify().setInputCols(new String[] {"i", "s"})
                .setOutputCols(new String[] {"x"}).fit(train()));
        Dataset<Row> arrays = train().selectExpr("array(i) as arr");
        assertMessage("'arr' must be a string, boolean, numeric, date or timestamp column but is array<int>",
                () -> new Categorify().setInputCols(new String[] {"arr"}).fit(arrays));
        assertMessage("training data is empty", () -> categorify().fit(train().limit(0)));
        assertThrows(IllegalArgumentException.class, () -> new Categorify().setMaxCategories(-1));
        assertThrows(IllegalArgumentException.class, () -> new Categorify().setMinCount(0));
        CategorifyModel m = new Categorify().setInputCols(new String[] {"i"}).fit(train());
        assertMessage("'i' was fitted as INTEGRAL but is now double",
                () -> m.transform(train().selectExpr("cast(i as double) as i")));
    }

    @Test
    void integerCodesAgreeBetweenTheArrayLookupAndTheHashLookup() {
        StructType schema = new StructType().add("k", DataTypes.LongType);
        for (long far : new long[] {7L, 1_000_000_000_000L}) {   // dense range -> array lookup; sparse -> hash lookup
            Dataset<Row> fit = spark.createDataFrame(List.of(RowFactory.create(-5L), RowFactory.create(3L),
                    RowFactory.create(far), RowFactory.create(3L)), schema);
            Dataset<Row> apply = spark.createDataFrame(List.of(RowFactory.create(3L), RowFactory.create(-5L),
                    RowFactory.create(far), RowFactory.create(4L), RowFactory.create(-6L), RowFactory.create(far + 1),
                    RowFactory.create((Object) null), RowFactory.create(Long.MIN_VALUE)), schema);
            CategorifyModel m = new Categorify().setInputCols(new String[] {"k"}).fit(fit);
            Dataset<Row> out = m.transform(apply);
            assertEquals(List.of(2, 1, 3, 0, 0, 0, 0, 0),
                    out.select("k_idx").collectAsList().stream().map(r -> r.getInt(0)).toList(), "far value " + far);
            assertTrue(!out.schema().apply("k_idx").nullable(), "codes are never null");
        }
    }

    static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should contain '" + fragment + "'");
    }

    static Dataset<Row> randomTable(int n, long seed) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        String[] words = {"x", "y", "z", "Zed", "ä"};
        for (int k = 0; k < n; k++) {
            rows.add(RowFactory.create(
                    r.nextInt(10) == 0 ? null : r.nextInt(50),
                    r.nextInt(10) == 0 ? Double.NaN : Math.round(r.nextGaussian() * 4) / 2.0,
                    r.nextInt(10) == 0 ? null : words[r.nextInt(words.length)] + r.nextInt(3),
                    r.nextInt(10) == 0 ? null : r.nextBoolean()));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }
}
