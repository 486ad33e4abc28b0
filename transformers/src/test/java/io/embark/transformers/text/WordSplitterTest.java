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

    @Test
    void letterOnlyChunksThatAreExceptionsKeepTheirRules() {
        // chunks of a-z only skip the affix rules; these are exceptions all the same
        check("dont cant gonna im wont ima lemme", "do", "nt", "ca", "nt", "gon", "na", "i", "m", "wo", "nt", "i", "m",
                "a", "lemme");
        check("hello dont", "hello", "do", "nt");
        for (String chunk : new String[] {"dont", "cant", "gonna", "im", "wont", "id", "ill", "its", "whats", "cannot"}) {
            assertEquals(WordSplitterReference.split(chunk), WordSplitter.split(chunk), chunk);
            assertEquals(WordSplitterReference.split(chunk + "."), WordSplitter.split(chunk + "."), chunk + ".");
        }
    }

    @Test
    void everyLetterChunkUpToThreeLettersMatchesTheAffixRules() {
        // the letters-only path against the previous implementation, which runs every affix rule
        StringBuilder text = new StringBuilder();
        int chunks = 0;
        for (int length = 1; length <= 3; length++) {
            int[] k = new int[length];
            while (true) {
                for (int c : k) {
                    text.append((char) ('a' + c));
                }
                text.append(' ');
                chunks++;
                int d = length - 1;
                while (d >= 0 && ++k[d] == 26) {
                    k[d--] = 0;
                }
                if (d < 0) {
                    break;
                }
            }
        }
        assertEquals(26 + 26 * 26 + 26 * 26 * 26, chunks);
        List<String> expected = WordSplitterReference.split(text.toString());
        assertTrue(expected.size() >= chunks, "exceptions add tokens, none removes one");
        assertEquals(expected, WordSplitter.split(text.toString()));
    }

    @Test
    void mergesThatChangeNothingAndMergesThatDo() {
        // "it" + "'s" spells the exception "it's", whose tokens are the same; "a" + "." spells "a.", one token
        check("it's a. :) hello:)", "it", "'s", "a.", ":)", "hello", ":)");
        for (String text : new String[] {"it's a.", "that's (a.)", "e.g.: a.m. p.m.", "a .", "i.e.,", "o.k.!"}) {
            assertEquals(WordSplitterReference.split(text), WordSplitter.split(text), text);
        }
    }

    @Test
    void cachedChunksSurviveTheCacheFillingUp() {
        // more distinct chunks than two cache generations hold, then the first ones again
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            first.append("w").append(i).append(". (x").append(i).append(") ");
        }
        List<String> before = WordSplitter.split(first.toString());
        StringBuilder filler = new StringBuilder();
        for (int i = 0; i < 120_000; i++) {
            filler.append("f").append(i).append(", ");
            if (filler.length() > 100_000) {
                WordSplitter.split(filler.toString());
                filler.setLength(0);
            }
        }
        WordSplitter.split(filler.toString());
        assertEquals(5_000, before.size());
        assertEquals(List.of("w0", ".", "(", "x0", ")"), before.subList(0, 5));
        assertEquals(before, WordSplitter.split(first.toString()));
        assertEquals(WordSplitterReference.split(first.toString()), before);
    }
}
