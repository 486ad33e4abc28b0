package io.embark.transformers.text;

import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tokenization, numericalization and decoding on the bundled WikiText-2 sample (the first five articles of the
 * validation split, one document per non-blank line): ids decode back to the tokens, and the decoded text gives back
 * the original words in order, with their case wherever fastai's {@code xxmaj}/{@code xxup} markers record it.
 */
class WikiTextRoundTripTest {
    final SparkSession spark = LocalSpark.get();

    static final StructType LINES = new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);

    /** The non-blank lines of the sample, in order. */
    static List<String> lines() throws IOException {
        try (InputStream in = WikiTextRoundTripTest.class.getResourceAsStream("/text/wikitext-2-valid-sample.tokens")) {
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            return lines;
        }
    }

    @Test
    void idsDecodeToTheTokensAndRareTokensToXxunk() throws IOException {
        List<String> lines = lines();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            rows.add(RowFactory.create(i, lines.get(i)));
        }
        Dataset<Row> tokens = new Tokenizer().setInputCol("text")
                .transform(spark.createDataFrame(rows, LINES).coalesce(2)).cache();
        NumericalizeModel exact = new Numericalize().setMinFreq(1).fit(tokens);
        NumericalizeModel cut = new Numericalize().fit(tokens);
        List<Row> out = cut.transform(exact.transform(tokens).withColumnRenamed("ids", "all")).orderBy("id")
                .collectAsList();
        tokens.unpersist();
        assertEquals(236, out.size(), "headings and paragraphs of five articles");

        Map<String, Integer> counts = new HashMap<>();
        for (Row r : out) {
            for (Object t : r.getList(r.fieldIndex("tokens"))) {
                counts.merge((String) t, 1, Integer::sum);
            }
        }
        long kept = counts.entrySet().stream()
                .filter(e -> e.getValue() >= 3 && !SpecialTokens.ALL.contains(e.getKey())).count();
        assertEquals(SpecialTokens.ALL.size() + kept, NumericalizeTest.withoutFakes(cut.itos()).size(),
                "minFreq 3: the specials and every token seen 3 times or more");
        int rare = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() < 3 && !SpecialTokens.ALL.contains(e.getKey())) {
                rare += e.getValue();
            }
        }
        int unknown = 0;
        int original = 0;
        for (Row r : out) {
            List<String> t = r.getList(r.fieldIndex("tokens"));
            assertEquals(t, exact.decode(NumericalizeTest.ids(r, "all")), "minFreq 1: exact round trip");
            List<String> back = cut.decode(NumericalizeTest.ids(r, "ids"));
            assertEquals(t.size(), back.size());
            for (int i = 0; i < t.size(); i++) {
                if (counts.get(t.get(i)) >= 3 || SpecialTokens.ALL.contains(t.get(i))) {
                    assertEquals(t.get(i), back.get(i));
                    original += SpecialTokens.UNK.equals(t.get(i)) ? 1 : 0;
                } else {
                    assertEquals(SpecialTokens.UNK, back.get(i));
                    unknown++;
                }
            }
        }
        assertEquals(rare, unknown, "every occurrence of a token seen fewer than 3 times decodes to xxunk");
        // the sample's own figures, fixed by the bundled file and the tokenizer
        assertEquals(21_074, counts.values().stream().mapToInt(Integer::intValue).sum(), "tokens");
        assertEquals(2_744, unknown, "occurrences of tokens seen once or twice");
        assertEquals(869, original, "WikiText's own <unk>, which became xxunk");
        assertEquals(counts.get(SpecialTokens.UNK), original);

        // readable text: the words of the line in order, spacing aside, with the case the markers record
        int lost = 0;
        int markers = 0;
        int expectedMarkers = 0;
        for (Row r : out) {
            String line = r.getAs("text");
            List<String> t = r.getList(r.fieldIndex("tokens"));
            String text = exact.decodeText(NumericalizeTest.ids(r, "all"));
            String fixed = FastaiRules.fixHtml(line);
            assertEquals(NumericalizeTest.nonSpace(PyChars.lower(fixed)), NumericalizeTest.nonSpace(PyChars.lower(text)),
                    line);
            markers += (int) t.stream().filter(x -> x.equals(SpecialTokens.TK_MAJ) || x.equals(SpecialTokens.TK_UP))
                    .count();
            for (String w : FastaiRules.applyBeforeCase(fixed).trim().split("\\s+")) {
                expectedMarkers += marker(w) != null ? 1 : 0;
            }
            // the rules before the case rules touch no letters here (runs of digits as in 2000, <unk> <unk> <unk>)
            String recoverable = recoverableCase(fixed);
            assertEquals(NumericalizeTest.nonSpace(recoverable), NumericalizeTest.nonSpace(text), line);
            String[] words = fixed.trim().split("\\s+");
            String[] back = recoverable.trim().split("\\s+");
            for (int i = 0; i < words.length; i++) {
                lost += words[i].equals(back[i]) ? 0 : 1;
            }
        }
        assertEquals(expectedMarkers, markers, "one xxmaj or xxup for each capitalised or all-caps word");
        assertEquals(2_943, markers);
        assertEquals(61, lost, "words whose case no marker records (a lone capital such as A, or mixed case)");
    }

    /**
     * The marker fastai's case rules give a whitespace-separated word: {@code xxup} when it starts with {@code A-Z},
     * has no {@code a-z} and more than one code point; {@code xxmaj} when it starts with {@code A-Z}, has no other
     * {@code A-Z} and more than one code point; otherwise none.
     */
    static String marker(String w) {
        if (w.codePointCount(0, w.length()) < 2 || w.charAt(0) < 'A' || w.charAt(0) > 'Z') {
            return null;
        }
        if (w.chars().noneMatch(c -> c >= 'a' && c <= 'z')) {
            return SpecialTokens.TK_UP;
        }
        return w.substring(1).chars().noneMatch(c -> c >= 'A' && c <= 'Z') ? SpecialTokens.TK_MAJ : null;
    }

    /**
     * What decoding can give back of {@code text}'s casing: each word with {@code xxup} in capitals, with
     * {@code xxmaj} capitalised, any other word in lower case (so {@code "McDonald"} or a lone {@code "A"} lose it).
     */
    static String recoverableCase(String text) {
        StringBuilder b = new StringBuilder();
        for (String w : text.trim().split("\\s+")) {
            String lower = PyChars.lower(w);
            String m = marker(w);
            if (SpecialTokens.TK_UP.equals(m)) {
                b.append(lower.toUpperCase(Locale.ROOT));
            } else if (SpecialTokens.TK_MAJ.equals(m)) {
                b.append(lower.substring(0, 1).toUpperCase(Locale.ROOT)).append(lower.substring(1));
            } else {
                b.append(lower);
            }
            b.append(' ');
        }
        return b.toString();
    }
}
