package io.embark.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Rossmann job's four steps as four separate spark-submit calls to a standalone Master with two 1-core Workers,
 * as a scheduled pipeline runs them, on three stores: each call exits 0 and leaves its output under {@code work};
 * training ran on both executors; the model learns (far below predicting the mean, near the Store x DayOfWeek x Promo
 * median, with RossmannJobTest's margins); the submission has one {@code Id,Sales} row per test row of those stores
 * with closed days at 0. A repeated step without {@code overwrite=true} and a tables directory without
 * {@code store.csv} both exit non-zero with a one-line reason and change no output.
 */
class RossmannOnStandaloneClusterIT {
    private static final List<Integer> STORES = List.of(1, 2, 3);
    /** The same small model and schedule as RossmannJobTest, so that the quality bounds carry over. */
    private static final List<String> SMALL_TRAINING = List.of("model.layers=[64,32]", "model.max-lr=0.02",
            "training.epochs=12", "training.workers=2", "training.batch-size-per-worker=32",
            "training.averaging-frequency=10", "compare.gbt-max-iter=5");
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);

    private static Path work;
    private static Path repo;
    private static String jar;
    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        work = Files.createDirectories(Paths.get(System.getProperty("embark.it.workdir"))
                .resolve("rossmann-" + System.nanoTime()));
        repo = Paths.get(System.getProperty("embark.repo.root")).toAbsolutePath().normalize();
        jar = Paths.get(System.getProperty("embark.shaded.jar")).toAbsolutePath().toString();
        assertTrue(Files.isRegularFile(Paths.get(jar)), "shaded jar missing: " + jar);
        cluster = new StandaloneCluster(work.resolve("cluster"), 2, 1, "2g");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void fourStepsAsSeparateSubmissionsProduceASubmission() throws Exception {
        Path out = work.resolve("run");
        String data = repo.resolve("data/rossmann").toString();

        String generate = step(out, data, "generate", 0);
        assertTrue(generate.contains("Rossmann generate: 2,826 rows"), tail(generate));
        assertTrue(Files.isRegularFile(out.resolve("generated/data/_SUCCESS")), "generated/ committed");
        assertTrue(listNames(out.resolve("generated/data")).stream().anyMatch(n -> n.endsWith(".parquet")));

        step(out, data, "prepare", 0);
        for (String part : List.of("train", "valid", "test")) {
            assertTrue(Files.isRegularFile(out.resolve("prepared/" + part + "/_SUCCESS")), "prepared/" + part);
        }
        assertTrue(Files.isDirectory(out.resolve("prepared/preprocessing/stages")), "prepared/preprocessing");
        assertTrue(Files.isRegularFile(out.resolve("prepared/meta/_SUCCESS")), "prepared/meta");

        String train = step(out, data, "train", 0);
        Path model = out.resolve("model");
        assertTrue(Files.isRegularFile(model.resolve("model/tabular-model.zip")));
        assertTrue(Files.isRegularFile(model.resolve("training-curves.png")));
        assertTrue(Files.isRegularFile(model.resolve("predictions/_SUCCESS")));
        JsonNode metrics = new ObjectMapper().readTree(model.resolve("metrics.json").toFile());
        assertTrue(metrics.at("/training/master").asText().startsWith("spark://"), metrics.toString());
        assertEquals(2, metrics.at("/training/workers").asInt(), metrics.toString());
        Set<String> executors = new HashSet<>();
        metrics.at("/training/executors_used").forEach(n -> executors.add(n.asText()));
        executors.remove("driver");
        assertEquals(2, executors.size(), "both executors ran training tasks: " + executors);
        assertTrue(metrics.at("/training/samples_per_second").asDouble() > 0, metrics.toString());
        assertEquals(12, metrics.at("/epochs").size(), "one record per epoch: " + metrics.at("/epochs"));

        double embark = metrics.at("/final/valid_exp_rmspe").asDouble();
        double mean = metrics.at("/baseline_predict_mean/valid_exp_rmspe").asDouble();
        double median = valueAfter(train, "median of Store x DayOfWeek x Promo");
        double oracle = valueAfter(train, "oracle (noise-free expected sales)");
        assertEquals(embark, valueAfter(train, "embark TabularModel"), 1e-4, "printed and recorded results agree");
        // RossmannJobTest's bounds: far past the mean, near the strong per-store/day/promo median, above the oracle
        assertTrue(embark < 0.6 * mean, "embark " + embark + " vs predicting the mean " + mean);
        assertTrue(embark < 1.5 * median, "embark " + embark + " vs the group median " + median);
        assertTrue(oracle < embark, "nothing beats the oracle: " + oracle + " vs " + embark);

        step(out, data, "predict", 0);
        List<String> lines = Files.readAllLines(singleCsv(out.resolve("submission/csv")));
        assertEquals("Id,Sales", lines.get(0));
        Map<Integer, Boolean> expected = testRows(repo.resolve("data/rossmann/test.csv"));
        Map<Integer, Double> sales = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertEquals(2, f.length, line);
            assertNull(sales.put(Integer.parseInt(f[0]), Double.parseDouble(f[1])), "duplicate Id: " + line);
        }
        assertEquals(expected.keySet(), sales.keySet(), "one row per test row of stores " + STORES);
        assertEquals(96, sales.size(), "48 test days each of stores 1 and 3 (store 2 is not in test.csv)");
        assertTrue(expected.containsValue(false), "the chosen stores have closed test days");
        for (Map.Entry<Integer, Boolean> row : expected.entrySet()) {
            double s = sales.get(row.getKey());
            assertTrue(row.getValue() ? s > 0 : s == 0.0, "Id " + row.getKey() + " open=" + row.getValue() + " sales " + s);
        }

        // a scheduled retry of a finished step must not replace its output: refused before the step starts, nothing changes
        Map<String, String> before = snapshot(out);
        for (String again : List.of("generate", "train")) {
            String refused = step(out, data, again, 2);
            assertTrue(refused.contains("embark rossmann: step " + again + ": output directory " + out)
                    && refused.contains("already exists; choose another work directory or set overwrite=true"),
                    "one-line reason for " + again + ":\n" + tail(refused));
            assertFalse(refused.contains("step " + again + " starts"), "refused before the step starts:\n" + tail(refused));
        }
        assertEquals(before, snapshot(out), "refused steps leave every output as it was");
    }

    @Test
    void tablesDirectoryWithoutStoreCsvIsBadInput() throws Exception {
        Path out = work.resolve("bad-input");
        Path tables = Files.createDirectories(work.resolve("tables-without-store-csv"));
        Files.copy(repo.resolve("data/rossmann/store_states.csv"), tables.resolve("store_states.csv"));
        String log = step(out, tables.toString(), "generate", 2);
        assertTrue(log.contains("embark rossmann: Rossmann store table is missing: no file")
                && log.contains("store.csv"), tail(log));
        assertFalse(log.contains("at io.embark"), "bad input is one line, not a stack trace:\n" + tail(log));
        assertFalse(Files.exists(out.resolve("generated")), "nothing written");
    }

    /** spark-submits one step, asserts its exit code, and returns the submit log (stdout and stderr). */
    private static String step(Path out, String data, String step, int expectedExit) throws Exception {
        Path log = work.resolve(out.getFileName() + "-" + step + "-" + System.nanoTime() + ".log");
        List<String> args = new ArrayList<>(cluster.embarkJobOptions());
        args.addAll(List.of(jar, "rossmann", "steps=[" + step + "]", "data=" + data, "work=" + out,
                "stores=" + STORES.toString().replace(" ", "")));
        args.addAll(SMALL_TRAINING);
        int code = cluster.submit(log, STEP_TIMEOUT, args.toArray(new String[0]));
        String text = Files.readString(log);
        if (expectedExit == 0) {
            assertEquals(0, code, step + ": spark-submit exit code; log:\n" + tail(text));
            assertTrue(text.contains("step " + step + " done"), tail(text));
        } else {
            assertEquals(expectedExit, code, step + ": spark-submit exit code; log:\n" + tail(text));
        }
        return text;
    }

    /** Test.csv's Ids of {@link #STORES} and whether each is open (a missing Open counts as open). */
    private static Map<Integer, Boolean> testRows(Path csv) throws IOException {
        Map<Integer, Boolean> rows = new TreeMap<>();
        List<String> lines = Files.readAllLines(csv);
        assertEquals("Id,Store,DayOfWeek,Date,Open,Promo,StateHoliday,SchoolHoliday", lines.get(0).replace("\"", ""));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.replace("\"", "").split(",", -1);
            if (STORES.contains(Integer.parseInt(f[1]))) {
                rows.put(Integer.parseInt(f[0]), !f[4].equals("0"));
            }
        }
        return rows;
    }

    /** Every file under {@code dir} with its size and modification time. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            Map<String, String> all = new TreeMap<>();
            for (Path p : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                all.put(dir.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
            assertNotEquals(0, all.size());
            assertTrue(all.keySet().stream().noneMatch(n -> n.contains(".staging-")), "no staging left: " + all.keySet());
            return all;
        }
    }

    private static Path singleCsv(Path dir) throws IOException {
        List<Path> csv;
        try (Stream<Path> files = Files.list(dir)) {
            csv = files.filter(p -> p.getFileName().toString().endsWith(".csv")).collect(Collectors.toList());
        }
        assertEquals(1, csv.size(), "one CSV file in " + dir + ": " + csv);
        return csv.get(0);
    }

    private static List<String> listNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
        }
    }

    private static double valueAfter(String printed, String label) {
        for (String line : printed.split("\n")) {
            if (line.trim().startsWith(label)) {
                return Double.parseDouble(line.trim().substring(label.length()).trim().split("\\s+")[0]);
            }
        }
        throw new AssertionError("no line '" + label + "' in:\n" + tail(printed));
    }

    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }
}
