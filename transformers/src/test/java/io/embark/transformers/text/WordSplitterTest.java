package io.embark.transformers.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** spaCy's English tokenizer rules on lowercased text (what fastai hands to spaCy); expectations are spaCy 3.8's. */
class WordSplitterTest {

    static void check(String text, String... expected) {
        assertEquals(List.of(expected), WordSplitter.split(text), text);
    }

    @Test
    void contractionsAndClitics() {
        check("xxbos i don't know", "xxbos", "i", "do", "n't", "know");
        check("can't!", "ca", "n't", "!");
        check("don't.", "do", "n't", ".");
        check("gonna let's", "gon", "na", "let", "'s");
        check("c++ it's", "c++", "it", "'s");
        check("it\u2019s", "it", "\u2019s");
    }

    @Test
    void whitespaceOtherThanSingleSpacesBecomesTokens() {
        check("a  b", "a", " ", "b");
        check("a\n b", "a", "\n ", "b");
        check("a \t b", "a", "\t ", "b");
        check(":) ", ":)");
        check("");
    }

    @Test
    void punctuationQuotesAndAbbreviations() {
        check("(e.g., see)", "(", "e.g.", ",", "see", ")");
        check("mr. smith", "mr", ".", "smith");
        check("'quoted'", "'", "quoted", "'");
        check("\"hi!\"", "\"", "hi", "!", "\"");
        check("...wait...", "...", "wait", "...");
        check("end.", "end", ".");
        check("u.s.", "u.s", ".");
        check("o.k. a.b.c x.y", "o.k", ".", "a.b.c", "x.y");
    }

    @Test
    void urlsNumbersAndInfixes() {
        check("http://x.org/a-b?c=1", "http://x.org/a-b?c=1");
        check("see www.example.com.", "see", "www.example.com", ".");
        check("1.5m 3kg $10 10$ 5+ 2+2", "1.5", "m", "3", "kg", "$", "10", "10", "$", "5", "+", "2", "+", "2");
        check("yes,no 3,000", "yes", ",", "no", "3,000");
        check("co-op 1-2 a-1", "co", "-", "op", "1", "-", "2", "a-1");
    }

    @Test
    void emoticonExceptionsAreFoundAcrossAffixSplits() {
        check("hello:)", "hello", ":)");
        check("(:", "(:");
        check("x:)y", "x:)y");
    }

    @Test
    void megabyteDocumentWithoutStackOverflow() {
        StringBuilder b = new StringBuilder();
        String sentence = "xxmaj it's a well-made film ( 1999 ) , isn't it ? see http://example.com/x … \n";
        while (b.length() < 1 << 20) {
            b.append(sentence);
        }
        List<String> tokens = WordSplitter.split(b.toString());
        assertTrue(tokens.size() > 100_000);
        assertEquals(List.of("xxmaj", "it", "'s", "a", "well", "-", "made"), tokens.subList(0, 7));
    }

    @Test
    void pathologicalChunksStayLinear() {
        // one megabyte-long chunk of dots and letters: URL-like, infix-rich, and longer than MAX_URL_LENGTH
        String dotted = "a.".repeat(1 << 19) + "com";
        List<String> tokens = WordSplitter.split(dotted);
        assertEquals(String.join("", tokens), dotted);
        assertFalse(tokens.isEmpty());
        String brackets = ")(".repeat(20_000);
        assertEquals(40_000, WordSplitter.split(brackets).size());
        String url = "http://" + "x".repeat(2000) + ".org";
        assertEquals(List.of(url), WordSplitter.split(url), "long URLs under MAX_URL_LENGTH stay whole");
    }
}
