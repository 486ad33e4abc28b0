package io.embark.transformers.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link LongCounts} without Spark, against a boxed HashMap on random data, including extreme keys. */
class LongCountsTest {

    @Test
    void countsLikeAHashMapWhateverTheSplitAndMergeOrder() {
        Random random = new Random(9);
        long[] extremes = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1L << 40};
        for (int trial = 0; trial < 40; trial++) {
            Map<Long, Long> expected = new HashMap<>();
            int parts = 1 + random.nextInt(5);
            List<LongCounts> partials = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                partials.add(new LongCounts());
            }
            long missing = 0;
            int n = random.nextInt(5_000);
            int cardinality = 1 + random.nextInt(2_000);
            for (int i = 0; i < n; i++) {
                LongCounts part = partials.get(random.nextInt(parts));
                int pick = random.nextInt(100);
                if (pick == 0) {
                    part.addMissing();
                    missing++;
                } else {
                    long v = pick == 1 ? extremes[random.nextInt(extremes.length)] : random.nextInt(cardinality) * 7919L;
                    part.add(v);
                    expected.merge(v, 1L, Long::sum);
                }
            }
            Collections.shuffle(partials, random);
            LongCounts total = new LongCounts();
            for (LongCounts p : partials) {
                total.merge(p);
            }
            assertEquals(expected, total.counts(Long::valueOf), "trial " + trial);
            assertEquals(expected.size(), total.distinct());
            assertEquals(missing, total.missing());
            assertEquals(n, total.total());
        }
    }
}
