package io.embark.bench;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchArgumentsTest {
    @Test
    void tabularBenchDefaultsToExactMedians() {
        TabularBench bench = new TabularBench();
        BenchCommandLine.of(bench).parseArgs("/tmp/w", "1_000_000,2000");
        assertEquals(Path.of("/tmp/w"), bench.work());
        assertEquals(List.of(1_000_000L, 2000L), bench.sizes());
        assertEquals("exact", bench.median());
    }

    @Test
    void tabularBenchTakesApproximateMedians() {
        TabularBench bench = new TabularBench();
        BenchCommandLine.of(bench).parseArgs("/tmp/w", "10", "approx");
        assertEquals("approx", bench.median());
    }

    @Test
    void aBadMedianIsAOneLineErrorWithStatus2() {
        Run run = run(new TabularBench(), "/tmp/w", "1000", "median");
        assertEquals(2, run.status);
        assertOneLine(run.err, "TabularBench: ");
        assertTrue(run.err.contains("exact, approx"), run.err);
    }

    @Test
    void aBadRowCountIsAOneLineErrorWithStatus2() {
        Run run = run(new TabularBench(), "/tmp/w", "1000,abc");
        assertEquals(2, run.status);
        assertOneLine(run.err, "TabularBench: ");
        assertTrue(run.err.contains("'abc' is not a row count"), run.err);
    }

    @Test
    void anEmptyTableIsRefusedBeforeSparkStarts() {
        Run run = run(new TabularBench(), "/tmp/w", "1000,0");
        assertEquals(2, run.status);
        assertOneLine(run.err, "TabularBench: a table needs at least 1 row, not 0");
    }

    @Test
    void missingArgumentsAreAOneLineErrorWithStatus2() {
        Run run = run(new TabularBench(), "/tmp/w");
        assertEquals(2, run.status);
        assertOneLine(run.err, "TabularBench: Missing required parameter");
    }

    @Test
    void helpListsTheArgumentsAndSucceeds() {
        CommandLine cl = BenchCommandLine.of(new TabularBench());
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--help"));
        assertTrue(out.toString().contains("WORK_DIR") && out.toString().contains("MEDIAN"), out.toString());
    }

    @Test
    void collabBenchDefaultsToTwoEpochsOfBatch64() {
        SingleJvmCollabBench bench = new SingleJvmCollabBench();
        BenchCommandLine.of(bench).parseArgs("ratings.csv");
        assertEquals(2, bench.epochs());
        assertEquals(64, bench.batch());
        BenchCommandLine.of(bench).parseArgs("ratings.csv", "3", "128");
        assertEquals(3, bench.epochs());
        assertEquals(128, bench.batch());
    }

    @Test
    void aNonNumericEpochCountIsAnError() {
        Run run = run(new SingleJvmCollabBench(), "ratings.csv", "two");
        assertEquals(2, run.status);
        assertOneLine(run.err, "SingleJvmCollabBench: ");
    }

    @Test
    void oneTextCorpusSizeMeansAQuarterOfItAndIt() {
        TextBench bench = new TextBench();
        BenchCommandLine.of(bench).parseArgs("imdb", "/tmp/w", "1");
        assertEquals(List.of(0.25, 1.0), bench.sizes());
        BenchCommandLine.of(bench).parseArgs("imdb", "/tmp/w", "0.5,2");
        assertEquals(List.of(0.5, 2.0), bench.sizes());
    }

    @Test
    void rossmannMultipliersMayBeSpaced() {
        RossmannPrepareBench bench = new RossmannPrepareBench();
        BenchCommandLine.of(bench).parseArgs("/tmp/w", "data/rossmann", "1, 10");
        assertEquals(List.of(1, 10), bench.multipliers());
        Run run = run(new RossmannPrepareBench(), "/tmp/w", "data/rossmann", "0");
        assertEquals(2, run.status);
        assertOneLine(run.err, "RossmannPrepareBench: store multiplier must be at least 1, not 0");
    }

    private record Run(int status, String err) {
    }

    private static Run run(Object command, String... args) {
        CommandLine cl = BenchCommandLine.of(command);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        return new Run(status, err.toString());
    }

    private static void assertOneLine(String err, String start) {
        assertTrue(err.startsWith(start), err);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.strip().endsWith("(--help for usage)"), err);
    }
}
