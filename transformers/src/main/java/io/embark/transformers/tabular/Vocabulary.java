package io.embark.transformers.tabular;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One column's fitted categories: {@value #NA} at index 0, then the kept values in natural order. Immutable.
 * Built from per-value counts by {@link #fromCounts}; plain Java so that it is unit-tested without Spark.
 */
public final class Vocabulary implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The label of index 0, which stands for missing and unseen values. */
    public static final String NA = "#na#";

    private final CategoryKind kind;
    private final String[] labels;
    private final long[] counts;

    /**
     * @param kind   the kind of column the values came from
     * @param labels the labels, {@value #NA} first
     * @param counts training counts per label (index 0: missing values plus values dropped by the caps)
     */
    public Vocabulary(CategoryKind kind, String[] labels, long[] counts) {
        if (labels.length == 0 || !NA.equals(labels[0])) {
            throw new IllegalArgumentException("a vocabulary starts with " + NA);
        }
        if (counts.length != labels.length) {
            throw new IllegalArgumentException("labels and counts differ in length: " + labels.length + " vs " + counts.length);
        }
        this.kind = kind;
        this.labels = labels.clone();
        this.counts = counts.clone();
    }

    /**
     * Builds a vocabulary from training counts.
     *
     * @param kind          the column's kind, which gives the natural order
     * @param valueCounts   count per non-missing value (canonical string form)
     * @param missing       number of missing (null or NaN) training values
     * @param minCount      values seen fewer times are mapped to {@value #NA}; 1 keeps everything
     * @param maxCategories keep at most this many values, most frequent first with ties broken by natural order;
     *                      0 keeps everything
     */
    public static Vocabulary fromCounts(CategoryKind kind, Map<String, Long> valueCounts, long missing,
                                        long minCount, int maxCategories) {
        Comparator<String> natural = kind.order();
        List<Map.Entry<String, Long>> kept = new ArrayList<>();
        long dropped = missing;
        for (Map.Entry<String, Long> e : valueCounts.entrySet()) {
            if (e.getValue() >= minCount) {
                kept.add(e);
            } else {
                dropped += e.getValue();
            }
        }
        if (maxCategories > 0 && kept.size() > maxCategories) {
            kept.sort(Map.Entry.<String, Long>comparingByValue().reversed()
                    .thenComparing(Map.Entry::getKey, natural));
            for (Map.Entry<String, Long> e : kept.subList(maxCategories, kept.size())) {
                dropped += e.getValue();
            }
            kept = new ArrayList<>(kept.subList(0, maxCategories));
        }
        kept.sort(Map.Entry.comparingByKey(natural));
        String[] labels = new String[kept.size() + 1];
        long[] counts = new long[kept.size() + 1];
        labels[0] = NA;
        counts[0] = dropped;
        for (int i = 0; i < kept.size(); i++) {
            labels[i + 1] = kept.get(i).getKey();
            counts[i + 1] = kept.get(i).getValue();
        }
        return new Vocabulary(kind, labels, counts);
    }

    /** The kind of column this vocabulary encodes. */
    public CategoryKind kind() {
        return kind;
    }

    /** Number of labels including {@value #NA}: the embedding's input size. */
    public int size() {
        return labels.length;
    }

    /** The labels, {@value #NA} first. */
    public List<String> labels() {
        return Collections.unmodifiableList(Arrays.asList(labels));
    }

    /** Training count of each label (index 0: missing values plus values removed by the caps). */
    public long[] counts() {
        return counts.clone();
    }

    /** The label at {@code index}. */
    public String label(int index) {
        return labels[index];
    }

    /** Map from canonical value to index, for encoding; {@value #NA} itself is not a key. */
    public Map<String, Integer> index() {
        Map<String, Integer> map = new HashMap<>(labels.length * 2);
        for (int i = 1; i < labels.length; i++) {
            map.put(labels[i], i);
        }
        return map;
    }

    /** Labels and counts in index order, for display. */
    public Map<String, Long> asMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) {
            map.put(labels[i], counts[i]);
        }
        return map;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && kind == v.kind && Arrays.equals(labels, v.labels)
                && Arrays.equals(counts, v.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(labels) + kind.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary(" + kind + ", " + labels.length + " labels)";
    }
}
