package io.embark.pipelines.lm;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.embedding.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * The layer that {@link EmbeddingDropout} configures: DL4J's embedding lookup, then, while training, every
 * position whose token's row was dropped for this minibatch is zeroed and the others scaled by
 * {@code 1 / (1 - p)}; the same per-position factors scale the gradient on the way back, so dropped rows
 * receive none.
 */
final class EmbeddingDropoutLayer extends EmbeddingSequenceLayer {
    private static final long serialVersionUID = 1L;

    private INDArray positionScale;

    EmbeddingDropoutLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private double p() {
        return ((EmbeddingDropout) conf().getLayer()).getEmbedDropout();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray out = super.activate(training, workspaceMgr);
        positionScale = null;
        double p = p();
        if (!training || p == 0) {
            return out;
        }
        long vocab = layerConf().getNIn();
        float keep = (float) (1 / (1 - p));
        // one draw per vocabulary row, shared by every position of the minibatch that holds that token; seeded from
        // ND4J's generator, which DL4J seeds like its own dropout masks
        SplittableRandom random = new SplittableRandom(Nd4j.getRandom().nextLong());
        float[] rowScale = new float[(int) vocab];
        for (int v = 0; v < rowScale.length; v++) {
            rowScale[v] = random.nextDouble() < p ? 0f : keep;
        }
        long batch = out.size(0);
        long steps = out.size(2);
        int[] ids = input.reshape(batch * steps).toIntVector();
        float[] scale = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            scale[i] = rowScale[ids[i]];
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            positionScale = Nd4j.create(scale, new long[] {batch, steps}, 'c').castTo(out.dataType());
        }
        Broadcast.mul(out, positionScale, out, 0, 2);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (positionScale == null) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        INDArray scaled = epsilon.dup(epsilon.ordering());
        Broadcast.mul(scaled, positionScale, scaled, 0, 2);
        return super.backpropGradient(scaled, workspaceMgr);
    }

    @Override
    public void clear() {
        super.clear();
        positionScale = null;
    }
}
