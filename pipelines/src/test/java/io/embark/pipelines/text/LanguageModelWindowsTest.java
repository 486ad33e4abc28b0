package io.embark.pipelines.text;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LanguageModelWindowsTest {

    static float[][] rows(org.nd4j.linalg.api.ndarray.INDArray a) {
        long n = a.size(0);
        long t = a.size(a.rank() - 1);
        float[][] out = new float[(int) n][(int) t];
        org.nd4j.linalg.api.ndarray.INDArray m = a.reshape(n, t);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < t; j++) {
                out[i][j] = m.getFloat(i, j);
            }
        }
        return out;
    }

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = from; i < to; i++) {
            r[i - from] = i;
        }
        return r;
    }

    @Test
    void matchesFastaisLmDataLoaderExampleWhenTheStreamDividesEvenly() {
        // fastai/text/data.py test: docs 0-4, 5-10, 11-18, 19-20, 21-23, 24 with bs=4, seq_len=3
        List<int[]> docs = List.of(range(0, 5), range(5, 11), range(11, 19), range(19, 21), range(21, 24),
                range(24, 25));
        List<DataSet> b = LanguageModelWindows.of(docs, 4, 3).toList();
        assertEquals(2, b.size());
        assertArrayEquals(new float[][] {{0, 1, 2}, {6, 7, 8}, {12, 13, 14}, {18, 19, 20}}, rows(b.get(0).getFeatures()));
        assertArrayEquals(new float[][] {{1, 2, 3}, {7, 8, 9}, {13, 14, 15}, {19, 20, 21}}, rows(b.get(0).getLabels()));
        assertArrayEquals(new float[][] {{3, 4, 5}, {9, 10, 11}, {15, 16, 17}, {21, 22, 23}}, rows(b.get(1).getFeatures()));
        assertArrayEquals(new float[][] {{4, 5, 6}, {10, 11, 12}, {16, 17, 18}, {22, 23, 24}}, rows(b.get(1).getLabels()));
        for (DataSet ds : b) {
            assertArrayEquals(new long[] {4, 1, 3}, ds.getFeatures().shape());
            assertArrayEquals(new long[] {4, 1, 3}, ds.getLabels().shape());
            assertArrayEquals(new long[] {4, 3}, ds.getLabelsMaskArray().shape());
            assertEquals(12.0, ds.getLabelsMaskArray().sumNumber().doubleValue(), "no partial window");
        }
    }

    @Test
    void unevenStreamsKeepEveryTargetAndMaskTheTail() {
        // fastai's first example (23 tokens): fastai drops 2 targets; here streams get 6, 6, 5, 5 targets
        List<int[]> docs = List.of(range(0, 5), range(5, 11), range(11, 19), range(19, 21), range(21, 23));
        List<DataSet> b = LanguageModelWindows.of(docs, 4, 4).toList();
        assertEquals(2, b.size());
        assertArrayEquals(new float[][] {{0, 1, 2, 3}, {6, 7, 8, 9}, {12, 13, 14, 15}, {17, 18, 19, 20}},
                rows(b.get(0).getFeatures()));
        assertArrayEquals(new float[][] {{4, 5, 1, 1}, {10, 11, 1, 1}, {16, 1, 1, 1}, {21, 1, 1, 1}},
                rows(b.get(1).getFeatures()), "xxpad after the end of each stream");
        assertArrayEquals(new float[][] {{5, 6, 0, 0}, {11, 12, 0, 0}, {17, 0, 0, 0}, {22, 0, 0, 0}},
                rows(b.get(1).getLabels()));
        assertArrayEquals(new float[][] {{1, 1, 0, 0}, {1, 1, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}},
                rows(b.get(1).getLabelsMaskArray()));
        assertEquals(b.get(1).getLabelsMaskArray(), b.get(1).getFeaturesMaskArray());
        List<Float> targets = new ArrayList<>();
        for (DataSet ds : b) {
            float[][] l = rows(ds.getLabels());
            float[][] m = rows(ds.getLabelsMaskArray());
            for (int i = 0; i < l.length; i++) {
                for (int t = 0; t < l[i].length; t++) {
                    if (m[i][t] == 1f) {
                        targets.add(l[i][t]);
                    }
                }
            }
        }
        targets.sort(Float::compare);
        List<Float> expected = new ArrayList<>();
        for (int i = 1; i < 23; i++) {
            expected.add((float) i);
        }
        assertEquals(expected, targets, "every token but the first is a target exactly once");
    }

    @Test
    void tinyAndEmptyInputs() {
        assertFalse(LanguageModelWindows.of(List.of(), 4, 3).hasNext());
        assertFalse(LanguageModelWindows.of(List.of(new int[] {7}), 4, 3).hasNext(), "one token: no target");
        List<DataSet> two = LanguageModelWindows.of(List.of(new int[] {7, 8}), 3, 5).toList();
        assertEquals(1, two.size());
        assertArrayEquals(new float[][] {{1, 0, 0, 0, 0}, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}},
                rows(two.get(0).getLabelsMaskArray()), "streams without targets are fully masked");
        assertThrows(IllegalArgumentException.class, () -> LanguageModelWindows.of(List.of(), 0, 3));
        assertThrows(IllegalArgumentException.class, () -> LanguageModelWindows.of(List.of(), 2, 0));
    }
}
