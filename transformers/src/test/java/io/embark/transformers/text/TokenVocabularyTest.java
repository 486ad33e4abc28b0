package io.embark.transformers.text;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenVocabularyTest {

    static List<String> withSpecials(String... words) {
        List<String> l = new ArrayList<>(SpecialTokens.ALL);
        l.addAll(List.of(words));
        return l;
    }

    static List<String> withoutFakes(TokenVocabulary v) {
        List<String> l = new ArrayList<>(v.itos());
        l.removeIf(TokenVocabulary.FAKE::equals);
        return l;
    }

    @Test
    void specialsFirstThenWordsThenFakesToAMultipleOfEight() {
        TokenVocabulary v = TokenVocabulary.of(List.of("a", "b", "c", "d"), 60_000);
        assertEquals(withSpecials("a", "b", "c", "d"), withoutFakes(v));
        assertEquals(16, v.size(), "13 entries padded with 3 xxfake");
        assertEquals(0, v.id("xxunk"));
        assertEquals(1, v.id("xxpad"));
        assertEquals(9, v.id("a"));
    }

    @Test
    void maxVocabCountsTheSpecialsAsFastaiDoes() {
        // fastai: make_vocab(Counter(a*4, b*2, c*2, d), max_vocab=12, min_freq=1) -> specials + a b c
        TokenVocabulary v = TokenVocabulary.of(List.of("a", "b", "c", "d"), 12);
        assertEquals(withSpecials("a", "b", "c"), withoutFakes(v));
        assertEquals(16, v.size());
        assertEquals(SpecialTokens.ALL, withoutFakes(TokenVocabulary.of(List.of("a"), 9)));
    }

    @Test
    void alwaysAddsOneToEightFakesEvenOnAMultipleOfEight() {
        // fastai's range(0, 8 - len(vocab) % 8) adds 8 when the length is already a multiple of 8
        TokenVocabulary v = TokenVocabulary.of(List.of("a", "b", "c", "d", "e", "f", "g"), 60_000);
        assertEquals(24, v.size(), "16 entries + 8 xxfake");
        assertEquals(TokenVocabulary.FAKE, v.token(16));
        for (int words = 0; words < 20; words++) {
            List<String> w = new ArrayList<>();
            for (int i = 0; i < words; i++) {
                w.add("w" + i);
            }
            int size = TokenVocabulary.of(w, 60_000).size();
            int fakes = size - 9 - words;
            assertEquals(0, size % 8);
            assertEquals(8 - (9 + words) % 8, fakes);
        }
    }

    @Test
    void specialsInTheRankedWordsAreNotRepeatedAndFakeEncodesToUnknown() {
        TokenVocabulary v = TokenVocabulary.of(List.of("xxbos", "the", "xxmaj", "a"), 60_000);
        assertEquals(withSpecials("the", "a"), withoutFakes(v));
        assertEquals(2, v.id("xxbos"));
        assertEquals(0, v.id(TokenVocabulary.FAKE), "xxfake is excluded from fastai's o2i");
        assertEquals(0, v.id("never-seen"));
        assertEquals(0, v.id(null));
        assertArrayEquals(new int[] {2, 8, 9, 0, 10}, v.encode(List.of("xxbos", "xxmaj", "the", "cat", "a")));
        assertEquals(List.of("xxbos", "xxmaj", "the", "xxunk", "a"), v.decode(new int[] {2, 8, 9, 0, 10}));
    }

    @Test
    void invalidInputsFailClearly() {
        assertThrows(IllegalArgumentException.class, () -> TokenVocabulary.of(List.of(), 8));
        assertThrows(IllegalArgumentException.class, () -> TokenVocabulary.of(List.of("a", "a"), 100));
        TokenVocabulary v = TokenVocabulary.of(List.of("a"), 100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.decode(new int[] {16}));
        assertEquals("token id 16 is outside the vocabulary [0, 16)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TokenVocabulary.fromItos(List.of("a", "b")));
        assertEquals(v, TokenVocabulary.fromItos(v.itos()));
    }
}
