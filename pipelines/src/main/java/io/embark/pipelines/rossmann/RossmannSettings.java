package io.embark.pipelines.rossmann;

import io.embark.pipelines.train.CheckpointSettings;

import io.embark.pipelines.train.TrainerSettings;

import java.util.List;

/**
 * Everything the Rossmann workflow ({@link RossmannWorkflow}) needs, built by the job from {@code conf/rossmann.conf}.
 *
 * @param data                directory of the Rossmann side tables ({@code store.csv}, {@code test.csv}, ...)
 * @param work                directory under which every step writes its output ({@link RossmannWorkflow#OUTPUTS})
 * @param stores              the stores to use, or empty for all
 * @param overwrite           replace existing step outputs
 * @param generator           how the training table is generated
 * @param model               the tabular model's hyper-parameters (its output range comes from the prepare step)
 * @param trainer             parameter-averaging settings
 * @param evalBatchSize       minibatch size when scoring on the executors
 * @param trainLossSampleRows training rows sampled to measure the training loss each epoch
 * @param gbt                 MLlib GBT's settings when the group median and GBT are compared, or null
 * @param checkpoints         per-epoch checkpoints of the train step and resuming
 */
public record RossmannSettings(String data, String work, List<Integer> stores, boolean overwrite,
                               GeneratorSettings generator, Model model, TrainerSettings trainer, int evalBatchSize,
                               long trainLossSampleRows, RossmannPeers.GbtSettings gbt,
                               CheckpointSettings checkpoints) {
    /** Validates what the nested records do not. */
    public RossmannSettings {
        if (data == null || data.isBlank() || work == null || work.isBlank()) {
            throw new IllegalArgumentException("data and work directories are required");
        }
        if (generator == null || model == null || trainer == null || checkpoints == null) {
            throw new IllegalArgumentException("generator, model, trainer and checkpoint settings are required");
        }
        stores = List.copyOf(stores);
        if (evalBatchSize < 1 || trainLossSampleRows < 1) {
            throw new IllegalArgumentException("eval batch size and train-loss sample rows must be >= 1");
        }
    }

    /** The output directory of {@code step}. */
    public String output(String step) {
        String dir = RossmannWorkflow.OUTPUTS.get(step);
        if (dir == null) {
            throw new IllegalArgumentException("unknown step " + step + "; steps are " + RossmannWorkflow.STEPS);
        }
        return work + "/" + dir;
    }

    /**
     * The tabular model's hyper-parameters, without the output range (measured by the prepare step).
     *
     * @param layers      hidden layer sizes
     * @param ps          dropout per hidden layer
     * @param embDrop     dropout after the embeddings
     * @param weightDecay weight decay
     * @param maxLr       peak learning rate of the one-cycle schedule
     * @param seed        initialisation seed
     */
    public record Model(List<Integer> layers, List<Double> ps, double embDrop, double weightDecay, double maxLr,
                        long seed) {
        /** Copies the lists. */
        public Model {
            layers = List.copyOf(layers);
            ps = List.copyOf(ps);
        }
    }
}
