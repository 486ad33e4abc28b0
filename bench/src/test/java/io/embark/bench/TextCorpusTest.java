package io.embark.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextCorpusTest {
    private final TextCorpus.Vocabulary vocabulary = new TextCorpus.Vocabulary(
            new String[] {"the", "movie", "was", "good", "don't", "actor"}, new long[] {60, 30, 20, 15, 12, 10});

    @Test
    void documentsAreDeterministicAndAboutTheRequestedSize() {
        long chars = 0;
        for (long id = 0; id < 8; id++) {
            String doc = TextCorpus.document(vocabulary, 7, id);
            assertEquals(doc, TextCorpus.document(vocabulary, 7, id));
            assertTrue(doc.length() >= 1000 && doc.length() < 2300, () -> "length " + doc.length());
            assertTrue(Character.isUpperCase(doc.charAt(0)));
            chars += doc.length();
        }
        assertTrue(chars > 8 * 1000 && chars < 8 * 2300, "8 documents of 1-2 KB: " + chars);
        assertNotEquals(TextCorpus.document(vocabulary, 7, 0), TextCorpus.document(vocabulary, 7, 1));
        assertNotEquals(TextCorpus.document(vocabulary, 7, 0), TextCorpus.document(vocabulary, 8, 0));
    }

    @Test
    void wordsFollowTheirCounts() {
        String doc = TextCorpus.document(vocabulary, 1, 0).toLowerCase();
        assertTrue(count(doc, "the") > count(doc, "actor"), doc);
    }

    private static int count(String s, String word) {
        return s.split("\\b" + word + "\\b", -1).length - 1;
    }
}
