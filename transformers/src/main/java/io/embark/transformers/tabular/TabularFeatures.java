package io.embark.transformers.tabular;

import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a fitted tabular preparation produces, for building a model on top of it: the categorical code columns
 * with their vocabulary sizes (including {@code #na#}) and fastai embedding widths, and the continuous columns,
 * each list in the order the model should consume them.
 *
 * <p>Read from a fitted {@link PipelineModel} with {@link #of}: every {@link CategorifyModel} in it contributes
 * its output columns (this includes the {@code _na} indicators that {@link FillMissing} added), every
 * {@link NormalizeModel} its outputs. Plain and serializable, so it can be broadcast or written with a model.
 *
 * <pre>{@code
 * TabularFeatures features = TabularFeatures.of(preparation.fit(train));
 * features.cardinalities();    // {Store_idx=1116, DayOfWeek_idx=8, ...}
 * features.embeddingSizes();   // {Store_idx=81, DayOfWeek_idx=5, ...}
 * }</pre>
 */
public final class TabularFeatures implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> categoricalCols;
    private final int[] cardinalities;
    private final List<String> continuousCols;

    /** Features from explicit lists; {@code cardinalities} aligns with {@code categoricalCols}. */
    public TabularFeatures(List<String> categoricalCols, int[] cardinalities, List<String> continuousCols) {
        if (categoricalCols.size() != cardinalities.length) {
            throw new IllegalArgumentException(categoricalCols.size() + " categorical columns but "
                    + cardinalities.length + " cardinalities");
        }
        this.categoricalCols = List.copyOf(categoricalCols);
        this.cardinalities = cardinalities.clone();
        this.continuousCols = List.copyOf(continuousCols);
    }

    /** Collects the categorical and continuous outputs of every fitted Categorify and Normalize in {@code fitted}. */
    public static TabularFeatures of(PipelineModel fitted) {
        List<String> categorical = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        List<String> continuous = new ArrayList<>();
        for (Transformer stage : fitted.stages()) {
            if (stage instanceof CategorifyModel categorify) {
                String[] out = categorify.getOutputCols();
                int[] card = categorify.cardinalities();
                for (int i = 0; i < out.length; i++) {
                    categorical.add(out[i]);
                    sizes.add(card[i]);
                }
            } else if (stage instanceof NormalizeModel normalize) {
                continuous.addAll(Arrays.asList(normalize.getOutputCols()));
            }
        }
        if (categorical.isEmpty() && continuous.isEmpty()) {
            throw new IllegalArgumentException("the PipelineModel " + fitted.uid()
                    + " has no fitted Categorify or Normalize stage; nothing to describe");
        }
        return new TabularFeatures(categorical, sizes.stream().mapToInt(Integer::intValue).toArray(), continuous);
    }

    /** The categorical code columns (int, in [0, cardinality)). */
    public List<String> categoricalCols() {
        return categoricalCols;
    }

    /** The continuous (normalised) columns. */
    public List<String> continuousCols() {
        return continuousCols;
    }

    /** Vocabulary size per categorical column, in column order. */
    public int[] cardinalityArray() {
        return cardinalities.clone();
    }

    /** fastai embedding width per categorical column, in column order. */
    public int[] embeddingSizeArray() {
        return Arrays.stream(cardinalities).map(EmbeddingSizes::fastai).toArray();
    }

    /** Vocabulary size per categorical column, keyed by column, in column order. */
    public Map<String, Integer> cardinalities() {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < cardinalities.length; i++) {
            map.put(categoricalCols.get(i), cardinalities[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** fastai embedding width per categorical column, keyed by column, in column order. */
    public Map<String, Integer> embeddingSizes() {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < cardinalities.length; i++) {
            map.put(categoricalCols.get(i), EmbeddingSizes.fastai(cardinalities[i]));
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return "TabularFeatures(categorical=" + cardinalities() + ", continuous=" + continuousCols + ")";
    }
}
