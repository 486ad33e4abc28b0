package io.embark.transformers.tabular;

import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of the whole tabular preparation on random tables (nulls and NaN anywhere, random cardinalities and
 * scales), fitted on one random table and applied to another.
 */
class TabularPropertiesTest {
    final SparkSession spark = LocalSpark.get();
    static final StructType SCHEMA = new StructType().add("c1", DataTypes.StringType).add("c2", DataTypes.IntegerType)
            .add("c3", DataTypes.BooleanType).add("x1", DataTypes.DoubleType).add("x2", DataTypes.LongType)
            .add("x3", DataTypes.DoubleType);

    @Test
    void rowCountCodeRangeAndStandardisationHoldOnRandomTables() {
        for (long seed = 1; seed <= 4; seed++) {
            Random r = new Random(seed);
            int cardinality = 1 + r.nextInt(300);
            double nullRate = r.nextDouble() * 0.3;
            Dataset<Row> train = randomTable(200 + r.nextInt(800), cardinality, nullRate, r);
            Dataset<Row> other = randomTable(100 + r.nextInt(300), cardinality * 2, nullRate, r);
            PipelineModel fitted = TabularPreparation.builder().categorical("c1", "c2", "c3")
                    .continuous("x1", "x2", "x3").unexpectedMissing("fill").build().fit(train);
            TabularFeatures features = TabularFeatures.of(fitted);
            String context = "seed " + seed + ", cardinality " + cardinality + ", null rate " + nullRate;

            for (Dataset<Row> data : List.of(train, other)) {
                Dataset<Row> out = fitted.transform(data).cache();
                assertEquals(data.count(), out.count(), "row count preserved, " + context);
                int[] sizes = features.cardinalityArray();
                for (int i = 0; i < sizes.length; i++) {
                    String c = features.categoricalCols().get(i);
                    Row range = out.agg(min(c), max(c)).first();
                    assertTrue(range.getInt(0) >= 0 && range.getInt(1) < sizes[i],
                            c + " codes " + range + " outside [0, " + sizes[i] + "), " + context);
                }
                for (String c : features.continuousCols()) {
                    assertEquals(0, out.where(col(c).isNull().or(isnan(col(c)))).count(), c + " has holes, " + context);
                }
                out.unpersist();
            }
            Dataset<Row> trained = fitted.transform(train);
            for (String c : features.continuousCols()) {
                String filled = c.replace("_norm", "_filled");
                Row moments = trained.agg(avg(c), stddev_pop(c), stddev_pop(filled)).first();
                double rawStd = moments.getDouble(2);
                assertEquals(0.0, moments.getDouble(0), 1e-9, c + " mean on train, " + context);
                assertEquals(rawStd / (rawStd + 1e-7), moments.getDouble(1), 1e-9,
                        c + " std on train is 1 up to fastai's 1e-7 guard, " + context);
            }
            assertEquals(cardinalityOf(train, "c3") + 1, (long) features.cardinalities().get("c3_idx"), "booleans: #na#, false, true as seen; " + context);
        }
    }

    private long cardinalityOf(Dataset<Row> data, String c) {
        return data.select(c).where(col(c).isNotNull()).distinct().count();
    }

    private Dataset<Row> randomTable(int n, int cardinality, double nullRate, Random r) {
        List<Row> rows = new ArrayList<>();
        double scale = Math.pow(10, r.nextInt(7) - 3);
        for (int k = 0; k < n; k++) {
            rows.add(RowFactory.create(
                    r.nextDouble() < nullRate ? null : "v" + r.nextInt(cardinality),
                    r.nextDouble() < nullRate ? null : r.nextInt(cardinality) - cardinality / 2,
                    r.nextDouble() < nullRate ? null : r.nextBoolean(),
                    r.nextDouble() < nullRate ? (r.nextBoolean() ? null : (Double) Double.NaN) : (Double) (r.nextGaussian() * scale + 1e3),
                    r.nextDouble() < nullRate ? null : (Long) (long) r.nextInt(1_000_000),
                    // always present: no indicator, and missing values elsewhere are filled (unexpectedMissing=fill)
                    r.nextDouble() * scale));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }
}
