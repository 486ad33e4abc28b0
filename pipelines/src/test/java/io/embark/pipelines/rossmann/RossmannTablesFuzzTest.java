package io.embark.pipelines.rossmann;

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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of generated malformed lines (wrong field counts, wrong types, huge fields, NUL and invalid UTF-8
 * bytes, open quotes, extreme numbers, out-of-range codes) mixed into the Rossmann side tables (store, store
 * states, one state's weather, one state's trend): per file, lines in = rows used + rows rejected, every reject
 * carries the reason of its kind of damage, and the good rows are used exactly.
 */
class RossmannTablesFuzzTest {
    static final SparkSession spark = LocalSpark.get();
    static final int BAD_PER_FILE = 800;

    /** A generator of one bad line from a random source and the line's index (for unique keys), with its reason. */
    record Bad(String reason, BiFunction<Random, Integer, byte[]> line) {
    }

    /** Fresh store ids (not in the good tables), so that a bad line never shares a store with a good one. */
    static int id(int i) {
        return 100 + i;
    }

    static final List<Bad> STORE_LINES = List.of(
            new Bad("malformed CSV line", (r, i) -> utf8(id(i) + ",\"a\",\"a\",570")),
            new Bad("malformed CSV line", (r, i) -> utf8(id(i) + ",\"a\",\"a\",570,11,2007,0,,,\"\",extra,fields")),
            new Bad("malformed CSV line", (r, i) -> utf8(id(i) + ",\"a,\"a\",570,11,2007,0,,,\"\"")),
            new Bad("Store is not a positive integer", (r, i) -> utf8("store" + i + ",\"a\",\"a\",570,11,2007,0,,,\"\"")),
            new Bad("Store is not a positive integer", (r, i) -> utf8("-" + id(i) + ",\"a\",\"a\",570,11,2007,0,,,\"\"")),
            new Bad("Store is not a positive integer", (r, i) -> utf8("9".repeat(30) + i + ",\"a\",\"a\",570,11,2007,0,,,\"\"")),
            new Bad("Store is not a positive integer", (r, i) -> spliced(Integer.toString(id(i)), new byte[] {(byte) 0xC3, (byte) 0x28},
                    ",\"a\",\"a\",570,11,2007,0,,,\"\"")),
            new Bad("StoreType is not a..d", (r, i) -> utf8(id(i) + ",\"e\",\"a\",570,11,2007,0,,,\"\"")),
            new Bad("StoreType is not a..d", (r, i) -> utf8(id(i) + ",\"" + "a".repeat(100_000) + "\",\"a\",570,11,2007,0,,,\"\"")),
            new Bad("Assortment is not a..c", (r, i) -> spliced(id(i) + ",\"a\",\"", new byte[] {(byte) 0xFF}, "\",570,11,2007,0,,,\"\"")),
            new Bad("CompetitionDistance is not a number", (r, i) -> utf8(id(i) + ",\"a\",\"a\",far,11,2007,0,,,\"\"")),
            new Bad("CompetitionDistance is not a number", (r, i) -> utf8(id(i) + ",\"a\",\"a\",1e309,11,2007,0,,,\"\"")),
            new Bad("CompetitionDistance is not a number", (r, i) -> utf8(id(i) + ",\"a\",\"a\"," + "9".repeat(400) + ",11,2007,0,,,\"\"")),
            new Bad("CompetitionDistance is not a number", (r, i) -> spliced(id(i) + ",\"a\",\"a\",5", new byte[] {0}, "7,11,2007,0,,,\"\"")),
            new Bad("CompetitionOpenSinceMonth is not 1..12", (r, i) -> utf8(id(i) + ",\"a\",\"a\",570," + (13 + r.nextInt(99)) + ",2007,0,,,\"\"")),
            new Bad("CompetitionOpenSinceYear is not a year", (r, i) -> utf8(id(i) + ",\"a\",\"a\",570,11,20071,0,,,\"\"")),
            new Bad("Promo2 is not 0 or 1", (r, i) -> utf8(id(i) + ",\"a\",\"a\",570,11,2007,2,,,\"\"")),
            new Bad("Promo2SinceWeek is not 1..53", (r, i) -> utf8(id(i) + ",\"a\",\"a\",570,11,2007,1,54,2010,\"Jan,Apr,Jul,Oct\"")),
            new Bad("Promo2SinceYear is not a year", (r, i) -> utf8(id(i) + ",\"a\",\"a\",570,11,2007,1,13,x,\"Jan,Apr,Jul,Oct\"")),
            new Bad("PromoInterval is not a list of month names", (r, i) -> utf8(id(i) + ",\"a\",\"a\",570,11,2007,1,13,2010,\"Jan,Foo\"")),
            new Bad("Store " /* a well-formed store row without a state row */, (r, i) -> utf8(id(i) + ",\"a\",\"a\",570,11,2007,0,,,\"\"")));

