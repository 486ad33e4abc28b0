package io.embark.transformers.shared;

/** Helpers for the input/output column lists of multi-column stages. */
public final class ColumnLists {
    private ColumnLists() {
    }

    /** Each input name with {@code suffix} appended: the default output columns. */
    public static String[] withSuffix(String[] inputs, String suffix) {
        String[] out = new String[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            out[i] = inputs[i] + suffix;
        }
        return out;
    }
}
