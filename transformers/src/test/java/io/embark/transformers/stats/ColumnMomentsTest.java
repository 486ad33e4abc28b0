package io.embark.transformers.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ColumnMoments} without Spark: hand-worked values, merge order, numerical accuracy, special values. */
class ColumnMomentsTest {

    @Test
    void handWorkedExampleMatchesPandasWithDdofZero() {
        // pandas: pd.Series([2, 4, 4, 4, 5, 5, 7, 9]).std(ddof=0) == 2.0, mean 5.0
        ColumnMoments m = new ColumnMoments();
        for (double v : new double[] {2, 4, 4, 4, 5, 5, 7, 9}) {
            m.add(v);
        }
        assertEquals(8, m.getCount());
        assertEquals(5.0, m.mean(), 1e-12);
        assertEquals(2.0, m.populationStd(), 1e-12);
    }

    @Test
    void nullAndNaNAreMissingAndInfinitiesAreCountedApart() {
        ColumnMoments m = new ColumnMoments().add(1.0).add(null).add(Double.NaN).add(Double.POSITIVE_INFINITY)
                .add(Double.NEGATIVE_INFINITY).add(3.0);
        assertEquals(2, m.getCount());
        assertEquals(2, m.getMissing());
        assertEquals(2, m.getInfinite());
        assertEquals(2.0, m.mean(), 0);
        assertEquals(1.0, m.populationStd(), 0);
    }

    @Test
    void emptyAccumulatorHasNoMeanAndMergesAsIdentity() {
        ColumnMoments empty = new ColumnMoments();
        assertTrue(Double.isNaN(empty.mean()));
        assertTrue(Double.isNaN(empty.populationStd()));
        ColumnMoments m = new ColumnMoments().add(4.0).add(6.0);
        m.merge(new ColumnMoments());
        assertEquals(5.0, m.mean(), 0);
        ColumnMoments fromEmpty = new ColumnMoments().merge(m);
        assertEquals(5.0, fromEmpty.mean(), 0);
        assertEquals(1.0, fromEmpty.populationStd(), 0);
        assertEquals(2, fromEmpty.getCount());
    }

    @Test
    void anySplitAndMergeOrderGivesTheTwoPassResult() {
        Random random = new Random(11);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + random.nextInt(2_000);
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                values.add(random.nextInt(10) == 0 ? null : random.nextGaussian() * 30 + 100);
            }
            double[] exact = twoPass(values);
            int parts = 1 + random.nextInt(8);
            List<ColumnMoments> partials = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                partials.add(new ColumnMoments());
            }
            for (Double v : values) {
                partials.get(random.nextInt(parts)).add(v);
            }
            Collections.shuffle(partials, random);
            ColumnMoments total = new ColumnMoments();
            for (ColumnMoments p : partials) {
                total.merge(p);
            }
            assertEquals((long) exact[0], total.getCount(), "trial " + trial);
            assertEquals(n - (long) exact[0], total.getMissing(), "trial " + trial);
            if (exact[0] > 0) {
                assertEquals(exact[1], total.mean(), 1e-9, "trial " + trial);
                assertEquals(exact[2], total.populationStd(), 1e-9, "trial " + trial);
            }
        }
    }

    @Test
    void staysAccurateWhenTheMeanDwarfsTheSpread() {
        // the naive sum-of-squares formula loses every digit here (1e9^2 = 1e18 > 2^53)
        ColumnMoments left = new ColumnMoments();
        ColumnMoments right = new ColumnMoments();
        for (int i = 0; i < 10_000; i++) {
            (i % 3 == 0 ? left : right).add(1e9 + (i % 2 == 0 ? -1.0 : 1.0));
        }
        ColumnMoments m = left.merge(right);
        assertEquals(1e9, m.mean(), 1e-6);
        assertEquals(1.0, m.populationStd(), 1e-6);
    }

    private static double[] twoPass(List<Double> values) {
        double sum = 0;
        long n = 0;
        for (Double v : values) {
            if (v != null) {
                sum += v;
                n++;
            }
        }
        double mean = n == 0 ? Double.NaN : sum / n;
        double ss = 0;
        for (Double v : values) {
            if (v != null) {
                ss += (v - mean) * (v - mean);
            }
        }
        return new double[] {n, mean, n == 0 ? Double.NaN : Math.sqrt(ss / n)};
    }
}
