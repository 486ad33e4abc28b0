package io.embark.pipelines.tabular;

import io.embark.pipelines.data.BatchLayout;
import io.embark.pipelines.data.MultiDataSetBatcher;
import io.embark.transformers.tabular.TabularFeatures;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;

/**
 * How prepared tabular rows become {@link TabularModel} minibatches: each categorical code column is its own
 * {@code [batch, 1]} feature array, all continuous columns together one {@code [batch, nCont]} array, in the
 * order of {@link TabularInputs}; the label is {@code [batch, 1]}. Built on the executors by
 * {@link MultiDataSetBatcher}.
 *
 * <pre>{@code
 * BatchLayout layout = TabularBatches.layout(features, "LogSales");
 * JavaRDD<MultiDataSet> batches = MultiDataSetBatcher.batches(prepared, layout, 64);
 * }</pre>
 */
public final class TabularBatches {
    private TabularBatches() {
    }

    /** The layout of {@code features}' inputs with {@code target} as the label. */
    public static BatchLayout layout(TabularFeatures features, String target) {
        return layout(TabularInputs.of(features), target);
    }

    /** The layout of {@code inputs} with {@code target} as the label. */
    public static BatchLayout layout(TabularInputs inputs, String target) {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("a target column is required");
        }
        List<String[]> in = new ArrayList<>();
        for (List<String> cols : inputs.columns()) {
            if (cols.contains(target)) {
                throw new IllegalArgumentException("target column '" + target + "' is also a feature column");
            }
            in.add(cols.toArray(new String[0]));
        }
        return BatchLayout.of(in, target);
    }

    /** Minibatches of {@code batchSize} rows of {@code prepared}. */
    public static JavaRDD<MultiDataSet> batches(Dataset<Row> prepared, TabularFeatures features, String target,
                                                int batchSize) {
        return MultiDataSetBatcher.batches(prepared, layout(features, target), batchSize);
    }
}
