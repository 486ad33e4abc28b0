package io.embark.pipelines.collab;

import static io.embark.pipelines.testing.FuzzBytes.spliced;
import static io.embark.pipelines.testing.FuzzBytes.utf8;
import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of generated malformed lines (wrong field counts, wrong types, huge fields, NUL and invalid UTF-8
 * bytes, open quotes, extreme numbers, junk that looks like a header) mixed with good ones: every line is either
 * used or rejected with a reason, and the good lines are used exactly.
 */
class RatingsFuzzTest {
    static final int GOOD = 3000;
    static final int BAD = 3000;
    final SparkSession spark = LocalSpark.get();

    /** Malformed-line generators, each with the start of the reason it must get. */
    static final List<Map.Entry<String, Function<Random, byte[]>>> BAD_LINES = List.of(
            Map.entry("expected 4 fields", r -> utf8(r.nextInt(90) + "," + r.nextInt(90) + ",3.5")),
            Map.entry("expected 4 fields", r -> utf8("1,2,3.5,4," + r.nextInt())),
            Map.entry("userId is not a 64-bit integer", r -> utf8("\"1,2\",3.5,4")),
            Map.entry("expected 4 fields", r -> utf8("userIdx" + r.nextInt(9) + ",garbage")),
            Map.entry("expected 4 fields", r -> utf8("USERID;MOVIEID;RATING;TIMESTAMP")),
            Map.entry("userId is not a 64-bit integer", r -> utf8("\"" + r.nextInt(99) + ",5,3.0,1")),
            Map.entry("userId is not a 64-bit integer", r -> utf8("9223372036854775808,1,3.0,1")),
            Map.entry("userId is not a 64-bit integer", r -> utf8("1e3,1,3.0,1")),
            Map.entry("userId is not a 64-bit integer", r -> utf8("+" + r.nextInt(99) + ",1,3.0,1")),
            Map.entry("userId is not a 64-bit integer", r -> spliced("1", new byte[] {0}, "2,3,4.0,5")),
            Map.entry("userId is not a 64-bit integer", r -> spliced("", new byte[] {(byte) 0xC3, (byte) 0x28}, ",3,4.0,5")),
            Map.entry("userId is not a 64-bit integer", r -> utf8("9".repeat(200_000 + r.nextInt(1000)) + ",1,3.0,1")),
            Map.entry("movieId is not a 64-bit integer", r -> utf8(r.nextInt(99) + ",-9223372036854775809,3.0,1")),
            Map.entry("movieId is not a 64-bit integer", r -> utf8(r.nextInt(99) + ",0x1F,3.0,1")),
            Map.entry("movieId is not a 64-bit integer", r -> spliced("5,", new byte[] {(byte) 0xFF, (byte) 0xFE}, ",3.0,1")),
            Map.entry("rating is not a number", r -> utf8("1,2,three,1")),
            Map.entry("rating is not a number", r -> utf8("1,2,NaN,1")),
            Map.entry("rating is not a number", r -> utf8("1,2,,1")),
            Map.entry("rating is not a number", r -> spliced("1,2,4", new byte[] {0}, ",1")),
            Map.entry("rating is not a number", r -> utf8("1,2," + "x".repeat(1 << 20) + ",1")),
            Map.entry("rating out of range", r -> utf8("1,2,1e309,1")),
            Map.entry("rating is not a number", r -> utf8("1,2,-Infinity,1")),
            Map.entry("rating out of range", r -> utf8("1,2," + (5.01 + r.nextInt(1000)) + ",1")),
            Map.entry("rating out of range", r -> utf8("1,2,0.49,1")),
            Map.entry("timestamp is not a 64-bit integer", r -> utf8("1,2,3.0,")),
            Map.entry("timestamp is not a 64-bit integer", r -> utf8("1,2,3.0,1.5")),
            Map.entry("timestamp is not a 64-bit integer", r -> utf8("1,2,3.0,99999999999999999999999")),
            Map.entry("timestamp is not a 64-bit integer", r -> utf8("1,2,3.0,\"12")),
            Map.entry("empty line", r -> utf8(" ".repeat(r.nextInt(5)))));

    @Test
    void everyLineIsUsedOrRejectedWithItsReasonAndTheGoodOnesExactly(@TempDir Path dir) throws Exception {
        Random random = new Random(20261204L);
        List<byte[]> lines = new ArrayList<>();
        Map<String, Integer> expectedGood = new HashMap<>();
        Map<String, Integer> expectedReasons = new HashMap<>();
        for (int i = 0; i < GOOD; i++) {
            long user = random.nextInt(10) == 0 ? Long.MAX_VALUE - random.nextInt(5) : random.nextInt(700);
            long item = random.nextInt(10) == 0 ? Long.MIN_VALUE + random.nextInt(5) : random.nextInt(10_000);
            float rating = (1 + random.nextInt(10)) / 2.0f;
            long ts = random.nextInt(20) == 0 ? -random.nextInt(1000) : 800_000_000L + random.nextInt(400_000_000);
            String pad = random.nextInt(8) == 0 ? " " : "";
            lines.add(utf8(pad + user + pad + "," + item + "," + pad + rating + "," + ts + pad));
            expectedGood.merge(user + "," + item + "," + rating + "," + ts, 1, Integer::sum);
        }
        for (int i = 0; i < BAD; i++) {
            var kind = BAD_LINES.get(random.nextInt(BAD_LINES.size()));
            lines.add(kind.getValue().apply(random));
            expectedReasons.merge(kind.getKey(), 1, Integer::sum);
        }
        Collections.shuffle(lines, random);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(utf8("userId,movieId,rating,timestamp\n"));
        for (int i = 0; i < lines.size(); i++) {
            file.write(lines.get(i));
            file.write(utf8(i % 7 == 0 ? "\r\n" : "\n")); // some CRLF line ends
        }
        Path f = dir.resolve("ratings.csv");
        Files.write(f, file.toByteArray());

        ParsedRatings parsed = new RatingsReader(0.5, 5.0).read(spark, f.toString(), RatingsFormat.AUTO);
        assertEquals(new ParsedRatings.Counts(GOOD + BAD, GOOD, BAD), parsed.counts(),
                "in = used + rejected, header excluded");
        Map<String, Integer> used = new HashMap<>();
        for (Row r : parsed.ratings().collectAsList()) {
            used.merge(r.getLong(0) + "," + r.getLong(1) + "," + r.getFloat(2) + "," + r.getLong(3), 1, Integer::sum);
        }
        assertEquals(expectedGood, used, "the good lines, each used exactly");
        Map<String, Integer> reasons = new HashMap<>();
        for (Row r : parsed.rejects().select("reason").collectAsList()) {
            String reason = r.getString(0);
            String kind = BAD_LINES.stream().map(Map.Entry::getKey).filter(reason::startsWith).findFirst()
                    .orElse("unexpected reason: " + reason.substring(0, Math.min(80, reason.length())));
            reasons.merge(kind, 1, Integer::sum);
        }
        assertEquals(expectedReasons, reasons, "each reject with the reason of its kind of damage");
        assertTrue(parsed.rejects().where("line is null or source is null").isEmpty(), "rejects keep line + file");
        parsed.release();
    }
}
