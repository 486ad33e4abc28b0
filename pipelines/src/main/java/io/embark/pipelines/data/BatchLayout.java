package io.embark.pipelines.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How DataFrame columns map onto a network's inputs and labels: input {@code k} of the network is the matrix
 * {@code [batch, inputs[k].length]} of those columns (numeric, cast to float), and the labels are the matrix of
 * the label columns. The order of inputs is the order of the graph's {@code addInputs}.
 */
public final class BatchLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String[]> inputs;
    private final String[] labels;

    private BatchLayout(List<String[]> inputs, String[] labels) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a batch layout needs at least one input");
        }
        for (String[] in : inputs) {
            if (in.length == 0) {
                throw new IllegalArgumentException("every network input needs at least one column");
            }
        }
        this.inputs = List.copyOf(inputs);
        this.labels = labels.clone();
    }

    /** A layout with the given inputs (one column list each) and label columns. */
    public static BatchLayout of(List<String[]> inputs, String... labels) {
        return new BatchLayout(inputs, labels);
    }

    /** A layout where every column is its own single-column input (e.g. one index per embedding). */
    public static BatchLayout singleColumnInputs(String[] inputColumns, String... labels) {
        List<String[]> in = new ArrayList<>();
        for (String c : inputColumns) {
            in.add(new String[] {c});
        }
        return new BatchLayout(in, labels);
    }

    /** The same inputs without labels, for prediction. */
    public BatchLayout withoutLabels() {
        return new BatchLayout(inputs, new String[0]);
    }

    /** Column lists, one per network input. */
    public List<String[]> inputs() {
        return inputs;
    }

    /** Label columns (empty for prediction). */
    public String[] labels() {
        return labels.clone();
    }

    /** Every input column then every label column, in batch order. */
    public String[] allColumns() {
        List<String> all = new ArrayList<>();
        inputs.forEach(in -> all.addAll(Arrays.asList(in)));
        all.addAll(Arrays.asList(labels));
        return all.toArray(new String[0]);
    }

    /** Width of each input followed by the label width. */
    int[] widths() {
        int[] w = new int[inputs.size() + 1];
        for (int k = 0; k < inputs.size(); k++) {
            w[k] = inputs.get(k).length;
        }
        w[inputs.size()] = labels.length;
        return w;
    }
}
