package io.embark.pipelines.classify;

import io.embark.pipelines.lm.AwdLstm;
import io.embark.pipelines.lm.LanguageModelSettings;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextClassifierTest {
    static final LanguageModelSettings SIZES = new LanguageModelSettings(6, 8, 2, 0, 0, 0, 0, 0, 1, 0, 1e-3, 0, 0.9,
            0.99, 1e-5, 5);
    static final TextClassifierSettings NO_DROPOUT = new TextClassifierSettings(0, 0, 0, 0, 0, 1, 5, 0, 0, 0.01, 0.9,
            0.99, 1e-5, 3);

    static Map<String, ISchedule> schedules(double lr, int layers) {
        GradualUnfreezing u = new GradualUnfreezing(TextClassifier.layerGroups(layers), 1);
        return u.schedules(new GradualUnfreezing.Phase("all", 1, lr, layers + 2), 100);
    }

    static Map<String, INDArray> activations(ComputationGraph net, float[][] ids, float[][] mask) {
        INDArray x = Nd4j.createFromArray(ids).reshape(ids.length, 1, ids[0].length);
        net.setLayerMaskArrays(new INDArray[] {Nd4j.createFromArray(mask)}, null);
        Map<String, INDArray> acts = net.feedForward(new INDArray[] {x}, false, false);
        net.clearLayerMaskArrays();
        return acts;
    }

    @Test
    void concatPoolingIsLastMaxAndMeanOverTheRealTokensOnly() {
        ComputationGraph net = TextClassifier.create(12, 2, SIZES, NO_DROPOUT, schedules(1e-3, 2), Set.of());
        // row 0: two real tokens after two pads; row 1: four real tokens
        float[][] ids = {{1, 1, 5, 7}, {3, 9, 4, 2}};
        float[][] mask = {{0, 0, 1, 1}, {1, 1, 1, 1}};
        Map<String, INDArray> acts = activations(net, ids, mask);
        INDArray encoded = acts.get(AwdLstm.lstm(1)); // [2, 6, 4]
        INDArray pooled = acts.get(TextClassifier.CONCAT_POOL); // [2, 18]
        assertArrayEquals(new long[] {2, 18}, pooled.shape());
        for (int r = 0; r < 2; r++) {
            int first = r == 0 ? 2 : 0;
            for (int c = 0; c < 6; c++) {
                double max = Double.NEGATIVE_INFINITY;
                double sum = 0;
                for (int t = first; t < 4; t++) {
                    double v = encoded.getDouble(r, c, t);
                    max = Math.max(max, v);
                    sum += v;
                }
                assertEquals(encoded.getDouble(r, c, 3), pooled.getDouble(r, c), 1e-6, "last step");
                assertEquals(max, pooled.getDouble(r, 6 + c), 1e-6, "max over real tokens");
                assertEquals(sum / (4 - first), pooled.getDouble(r, 12 + c), 1e-6, "mean over real tokens");
            }
        }
        // padding changes nothing: the short document alone gives the same pooled features
        Map<String, INDArray> alone = activations(net, new float[][] {{5, 7}}, new float[][] {{1, 1}});
        INDArray single = alone.get(TextClassifier.CONCAT_POOL);
        for (int k = 0; k < 18; k++) {
            assertEquals(single.getDouble(0, k), pooled.getDouble(0, k), 1e-5, "feature " + k);
        }
    }

    @Test
    void theHeadHasFastaisLayersAndTheEncoderTheLanguageModelsNames() {
        ComputationGraph net = TextClassifier.create(12, 3, SIZES, TextClassifierSettings.fastai(0.5, 1),
                schedules(1e-3, 2), Set.of());
        for (String layer : List.of(AwdLstm.EMBEDDING, AwdLstm.lstm(0), AwdLstm.lstm(1), TextClassifier.HEAD_BN,
                TextClassifier.HEAD_LINEAR, TextClassifier.HEAD_BN2, TextClassifier.CLASSES)) {
            assertTrue(net.getConfiguration().getVertices().containsKey(layer), layer);
        }
        assertArrayEquals(new long[] {18, 50}, net.getLayer(TextClassifier.HEAD_LINEAR).getParam("W").shape());
        assertEquals(3, TextClassifier.numClasses(net));
        assertThrows(IllegalArgumentException.class, () -> TextClassifier.create(12, 1, SIZES, NO_DROPOUT,
                schedules(1e-3, 2), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> TextClassifier.create(12, 2, SIZES, NO_DROPOUT,
                Map.of(), Set.of()));
    }

    @Test
    void eachPhaseTrainsExactlyItsLayerGroupsAtDiscriminativeRates() {
        GradualUnfreezing u = new GradualUnfreezing(TextClassifier.layerGroups(2), 2.6);
        List<GradualUnfreezing.Phase> phases = u.phases(List.of(1, 1, 1, 2), List.of(2e-2, 1e-2, 5e-3, 1e-3));
        assertEquals(List.of(1, 2, 3, 4), phases.stream().map(GradualUnfreezing.Phase::trainableGroups).toList());
        List<Set<String>> trainable = List.of(Set.copyOf(TextClassifier.HEAD),
                union(TextClassifier.HEAD, AwdLstm.lstm(1)), union(TextClassifier.HEAD, AwdLstm.lstm(1), AwdLstm.lstm(0)),
                union(TextClassifier.HEAD, AwdLstm.lstm(1), AwdLstm.lstm(0), AwdLstm.EMBEDDING));
        float[][] ids = {{1, 1, 5, 7, 3}, {3, 9, 4, 2, 8}, {2, 2, 2, 6, 6}, {1, 4, 4, 10, 11}};
        float[][] mask = {{0, 0, 1, 1, 1}, {1, 1, 1, 1, 1}, {1, 1, 1, 1, 1}, {0, 1, 1, 1, 1}};
        INDArray x = Nd4j.createFromArray(ids).reshape(4, 1, 5);
        INDArray y = Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}});
        MultiDataSet batch = new MultiDataSet(new INDArray[] {x}, new INDArray[] {y},
                new INDArray[] {Nd4j.createFromArray(mask)}, null);
        for (int p = 0; p < phases.size(); p++) {
            GradualUnfreezing.Phase phase = phases.get(p);
            Map<String, ISchedule> schedules = u.schedules(phase, 100);
            ComputationGraph net = TextClassifier.create(12, 2, SIZES, NO_DROPOUT, schedules, u.frozen(phase));
            Map<String, Double> peak = u.peakRates(phase);
            assertEquals(phase.maxLr(), peak.get(TextClassifier.CLASSES), 1e-12);
            assertEquals(phase.maxLr() / 2.6, peak.get(AwdLstm.lstm(1)), 1e-12);
            assertEquals(phase.maxLr() / (2.6 * 2.6), peak.get(AwdLstm.lstm(0)), 1e-12);
            assertEquals(phase.maxLr() / (2.6 * 2.6 * 2.6), peak.get(AwdLstm.EMBEDDING), 1e-12);
            net.getConfiguration().setIterationCount(25);
            Map<String, INDArray> before = new HashMap<>();
            for (String layer : peak.keySet()) {
                before.put(layer, net.getLayer(layer).params().dup());
                // the rate DL4J applies at iteration 25 (the peak of a 100-iteration cycle) is the layer's own
                if (!u.frozen(phase).contains(layer)) {
                    assertEquals(peak.get(layer), net.getLearningRate(layer), peak.get(layer) * 1e-6, layer);
                }
            }
            net.fit(batch);
            for (String layer : peak.keySet()) {
                boolean changed = !before.get(layer).equals(net.getLayer(layer).params());
                assertEquals(trainable.get(p).contains(layer), changed, "phase " + (p + 1) + ", layer " + layer);
            }
        }
    }

    /** Token ids 2-19 are filler, 20-24 positive words, 25-29 negative words; the class is which kind appears. */
    static List<io.embark.pipelines.text.ClassifierBatches.Doc> keywordDocs(java.util.Random r, int n) {
        List<io.embark.pipelines.text.ClassifierBatches.Doc> docs = new java.util.ArrayList<>();
        for (int d = 0; d < n; d++) {
            int label = r.nextInt(2);
            int[] ids = new int[5 + r.nextInt(30)];
            for (int t = 0; t < ids.length; t++) {
                ids[t] = r.nextInt(5) == 0 ? (label == 1 ? 20 : 25) + r.nextInt(5) : 2 + r.nextInt(18);
            }
            docs.add(new io.embark.pipelines.text.ClassifierBatches.Doc(ids, label));
        }
        return docs;
    }

    @Test
    void aSingleJvmFitLearnsWhichWordsDecideTheClass() {
        java.util.Random r = new java.util.Random(4);
        ComputationGraph net = TextClassifier.create(30, 2, SIZES, TextClassifierSettings.fastai(0.5, 1),
                schedules(1e-2, 2), Set.of());
        List<io.embark.pipelines.text.ClassifierBatches.Doc> train = keywordDocs(r, 3200);
        java.util.Iterator<org.nd4j.linalg.dataset.DataSet> batches = new io.embark.pipelines.text.ClassifierBatches(
                train.iterator(), 2, 32, 10, new java.util.Random(1));
        while (batches.hasNext()) {
            net.fit(batches.next());
        }
        org.nd4j.linalg.dataset.DataSet test = io.embark.pipelines.text.ClassifierBatches.pack(keywordDocs(r, 200), 2);
        INDArray p = net.output(false, new INDArray[] {test.getFeatures()}, new INDArray[] {test.getFeaturesMaskArray()},
                null)[0];
        int correct = 0;
        for (int i = 0; i < 200; i++) {
            int predicted = p.getDouble(i, 1) > p.getDouble(i, 0) ? 1 : 0;
            correct += predicted == test.getLabels().getDouble(i, 1) ? 1 : 0;
        }
        assertTrue(correct >= 160, correct + " of 200 right (half by chance)");
    }

    private static Set<String> union(List<String> head, String... more) {
        Set<String> s = new java.util.HashSet<>(head);
        s.addAll(List.of(more));
        return s;
    }
}
