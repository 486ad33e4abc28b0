package io.embark.pipelines.text;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassifierBatchesTest {

    @Test
    void padsAtTheStartMasksPaddingAndOneHotsLabels() {
        DataSet ds = ClassifierBatches.pack(List.of(new ClassifierBatches.Doc(new int[] {2, 9, 10}, 1),
                new ClassifierBatches.Doc(new int[] {2, 11}, 0), new ClassifierBatches.Doc(new int[] {2}, 2)), 3);
        assertArrayEquals(new long[] {3, 1, 3}, ds.getFeatures().shape());
        assertArrayEquals(new float[][] {{2, 9, 10}, {1, 2, 11}, {1, 1, 2}},
                LanguageModelWindowsTest.rows(ds.getFeatures()));
        assertArrayEquals(new float[][] {{1, 1, 1}, {0, 1, 1}, {0, 0, 1}},
                LanguageModelWindowsTest.rows(ds.getFeaturesMaskArray()));
        assertArrayEquals(new float[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}}, ds.getLabels().toFloatMatrix());
        assertEquals(null, ds.getLabelsMaskArray());
    }

    @Test
    void groupsSimilarLengthsAndServesEveryDocumentOnce() {
        Random r = new Random(1);
        List<ClassifierBatches.Doc> docs = new ArrayList<>();
        for (int d = 0; d < 1000; d++) {
            int len = 1 + r.nextInt(300);
            int[] ids = new int[len];
            ids[0] = 10_000 + d; // identifies the document
            docs.add(new ClassifierBatches.Doc(ids, d % 2));
        }
        ClassifierBatches batches = new ClassifierBatches(docs.iterator(), 2, 16, 10, new Random(7));
        List<Integer> seen = new ArrayList<>();
        long padded = 0;
        long real = 0;
        while (batches.hasNext()) {
            DataSet ds = batches.next();
            float[][] f = LanguageModelWindowsTest.rows(ds.getFeatures());
            float[][] m = LanguageModelWindowsTest.rows(ds.getFeaturesMaskArray());
            for (int i = 0; i < f.length; i++) {
                int first = 0;
                while (m[i][first] == 0f) {
                    first++;
                }
                int doc = (int) f[i][first] - 10_000;
                seen.add(doc);
                assertEquals(docs.get(doc).ids.length, f[i].length - first);
                assertEquals(doc % 2, ds.getLabels().getFloat(i, 1) == 1f ? 1 : 0);
                for (int t = first; t < f[i].length; t++) {
                    assertEquals(1f, m[i][t]);
                }
                padded += first;
                real += f[i].length - first;
            }
        }
        seen.sort(Integer::compare);
        List<Integer> all = new ArrayList<>();
        for (int d = 0; d < 1000; d++) {
            all.add(d);
        }
        assertEquals(all, seen, "no document lost or duplicated");
        long unsorted = 0;
        for (int s = 0; s < docs.size(); s += 16) {
            int max = 0;
            int end = Math.min(docs.size(), s + 16);
            for (int d = s; d < end; d++) {
                max = Math.max(max, docs.get(d).ids.length);
            }
            for (int d = s; d < end; d++) {
                unsorted += max - docs.get(d).ids.length;
            }
        }
        assertTrue(padded * 5 < unsorted, "sorting within chunks cuts padding: " + padded + " vs " + unsorted
                + " in arrival order (" + real + " real tokens)");
    }

    @Test
    void rejectsEmptyDocumentsAndBadLabels() {
        assertThrows(IllegalArgumentException.class, () -> new ClassifierBatches(
                List.of(new ClassifierBatches.Doc(new int[0], 0)).iterator(), 2, 4, 1, new Random(1)).hasNext());
        assertThrows(IllegalArgumentException.class, () -> new ClassifierBatches(
                List.of(new ClassifierBatches.Doc(new int[] {2}, 2)).iterator(), 2, 4, 1, new Random(1)).hasNext());
    }
}
