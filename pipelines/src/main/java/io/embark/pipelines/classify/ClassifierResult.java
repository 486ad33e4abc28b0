package io.embark.pipelines.classify;

import io.embark.pipelines.train.EpochRecord;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the classify step produced, as the job prints it ({@code metrics.json} holds the same and more).
 *
 * @param output            the committed run directory
 * @param documents         documents read from the input (train, valid, rejected)
 * @param testDocuments     documents read from the test input, or {@code null}
 * @param classes           class labels in class-index order
 * @param encoder           the language-model run the encoder came from, or empty
 * @param vocabSize         vocabulary size
 * @param truncated         documents longer than {@code maxLen} tokens (they keep their last {@code maxLen})
 * @param maxLen            the length cap
 * @param majorityAccuracy  validation accuracy of always predicting the most frequent class
 * @param epochs            per-epoch records over all phases
 * @param valid             the final validation evaluation
 * @param test              the test evaluation, or {@code null}
 * @param peers             the peers' results (empty unless compared)
 * @param docsPerSecond     training throughput (documents per second over all phases)
 * @param trainSeconds      seconds spent in training epochs
 * @param workers           parallel workers
 * @param executors         executor ids that ran training tasks
 * @param parameters        the network's parameter count
 */
public record ClassifierResult(String output, LabelledTextReader.Counts documents,
                               LabelledTextReader.Counts testDocuments, List<String> classes, String encoder,
                               int vocabSize, long truncated, int maxLen, double majorityAccuracy,
                               List<EpochRecord> epochs, ClassifierEvaluation valid, ClassifierEvaluation test,
                               List<TextClassifierPeers.PeerResult> peers, double docsPerSecond, double trainSeconds,
                               int workers, Set<String> executors, long parameters) {
    /** The validation confusion matrix by class names: {@code true label -> predicted label -> count}. */
    public Map<String, Map<String, Long>> confusionByName() {
        return valid.confusionByName(classes);
    }
}
