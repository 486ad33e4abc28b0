package io.embark.transformers.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ValueHistogram} without Spark: pandas' median and mode, merge order, capacity overflow. */
class ValueHistogramTest {

    @Test
    void medianAndModeAsPandas() {
        // pd.Series([1, 3, 10, 2, nan]).median() == 2.5; pd.Series([5, 5, 7, 7, 1]).mode()[0] == 5
        ValueHistogram h = new ValueHistogram(10).add(1).add(3).add(10).add(2).add(Double.NaN);
        assertEquals(2.5, h.median(), 0);
        assertEquals(1, h.missing());
        assertEquals(4, h.present());
        ValueHistogram odd = new ValueHistogram(10).add(5).add(5).add(7).add(7).add(1);
        assertEquals(5, odd.median(), 0);
        assertEquals(5, odd.mode(), 0, "ties go to the smallest");
        assertEquals(0.0, new ValueHistogram(10).add(-0.0).add(0.0).add(1).mode(), 0, "-0.0 and 0.0 are one value");
        assertTrue(Double.isNaN(new ValueHistogram(10).addMissing().median()));
    }

    @Test
    void anySplitAndMergeOrderGivesTheSortedArrayMedian() {
        Random random = new Random(3);
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + random.nextInt(1_500);
            double[] values = new double[n];
            int parts = 1 + random.nextInt(5);
            List<ValueHistogram> partials = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                partials.add(new ValueHistogram(10_000));
            }
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(1 + random.nextInt(300)) - 50;
                partials.get(random.nextInt(parts)).add(values[i]);
            }
            Collections.shuffle(partials, random);
            ValueHistogram total = new ValueHistogram(10_000);
            for (ValueHistogram p : partials) {
                total.merge(p);
            }
            Arrays.sort(values);
            double expected = (values[(n - 1) / 2] + values[n / 2]) / 2;
            assertEquals(expected, total.median(), 1e-12, "trial " + trial);
            assertEquals(n, total.present());
        }
    }

    @Test
    void tooManyDistinctValuesOverflowButMissingCountsSurvive() {
        ValueHistogram left = new ValueHistogram(3).add(1).add(2).addMissing();
        ValueHistogram right = new ValueHistogram(3).add(3).add(4);
        assertFalse(left.overflowed());
        left.merge(right);
        assertTrue(left.overflowed(), "4 distinct values > capacity 3");
        assertEquals(4, left.present());
        assertEquals(1, left.missing());
        assertThrows(IllegalStateException.class, left::median);
        ValueHistogram countsOnly = new ValueHistogram(0).add(1).addMissing();
        assertTrue(countsOnly.overflowed());
        assertEquals(1, countsOnly.present());
    }
}
