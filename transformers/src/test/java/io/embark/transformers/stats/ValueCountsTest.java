package io.embark.transformers.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/** {@link ValueCounts} without Spark: counting, missing values, merge order, reused probe buffers. */
class ValueCountsTest {

    @Test
    void countsValuesAndMissingOnes() {
        ValueCounts<String> c = new ValueCounts<String>().add("a").add("b").add("a").addMissing();
        assertEquals(Map.of("a", 2L, "b", 1L), c.counts());
        assertEquals(1, c.missing());
        assertEquals(4, c.total());
        assertEquals(2, c.distinct());
    }

    @Test
    void anySplitAndMergeOrderGivesTheSameCounts() {
        Random random = new Random(5);
        for (int trial = 0; trial < 30; trial++) {
            Map<Integer, Long> expected = new HashMap<>();
            long missing = 0;
            int parts = 1 + random.nextInt(6);
            List<ValueCounts<Integer>> partials = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                partials.add(new ValueCounts<>());
            }
            int n = random.nextInt(3_000);
            int cardinality = 1 + random.nextInt(200);
            for (int i = 0; i < n; i++) {
                ValueCounts<Integer> part = partials.get(random.nextInt(parts));
                if (random.nextInt(20) == 0) {
                    part.addMissing();
                    missing++;
                } else {
                    int v = random.nextInt(cardinality);
                    part.add(v);
                    expected.merge(v, 1L, Long::sum);
                }
            }
            Collections.shuffle(partials, random);
            ValueCounts<Integer> total = new ValueCounts<>();
            for (ValueCounts<Integer> p : partials) {
                total.merge(p);
            }
            assertEquals(expected, total.counts(), "trial " + trial);
            assertEquals(missing, total.missing(), "trial " + trial);
            assertEquals(n, total.total(), "trial " + trial);
        }
    }

    @Test
    void aReusedProbeIsCopiedOnlyWhenNew() {
        MutableKey buffer = new MutableKey();
        ValueCounts<MutableKey> c = new ValueCounts<>();
        List<MutableKey> copies = new ArrayList<>();
        for (String word : new String[] {"x", "y", "x"}) {
            buffer.value = word;
            c.add(buffer, probe -> {
                MutableKey copy = new MutableKey();
                copy.value = probe.value;
                copies.add(copy);
                return copy;
            });
        }
        assertEquals(2, copies.size(), "x and y copied once each");
        for (MutableKey copy : copies) {
            assertNotSame(buffer, copy);
        }
        buffer.value = "changed";
        assertEquals(Map.of("x", 2L, "y", 1L), c.counts(k -> k.value), "stored keys do not follow the buffer");
    }

    /** A key with value equality whose content changes, like a row buffer reused between rows. */
    private static final class MutableKey {
        String value;

        @Override
        public boolean equals(Object o) {
            return o instanceof MutableKey k && k.value.equals(value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }
    }
}
