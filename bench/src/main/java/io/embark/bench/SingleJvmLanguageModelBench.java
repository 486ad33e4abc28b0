package io.embark.bench;

import io.embark.pipelines.lm.AwdLstm;
import io.embark.pipelines.lm.CorpusFormat;
import io.embark.pipelines.lm.CorpusReader;
import io.embark.pipelines.lm.LanguageModelSettings;
import io.embark.pipelines.lm.LanguageModelTraining;
import io.embark.pipelines.lm.TextSettings;
import io.embark.pipelines.text.LanguageModelEpochs;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The single-JVM reference for language-model training throughput, and the compute floor: the same AWD-LSTM,
 * vocabulary cap, batch and window as the distributed job, fitted by plain {@code ComputationGraph.fit} on real
 * WikiText windows in this JVM (run it with {@code OMP_NUM_THREADS=1} for "one core"). As a benchmark of the
 * single-machine baseline it brings {@code steps} minibatches into this JVM, which the distributed job never does.
 * Then the same step's matrix products (the LSTM input and recurrent products, the decoder) are timed as plain ND4J
 * {@code mmul}s, forward and the two backward products each, and the achieved FLOP/s of training is set against them.
 *
 * <p>Usage: {@code SingleJvmLanguageModelBench CORPUS maxVocab embedding hidden layers batch seqLen steps
 * [softmaxWidth]}; {@code softmaxWidth}, when larger than the corpus's vocabulary, widens the output layer to that
 * many tokens (the cost of a vocabulary cap the bundled corpus does not reach; the windows' ids stay real). Prints
 * {@code tokens_per_second=...}, {@code train_gflops=...}, {@code matmul_gflops=...}, {@code softmax_width=...}.
 */
@Command(name = "SingleJvmLanguageModelBench", mixinStandardHelpOptions = true,
        description = "Single-JVM AWD-LSTM training throughput and the ND4J product floor of the same shapes.")
public final class SingleJvmLanguageModelBench implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CORPUS", description = "Corpus files, comma-separated.")
    private String corpus;

    @Parameters(index = "1", paramLabel = "MAX_VOCAB", description = "Vocabulary cap.")
    private int maxVocab;

    @Parameters(index = "2", paramLabel = "EMBEDDING", description = "Embedding size.")
    private int emb;

    @Parameters(index = "3", paramLabel = "HIDDEN", description = "LSTM hidden size.")
    private int hidden;

    @Parameters(index = "4", paramLabel = "LAYERS", description = "LSTM layers.")
    private int layers;

    @Parameters(index = "5", paramLabel = "BATCH", description = "Streams per minibatch.")
    private int batch;

    @Parameters(index = "6", paramLabel = "SEQ_LEN", description = "Tokens per window.")
    private int seqLen;

    @Parameters(index = "7", paramLabel = "STEPS", description = "Minibatches timed (after 3 of warm-up).")
    private int steps;

    @Parameters(index = "8", arity = "0..1", paramLabel = "SOFTMAX_WIDTH", defaultValue = "0",
            description = "Widen the output layer to this many tokens when larger than the vocabulary (default: "
                    + "${DEFAULT-VALUE}: the vocabulary's size).")
    private int softmaxWidth;

    SingleJvmLanguageModelBench() {
    }

    /** Runs the benchmark; see {@link BenchCommandLine} for the exit statuses. */
    public static void main(String[] args) {
        BenchCommandLine.run(new SingleJvmLanguageModelBench(), args);
    }

    /** Measures and prints the throughput lines. */
    @Override
    public Integer call() {
        SparkSession spark = SparkSession.builder().master("local[1]").appName("single-jvm-lm-bench")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        List<DataSet> batches = new ArrayList<>();
        int vocab;
        try {
            CorpusReader.Corpus c = new CorpusReader("text", "", 0, 1_000_000, 42)
                    .read(spark, List.of(corpus.split(",")), CorpusFormat.parse("auto", corpus));
            Dataset<Row> docs = c.documents();
            PipelineModel text = LanguageModelTraining.textPipeline(new TextSettings(3, maxVocab, seqLen)).fit(docs);
            vocab = ((io.embark.transformers.text.NumericalizeModel) text.stages()[1]).vocabSize();
            Iterator<DataSet> it = new LanguageModelEpochs(text.transform(docs).select("ids"), "ids", batch, seqLen, 1,
                    42).dataSets(0).toLocalIterator();
            while (it.hasNext() && batches.size() < steps + 3) {
                batches.add(it.next());
            }
        } finally {
            spark.stop();
        }
        int corpusVocab = vocab;
        vocab = Math.max(vocab, softmaxWidth);
        LanguageModelSettings s = LanguageModelSettings.awdLstm(1e-3, 42).withSizes(emb, hidden, layers).withDropMult(0.5);
        ComputationGraph net = AwdLstm.create(vocab, seqLen, s, new FixedSchedule(1e-3), Set.of());
        for (int k = 0; k < 3; k++) {
            net.fit(batches.get(k)); // warm-up
        }
        int measured = batches.size() - 3;
        long t0 = System.nanoTime();
        for (int k = 3; k < batches.size(); k++) {
            net.fit(batches.get(k));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double tokens = (double) measured * batch * seqLen;
        double flopsPerToken = 3 * forwardFlopsPerToken(s, vocab);
        double trainGflops = tokens * flopsPerToken / seconds / 1e9;
        double matmulGflops = matmulFloor(s, vocab, batch, seqLen);
        System.out.printf(Locale.ROOT, "single-JVM fit: vocab %d (softmax over %d), E%d/H%d/L%d, batch %d x %d, %d "
                + "steps in %.1f s (%.0f ms/step, %,d params)%n", corpusVocab, vocab, emb, hidden, layers, batch, seqLen,
                measured, seconds, seconds * 1000 / measured, net.numParams());
        System.out.printf(Locale.ROOT, "softmax_width=%d%n", vocab);
        System.out.printf(Locale.ROOT, "tokens_per_second=%.0f%n", tokens / seconds);
        System.out.printf(Locale.ROOT, "train_gflops=%.2f%n", trainGflops);
        System.out.printf(Locale.ROOT, "matmul_gflops=%.2f%n", matmulGflops);
        System.out.printf(Locale.ROOT, "decoder_share=%.2f%n", 2.0 * emb * vocab / forwardFlopsPerToken(s, vocab));
        return 0;
    }

    /** Multiply-adds x 2 of one token's forward pass: LSTM input and recurrent products, and the decoder. */
    static double forwardFlopsPerToken(LanguageModelSettings s, int vocab) {
        double f = 0;
        for (int l = 0; l < s.layers(); l++) {
            int nIn = l == 0 ? s.embeddingSize() : s.hiddenSize();
            int h = s.layerOutputSize(l);
            f += 2.0 * 4 * h * (nIn + h);
        }
        return f + 2.0 * s.embeddingSize() * vocab;
    }

    /**
     * GFLOP/s of plain ND4J products with the training step's shapes, each done the way a BLAS does it best: per
     * layer the input product {@code [B*T, nIn] x [nIn, 4h]} and its two gradient products; the recurrent product
     * {@code [B, h] x [h, 4h]} and its input gradient {@code T} times (sequential in time), its weight gradient as one
     * {@code [h, B*T] x [B*T, 4h]} product (summed over time in one call); the decoder {@code [B*T, E] x [E, V]} and
     * its two gradient products.
     */
    static double matmulFloor(LanguageModelSettings s, int vocab, int batch, int seqLen) {
        long rows = (long) batch * seqLen;
        double flops = 0;
        double seconds = 0;
        for (int rep = 0; rep < 2; rep++) { // the first pass warms up
            flops = 0;
            seconds = 0;
            for (int l = 0; l < s.layers(); l++) {
                int nIn = l == 0 ? s.embeddingSize() : s.hiddenSize();
                int h = s.layerOutputSize(l);
                seconds += forwardAndGradients(rows, nIn, 4L * h);
                seconds += forwardAndInputGradient(batch, h, 4L * h, seqLen);
                seconds += weightGradient(h, rows, 4L * h);
                flops += 3 * (2.0 * rows * nIn * 4 * h + 2.0 * rows * h * 4 * h);
            }
            seconds += forwardAndGradients(rows, s.embeddingSize(), vocab);
            flops += 3 * 2.0 * rows * s.embeddingSize() * vocab;
        }
        return flops / seconds / 1e9;
    }

    /** Seconds for A[m,k] B[k,n], its A-gradient G B^T and its B-gradient A^T G. */
    private static double forwardAndGradients(long m, long k, long n) {
        return forwardAndInputGradient(m, k, n, 1) + weightGradient(k, m, n);
    }

    /** Seconds for {@code times} x (A[m,k] B[k,n] and the A-gradient G[m,n] B^T). */
    private static double forwardAndInputGradient(long m, long k, long n, int times) {
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
        INDArray b = Nd4j.rand(DataType.FLOAT, k, n);
        INDArray g = Nd4j.rand(DataType.FLOAT, m, n);
        long t0 = System.nanoTime();
        for (int i = 0; i < times; i++) {
            a.mmul(b);
            g.mmul(b.transpose());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Seconds for the weight gradient X^T[k, m] G[m, n] of a product over {@code m} rows. */
    private static double weightGradient(long k, long m, long n) {
        INDArray xT = Nd4j.rand(DataType.FLOAT, k, m);
        INDArray g = Nd4j.rand(DataType.FLOAT, m, n);
        long t0 = System.nanoTime();
        xT.mmul(g);
        return (System.nanoTime() - t0) / 1e9;
    }
}
