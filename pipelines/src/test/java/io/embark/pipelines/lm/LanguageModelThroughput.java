package io.embark.pipelines.lm;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;

import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Single-JVM training throughput of {@link AwdLstm} at a few sizes on random token windows (not a test):
 * {@code java ... LanguageModelThroughput vocab emb hidden layers batch seqLen steps}.
 */
public final class LanguageModelThroughput {
    private LanguageModelThroughput() {
    }

    public static void main(String[] args) {
        int vocab = Integer.parseInt(args[0]);
        int emb = Integer.parseInt(args[1]);
        int hidden = Integer.parseInt(args[2]);
        int layers = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        int seqLen = Integer.parseInt(args[5]);
        int steps = Integer.parseInt(args[6]);
        LanguageModelSettings s = LanguageModelSettings.awdLstm(1e-3, 1).withSizes(emb, hidden, layers);
        ComputationGraph net = AwdLstm.create(vocab, seqLen, s, new FixedSchedule(1e-3), Set.of());
        Random r = new Random(1);
        float[] f = new float[batch * seqLen];
        float[] l = new float[batch * seqLen];
        for (int i = 0; i < f.length; i++) {
            f[i] = r.nextInt(vocab);
            l[i] = r.nextInt(vocab);
        }
        INDArray feats = Nd4j.create(f, new long[] {batch, 1, seqLen}, 'c');
        INDArray labels = Nd4j.create(l, new long[] {batch, 1, seqLen}, 'c');
        DataSet ds = new DataSet(feats, labels);
        for (int i = 0; i < 3; i++) {
            net.fit(ds);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            net.fit(ds);
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "vocab %d E%d/H%d/L%d batch %d seq %d: %.0f tokens/s, %.0f ms/step, %d params%n",
                vocab, emb, hidden, layers, batch, seqLen, steps * (double) batch * seqLen / sec, sec * 1000 / steps,
                net.numParams());
    }
}
