package io.embark.transformers.tabular;

import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A Pipeline of Categorify, FillMissing and Normalize saved by embark 0.1.0 (persistence format 1) is kept under
 * test resources; later versions must keep loading it and computing the same outputs.
 */
class SavedModelCompatibilityTest {

    @Test
    void pipelineSavedByFormatVersionOneStillLoadsAndTransformsTheSame() {
        var spark = LocalSpark.get();
        PipelineModel p = PipelineModel.load(LocalSpark.repoRoot()
                .resolve("transformers/src/test/resources/compat/v1/tabular-pipeline").toString());
        CategorifyModel cat = (CategorifyModel) p.stages()[0];
        FillMissingModel fill = (FillMissingModel) p.stages()[1];
        NormalizeModel norm = (NormalizeModel) p.stages()[2];
        assertEquals(List.of("#na#", "2", "10"), cat.vocabulary("i").labels());
        assertEquals(List.of("#na#", "a", "b"), cat.vocabulary("s").labels());
        assertArrayEquals(new double[] {2.0}, fill.fillValues(), 0.0, "median of [1, 3]");
        assertEquals(List.of("x_na"), fill.indicatorCols());
        assertArrayEquals(new double[] {2.0}, norm.means(), 1e-12);

        var df = spark.createDataFrame(List.of(RowFactory.create(10, null, "z")),
                new StructType().add("i", "int").add("x", "double").add("s", "string"));
        Row r = p.transform(df).select("i_idx", "s_idx", "x_filled", "x_na", "x_filled_norm").first();
        assertEquals(RowFactory.create(2, 0, 2.0, true, 0.0), r);
    }
}
