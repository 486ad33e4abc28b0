package io.embark.pipelines.classify;

import io.embark.pipelines.train.OneCycleSchedule;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ULMFiT's gradual unfreezing with discriminative learning rates over the classifier's
 * {@link TextClassifier#layerGroups layer groups}: phase {@code i} (0-based) of {@code P} trains the top
 * {@code i + 1} groups (the head first, then the last LSTM layer with it, then the one below, ...) and the last
 * phase trains every group; within a phase the top group peaks at the phase's {@code maxLr} and each group below
 * at the rate of the one above divided by {@code ratio} (ULMFiT's 2.6), each under its own one-cycle schedule.
 * fastai's IMDB recipe is four phases of 1, 1, 1 and 2 epochs peaking at 2e-2, 1e-2, 5e-3 and 1e-3.
 */
public final class GradualUnfreezing {
    /** ULMFiT's ratio between the peak rates of neighbouring layer groups. */
    public static final double ULMFIT_RATIO = 2.6;

    private final List<List<String>> groups;
    private final double ratio;

    /** Unfreezing over {@code groups} (bottom up) with rates divided by {@code ratio} per group downwards. */
    public GradualUnfreezing(List<List<String>> groups, double ratio) {
        if (groups.size() < 2) {
            throw new IllegalArgumentException("gradual unfreezing needs at least 2 layer groups, got " + groups.size());
        }
        if (!(ratio >= 1)) {
            throw new IllegalArgumentException("the learning-rate ratio between layer groups must be >= 1, got " + ratio);
        }
        this.groups = List.copyOf(groups);
        this.ratio = ratio;
    }

    /**
     * One phase: {@code epochs} epochs training the top {@code trainableGroups} groups under one-cycle schedules
     * peaking at {@code maxLr} for the top group.
     */
    public record Phase(String name, int epochs, double maxLr, int trainableGroups) {
        /** Validates the phase. */
        public Phase {
            if (epochs < 0) {
                throw new IllegalArgumentException("phase epochs must be >= 0, got " + epochs);
            }
            if (!(maxLr > 0)) {
                throw new IllegalArgumentException("phase max-lr must be > 0, got " + maxLr);
            }
            if (trainableGroups < 1) {
                throw new IllegalArgumentException("a phase trains at least one layer group");
            }
        }
    }

    /**
     * The phases for {@code epochs.get(i)} epochs at peak {@code maxLrs.get(i)}; phase {@code i} trains the top
     * {@code i + 1} groups, the last one all of them.
     */
    public List<Phase> phases(List<Integer> epochs, List<Double> maxLrs) {
        if (epochs.isEmpty() || epochs.size() != maxLrs.size()) {
            throw new IllegalArgumentException("give one max-lr per phase: " + epochs.size() + " phase epochs and "
                    + maxLrs.size() + " max-lrs");
        }
        if (epochs.size() > groups.size()) {
            throw new IllegalArgumentException(epochs.size() + " phases but only " + groups.size()
                    + " layer groups to unfreeze");
        }
        List<Phase> phases = new ArrayList<>();
        for (int i = 0; i < epochs.size(); i++) {
            boolean last = i == epochs.size() - 1;
            int trainable = last ? groups.size() : i + 1;
            String name = trainable == groups.size() ? "all layers" : trainable == 1 ? "head only"
                    : "top " + trainable + " layer groups";
            phases.add(new Phase(name, epochs.get(i), maxLrs.get(i), trainable));
        }
        return phases;
    }

    /** The layers a phase keeps fixed: every layer of the groups below its trainable ones. */
    public Set<String> frozen(Phase phase) {
        Set<String> frozen = new HashSet<>();
        for (int g = 0; g < groups.size() - Math.min(phase.trainableGroups(), groups.size()); g++) {
            frozen.addAll(groups.get(g));
        }
        return frozen;
    }

    /** Each layer's peak rate in {@code phase}: the top group's is the phase's max-lr, divided by the ratio per group down. */
    public Map<String, Double> peakRates(Phase phase) {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            double rate = phase.maxLr() / Math.pow(ratio, groups.size() - 1 - g);
            for (String layer : groups.get(g)) {
                rates.put(layer, rate);
            }
        }
        return rates;
    }

    /** Each layer's one-cycle schedule over {@code iterations} iterations of {@code phase}. */
    public Map<String, ISchedule> schedules(Phase phase, long iterations) {
        Map<String, ISchedule> schedules = new LinkedHashMap<>();
        peakRates(phase).forEach((layer, rate) -> schedules.put(layer, new OneCycleSchedule(rate, Math.max(1, iterations))));
        return schedules;
    }

    /** The layer groups, bottom up. */
    public List<List<String>> groups() {
        return groups;
    }
}
