package io.embark.transformers.tabular;

/**
 * fastai's rule of thumb for the width of a categorical column's embedding:
 * {@code min(600, round(1.6 * n^0.56))}, where {@code n} is the vocabulary size including {@code #na#}
 * (Rossmann's Store: 1,116 → 81; DayOfWeek: 8 → 5).
 */
public final class EmbeddingSizes {
    /** The widest embedding the rule gives. */
    public static final int MAX = 600;

    private EmbeddingSizes() {
    }

    /** The embedding width for a vocabulary of {@code cardinality} entries (at least 1). */
    public static int fastai(int cardinality) {
        if (cardinality < 1) {
            throw new IllegalArgumentException("cardinality must be at least 1 (the #na# entry), got " + cardinality);
        }
        // Python's round() rounds halves to even; Math.rint does the same
        return (int) Math.min(MAX, Math.rint(1.6 * Math.pow(cardinality, 0.56)));
    }
}