    static final List<Bad> STATE_LINES = List.of(
            new Bad("malformed CSV line", (r, i) -> utf8(Integer.toString(50_000 + i))),
            new Bad("malformed CSV line", (r, i) -> utf8((50_000 + i) + ",HE,HE")),
            new Bad("Store is not a positive integer", (r, i) -> utf8("x" + i + ",HE")),
            new Bad("Store is not a positive integer", (r, i) -> utf8("0" + ",HE".repeat(0) + ",HE")),
            new Bad("Store ", /* not in store.csv */ (r, i) -> utf8((50_000 + i) + ",HE")),
            new Bad("State is not a German state code", (r, i) -> spliced((50_000 + i) + ",", new byte[] {0, (byte) 0xC3}, "")),
            new Bad("State is not a German state code", (r, i) -> utf8((50_000 + i) + "," + "HE".repeat(50_000))));

    static final List<Bad> WEATHER_LINES = List.of(
            new Bad("malformed CSV line", (r, i) -> utf8(day(i) + ";8;3")),
            new Bad("Date is not yyyy-MM-dd", (r, i) -> utf8("01.02." + (1900 + i) + ";8;3;-2;3;1;-3;93;80;51;1016;1011;1008;31;12;10;23;6;42;0.25;6;\"Rain\";228")),
            new Bad("Date is not yyyy-MM-dd", (r, i) -> utf8((2100 + i) + "-02-30;8;3;-2;3;1;-3;93;80;51;1016;1011;1008;31;12;10;23;6;42;0.25;6;\"Rain\";228")),
            new Bad("Max_TemperatureC is not a number or NA", (r, i) -> utf8(day(i) + ";warm;3;-2;3;1;-3;93;80;51;1016;1011;1008;31;12;10;23;6;42;0.25;6;\"Rain\";228")),
            new Bad("Mean_TemperatureC is not a number or NA", (r, i) -> spliced(day(i) + ";8;", new byte[] {(byte) 0xE2, (byte) 0x82}, ";-2;3;1;-3;93;80;51;1016;1011;1008;31;12;10;23;6;42;0.25;6;\"Rain\";228")),
            new Bad("Precipitationmm is not a number or NA", (r, i) -> utf8(day(i) + ";8;3;-2;3;1;-3;93;80;51;1016;1011;1008;31;12;10;23;6;42;" + "9".repeat(400) + ";6;\"Rain\";228")),
            new Bad("Max_Humidity is not a number or NA", (r, i) -> utf8(day(i) + ";8;3;-2;3;1;-3;1e3;80;51;1016;1011;1008;31;12;10;23;6;42;0.25;6;\"Rain\";228")));

    static final List<Bad> TREND_LINES = List.of(
            new Bad("malformed CSV line", (r, i) -> utf8(week(i))),
            new Bad("week is not 'yyyy-MM-dd - yyyy-MM-dd' spanning 7 days", (r, i) -> utf8(day(i) + " - " + day(i + 3) + ",50")),
            new Bad("week is not 'yyyy-MM-dd - yyyy-MM-dd' spanning 7 days", (r, i) -> utf8("week " + i + ",50")),
            new Bad("trend index is not an integer 0..100", (r, i) -> utf8(week(i) + "," + (101 + r.nextInt(1000)))),
            new Bad("trend index is not an integer 0..100", (r, i) -> utf8(week(i) + ",-1")),
            new Bad("trend index is not an integer 0..100", (r, i) -> utf8(week(i) + "," + "9".repeat(5000))),
            new Bad("trend index is not an integer 0..100", (r, i) -> spliced(week(i) + ",5", new byte[] {(byte) 0xC0}, "")));

    /** A day before the data (unique per index), so that a bad line never doubles a good day. */
    static String day(int i) {
        return LocalDate.of(1950, 1, 1).plusDays(i).toString();
    }

    /** A week before the data (unique per index). */
    static String week(int i) {
        LocalDate start = LocalDate.of(1950, 1, 1).plusWeeks(i);
        return start + " - " + start.plusDays(6);
    }

