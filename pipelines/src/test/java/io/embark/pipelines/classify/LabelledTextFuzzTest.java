package io.embark.pipelines.classify;

import static io.embark.pipelines.testing.FuzzBytes.spliced;
import static io.embark.pipelines.testing.FuzzBytes.utf8;
import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Thousands of generated damaged CSV records (missing, empty and unknown labels, empty and huge texts, invalid
 * UTF-8, NUL bytes, wrong field counts, a quote left open at the end of the file) mixed with good ones, some of them
 * spanning several lines: every record is used or rejected with its reason, and the good ones are used exactly (but
 * for NUL characters, which Spark's CSV parser drops or turns into spaces).
 */
class LabelledTextFuzzTest {
    static final int GOOD = 1500;
    static final int BAD = 1500;
    static final int MAX_CHARS = 5_000;
    static final String NOT_A_CLASS = "label 'neutral' is not one of";

    /** Damaged-record generators (the text after "id,"), each with the start of the reason it must get. */
    static final List<Map.Entry<String, Function<Random, byte[]>>> BAD_RECORDS = List.of(
            Map.entry("empty document", r -> utf8("positive,,False")),
            Map.entry("empty document", r -> utf8("negative,\"" + " ".repeat(1 + r.nextInt(9)) + "\",True")),
            Map.entry("missing label", r -> utf8(",\"no label " + r.nextInt() + "\",False")),
            Map.entry(NOT_A_CLASS, r -> utf8("neutral,\"fine, I guess\",False")),
            Map.entry("longer than " + MAX_CHARS, r -> utf8("positive,\"" + "word ".repeat(MAX_CHARS / 5 + 1) + "\",False")),
            Map.entry("longer than " + MAX_CHARS, r -> utf8("negative," + "x".repeat(1 << 20) + ",True")),
            Map.entry("not valid UTF-8", r -> spliced("positive,\"bad ", new byte[] {(byte) 0xC3, (byte) 0x28}, " bytes\",False")),
            Map.entry("not valid UTF-8", r -> spliced("negative,\"", new byte[] {(byte) 0xFF}, "\",False")),
            Map.entry("malformed CSV line", r -> utf8("positive,\"one field too many\",False,extra")),
            Map.entry("malformed CSV line", r -> utf8("negative")));

    @Test
    void everyRecordIsUsedOrRejectedWithItsReasonAndTheGoodOnesExactly(@TempDir Path dir) throws Exception {
        Random random = new Random(4122026L);
        List<byte[]> records = new ArrayList<>();
        Map<String, String> goodText = new HashMap<>();
        Map<String, String> goodLabel = new HashMap<>();
        Map<String, Integer> expectedReasons = new HashMap<>();
        for (int i = 0; i < GOOD; i++) {
            String id = "g" + i;
            String label = random.nextBoolean() ? "positive" : "negative";
            String text = goodText(random);
            goodText.put(id, text);
            goodLabel.put(id, label);
            records.add(utf8(id + "," + label + ",\"" + text.replace("\"", "\"\"") + "\"," + (random.nextInt(5) == 0)));
        }
        for (int i = 0; i < BAD; i++) {
            var kind = BAD_RECORDS.get(random.nextInt(BAD_RECORDS.size()));
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(utf8("b" + i + ","));
            b.writeBytes(kind.getValue().apply(random));
            records.add(b.toByteArray());
            expectedReasons.merge(kind.getKey(), 1, Integer::sum);
        }
        Collections.shuffle(records, random);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(utf8("id,label,text,is_valid\n"));
        for (byte[] r : records) {
            file.writeBytes(r);
            file.writeBytes(utf8("\n"));
        }
        // a quote left open at the end of the file: the record runs to the end and is rejected
        file.writeBytes(utf8("open,positive,\"this review never ends"));
        expectedReasons.merge("malformed CSV line", 1, Integer::sum);
        Path csv = dir.resolve("reviews.csv");
        Files.write(csv, file.toByteArray());

        LabelledTextSettings s = new LabelledTextSettings(List.of(csv.toString()), LabelledTextFormat.CSV, "text",
                "label", "id", "is_valid", 0, MAX_CHARS);
        LabelledTextReader.LabelledDocuments read = new LabelledTextReader(s, 1).read(LocalSpark.get(),
                List.of("negative", "positive"), true);
        LabelledTextReader.Counts c = read.counts();
        assertEquals(GOOD + BAD + 1, c.in(), "every record counted");
        assertEquals(GOOD, c.train() + c.valid(), "the good records used: " + c);
        Map<String, String> usedText = new HashMap<>();
        Map<String, String> usedLabel = new HashMap<>();
        for (Row r : read.documents().collectAsList()) {
            usedText.put(r.getString(0), r.getString(1));
            usedLabel.put(r.getString(0), r.getString(2));
        }
        assertEquals(goodLabel, usedLabel, "each good record used once, with its label");
        assertEquals(comparable(goodText, goodText), comparable(usedText, goodText), "and its text exactly (commas, quotes, CR/LF, tabs, emoji), NUL characters aside");
        Map<String, Integer> reasons = new HashMap<>();
        for (Row r : read.rejects().collectAsList()) {
            String reason = r.getString(3);
            String kind = BAD_RECORDS.stream().map(Map.Entry::getKey).filter(reason::startsWith).findFirst()
                    .orElse("unexpected reason for " + r.getString(1) + ": " + reason);
            reasons.merge(kind, 1, Integer::sum);
        }
        assertEquals(expectedReasons, reasons, "each reject with the reason of its damage");
        read.release();
    }

    /**
     * The texts by id as they are, except those whose original holds a NUL character: without NULs and spaces,
     * because Spark's CSV parser (univocity) drops a NUL or turns it into a space.
     */
    static Map<String, String> comparable(Map<String, String> texts, Map<String, String> originals) {
        Map<String, String> out = new HashMap<>();
        texts.forEach((id, text) -> out.put(id, originals.getOrDefault(id, "").contains("\u0000") && text != null
                ? text.replace("\u0000", "").replace(" ", "") : text));
        return out;
    }

    /** Review-like text with commas, quotes, newlines, non-ASCII letters and the odd NUL or control character. */
    static String goodText(Random r) {
        String[] words = {"great", "awful", "film", "I", "didn't", "like", "it", "\"quoted\"", "a,b", "café", "naïve",
            "—", "...", "<br />", "10/10", "\n", "\r\n", "\t", "\u0000", "😀", "'single'"};
        StringBuilder b = new StringBuilder("review");
        int n = 1 + r.nextInt(60);
        for (int i = 0; i < n; i++) {
            b.append(' ').append(words[r.nextInt(words.length)]);
        }
        return b.toString();
    }
}
