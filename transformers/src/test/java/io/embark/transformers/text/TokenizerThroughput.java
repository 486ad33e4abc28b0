package io.embark.transformers.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Single-thread throughput of {@link DocumentTokenizer} next to Spark {@code RegexTokenizer("\\W+")}'s own work
 * (lowercase, then split at {@code \W+}, empty tokens dropped), on the texts of a gzipped CSV whose second column is
 * the text (the IMDB {@code label,text,file} files). Not a test: a tool run by hand, no Spark, so the two numbers come
 * from the same JVM and the same moment and their ratio is what to compare.
 *
 * <p>Usage: {@code TokenizerThroughput CSV_GZ [max-texts] [rounds]}; prints M chars/s (UTF-16 units per second of
 * this thread's CPU time, so that other processes on the machine disturb it less) per round for
 * the rules alone, the whole tokenizer and the regex split.
 */
public final class TokenizerThroughput {
    private static final Pattern NON_WORD = Pattern.compile("\\W+");

    private TokenizerThroughput() {
    }

    /** Runs the measurement and prints one line per round. */
    public static void main(String[] args) throws IOException {
        List<String> texts = readTexts(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 25_000);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        long chars = 0;
        for (String t : texts) {
            chars += t.length();
        }
        System.out.printf(Locale.ROOT, "%d texts, %.1f M chars%n", texts.size(), chars / 1e6);
        DocumentTokenizer tokenizer = new DocumentTokenizer(false);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            for (String t : texts) {
                sink += FastaiRules.apply(t).length();
            }
            long t1 = cpu.getCurrentThreadCpuTime();
            long tokens = 0;
            for (String t : texts) {
                tokens += tokenizer.tokenizeToArray(t).length;
            }
            long t2 = cpu.getCurrentThreadCpuTime();
            long regexTokens = 0;
            for (String t : texts) {
                for (String w : NON_WORD.split(t.toLowerCase(Locale.ROOT))) {
                    if (!w.isEmpty()) {
                        regexTokens++;
                    }
                }
            }
            long t3 = cpu.getCurrentThreadCpuTime();
            double rules = chars / ((t1 - t0) / 1e3);
            double all = chars / ((t2 - t1) / 1e3);
            double regex = chars / ((t3 - t2) / 1e3);
            System.out.printf(Locale.ROOT,
                    "round %d: rules %.1f M chars/s, tokenizer %.1f M chars/s (%d tokens), regex split %.1f M chars/s "
                            + "(%d tokens), tokenizer/regex %.2fx%n",
                    r, rules, all, tokens, regex, regexTokens, all / regex);
        }
        System.out.println(sink == 42 ? "" : "done");
    }

    /** The second field of every record of a gzipped CSV with a header (RFC 4180 quoting). */
    static List<String> readTexts(Path csvGz, int max) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(csvGz)), StandardCharsets.UTF_8), 1 << 16)) {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean header = true;
            for (int c; (c = r.read()) >= 0 && out.size() < max; ) {
                if (quoted) {
                    if (c == '"') {
                        r.mark(1);
                        int d = r.read();
                        if (d == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            if (d >= 0) {
                                r.reset();
                            }
                        }
                    } else {
                        field.append((char) c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n') {
                    fields.add(field.toString());
                    field.setLength(0);
                    if (!header && fields.size() > 1) {
                        out.add(fields.get(1));
                    }
                    header = false;
                    fields.clear();
                } else if (c != '\r') {
                    field.append((char) c);
                }
            }
        }
        return out;
    }
}
