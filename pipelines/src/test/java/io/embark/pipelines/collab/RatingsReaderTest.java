package io.embark.pipelines.collab;

import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RatingsReaderTest {
    final SparkSession spark = LocalSpark.get();

    @Test
    void csvWithHeaderKeepsGoodRowsAndRejectsEveryMalformedLineWithAReason(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ratings.csv");
        Files.writeString(f, String.join("\n",
                "userId,movieId,rating,timestamp",
                "1,10,4.0,964982703",
                "1,11,3.5,964982704",
                "2,10,5,964982705",
                "2,10,4.0",
                "x,10,4.0,1",
                "2,1.5,4.0,1",
                "2,12,abc,1",
                "2,12,7.0,1",
                "2,12,NaN,1",
                "",
                "3,12,2.0,notatime",
                "99999999999999999999,1,3.0,1") + "\n");
        ParsedRatings parsed = new RatingsReader(0.5, 5.0).read(spark, f.toString(), RatingsFormat.AUTO);
        ParsedRatings.Counts counts = parsed.counts();
        assertEquals(new ParsedRatings.Counts(12, 3, 9), counts, "header excluded; in = used + rejected");
        List<Row> ratings = parsed.ratings().orderBy("userId", "movieId").collectAsList();
        assertEquals(3, ratings.size());
        assertEquals(1L, ratings.get(0).getLong(0));
        assertEquals(10L, ratings.get(0).getLong(1));
        assertEquals(4.0f, ratings.get(0).getFloat(2));
        assertEquals(964982703L, ratings.get(0).getLong(3));
        Map<String, String> reasons = parsed.rejects().collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(1), r -> r.getString(2)));
        assertEquals("expected 4 fields, found 3", reasons.get("2,10,4.0"));
        assertEquals("userId is not a 64-bit integer: x", reasons.get("x,10,4.0,1"));
        assertEquals("movieId is not a 64-bit integer: 1.5", reasons.get("2,1.5,4.0,1"));
        assertEquals("rating is not a number: abc", reasons.get("2,12,abc,1"));
        assertEquals("rating out of range [0.5, 5.0]: 7.0", reasons.get("2,12,7.0,1"));
        assertEquals("rating is not a number: NaN", reasons.get("2,12,NaN,1"));
        assertEquals("empty line", reasons.get(""));
        assertEquals("timestamp is not a 64-bit integer: notatime", reasons.get("3,12,2.0,notatime"));
        assertEquals("userId is not a 64-bit integer: 99999999999999999999", reasons.get("99999999999999999999,1,3.0,1"));
        parsed.release();
    }

    @Test
    void readsTabSeparatedUDataWithoutHeader(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("u.data");
        Files.writeString(f, "196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n244,51,2,880606923\n");
        ParsedRatings parsed = new RatingsReader(1, 5).read(spark, f.toString(), RatingsFormat.AUTO);
        assertEquals(new ParsedRatings.Counts(4, 3, 1), parsed.counts());
        assertEquals("expected 4 fields, found 1", parsed.rejects().first().getString(2));
        assertEquals(List.of(22L, 186L, 196L), parsed.ratings().orderBy("userId").collectAsList().stream()
                .map(r -> r.getLong(0)).collect(Collectors.toList()));
        parsed.release();
    }

    @Test
    void formatAndRangeAreValidated() {
        assertEquals(RatingsFormat.UDATA, RatingsFormat.AUTO.resolve("/x/ml-100k/u.data"));
        assertEquals(RatingsFormat.CSV, RatingsFormat.AUTO.resolve("/x/ratings.csv"));
        assertEquals(RatingsFormat.UDATA, RatingsFormat.parse(" udata "));
        assertThrows(IllegalArgumentException.class, () -> RatingsFormat.parse("json"));
        assertThrows(IllegalArgumentException.class, () -> new RatingsReader(5, 1));
    }
}
