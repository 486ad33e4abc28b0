package io.embark.pipelines.lm;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * fastai's {@code match_embeds}: moves a trained language model onto a new vocabulary. For every token of the new
 * vocabulary that the old one has, the embedding row, the decoder's weight column and the decoder's bias are copied
 * from the old model; every other token (and {@code xxfake} padding) gets the mean embedding row, the mean decoder
 * column and the mean bias of the old model. The LSTM layers are copied unchanged. Tokens are matched by their
 * text, so the two vocabularies may order their tokens in any way.
 */
public final class VocabularyTransfer {
    private static final String FAKE = "xxfake";

    private VocabularyTransfer() {
    }

    /**
     * Copies {@code source}'s parameters (trained with vocabulary {@code sourceItos}) into {@code target}, a network
     * of the same shape built for {@code targetItos}. Returns how many of the target's tokens were found in the
     * source vocabulary.
     */
    public static int transfer(ComputationGraph source, List<String> sourceItos, ComputationGraph target,
                               List<String> targetItos) {
        int layers = AwdLstm.lstmLayers(source);
        if (layers != AwdLstm.lstmLayers(target)) {
            throw new IllegalArgumentException("source has " + layers + " LSTM layers, target "
                    + AwdLstm.lstmLayers(target));
        }
        if (AwdLstm.vocabSize(source) != sourceItos.size() || AwdLstm.vocabSize(target) != targetItos.size()) {
            throw new IllegalArgumentException("vocabulary sizes do not match the networks' embeddings: source "
                    + sourceItos.size() + " vs " + AwdLstm.vocabSize(source) + ", target " + targetItos.size() + " vs "
                    + AwdLstm.vocabSize(target));
        }
        for (int i = 0; i < layers; i++) {
            copyLayer(source, target, AwdLstm.lstm(i));
        }
        Map<String, Integer> old = new HashMap<>();
        for (int i = 0; i < sourceItos.size(); i++) {
            if (!FAKE.equals(sourceItos.get(i))) {
                old.putIfAbsent(sourceItos.get(i), i);
            }
        }
        INDArray oldEmb = source.getLayer(AwdLstm.EMBEDDING).getParam("W");       // [V, E]
        INDArray oldW = source.getLayer(AwdLstm.DECODER).getParam("W");           // [E, V]
        INDArray oldB = source.getLayer(AwdLstm.DECODER).getParam("b");           // [1, V]
        INDArray newEmb = target.getLayer(AwdLstm.EMBEDDING).getParam("W").dup();
        INDArray newW = target.getLayer(AwdLstm.DECODER).getParam("W").dup();
        INDArray newB = target.getLayer(AwdLstm.DECODER).getParam("b").dup();
        requireSameWidth(oldEmb.size(1), newEmb.size(1), "embedding");
        INDArray meanEmb = oldEmb.mean(0);
        INDArray meanW = oldW.mean(1);
        double meanB = oldB.meanNumber().doubleValue();
        int found = 0;
        for (int j = 0; j < targetItos.size(); j++) {
            Integer i = FAKE.equals(targetItos.get(j)) ? null : old.get(targetItos.get(j));
            if (i != null) {
                newEmb.putRow(j, oldEmb.getRow(i));
                newW.put(new org.nd4j.linalg.indexing.INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.point(j)},
                        oldW.getColumn(i));
                newB.putScalar(0, j, oldB.getDouble(0, i));
                found++;
            } else {
                newEmb.putRow(j, meanEmb);
                newW.put(new org.nd4j.linalg.indexing.INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.point(j)},
                        meanW);
                newB.putScalar(0, j, meanB);
            }
        }
        target.getLayer(AwdLstm.EMBEDDING).getParam("W").assign(newEmb);
        target.getLayer(AwdLstm.DECODER).getParam("W").assign(newW);
        target.getLayer(AwdLstm.DECODER).getParam("b").assign(newB);
        return found;
    }

    /** Copies every parameter of layer {@code name} from {@code source} to {@code target} (same shapes). */
    public static void copyLayer(ComputationGraph source, ComputationGraph target, String name) {
        Map<String, INDArray> params = source.getLayer(name).paramTable();
        for (Map.Entry<String, INDArray> p : params.entrySet()) {
            INDArray dst = target.getLayer(name).getParam(p.getKey());
            if (dst == null || !java.util.Arrays.equals(dst.shape(), p.getValue().shape())) {
                throw new IllegalArgumentException("layer " + name + " parameter " + p.getKey() + " has shape "
                        + java.util.Arrays.toString(p.getValue().shape()) + " in the source but "
                        + (dst == null ? "none" : java.util.Arrays.toString(dst.shape())) + " in the target");
            }
            dst.assign(p.getValue());
        }
    }

    /** Copies every layer's parameters (same graph shape; e.g. a frozen phase's network into an unfrozen one). */
    public static void copyAll(ComputationGraph source, ComputationGraph target) {
        for (org.deeplearning4j.nn.api.Layer l : source.getLayers()) {
            if (l.numParams() > 0) {
                copyLayer(source, target, l.conf().getLayer().getLayerName());
            }
        }
    }

    private static void requireSameWidth(long a, long b, String what) {
        if (a != b) {
            throw new IllegalArgumentException(what + " widths differ: " + a + " vs " + b);
        }
    }
}
