package io.embark.pipelines.lm;

import io.embark.transformers.text.NumericalizeModel;
import io.embark.transformers.text.SpecialTokens;
import io.embark.transformers.text.TokenVocabulary;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwdLstmTest {
    static final LanguageModelSettings SMALL = LanguageModelSettings.awdLstm(1e-2, 7).withSizes(16, 32, 2);

    static DataSet windows(int[] stream, int batch, int seqLen) {
        float[] f = new float[batch * seqLen];
        float[] l = new float[batch * seqLen];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < seqLen; t++) {
                int at = (b * 7 + t) % (stream.length - 1);
                f[b * seqLen + t] = stream[at];
                l[b * seqLen + t] = stream[at + 1];
            }
        }
        return new DataSet(Nd4j.create(f, new long[] {batch, 1, seqLen}, 'c'),
                Nd4j.create(l, new long[] {batch, 1, seqLen}, 'c'));
    }

    @Test
    void buildsFastaisLayerStackAndSurvivesJsonAndModelSerializer() throws Exception {
        ComputationGraph net = AwdLstm.create(40, 12, SMALL, new FixedSchedule(1e-3), Set.of());
        assertEquals(List.of("embedding", "lstm_0", "lstm_1"), AwdLstm.encoderLayers(2));
        assertEquals(2, AwdLstm.lstmLayers(net));
        assertEquals(40, AwdLstm.vocabSize(net));
        assertArrayEquals(new long[] {16, 40}, net.getLayer(AwdLstm.DECODER).getParam("W").shape());
        // the last LSTM layer's output matches the embedding size, as in AWD-LSTM
        assertEquals(16, net.getLayer(AwdLstm.lstm(1)).getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY).size(0));

        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson());
        assertEquals(net.getConfiguration(), back);
        EmbeddingDropout emb = (EmbeddingDropout) ((org.deeplearning4j.nn.conf.graph.LayerVertex)
                back.getVertices().get(AwdLstm.EMBEDDING)).getLayerConf().getLayer();
        assertEquals(0.02, emb.getEmbedDropout(), 1e-12);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
        DataSet ds = windows(new int[] {2, 9, 10, 11, 12, 13, 9, 10, 11}, 3, 12);
        assertEquals(net.output(ds.getFeatures())[0], restored.output(ds.getFeatures())[0]);
        assertTrue(restored.getLayer(AwdLstm.EMBEDDING) instanceof EmbeddingDropoutLayer);
    }

    @Test
    void embeddingDropoutDropsWholeVocabularyRowsForTheMinibatch() {
        LanguageModelSettings s = new LanguageModelSettings(8, 8, 1, 0.5, 0, 0, 0, 0, 1, 0, 1e-3, 0, 0.9, 0.99, 1e-5, 3);
        ComputationGraph net = AwdLstm.create(20, 30, s, new FixedSchedule(1e-3), Set.of());
        Layer emb = net.getLayer(AwdLstm.EMBEDDING);
        int[] tokens = new int[30];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = 9 + i % 10;
        }
        float[] f = new float[60];
        for (int i = 0; i < 60; i++) {
            f[i] = tokens[i % 30];
        }
        INDArray input = Nd4j.create(f, new long[] {2, 1, 30}, 'c');
        INDArray weights = emb.getParam("W");
        emb.setInput(input, LayerWorkspaceMgr.noWorkspaces());
        INDArray inference = emb.activate(false, LayerWorkspaceMgr.noWorkspaces()).dup();
        emb.setInput(input, LayerWorkspaceMgr.noWorkspaces());
        INDArray train = emb.activate(true, LayerWorkspaceMgr.noWorkspaces()).dup();
        Map<Integer, Double> factorOfToken = new HashMap<>();
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 30; t++) {
                int token = tokens[t];
                INDArray plain = weights.getRow(token);
                assertEquals(plain, inference.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t)));
                INDArray dropped = train.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t));
                double factor = dropped.sumNumber().doubleValue() / plain.sumNumber().doubleValue();
                assertTrue(Math.abs(factor) < 1e-5 || Math.abs(factor - 2) < 1e-4, "factor " + factor);
                Double seen = factorOfToken.putIfAbsent(token, factor);
                if (seen != null) {
                    assertEquals(seen, factor, 1e-4, "token " + token + " must be dropped everywhere or nowhere");
                }
            }
        }
        assertTrue(factorOfToken.values().stream().anyMatch(v -> v < 0.5), "some row dropped at p = 0.5");
        assertTrue(factorOfToken.values().stream().anyMatch(v -> v > 1.5), "some row kept at p = 0.5");
    }

    @Test
    void weightDropTouchesOnlyTheRecurrentWeightsWhileTraining() {
        ComputationGraph net = AwdLstm.create(20, 5, SMALL, new FixedSchedule(1e-3), Set.of());
        Layer lstm = net.getLayer(AwdLstm.lstm(0));
        RecurrentWeightDrop drop = new RecurrentWeightDrop(0.4);
        INDArray rw = lstm.getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray noisy = drop.getParameter(lstm, LSTMParamInitializer.RECURRENT_WEIGHT_KEY, 0, 0, true, null);
        long zeros = 0;
        for (long i = 0; i < rw.length(); i++) {
            double a = rw.getDouble(i);
            double b = noisy.getDouble(i);
            if (b == 0) {
                zeros++;
            } else {
                assertEquals(a / 0.6, b, 1e-5);
            }
        }
        double fraction = zeros / (double) rw.length();
        assertTrue(fraction > 0.3 && fraction < 0.5, "dropped fraction " + fraction);
        assertEquals(lstm.getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY),
                drop.getParameter(lstm, LSTMParamInitializer.INPUT_WEIGHT_KEY, 0, 0, true, null));
        assertEquals(rw, drop.getParameter(lstm, LSTMParamInitializer.RECURRENT_WEIGHT_KEY, 0, 0, false, null));
    }

    @Test
    void anUntrainedModelStartedAtTheUnigramScoresLikeTheUnigramModel() {
        int vocab = 200;
        int seqLen = 20;
        java.util.Random random = new java.util.Random(3);
        double[] weights = new double[vocab];
        double total = 0;
        for (int i = 0; i < vocab; i++) {
            weights[i] = 1.0 / (i + 1); // Zipf: a skewed distribution far from the uniform one
            total += weights[i];
        }
        double[] logP = new double[vocab];
        for (int i = 0; i < vocab; i++) {
            logP[i] = Math.log(weights[i] / total);
        }
        int[] stream = new int[4001];
        for (int i = 0; i < stream.length; i++) {
            double u = random.nextDouble() * total;
            int t = 0;
            while (t < vocab - 1 && (u -= weights[t]) > 0) {
                t++;
            }
            stream[i] = t;
        }
        DataSet ds = windows(stream, 32, seqLen);
        double unigramLoss = 0;
        for (int t : ds.getLabels().dup().data().asInt()) {
            unigramLoss -= logP[t];
        }
        unigramLoss /= 32 * seqLen;

        ComputationGraph net = AwdLstm.create(vocab, seqLen, SMALL, new FixedSchedule(1e-3), Set.of());
        double uniformStart = net.score(ds, false) / seqLen;
        AwdLstm.startAtUnigram(net, logP);
        assertArrayEquals(logP, net.getLayer(AwdLstm.DECODER).getParam("b").toDoubleVector(), 1e-6);
        double unigramStart = net.score(ds, false) / seqLen;
        assertEquals(unigramLoss, unigramStart, 0.05 * unigramLoss, "starts at the unigram model's loss");
        assertTrue(uniformStart > unigramLoss + 0.5, "without it the model starts near ln V: " + uniformStart);
        assertThrows(IllegalArgumentException.class, () -> AwdLstm.startAtUnigram(net, new double[vocab - 1]));
    }

    @Test
    void frozenLayersKeepEveryBitWhileTheOthersLearn() {
        Set<String> frozen = Set.of(AwdLstm.lstm(0), AwdLstm.lstm(1));
        ComputationGraph net = AwdLstm.create(30, 10, SMALL, new FixedSchedule(1e-2), frozen);
        Map<String, INDArray> before = new HashMap<>();
        for (String name : List.of(AwdLstm.EMBEDDING, AwdLstm.lstm(0), AwdLstm.lstm(1), AwdLstm.DECODER)) {
            before.put(name, net.getLayer(name).params().dup());
        }
        DataSet ds = windows(new int[] {2, 9, 10, 11, 12, 13, 14, 15, 9, 10, 11, 12}, 4, 10);
        for (int i = 0; i < 5; i++) {
            net.fit(ds);
        }
        for (String name : frozen) {
            assertEquals(before.get(name), net.getLayer(name).params(), name + " is frozen");
        }
        assertNotEquals(before.get(AwdLstm.EMBEDDING), net.getLayer(AwdLstm.EMBEDDING).params());
        assertNotEquals(before.get(AwdLstm.DECODER), net.getLayer(AwdLstm.DECODER).params());
    }

    @Test
    void aModelThatMemorisesARepeatedTextGeneratesItBack() {
        List<String> words = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
                "juliet", "kilo", "lima");
        List<String> itos = new ArrayList<>(SpecialTokens.ALL);
        itos.addAll(words);
        while (itos.size() % 8 != 0) {
            itos.add(TokenVocabulary.FAKE);
        }
        NumericalizeModel vocab = new NumericalizeModel("numericalize_test", TokenVocabulary.fromItos(itos));
        int[] stream = new int[words.size() * 20 + 1];
        stream[0] = itos.indexOf(SpecialTokens.BOS);
        for (int i = 1; i < stream.length; i++) {
            stream[i] = itos.indexOf(words.get((i - 1) % words.size()));
        }
        LanguageModelSettings s = new LanguageModelSettings(16, 48, 1, 0, 0, 0, 0, 0, 1, 0.1, 1e-2, 0, 0.9, 0.99, 1e-5, 5);
        ComputationGraph net = AwdLstm.create(itos.size(), 24, s, new FixedSchedule(1e-2), Set.of());
        DataSet ds = windows(stream, 16, 24);
        for (int i = 0; i < 150; i++) {
            net.fit(ds);
        }
        String text = new TextGenerator(net, vocab).continuation("alpha bravo", 10, 0, 1);
        assertEquals("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima", text);
        assertFalse(text.contains("xxunk"));
    }
}
