package io.embark.bench;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.split;

/**
 * A generated English-like corpus for benchmarking the text stages at any size: reviews of 1,000 to 2,000
 * characters made of sentences of words drawn from a real vocabulary with its real frequencies (the words of the
 * IMDB reviews and their counts, which follow Zipf's law), with what fastai's rules work on: capitalised sentence
 * starts and names, some ALL CAPS words, characters repeated for emphasis ({@code sooooo}), repeated words, commas,
 * quotes and parentheses, {@code !!!} and {@code ...}, IMDB's {@code <br /><br />} between paragraphs and an
 * occasional HTML entity.
 *
 * <p>Document {@code i} comes from a {@link SplittableRandom} seeded with {@code (seed, i)} alone, so the corpus is
 * deterministic whatever the partitioning, and the first {@code n} documents of a larger corpus are the corpus of
 * {@code n} documents. Documents are generated on the executors ({@code spark.range} + {@code map}).
 */
public final class TextCorpus {
    /** Mean document length in characters (uniform in [1000, 2000) before the last sentence). */
    public static final int MEAN_DOC_CHARS = 1_560;

    private TextCorpus() {
    }

    /** Words with their counts, most frequent first, and the cumulative counts used to sample them. */
    public static final class Vocabulary implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String[] words;
        private final long[] cumulative;

        /** A vocabulary of {@code words} with the given (positive) counts. */
        public Vocabulary(String[] words, long[] counts) {
            if (words.length == 0 || words.length != counts.length) {
                throw new IllegalArgumentException("need as many counts as words, and at least one word");
            }
            this.words = words.clone();
            this.cumulative = new long[counts.length];
            long total = 0;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] <= 0) {
                    throw new IllegalArgumentException("counts must be positive: " + words[i]);
                }
                total += counts[i];
                cumulative[i] = total;
            }
        }

        /** The number of words. */
        public int size() {
            return words.length;
        }

        String sample(SplittableRandom r) {
            long x = r.nextLong(cumulative[cumulative.length - 1]);
            int i = Arrays.binarySearch(cumulative, x + 1);
            return words[i >= 0 ? i : -i - 1];
        }
    }

    /**
     * The {@code size} most frequent lowercase words of {@code texts} (letters with at most one inner apostrophe,
     * as in {@code don't}), with their counts; counted on the executors, ties by word.
     */
    public static Vocabulary vocabularyOf(Dataset<Row> texts, String textCol, int size) {
        List<Row> top = texts.select(explode(split(lower(col(textCol)), "[^a-z']+")).as("w"))
                .where(col("w").rlike("^[a-z]+('[a-z]+)?$").and(length(col("w")).leq(20)))
                .groupBy("w").count()
                .orderBy(col("count").desc(), col("w").asc())
                .limit(size)
                .collectAsList();
        String[] words = new String[top.size()];
        long[] counts = new long[top.size()];
        for (int i = 0; i < words.length; i++) {
            words[i] = top.get(i).getString(0);
            counts[i] = top.get(i).getLong(1);
        }
        return new Vocabulary(words, counts);
    }

    /** {@code docs} documents (column {@code text}), generated on the executors in {@code partitions} partitions. */
    public static Dataset<Row> generate(SparkSession spark, Vocabulary vocabulary, long seed, long docs,
                                        int partitions) {
        return spark.range(0, docs, 1, partitions)
                .map((MapFunction<Long, String>) id -> document(vocabulary, seed, id), Encoders.STRING())
                .toDF("text");
    }

    /** Document {@code id} of the corpus with this vocabulary and seed. */
    public static String document(Vocabulary v, long seed, long id) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
        int target = 1000 + r.nextInt(1000);
        StringBuilder b = new StringBuilder(target + 200);
        while (b.length() < target) {
            if (b.length() > 0) {
                b.append(r.nextInt(100) < 8 ? "<br /><br />" : " ");
            }
            sentence(v, r, b);
        }
        return b.toString();
    }

    private static void sentence(Vocabulary v, SplittableRandom r, StringBuilder b) {
        int words = 4 + r.nextInt(21);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                b.append(' ');
            }
            String w = v.sample(r);
            int p = r.nextInt(1000);
            if (p < 10) {
                w = w.toUpperCase(Locale.ROOT);                         // ALL CAPS
            } else if (i == 0 || p < 35) {
                w = Character.toUpperCase(w.charAt(0)) + w.substring(1);  // sentence start, names
            }
            p = r.nextInt(1000);
            if (p < 4) {
                w = w + String.valueOf(w.charAt(w.length() - 1)).repeat(2 + r.nextInt(4));   // sooooo
            } else if (p < 7) {
                w = w + " " + w + " " + w;                                // very very very
            } else if (p < 12) {
                w = "\"" + w + "\"";
            } else if (p < 15) {
                w = "(" + w + ")";
            } else if (p < 17) {
                w = w + " &amp;";
            }
            b.append(w);
            if (i < words - 1 && r.nextInt(100) < 6) {
                b.append(',');
            }
        }
        int end = r.nextInt(100);
        b.append(end < 80 ? "." : end < 87 ? "!" : end < 93 ? "?" : end < 97 ? "..." : "!!!");
    }
}
