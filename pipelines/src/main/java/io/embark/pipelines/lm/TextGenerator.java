package io.embark.pipelines.lm;

import io.embark.transformers.text.DocumentTokenizer;
import io.embark.transformers.text.NumericalizeModel;
import io.embark.transformers.text.TokenVocabulary;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Continues a prompt with a trained language model, as fastai's {@code LMLearner.predict}: the prompt is
 * tokenized with fastai's rules and numericalized with the model's vocabulary, fed through the network one step at
 * a time (hidden state carried), then each next token is drawn from the softmax at {@code temperature} (lower is
 * greedier; 0 takes the most likely token). {@code xxunk}, {@code xxpad} and {@code xxfake} are never drawn
 * (fastai's {@code no_unk}). The result is decoded back to text ({@code xxmaj}/{@code xxup} restored). Runs on
 * the driver: it needs the network and the prompt only.
 */
public final class TextGenerator {
    private final ComputationGraph net;
    private final NumericalizeModel numericalize;
    private final DocumentTokenizer tokenizer = new DocumentTokenizer(false);
    private final boolean[] banned;

    /** A generator for {@code net}, trained on the vocabulary of {@code numericalize}. */
    public TextGenerator(ComputationGraph net, NumericalizeModel numericalize) {
        this.net = net;
        this.numericalize = numericalize;
        List<String> itos = numericalize.itos();
        if (itos.size() != AwdLstm.vocabSize(net)) {
            throw new IllegalArgumentException("the vocabulary has " + itos.size() + " tokens but the network "
                    + AwdLstm.vocabSize(net));
        }
        banned = new boolean[itos.size()];
        for (int i = 0; i < banned.length; i++) {
            String t = itos.get(i);
            banned[i] = i == TokenVocabulary.UNK_ID || i == TokenVocabulary.PAD_ID || TokenVocabulary.FAKE.equals(t);
        }
    }

    /** {@code prompt} followed by {@code tokens} generated tokens, as text. */
    public String continuation(String prompt, int tokens, double temperature, long seed) {
        int[] ids = continuationIds(prompt, tokens, temperature, seed);
        return numericalize.decodeText(ids);
    }

    /** The prompt's ids (after {@code xxbos}) followed by {@code tokens} generated ids. */
    public int[] continuationIds(String prompt, int tokens, double temperature, long seed) {
        if (tokens < 0 || temperature < 0) {
            throw new IllegalArgumentException("tokens and temperature must be >= 0");
        }
        int[] promptIds = numericalize.encode(tokenizer.tokenize(prompt));
        Random random = new Random(seed);
        net.rnnClearPreviousState();
        INDArray probs = step(promptIds);
        List<Integer> out = new ArrayList<>();
        for (int id : promptIds) {
            out.add(id);
        }
        for (int n = 0; n < tokens; n++) {
            int next = sample(probs, temperature, random);
            out.add(next);
            probs = step(new int[] {next});
        }
        net.rnnClearPreviousState();
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Feeds {@code ids} and returns the distribution of the next token {@code [vocab]}. */
    private INDArray step(int[] ids) {
        float[] f = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            f[i] = ids[i];
        }
        INDArray input = Nd4j.create(f, new long[] {1, 1, ids.length}, 'c');
        INDArray out = net.rnnTimeStep(input)[0]; // [1, vocab, T]
        return out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(ids.length - 1)).dup();
    }

    private int sample(INDArray probs, double temperature, Random random) {
        double[] p = probs.toDoubleVector();
        int best = -1;
        for (int i = 0; i < p.length; i++) {
            if (banned[i]) {
                p[i] = 0;
            } else if (best < 0 || p[i] > p[best]) {
                best = i;
            }
        }
        if (temperature == 0) {
            return best;
        }
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = p[i] > 0 ? Math.pow(p[i], 1 / temperature) : 0;
            total += p[i];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < p.length; i++) {
            u -= p[i];
            if (u <= 0 && p[i] > 0) {
                return i;
            }
        }
        return best;
    }
}
