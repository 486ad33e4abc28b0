package io.embark.transformers.text;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.unsafe.types.UTF8String;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The optimized rules and word splitter against their previous implementations ({@link FastaiRulesReference},
 * {@link WordSplitterReference}, kept verbatim): random texts built from the rules' trigger characters and spaCy's
 * affixes must give exactly the same strings and tokens.
 */
class TokenizerEquivalenceTest {
    private static final String[] PIECES = {
        "&amp;", "&#39;", "#39;", "amp;", "&quot;", "quot;", "nbsp;", "&nbsp;", "#146;", "#36;", "&#36;", "\\n", "\\\"",
        "<br />", "<br /><br />", "<unk>", " @.@ ", " @-@ ", "@.@", "...", "..", ".", "&", "&lt;", "&#x41;", "&#0;",
        "&#128;", "&#65", "&ampx", "#", "/", "\\", "@", ";", "<", ">", " ", " ", " ", "  ", "   ", "\n", "\n\n", "\t",
        "\r\n", "\u00A0", "\u3000", "\u2009", "\u001F", "a", "b", "x", "A", "B", "Z", "I", "THE", "The", "the", "MOVIE",
        "Movie", "McDonald", "iPhone", "don't", "DON'T", "Don't", "can't", "'s", "n't", "'", "\"", "!!!", "!", "?",
        "???", "aaa", "AAA", "a a a", "the the the ", "b b b b", "Go Go Go", "ééé", "É", "é", "Émile", "ÉTÉ", "İ",
        "İstanbul", "Σ", "σ", "ΣΑΣ", "ΟΔΟΣ", "Σίσυφος", "\u212A", "ß", "STRASSE", "ǅ", "ﬀ", "\uD83D\uDE00",
        "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", "\uD83D", "\uDE00", "\uD801\uDC00", "中文", "日本語。", "e\u0301",
        "\u0301", "\u0301\u0301\u0301", ":)", ":-)", ";)", "(", ")", "[", "]", "-", "--", "—", "…", "10", "5km", "3.5",
        "$", "US$", "£", "€", "http://x.org/a-b", "www.x.com", "x.org", "a.m.", "Mr.", "U.S.", "e.g.", "xxbos", "xxmaj",
        "xxup", "xxrep", ",", "1/2", "10/10", "#1", "C#", "***", "---", "___", "°F.", "1+1", "a-b", "x:y", "'til", "’s",
        "“", "”", "«", "»", "🎉", "♥", "©", "®", "™",
    };

    private static String randomText(Random r) {
        StringBuilder b = new StringBuilder();
        int pieces = 1 + r.nextInt(r.nextInt(4) == 0 ? 60 : 16);
        for (int i = 0; i < pieces; i++) {
            b.append(PIECES[r.nextInt(PIECES.length)]);
            if (r.nextInt(3) == 0) {
                b.append(' ');
            }
        }
        return b.toString();
    }

    @Test
    void rulesAndSplittingMatchThePreviousImplementation() {
        Random r = new Random(20240611L);
        DocumentTokenizer fields = new DocumentTokenizer(true);
        for (int round = 0; round < 2; round++) {
            Random texts = new Random(20240611L);
            for (int i = 0; i < 5_000; i++) {
                String text = randomText(texts);
                String expected = FastaiRulesReference.apply(text);
                String prepared = FastaiRules.apply(text);
                assertEquals(expected, prepared, () -> "rules: " + text);
                assertEquals(WordSplitterReference.split(expected), WordSplitter.split(prepared), () -> "split: " + text);
                assertEquals(WordSplitterReference.split(text), WordSplitter.split(text), () -> "raw split: " + text);
                String other = randomText(r);
                String joined = fields.join(text, null, other);
                List<String> want = WordSplitterReference.split(FastaiRulesReference.apply(joined));
                assertEquals(want, fields.tokenize(text, null, other), () -> "fields: " + joined);
                assertEquals(asSparkStores(want), strings(fields.tokenizeToUtf8(text, null, other)),
                        () -> "UTF-8 fields: " + joined);
                assertSparkArray(fields.tokenizeToUtf8(text, null, other), fields.tokenizeToArrayData(text, null, other),
                        joined);
            }
        }
    }

