package io.embark.bench;

import io.embark.pipelines.text.LanguageModelEpochs;
import io.embark.transformers.text.DocumentTokenizer;
import io.embark.transformers.text.FastaiRules;
import io.embark.transformers.text.Numericalize;
import io.embark.transformers.text.NumericalizeModel;
import io.embark.transformers.text.Tokenizer;
import io.embark.transformers.text.WordSplitter;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

/**
 * Benchmark of the text stages, in one local-mode JVM, on the IMDB reviews (train + unsup, 75,000 reviews) and on
 * {@link TextCorpus} corpora generated from the IMDB vocabulary:
 * <ul>
 *   <li>embark's {@link Tokenizer} (all fastai rules + spaCy English word splitting) against Spark's
 *   {@link RegexTokenizer} (pattern {@code \W+}, gaps, lowercase), each reading the same Parquet text and writing its
 *   token column to Parquet; tokens are counted afterwards with {@code sum(size(tokens))} on each side's own output.
 *   Each runs twice per corpus, alternating, and the better time counts. Reported: seconds, tokens/s, documents/s
 *   and MB/s of input text (UTF-8 bytes).</li>
 *   <li>embark's {@link Numericalize} (minFreq 3, maxVocab 60,000) against {@link CountVectorizer} (vocabSize
 *   60,000, minDF 3), both fitted on embark's token column read back from that Parquet (tokenized once). Note the
 *   filters differ in kind: minFreq counts occurrences, minDF documents.</li>
 *   <li>The driver heap in use after each fit (after {@code System.gc()}); in local mode the executors share the
 *   driver's heap, and nothing is cached in memory, so this is what the fits leave behind.</li>
 *   <li>Language-model batching at scale: the corpus numericalized with the fitted vocabulary (to Parquet), then one
 *   epoch of {@link LanguageModelEpochs} windows (batch 64, sequence length 72) built and counted on the executors,
 *   checking that every token but each partition's first is a target exactly once.</li>
 *   <li>Where the tokenizer's time goes: fastai's rules, word splitting and RegexTokenizer's own work
 *   ({@code \W+} split of the lowercased text) timed in one thread on 20,000 IMDB reviews, no Spark.</li>
 * </ul>
 *
 * <p>Usage: {@code TextBench IMDB_DIR WORK_DIR GB[,GB...]}. A single size {@code X} means {@code X/4,X}. The
 * IMDB CSVs and the corpora are converted/generated to Parquet under the work directory once and reused. A warm-up
 * pass on 10,000 IMDB reviews runs first and is not reported.
 */
@Command(name = "TextBench", mixinStandardHelpOptions = true,
        description = "Times embark's Tokenizer and Numericalize against RegexTokenizer and CountVectorizer.")
public final class TextBench implements Callable<Integer> {
    private static final long SEED = 20240501L;
    private static final int VOCABULARY = 50_000;
    /** Streams per language-model minibatch (fastai's default batch size). */
    private static final int LM_BATCH = 64;
    /** Passes of each tokenizer over each corpus; the best counts. */
    private static final int TOKENIZE_ROUNDS = 2;
    /** Reviews in the single-thread sample (see whereTheTimeGoes). */
    private static final int SAMPLE_REVIEWS = 20_000;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMDB_DIR", description = "The directory of train.csv.gz and unsup.csv.gz.")
    private Path imdbDir;

    @Parameters(index = "1", paramLabel = "WORK_DIR", description = "Where the Parquet corpora and outputs go.")
    private Path work;

    @Parameters(index = "2", arity = "1", paramLabel = "GB", split = ",", splitSynopsisLabel = ",",
            description = "Generated corpus sizes in GB of text, comma-separated; one size X means X/4,X.")
    private List<Double> gigabytes;

    TextBench() {
    }

    /** Runs the benchmark; see {@link BenchCommandLine} for the exit statuses. */
    public static void main(String[] args) {
        BenchCommandLine.run(new TextBench(), args);
    }

    /** The generated corpus sizes in GB, a single size X expanded to X/4, X. */
    List<Double> sizes() {
        List<Double> sizes = new ArrayList<>(gigabytes);
        if (sizes.size() == 1) {
            sizes.add(0, sizes.get(0) / 4);
        }
        return sizes;
    }

