package io.embark.pipelines.tabular;

import io.embark.transformers.tabular.TabularFeatures;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The network inputs of a {@link TabularModel}, in graph order, with the DataFrame columns that fill each: one
 * input per categorical code column ({@code [batch, 1]}, named {@value #CATEGORICAL_PREFIX}{@code <column>}),
 * then one input {@value #CONTINUOUS} holding every continuous column ({@code [batch, nCont]}). This single list
 * drives both the graph's {@code addInputs} ({@link TabularModel}) and the order of the MultiDataSet feature
 * arrays ({@link TabularBatches}), so the two cannot drift apart.
 */
public final class TabularInputs implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Prefix of the graph input of a categorical column. */
    public static final String CATEGORICAL_PREFIX = "cat_";
    /** Graph input holding all continuous columns. */
    public static final String CONTINUOUS = "conts";

    private final List<String> names;
    private final List<List<String>> columns;

    private TabularInputs(List<String> names, List<List<String>> columns) {
        this.names = List.copyOf(names);
        this.columns = List.copyOf(columns);
    }

    /** The inputs for {@code features}: categorical columns in their order, then the continuous block. */
    public static TabularInputs of(TabularFeatures features) {
        List<String> names = new ArrayList<>();
        List<List<String>> columns = new ArrayList<>();
        for (String c : features.categoricalCols()) {
            names.add(categoricalInput(c));
            columns.add(List.of(c));
        }
        if (!features.continuousCols().isEmpty()) {
            names.add(CONTINUOUS);
            columns.add(features.continuousCols());
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a tabular model needs at least one categorical or continuous column");
        }
        return new TabularInputs(names, columns);
    }

    /** The graph input name of categorical column {@code column}. */
    public static String categoricalInput(String column) {
        return CATEGORICAL_PREFIX + column;
    }

    /** Graph input names, in {@code addInputs} order. */
    public List<String> names() {
        return names;
    }

    /** DataFrame columns of each input, aligned with {@link #names}. */
    public List<List<String>> columns() {
        return columns;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("TabularInputs(");
        for (int k = 0; k < names.size(); k++) {
            b.append(k == 0 ? "" : ", ").append(names.get(k)).append('=').append(columns.get(k));
        }
        return b.append(')').toString();
    }
}