    @Test
    void wordRepetitionsMatchThePreviousImplementation() {
        // dense repeats of few words, with the separators and word endings replace_wrep's pattern is sensitive to
        String[] words = {"a", "b", "ab", "a-b", "a.", "a,", "é", "1", "_", "-", "\uD83D\uDE00", "xxbos"};
        String[] gaps = {" ", " ", " ", "  ", "\n", "\t", "\u00A0", ""};
        Random r = new Random(31L);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(r.nextBoolean() ? "" : " ");
            int k = 1 + r.nextInt(14);
            for (int j = 0; j < k; j++) {
                b.append(words[r.nextInt(r.nextBoolean() ? 3 : words.length)]).append(gaps[r.nextInt(gaps.length)]);
            }
            String t = b.toString();
            assertEquals(FastaiRulesReference.replaceWrep(t), FastaiRules.replaceWrep(t), t);
        }
    }

    @Test
    void spaceRulesMatchThePreviousImplementation() {
        // spec_add_spaces and rm_useless_spaces run as one scan that copies the text between the places they act on
        rulesMatchOnRandomConcatenations(new String[] {" ", " ", "  ", "   ", "/", "#", "\\", "a", "bc", "\n", "\t"},
                12, 5L);
    }

    /** All rules, old and new, on 20,000 concatenations of up to {@code maxPieces} random {@code pieces}. */
    private static void rulesMatchOnRandomConcatenations(String[] pieces, int maxPieces, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int k = 1 + r.nextInt(maxPieces);
            for (int j = 0; j < k; j++) {
                b.append(pieces[r.nextInt(pieces.length)]);
            }
            String t = b.toString();
            assertEquals(FastaiRulesReference.apply(t), FastaiRules.apply(t), t);
        }
    }

    @Test
    void wordsFollowedByOnePunctuationMarkMatchThePreviousImplementation() {
        // a word of a-z followed by a mark the suffix rules always split off alone skips the chunk cache and the
        // rules; every ASCII mark after exceptions, abbreviations, merge starts and plain words must still give the
        // tokens of the previous implementation
        String plain = WordShortcuts.plainSuffixes();
        for (char c : ",.!?;:)\"".toCharArray()) {
            assertTrue(plain.indexOf(c) >= 0, "expected '" + c + "' among the plain suffixes " + plain);
        }
        assertTrue(plain.indexOf('$') < 0 && plain.indexOf('%') < 0, "currency and units are not plain: " + plain);
        assertTrue(WordShortcuts.possessiveShortcut(), "'s after a word is split off by the suffix rules alone");
        String[] words = {"a", "i", "x", "movie", "dont", "cant", "im", "etc", "inc", "mr", "dr", "vs", "jan", "st",
            "e", "g", "am", "pm", "lets", "gonna", "us", "co", "jr", "sr", "mt", "no", "ok", "xxbos", "xxmaj", "the",
            "it", "he", "she", "let", "that", "there", "what", "who", "here", "how", "where", "y", "s"};
        DocumentTokenizer tok = new DocumentTokenizer(false);
        for (char c = '!'; c < 127; c++) {
            if (Character.isLetterOrDigit(c)) {
                continue;
            }
            for (String w : words) {
                String cap = Character.toUpperCase(w.charAt(0)) + w.substring(1);
                for (String text : new String[] {w + c, "so " + w + c + " then", cap + c + c, w.toUpperCase() + c,
                        w + c + "m" + c, "(" + w + c, w + "'s" + c, cap + "'s", w.toUpperCase() + "'S " + w + "'s",
                        w + "’s", w + "'" + c}) {
                    List<String> want = WordSplitterReference.split(FastaiRulesReference.apply(text));
                    assertEquals(want, tok.tokenize(text), () -> "word and mark: " + text);
                    assertSparkArray(tok.tokenizeToUtf8(text), tok.tokenizeToArrayData(text), text);
                }
            }
        }
    }

    @Test
    void tokensHandedOutStayValidWhileLaterTextsAreTokenized() {
        // the splitter reuses per-thread buffers from one text to the next; what it hands out must not share them
        DocumentTokenizer tok = new DocumentTokenizer(false);
        UTF8String[] first = tok.tokenizeToUtf8("alpha beta gamma, delta.");
        ArrayData firstArray = tok.tokenizeToArrayData("alpha beta gamma, delta.");
        List<String> firstTokens = tok.tokenize("alpha beta gamma, delta.");
        tok.tokenizeToUtf8("quick brown foxes, jumped.");
        tok.tokenizeToArrayData("quick brown foxes, jumped.");
        tok.tokenize("quick brown foxes, jumped.");
        List<String> want = List.of("xxbos", "alpha", "beta", "gamma", ",", "delta", ".");
        assertEquals(want, strings(first));
        assertEquals(want, strings(firstArray));
        assertEquals(want, firstTokens);
    }

    @Test
    void characterRepetitionsMatchThePreviousImplementation() {
        // replace_rep's scan starts at the first run of three (or surrogate); runs before, at and after it
        rulesMatchOnRandomConcatenations(new String[] {"a", "a", "b", "!", "!", " ", "é", "\uD83D\uDE00", "\uD83D",
            "\uDE00", "\n"}, 16, 11L);
    }

    @Test
    void singleRulesAreUnchanged() {
        Random texts = new Random(7L);
        for (int i = 0; i < 5_000; i++) {
            String t = randomText(texts);
            assertEquals(FastaiRulesReference.fixHtml(t), FastaiRules.fixHtml(t), t);
            assertEquals(FastaiRulesReference.replaceRep(t), FastaiRules.replaceRep(t), t);
            assertEquals(FastaiRulesReference.replaceWrep(t), FastaiRules.replaceWrep(t), t);
            assertEquals(FastaiRulesReference.replaceAllCaps(t), FastaiRules.replaceAllCaps(t), t);
            assertEquals(FastaiRulesReference.replaceMaj(t), FastaiRules.replaceMaj(t), t);
        }
    }

    @Test
    void singleFieldsTakeTheOneScanCaseRulesAndMatchThePreviousImplementation() {
        // one field, unmarked: the case rules run inside the word splitting (or rule by rule for sigma, U+0130 and
        // surrogates), which must not show
        DocumentTokenizer plain = new DocumentTokenizer(false);
        Random texts = new Random(99L);
        for (int i = 0; i < 5_000; i++) {
            String text = randomText(texts);
            List<String> want = WordSplitterReference.split(FastaiRulesReference.apply(text));
            assertEquals(want, plain.tokenize(text), () -> "one field: " + text);
            assertEquals(asSparkStores(want), strings(plain.tokenizeToUtf8(text)), () -> "one field, UTF-8: " + text);
            assertSparkArray(plain.tokenizeToUtf8(text), plain.tokenizeToArrayData(text), text);
        }
        for (String text : new String[] {"", " ", "\n", "  A  ", "ΣΑΣ is", "İstanbul THE", "\uD83D\uDE00 Hi", "I",
                "I AM", "Hello\u3000WORLD", "A\u00A0B", "x \n\n Y", "McDONALD'S", "DON'T", "Don't"}) {
            assertEquals(WordSplitterReference.split(FastaiRulesReference.apply(text)), plain.tokenize(text), text);
            assertEquals(asSparkStores(plain.tokenize(text)), strings(plain.tokenizeToUtf8(text)), text);
        }
    }

    @Test
    void everySpacyExceptionInContextMatchesThePreviousImplementation() throws Exception {
        // words of a-z skip the chunk cache unless a filter says they may be exceptions or start a merge: every
        // exception of the table, in several casings and next to punctuation, must still be tokenized as before
        List<String> keys = new ArrayList<>();
        try (var in = WordSplitter.class.getResourceAsStream("spacy-en-tokenizer.txt");
             var r = new java.io.BufferedReader(new java.io.InputStreamReader(in,
                     java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("exception\t")) {
                    keys.add(PyChars.fromHex(line.split("\t", -1)[1]));
                }
            }
        }
        assertTrue(keys.size() > 1000, "spaCy's exception table: " + keys.size());
        DocumentTokenizer plain = new DocumentTokenizer(false);
        for (String key : keys) {
            String capitalised = key.isEmpty() ? key : Character.toUpperCase(key.charAt(0)) + key.substring(1);
            for (String text : new String[] {key, "so " + key + " now", capitalised + " it", key.toUpperCase() + "!",
                    "(" + key + ")", key + ". " + key + ", the " + key}) {
                List<String> want = WordSplitterReference.split(FastaiRulesReference.apply(text));
                assertEquals(want, plain.tokenize(text), () -> "exception in context: " + text);
                assertEquals(asSparkStores(want), strings(plain.tokenizeToUtf8(text)), () -> "UTF-8: " + text);
                assertSparkArray(plain.tokenizeToUtf8(text), plain.tokenizeToArrayData(text), text);
            }
        }
    }

    /**
     * Tokens as a Spark string column holds them: UTF-8 cannot hold a lone surrogate, which Spark's encoder (and so any
     * user-defined function returning it) writes as {@code ?}.
     */
    static List<String> asSparkStores(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (String t : tokens) {
            out.add(UTF8String.fromString(t).toString());
        }
        return out;
    }

    private static final UnsafeProjection SPARK_ARRAY_WRITER =
            UnsafeProjection.create(new DataType[] {Tokenizer.OUTPUT_TYPE});

    /**
     * The array the Spark column gets is, byte for byte, what Spark's own writer makes of the tokens (layout,
     * offsets, padding), so that it compares, hashes and reads as any Spark array does.
     */
    static void assertSparkArray(UTF8String[] tokens, ArrayData array, String text) {
        UnsafeArrayData expected = SPARK_ARRAY_WRITER.apply(new GenericInternalRow(new Object[] {
            new GenericArrayData(tokens)})).getArray(0);
        assertEquals(expected, array, () -> "Spark array of: " + text);
        assertEquals(strings(tokens), strings(array), () -> "Spark array of: " + text);
    }

    static List<String> strings(ArrayData array) {
        List<String> out = new ArrayList<>(array.numElements());
        for (int i = 0; i < array.numElements(); i++) {
            out.add(array.getUTF8String(i).toString());
        }
        return out;
    }

    /** The UTF-8 tokens (the form Spark receives) decoded, to compare with the {@code String} tokens. */
    static List<String> strings(UTF8String[] tokens) {
        List<String> out = new ArrayList<>(tokens.length);
        for (UTF8String t : tokens) {
            out.add(t.toString());
        }
        return out;
    }
}
