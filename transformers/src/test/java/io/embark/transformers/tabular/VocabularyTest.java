package io.embark.transformers.tabular;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VocabularyTest {

    @Test
    void numbersSortNumericallyNotAsText() {
        Vocabulary v = Vocabulary.fromCounts(CategoryKind.INTEGRAL, Map.of("10", 1L, "9", 2L, "-3", 1L, "100", 1L), 2, 1, 0);
        assertEquals(List.of("#na#", "-3", "9", "10", "100"), v.labels());
        assertArrayEquals(new long[] {2, 1, 2, 1, 1}, v.counts());
        assertEquals(5, v.size());
    }

    @Test
    void doublesSortNumericallyIncludingExponentForm() {
        Vocabulary v = Vocabulary.fromCounts(CategoryKind.FRACTIONAL, Map.of("1.0E10", 1L, "2.5", 1L, "-0.5", 1L), 0, 1, 0);
        assertEquals(List.of("#na#", "-0.5", "2.5", "1.0E10"), v.labels());
    }

    @Test
    void stringsSortByCodePointAsPythonDoes() {
        // 'B' (66) < 'a' (97) < 'é' (233) < U+FB01 < U+1F600 (an emoji, a surrogate pair in UTF-16)
        Vocabulary v = Vocabulary.fromCounts(CategoryKind.STRING,
                Map.of("a", 1L, "B", 1L, "é", 1L, "\uD83D\uDE00", 1L, "\uFB01", 1L), 0, 1, 0);
        assertEquals(List.of("#na#", "B", "a", "é", "\uFB01", "\uD83D\uDE00"), v.labels());
    }

    @Test
    void minCountMovesRareValuesToNa() {
        Vocabulary v = Vocabulary.fromCounts(CategoryKind.STRING, Map.of("a", 5L, "b", 1L, "c", 2L), 3, 2, 0);
        assertEquals(List.of("#na#", "a", "c"), v.labels());
        assertEquals(4, v.counts()[0], "missing (3) plus the dropped 'b' (1)");
    }

    @Test
    void maxCategoriesKeepsMostFrequentWithNaturalTieBreakThenSortsNaturally() {
        Vocabulary v = Vocabulary.fromCounts(CategoryKind.INTEGRAL, Map.of("1", 3L, "2", 5L, "3", 3L, "4", 1L), 0, 1, 2);
        // 2 (5) is kept, then the tie between 1 and 3 (3 each) goes to the smaller: 1
        assertEquals(List.of("#na#", "1", "2"), v.labels());
        assertEquals(4, v.counts()[0]);
    }

    @Test
    void indexMapsLabelsToPositionsWithoutNa() {
        Vocabulary v = Vocabulary.fromCounts(CategoryKind.BOOLEAN, Map.of("true", 1L, "false", 1L), 0, 1, 0);
        assertEquals(List.of("#na#", "false", "true"), v.labels());
        assertEquals(Map.of("false", 1, "true", 2), v.index());
    }

    @Test
    void rejectsLabelsWithoutNaFirst() {
        assertThrows(IllegalArgumentException.class,
                () -> new Vocabulary(CategoryKind.STRING, new String[] {"a"}, new long[] {1}));
    }
}