    @Test
    void everySideTableLineIsUsedOrRejectedWithItsReasonAndTheGoodRowsExactly(@TempDir Path dir) throws Exception {
        RossmannTablesTest.smallCopy(dir);
        Random random = new Random(20261204L);
        Map<String, Map<String, Integer>> expected = new TreeMap<>();
        int tried = 0;
        tried += mix(dir.resolve("store.csv"), STORE_LINES, random, expected, "store.csv");
        tried += mix(dir.resolve("store_states.csv"), STATE_LINES, random, expected, "store_states.csv");
        tried += mix(dir.resolve("weather/Hessen.csv"), WEATHER_LINES, random, expected, "weather/Hessen.csv");
        tried += mix(dir.resolve("googletrend/Rossmann_DE_HE.csv"), TREND_LINES, random, expected,
                "googletrend/Rossmann_DE_HE.csv");

        RossmannTables t = RossmannTables.read(spark, dir.toString(), InvalidRows.SKIP);
        Map<String, Map<String, Integer>> got = new TreeMap<>();
        for (Row r : t.rejects().collectAsList()) {
            String source = r.getString(0);
            String reason = r.getString(2);
            assertTrue(r.getString(1) != null && reason != null && !reason.isBlank(), "a reject keeps line and reason: " + r);
            List<Bad> kinds = source.endsWith("store.csv") ? STORE_LINES : source.endsWith("store_states.csv") ? STATE_LINES
                    : source.contains("weather") ? WEATHER_LINES : TREND_LINES;
            String kind = kinds.stream().map(Bad::reason).filter(reason::startsWith).findFirst()
                    .orElse("unexpected reason: " + reason.substring(0, Math.min(100, reason.length())));
            got.computeIfAbsent(fileOf(source), k -> new TreeMap<>()).merge(kind, 1, Integer::sum);
        }
        assertEquals(expected, got, "per file, each bad line rejected once with the reason of its kind of damage");

        assertEquals(List.of(1, 2, 3), t.stores().orderBy("Store").collectAsList().stream().map(x -> x.getInt(0)).toList(),
                "exactly the good stores");
        long goodDays = Files.readAllLines(RossmannTablesTest.DATA.resolve("weather/Hessen.csv")).size() - 1;
        assertEquals(goodDays, t.weather().where("State = 'HE'").count(), "every good weather day of Hessen");
        assertTrue(t.weather().where("State = 'HE' and Date < '2000-01-01'").isEmpty(), "no bad day used");
        long goodWeeks = Files.readAllLines(RossmannTablesTest.DATA.resolve("googletrend/Rossmann_DE_HE.csv")).size() - 1;
        assertEquals(goodWeeks, t.trends().where("State = 'HE'").count(), "every good trend week of Hessen");
        assertEquals(tried, t.rejectCount(), "rows rejected = bad lines mixed in");
        System.out.println("Rossmann side-table lines tried: " + tried + " malformed among the good ones");
    }

    private static String fileOf(String source) {
        for (String f : List.of("store_states.csv", "store.csv", "weather/Hessen.csv", "googletrend/Rossmann_DE_HE.csv")) {
            if (source.endsWith(f)) {
                return f;
            }
        }
        return source;
    }

    /** Appends BAD_PER_FILE generated lines to the file, shuffled among its data lines (header kept first). */
    private static int mix(Path file, List<Bad> kinds, Random random, Map<String, Map<String, Integer>> expected,
                           String name) throws Exception {
        List<String> original = Files.readAllLines(file);
        List<byte[]> lines = new ArrayList<>();
        for (String l : original.subList(1, original.size())) {
            lines.add(utf8(l));
        }
        for (int i = 0; i < BAD_PER_FILE; i++) {
            Bad kind = kinds.get(random.nextInt(kinds.size()));
            lines.add(kind.line().apply(random, i));
            expected.computeIfAbsent(name, k -> new TreeMap<>()).merge(kind.reason(), 1, Integer::sum);
        }
        Collections.shuffle(lines, random);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(original.get(0) + "\n"));
        for (int i = 0; i < lines.size(); i++) {
            out.writeBytes(lines.get(i));
            out.writeBytes(utf8(i % 5 == 0 ? "\r\n" : "\n"));
        }
        Files.write(file, out.toByteArray());
        return BAD_PER_FILE;
    }
}