    /** Measures and prints the tables. */
    @Override
    public Integer call() throws Exception {
        for (double gb : gigabytes) {
            if (!(gb > 0) || Double.isInfinite(gb)) {
                throw new ParameterException(spec.commandLine(), "a corpus size must be a positive number of GB, not " + gb);
            }
        }
        List<Double> sizes = sizes();
        SparkSession spark = SparkSession.builder().master(System.getProperty("spark.master", "local[*]"))
                .appName("embark-text-bench").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", String.valueOf(2 * Runtime.getRuntime().availableProcessors()))
                .getOrCreate();
        int cores = spark.sparkContext().defaultParallelism();
        System.out.printf(Locale.ROOT, "spark %s, %d cores, driver max heap %d MB%n", spark.version(), cores,
                Runtime.getRuntime().maxMemory() >> 20);

        Path imdb = work.resolve("imdb-75k.parquet");
        if (!Files.exists(imdb.resolve("_SUCCESS"))) {
            long t = System.nanoTime();
            spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
                    .csv(imdbDir.resolve("train.csv.gz").toString(), imdbDir.resolve("unsup.csv.gz").toString())
                    .select("text").repartition(cores * 2)
                    .write().mode(SaveMode.Overwrite).parquet(imdb.toString());
            System.out.printf(Locale.ROOT, "converted IMDB in %.1f s -> %s%n", secs(t), imdb);
        }
        Dataset<Row> imdbText = spark.read().parquet(imdb.toString());

        List<String> corpora = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        corpora.add("IMDB train+unsup");
        paths.add(imdb);
        TextCorpus.Vocabulary vocabulary = null;
        for (double gb : sizes) {
            long docs = Math.round(gb * 1e9 / TextCorpus.MEAN_DOC_CHARS);
            Path p = work.resolve(String.format(Locale.ROOT, "corpus-%d.parquet", docs));
            if (!Files.exists(p.resolve("_SUCCESS"))) {
                if (vocabulary == null) {
                    vocabulary = TextCorpus.vocabularyOf(imdbText, "text", VOCABULARY);
                }
                long t = System.nanoTime();
                TextCorpus.generate(spark, vocabulary, SEED, docs, (int) Math.max(cores, docs / 20_000))
                        .write().mode(SaveMode.Overwrite).parquet(p.toString());
                System.out.printf(Locale.ROOT, "generated %,d documents in %.1f s -> %s%n", docs, secs(t), p);
            }
            corpora.add(String.format(Locale.ROOT, "generated %.2f GB", gb));
            paths.add(p);
        }

        // warm-up: JIT, class loading, the tokenizer's static tables
        Dataset<Row> warm = imdbText.limit(10_000);
        warm.write().mode(SaveMode.Overwrite).parquet(work.resolve("warm.parquet").toString());
        Dataset<Row> warmText = spark.read().parquet(work.resolve("warm.parquet").toString());
        measure(spark, "warm-up", warmText, work, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());

        List<String> lines = new ArrayList<>();
        List<String> heap = new ArrayList<>();
        List<String> batches = new ArrayList<>();
        for (int i = 0; i < corpora.size(); i++) {
            measure(spark, corpora.get(i), spark.read().parquet(paths.get(i).toString()), work, lines, heap, batches);
        }
        String where = whereTheTimeGoes(imdbText);

        System.out.println();
        System.out.println("| corpus | stage | embark s | MLlib s | embark tokens/s | MLlib tokens/s | ratio |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        lines.forEach(System.out::println);
        System.out.println();
        heap.forEach(System.out::println);
        System.out.println();
        System.out.println("| corpus | embark tokens | Numericalize transform to Parquet s | partitions | LM windows s "
                + "| minibatches | targets | targets/s | every token but each partition's first is a target once "
                + "| driver heap after |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        batches.forEach(System.out::println);
        System.out.println();
        System.out.println(where);
        spark.stop();
        return 0;
    }

    private static void measure(SparkSession spark, String name, Dataset<Row> text, Path work, List<String> lines,
                                List<String> heap, List<String> batches) {
        Row stats = text.agg(count("*"), sum(octet_length(col("text"))), sum(length(col("text")))).first();
        long docs = stats.getLong(0);
        long bytes = stats.getLong(1);
        double mb = bytes / 1e6;
        String embarkOut = work.resolve("tokens-embark.parquet").toString();
        String mllibOut = work.resolve("tokens-mllib.parquet").toString();

        // each tokenizer runs TOKENIZE_ROUNDS times, alternating, and its best time counts: the first pass over a
        // corpus also pays for compiling code paths and filling per-thread caches, on both sides
        double embarkTok = Double.MAX_VALUE;
        double mllibTok = Double.MAX_VALUE;
        for (int round = 0; round < TOKENIZE_ROUNDS; round++) {
            long t0 = System.nanoTime();
            new Tokenizer().setInputCol("text").setOutputCol("tokens").transform(text).select("tokens")
                    .write().mode(SaveMode.Overwrite).parquet(embarkOut);
            embarkTok = Math.min(embarkTok, secs(t0));
            long t1 = System.nanoTime();
            new RegexTokenizer().setInputCol("text").setOutputCol("tokens").setPattern("\\W+").setGaps(true)
                    .transform(text).select("tokens")
                    .write().mode(SaveMode.Overwrite).parquet(mllibOut);
            mllibTok = Math.min(mllibTok, secs(t1));
        }
        Dataset<Row> tokens = spark.read().parquet(embarkOut);
        long embarkTokens = tokens.agg(sum(size(col("tokens")))).first().getLong(0);
        long mllibTokens = spark.read().parquet(mllibOut).agg(sum(size(col("tokens")))).first().getLong(0);

        long t2 = System.nanoTime();
        NumericalizeModel num = new Numericalize().setInputCol("tokens").setMinFreq(3).setMaxVocab(60_000)
                .fit(tokens);
        double embarkFit = secs(t2);
        long embarkHeap = usedHeapMb();
        long t3 = System.nanoTime();
        CountVectorizerModel cv = new CountVectorizer().setInputCol("tokens").setOutputCol("counts")
                .setVocabSize(60_000).setMinDF(3).fit(tokens);
        double mllibFit = secs(t3);
        long mllibHeap = usedHeapMb();

        System.out.printf(Locale.ROOT, "%s: %,d docs, %.1f MB; tokenize embark %.1f s (%,d tokens), RegexTokenizer "
                        + "%.1f s (%,d tokens); fit Numericalize %.1f s (vocab %,d), CountVectorizer %.1f s (vocab %,d)%n",
                name, docs, mb, embarkTok, embarkTokens, mllibTok, mllibTokens, embarkFit, num.vocabSize(), mllibFit,
                cv.vocabulary().length);
        lines.add(String.format(Locale.ROOT, "| %s (%,d docs, %.0f MB) | Tokenizer vs RegexTokenizer `\\W+`, to Parquet, best of %d "
                        + "| %.1f | %.1f | %,.0f | %,.0f | **%.2fx** (time: %.2fx) |", name, docs, mb, TOKENIZE_ROUNDS,
                embarkTok, mllibTok, embarkTokens / embarkTok, mllibTokens / mllibTok,
                (embarkTokens / embarkTok) / (mllibTokens / mllibTok),
                mllibTok / embarkTok));
        lines.add(String.format(Locale.ROOT, "|  | ... documents/s, MB/s of input text | %,.0f docs/s | %,.0f docs/s "
                        + "| %.1f MB/s | %.1f MB/s | |", docs / embarkTok, docs / mllibTok, mb / embarkTok, mb / mllibTok));
        lines.add(String.format(Locale.ROOT, "|  | Numericalize(minFreq 3, maxVocab 60k) vs CountVectorizer(minDF 3, "
                        + "vocabSize 60k) fit, on embark's tokens | %.1f | %.1f | %,.0f | %,.0f | **%.2fx** |", embarkFit,
                mllibFit, embarkTokens / embarkFit, embarkTokens / mllibFit, mllibFit / embarkFit));
        heap.add(String.format(Locale.ROOT, "driver heap in use after fit, %s (%.0f MB of text): Numericalize %d MB, "
                + "CountVectorizer %d MB", name, mb, embarkHeap, mllibHeap));
        languageModelWindows(spark, name, num, tokens, embarkTokens, work, batches);
    }

    /**
     * One epoch of language-model windows (fastai's batch size 64 and sequence length 72) built on the executors from
     * the numericalized corpus, counted there: how long numericalizing and batching take, whether every token but
     * each partition's first is a target exactly once, and the driver heap afterwards.
     */
    private static void languageModelWindows(SparkSession spark, String name, NumericalizeModel num,
                                             Dataset<Row> tokens, long tokenCount, Path work, List<String> out) {
        String idsOut = work.resolve("ids.parquet").toString();
        long t0 = System.nanoTime();
        num.setInputCol("tokens").setOutputCol("ids").transform(tokens).select("ids")
                .write().mode(SaveMode.Overwrite).parquet(idsOut);
        double numericalize = secs(t0);
        Dataset<Row> ids = spark.read().parquet(idsOut);
        // at most ~4M tokens (16 MB of ids) per partition, which holds its stream while it cuts windows
        int partitions = (int) Math.max(spark.sparkContext().defaultParallelism(), tokenCount / 4_000_000 + 1);
        long t1 = System.nanoTime();
        long[] counts = new LanguageModelEpochs(ids, "ids", LM_BATCH, LanguageModelEpochs.DEFAULT_SEQ_LEN, partitions,
                SEED).dataSets(0)
                .map(ds -> ds.getLabelsMaskArray().sumNumber().longValue())
                .aggregate(new long[2], (acc, targets) -> {
                    acc[0]++;
                    acc[1] += targets;
                    return acc;
                }, (a, b) -> {
                    a[0] += b[0];
                    a[1] += b[1];
                    return a;
                });
        double batching = secs(t1);
        long heap = usedHeapMb();
        out.add(String.format(Locale.ROOT, "| %s | %,d | %.1f | %d | %.1f | %,d | %,d | %,.0f | %s | %d MB |",
                name, tokenCount, numericalize, partitions, batching, counts[0], counts[1], counts[1] / batching,
                counts[1] == tokenCount - partitions ? "yes" : "NO (" + (tokenCount - partitions) + " expected)",
                heap));
    }

    /**
     * Single-thread timing of the tokenizer's parts on a sample of 20,000 IMDB reviews (best of 3 rounds; enough
     * distinct reviews that the chunk cache misses about as often as on the whole corpus).
     */
    private static String whereTheTimeGoes(Dataset<Row> imdbText) {
        List<String> docs = new ArrayList<>();
        for (Row r : imdbText.limit(SAMPLE_REVIEWS).collectAsList()) {
            docs.add(r.getString(0));
        }
        long chars = 0;
        for (String d : docs) {
            chars += d.length();
        }
        Pattern gaps = Pattern.compile("\\W+");
        DocumentTokenizer tok = new DocumentTokenizer(false);
        double rules = Double.MAX_VALUE;
        double split = Double.MAX_VALUE;
        double whole = Double.MAX_VALUE;
        double regex = Double.MAX_VALUE;
        long sink = 0;
        for (int round = 0; round < 3; round++) {
            List<String> prepared = new ArrayList<>(docs.size());
            long t = System.nanoTime();
            for (String d : docs) {
                prepared.add(FastaiRules.apply(d));
            }
            rules = Math.min(rules, secs(t));
            t = System.nanoTime();
            for (String p : prepared) {
                sink += WordSplitter.split(p).size();
            }
            split = Math.min(split, secs(t));
            t = System.nanoTime();
            for (String d : docs) {
                sink += tok.tokenizeToUtf8(d).length;
            }
            whole = Math.min(whole, secs(t));
            t = System.nanoTime();
            for (String d : docs) {
                for (String s : gaps.split(d.toLowerCase(Locale.ROOT))) {
                    sink += s.isEmpty() ? 0 : 1;
                }
            }
            regex = Math.min(regex, secs(t));
        }
        double m = chars / 1e6;
        return String.format(Locale.ROOT, "where the time goes (one thread, no Spark, %,d IMDB reviews, %.1f M chars, "
                        + "best of 3): fastai rules %.1f M chars/s (%.0f%% of rules + splitting), spaCy-style word "
                        + "splitting %.1f M chars/s (%.0f%%), whole DocumentTokenizer (to UTF-8, as in Spark) %.1f M chars/s; RegexTokenizer's "
                        + "core (lowercase + \\W+ split) %.1f M chars/s [%d]", docs.size(), m, m / rules,
                100 * rules / (rules + split), m / split, 100 * split / (rules + split), m / whole, m / regex,
                sink % 10);
    }

    private static long usedHeapMb() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    private static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
