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

    /** {@code first} followed by {@code second}. */
    public static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
