package io.embark.pipelines.classify;

import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelledTextReaderTest {
    static LabelledTextSettings folders(Path root) {
        return new LabelledTextSettings(List.of(root.toString()), LabelledTextFormat.FOLDERS, "text", "label", "", "",
                0.25, 1_000);
    }

    @Test
    void theAclImdbFolderLayoutIsReadWithEveryUnusableFileRejectedWithItsReason(@TempDir Path tmp) throws Exception {
        Path train = tmp.resolve("aclImdb/train");
        for (String c : List.of("pos", "neg", "unsup")) {
            Files.createDirectories(train.resolve(c));
        }
        for (int i = 0; i < 6; i++) {
            Files.writeString(train.resolve("pos/" + i + "_9.txt"), "A wonderful film, number " + i + ".<br />Loved it.");
            Files.writeString(train.resolve("neg/" + i + "_2.txt"), "A dreadful film, number " + i + ".");
        }
        Files.writeString(train.resolve("unsup/0_0.txt"), "unlabelled reviews are not classification data");
        Files.write(train.resolve("neg/bad_1.txt"), new byte[] {'b', 'a', (byte) 0xC3, (byte) 0x28, 'd'});
        Files.writeString(train.resolve("pos/empty_10.txt"), "   ");
        Files.writeString(train.resolve("pos/long_8.txt"), "x".repeat(1_001));
        Files.writeString(train.resolve("neg/gone_3.txt"), "listed, then gone before it is read");

        SparkSession spark = LocalSpark.get();
        LabelledTextReader.LabelledDocuments discovered = new LabelledTextReader(folders(train), 1).read(spark, List.of(),
                true);
        assertEquals(List.of("neg", "pos"), discovered.classes(), "the class folders, sorted; unsup/ is skipped");
        discovered.release();
        // files are listed on the driver and read on the executors: one that cannot be read by then is a reject
        LabelledTextReader.LabelledDocuments read = new LabelledTextReader(folders(train), 1).read(spark,
                List.of("neg", "pos"), true);
        Files.delete(train.resolve("neg/gone_3.txt"));
        LabelledTextReader.Counts counts = read.counts();
        assertEquals(16, counts.in());
        assertEquals(12, counts.train() + counts.valid());
        assertEquals(4, counts.rejected());
        assertEquals(counts.in(), counts.train() + counts.valid() + counts.rejected());
        Map<String, String> reasons = new TreeMap<>();
        for (Row r : read.rejects().collectAsList()) {
            reasons.put(r.getString(1), r.getString(3));
        }
        assertEquals("not valid UTF-8", reasons.get("neg/bad_1"));
        assertEquals("empty document", reasons.get("pos/empty_10"));
        assertEquals("longer than 1000 characters", reasons.get("pos/long_8"));
        assertTrue(reasons.get("neg/gone_3").startsWith("unreadable file:"), reasons.get("neg/gone_3"));
        Map<String, String> labels = read.documents().collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(2)));
        assertEquals("pos", labels.get("pos/3_9"));
        assertEquals("neg", labels.get("neg/5_2"));
        assertTrue(read.documents().collectAsList().stream().anyMatch(r -> r.getString(1).contains("<br />")),
                "the text is read whole, as written");
        read.release();
    }

    @Test
    void csvLabelsOutsideTheClassesAndEmptyReviewsAreRejected(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("reviews.csv");
        Files.writeString(csv, "label,text,is_valid\n"
                + "positive,\"Great, really great.\",False\n"
                + "negative,Awful.,False\n"
                + "neutral,Fine I guess.,False\n"
                + ",No label here.,True\n"
                + "negative,,True\n"
                + "positive,\"Two\nlines.\",True\n", StandardCharsets.UTF_8);
        LabelledTextSettings s = new LabelledTextSettings(List.of(csv.toString()), LabelledTextFormat.CSV, "text",
                "label", "", "is_valid", 0, 1_000);
        LabelledTextReader.LabelledDocuments read = new LabelledTextReader(s, 1).read(LocalSpark.get(),
                List.of("negative", "positive"), true);
        LabelledTextReader.Counts c = read.counts();
        assertEquals(6, c.in());
        assertEquals(2, c.train());
        assertEquals(1, c.valid());
        assertEquals(3, c.rejected());
        List<String> reasons = read.rejects().collectAsList().stream().map(r -> r.getString(3)).sorted().toList();
        assertEquals(List.of("empty document", "label 'neutral' is not one of [negative, positive]", "missing label"),
                reasons);
        assertThrows(IllegalArgumentException.class, () -> new LabelledTextReader(new LabelledTextSettings(
                List.of(csv.toString()), LabelledTextFormat.CSV, "review", "label", "", "", 0.1, 1_000), 1)
                .read(LocalSpark.get(), List.of(), true), "a missing text column is refused");
    }
}
